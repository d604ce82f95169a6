// Reads the `cluster`, `clients` and `clocks` sections: the ensemble's zoo.cfg settings, the clients and
// their connect strings, and per-node clocks. These sections declare the node names the rest of the file
// refers to; every value comes out in integer milliseconds with defaults filled in.
import { validatePath } from '@zksim/client';
import type { ClientSpec, ClockSpec, ClusterSpec } from './scenario-types.ts';
import { parseIsoInstant, parsePpmText } from './durations.ts';
import { checkNodeName, serverNames, type NodeNames } from './node-names.ts';
import { CLIENT_SHAPE, CLOCK_SHAPE, CLUSTER_SHAPE } from './surface-shape.ts';
import { durationOf, enumOf, intOf, nameOf, stringOf } from './value-readers.ts';
import {
  describeNode, lineOf, listOf, mapOf, peekScalar, recordOf, report, scalarOf,
  type Field, type ReadContext,
} from './yaml-reader.ts';

/** Most servers an ensemble may have: far more than any real ensemble, so a typo cannot build a huge one. */
export const SERVERS_MAX = 255;
/** Most clients a scenario may declare. */
export const CLIENTS_MAX = 1000;
const MILLION = 1_000_000;

/** Reads `cluster`. An unreadable server count leaves every name s1..s255 acceptable, to avoid noise. */
export function readCluster(ctx: ReadContext, f: Field | undefined): { spec: ClusterSpec; servers: string[] } {
  const m = mapOf(ctx, f, CLUSTER_SHAPE);
  const count = intOf(ctx, m?.require('servers'), 1, SERVERS_MAX);
  const servers = serverNames(count ?? SERVERS_MAX);
  const tickTimeMs = durationOf(ctx, m?.get('tickTime'), { minMs: 1 }) ?? 2000;
  const minField = m?.get('minSessionTimeout');
  const maxField = m?.get('maxSessionTimeout');
  const minSessionTimeoutMs = durationOf(ctx, minField, { minMs: 1 }) ?? -1;
  const maxSessionTimeoutMs = durationOf(ctx, maxField, { minMs: 1 }) ?? -1;
  const effectiveMin = minSessionTimeoutMs === -1 ? 2 * tickTimeMs : minSessionTimeoutMs;
  const effectiveMax = maxSessionTimeoutMs === -1 ? 20 * tickTimeMs : maxSessionTimeoutMs;
  if (effectiveMin > effectiveMax) {
    // QuorumPeerConfig refuses this too ("minSessionTimeout must not be larger than maxSessionTimeout").
    const at = minField ?? maxField ?? m?.field;
    if (at !== undefined) report(ctx, at, `the minimum session timeout (${effectiveMin} ms) is larger than the maximum (${effectiveMax} ms)`);
  }
  const spec: ClusterSpec = {
    servers: count ?? 1,
    tickTimeMs,
    initLimit: intOf(ctx, m?.get('initLimit'), 1, Number.MAX_SAFE_INTEGER) ?? 10,
    syncLimit: intOf(ctx, m?.get('syncLimit'), 1, Number.MAX_SAFE_INTEGER) ?? 5,
    minSessionTimeoutMs,
    maxSessionTimeoutMs,
    commitLogCount: intOf(ctx, m?.get('commitLogCount'), 0, Number.MAX_SAFE_INTEGER) ?? 500,
    ...readQuorum(ctx, m?.get('groups'), m?.get('weights'), servers, count !== undefined),
  };
  return { spec, servers };
}

/**
 * Reads hierarchical quorum groups and weights (R88). As in QuorumPeerConfig, every server must be in
 * exactly one group; weights default to 1 and are written out for every server.
 */
function readQuorum(
  ctx: ReadContext, groupsField: Field | undefined, weightsField: Field | undefined, servers: readonly string[], isCountKnown: boolean,
): Pick<ClusterSpec, 'groups' | 'weights'> {
  const names: NodeNames = { servers, clients: [] };
  const groups: string[][] = [];
  const seen = new Map<string, string>();
  for (const g of listOf(ctx, groupsField, 'a list of groups, each a list of server names', SERVERS_MAX) ?? []) {
    const members: string[] = [];
    const items = listOf(ctx, g, 'a list of server names', SERVERS_MAX);
    if (items?.length === 0) report(ctx, g, 'a group needs at least one server');
    for (const item of items ?? []) {
      const name = stringOf(ctx, item, 'a server name');
      if (name === undefined || checkNodeName(ctx, item, name, names, 'server') === undefined) continue;
      const first = seen.get(name);
      if (first !== undefined) report(ctx, item, `server '${name}' is already in ${first}; a server belongs to one group`);
      seen.set(name, g.path);
      members.push(name);
    }
    groups.push(members);
  }
  if (groupsField !== undefined && isCountKnown) {
    const missing = servers.filter((s) => !seen.has(s));
    if (missing.length > 0) report(ctx, groupsField, `every server must be in a group; missing: ${missing.join(', ')}`);
  }
  const weights: Record<string, number> = {};
  const entries = weightsField === undefined ? [] : recordOf(ctx, weightsField, 'a mapping from server name to weight') ?? [];
  if (weightsField !== undefined && groupsField === undefined) report(ctx, weightsField, 'weights only apply with groups (a hierarchical quorum)');
  for (const e of entries) {
    if (checkNodeName(ctx, e.keyField, e.key, names, 'server') === undefined) continue;
    const w = intOf(ctx, e.value, 0, Number.MAX_SAFE_INTEGER);
    if (w !== undefined) weights[e.key] = w;
  }
  if (groupsField === undefined) return {};
  const allWeights: Record<string, number> = {};
  for (const g of groups) for (const s of g) allWeights[s] = weights[s] ?? 1;
  return { groups, weights: allWeights };
}

/** Reads `clients`; ids must be names that cannot be mistaken for servers, and unique. */
export function readClients(
  ctx: ReadContext, f: Field | undefined, servers: readonly string[], untilMs: number | undefined,
): { clients: ClientSpec[]; ids: string[] } {
  const clients: ClientSpec[] = [];
  const ids: string[] = [];
  const firstLine = new Map<string, number>();
  for (const item of listOf(ctx, f, 'a list of clients', CLIENTS_MAX) ?? []) {
    const m = mapOf(ctx, item, CLIENT_SHAPE, 'a client ({ id, connect, timeout, … })');
    const idField = m?.require('id');
    let id = nameOf(ctx, idField, 'client id');
    if (id !== undefined && idField !== undefined) {
      const first = firstLine.get(id);
      if (/^s\d+$/.test(id)) {
        report(ctx, idField, `client id '${id}' looks like a server name (s<number>); choose another, such as c1`);
      } else if (first !== undefined) {
        report(ctx, idField, `duplicate client id '${id}' (first declared on line ${first})`);
        id = undefined;
      }
    }
    if (id !== undefined && idField !== undefined && !firstLine.has(id)) {
      firstLine.set(id, lineOf(ctx, idField.offset));
      ids.push(id);
    }
    const connectField = m?.get('connect');
    const connect = connectField === undefined ? servers.join(',') : readConnect(ctx, connectField, servers);
    const startField = m?.get('start');
    const isNever = peekScalar(startField) === 'never';
    const startMs = isNever ? null : (durationOf(ctx, startField, { minMs: 0 }) ?? 0);
    if (startMs !== null && startField !== undefined && untilMs !== undefined && startMs > untilMs) {
      report(ctx, startField, `start at ${startMs} ms is after until (${untilMs} ms)`);
    }
    clients.push({
      id: id ?? '',
      connect: connect ?? '',
      timeoutMs: durationOf(ctx, m?.get('timeout'), { minMs: 1 }) ?? 30_000,
      version: enumOf(ctx, m?.get('version'), ['3.9', '3.8'] as const, 'client version') ?? '3.9',
      startMs,
    });
  }
  return { clients, ids };
}

/** Checks a connect string `s1,s2,s3/chroot` (an optional `:port` after a name is allowed and ignored). */
function readConnect(ctx: ReadContext, f: Field, servers: readonly string[]): string | undefined {
  const text = stringOf(ctx, f, 'a connect string like s1,s2,s3 or s1,s2/app');
  if (text === undefined) return undefined;
  const slash = text.indexOf('/');
  const hostPart = slash === -1 ? text : text.slice(0, slash);
  if (slash !== -1 && slash < text.length - 1) {
    try {
      validatePath(text.slice(slash), false);
    } catch (e) {
      report(ctx, f, `bad chroot: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const hosts = hostPart.split(',').map((h) => h.trim().replace(/:\d+$/, ''));
  if (hosts.every((h) => h === '')) {
    report(ctx, f, 'names no server');
    return undefined;
  }
  const names: NodeNames = { servers, clients: [] };
  const seen = new Set<string>();
  for (const h of hosts) {
    if (h === '') report(ctx, f, `has an empty server name in '${text}'`);
    else if (seen.has(h)) report(ctx, f, `names server '${h}' twice`);
    else if (checkNodeName(ctx, f, h, names, 'server') !== undefined) seen.add(h);
  }
  return text;
}

/** Reads a drift: an integer number of ppm or text such as "200ppm"; the clock needs it in (−1e6, 1e6). */
export function ppmOf(ctx: ReadContext, f: Field | undefined): number | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, 'a drift like 200ppm or an integer number of ppm');
  if (v === undefined) return undefined;
  let ppm: number | undefined;
  if (typeof v === 'number') {
    ppm = v;
  } else if (typeof v === 'string') {
    const parsed = parsePpmText(v);
    if (parsed.ok) ppm = parsed.value;
    else report(ctx, f, parsed.message);
  } else {
    report(ctx, f, `must be a drift like 200ppm or an integer number of ppm, got ${describeNode(f.node)}`);
  }
  if (ppm === undefined) return undefined;
  if (!Number.isInteger(ppm) || ppm <= -MILLION || ppm >= MILLION) {
    report(ctx, f, `must be an integer number of ppm above -1000000 and below 1000000, got ${describeNode(f.node)}`);
    return undefined;
  }
  return ppm;
}

/** Reads `clocks`: node name → { drift, monotonicOrigin, wallOrigin }. */
export function readClocks(ctx: ReadContext, f: Field | undefined, names: NodeNames): Record<string, ClockSpec> {
  const clocks: Record<string, ClockSpec> = {};
  for (const e of recordOf(ctx, f, 'a mapping from node name to clock settings') ?? []) {
    const isKnown = checkNodeName(ctx, e.keyField, e.key, names, 'node') !== undefined;
    const m = mapOf(ctx, e.value, CLOCK_SHAPE, 'clock settings ({ drift, monotonicOrigin, wallOrigin })');
    const wallOriginMs = readWallOrigin(ctx, m?.get('wallOrigin'));
    const clock: ClockSpec = {
      driftPpm: ppmOf(ctx, m?.get('drift')) ?? 0,
      monotonicOriginMs: durationOf(ctx, m?.get('monotonicOrigin'), { minMs: 0 }) ?? 0,
      ...(wallOriginMs !== undefined ? { wallOriginMs } : {}),
    };
    if (isKnown) clocks[e.key] = clock;
  }
  return clocks;
}

/** Reads a wall-clock origin: an ISO 8601 instant with a zone, or ms since the Unix epoch. */
function readWallOrigin(ctx: ReadContext, f: Field | undefined): number | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, 'an instant like 2024-01-01T00:00:00Z or ms since the epoch');
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    report(ctx, f, `must be a whole number of ms since 1970-01-01T00:00:00Z, got ${describeNode(f.node)}`);
    return undefined;
  }
  if (typeof v === 'string') {
    const parsed = parseIsoInstant(v);
    if (parsed.ok) return parsed.value;
    report(ctx, f, parsed.message);
    return undefined;
  }
  report(ctx, f, `must be an instant like 2024-01-01T00:00:00Z or ms since the epoch, got ${describeNode(f.node)}`);
  return undefined;
}
