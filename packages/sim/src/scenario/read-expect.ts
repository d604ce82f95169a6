// Reads `expect`: each item is an optional `at` (else the check runs at the end of the run) plus exactly
// one check key. Names are checked against the declared servers and clients, result ids against the op
// ids of the timeline, states, events and codes against their fixed lists.
import { ALL_ERROR_CODES } from '@zksim/protocol';
import type { CheckTime, Expectation } from './scenario-types.ts';
import { nodeRefOf, type NodeNames } from './node-names.ts';
import { pathOf } from './read-actions.ts';
import { SERVERS_MAX } from './read-cluster.ts';
import { CHECK_SHAPES, EXPECTATION_SHAPE } from './surface-shape.ts';
import { suggest } from './scenario-issues.ts';
import { boolOf, durationOf, enumOf, nameOf } from './value-readers.ts';
import { lineOf, listOf, mapOf, peekScalar, report, type Field, type ReadContext } from './yaml-reader.ts';

/** Most expectations a scenario may list. */
export const EXPECTATIONS_MAX = 10_000;
/** Events a client's watcher sees (KeeperState names). */
export const CLIENT_EVENTS = ['SyncConnected', 'Disconnected', 'Expired', 'Closed', 'AuthFailed', 'ConnectedReadOnly'] as const;
const SESSION_STATES = ['alive', 'closing', 'gone'] as const;
const CLIENT_STATES = ['CONNECTING', 'CONNECTED', 'CLOSED', 'AUTH_FAILED'] as const;
const CHECK_KEYS = Object.keys(CHECK_SHAPES);

/** A check without its time and line. */
type Check = Expectation extends infer E ? (E extends unknown ? Omit<E, 'atMs' | 'atEnd' | 'line'> : never) : never;

/** Reads `expect`. */
export function readExpect(
  ctx: ReadContext, f: Field | undefined, names: NodeNames, opIds: ReadonlyMap<string, number>, untilMs: number | undefined,
): Expectation[] {
  const out: Expectation[] = [];
  for (const item of listOf(ctx, f, 'a list of checks', EXPECTATIONS_MAX) ?? []) {
    const m = mapOf(ctx, item, EXPECTATION_SHAPE, 'a check ({ <check>: … } with an optional at)');
    if (m === undefined) continue;
    const atField = m.get('at');
    const atMs = durationOf(ctx, atField, { minMs: 0 });
    if (atMs !== undefined && atField !== undefined && untilMs !== undefined && atMs > untilMs) {
      report(ctx, atField, `check at ${atMs} ms is after until (${untilMs} ms)`);
    }
    const checks = m.presentKeys.filter((k) => k !== 'at');
    if (checks.length !== 1) {
      if (checks.length > 1) report(ctx, item, `a check has exactly one kind, found ${checks.map((c) => `'${c}'`).join(' and ')}`);
      else if (!m.hasUnknownKeys) report(ctx, item, `a check needs one of: ${CHECK_KEYS.join(', ')}`);
      continue;
    }
    const key = checks[0] ?? '';
    const value = m.require(key);
    const check = value === undefined ? undefined : readCheck(ctx, key, value, names, opIds);
    if (check === undefined || (atField !== undefined && atMs === undefined)) continue;
    const time: CheckTime = atMs === undefined ? { atEnd: true } : { atMs };
    out.push({ ...time, line: lineOf(ctx, item.offset), ...check } as Expectation);
  }
  return out;
}

function readCheck(ctx: ReadContext, key: string, f: Field, names: NodeNames, opIds: ReadonlyMap<string, number>): Check | undefined {
  const shape = CHECK_SHAPES[key] ?? {};
  switch (key) {
    case 'leader': {
      if (peekScalar(f) === 'none') return { kind: 'leader', server: null };
      const server = nodeRefOf(ctx, f, names, 'server');
      return server === undefined ? undefined : { kind: 'leader', server };
    }
    case 'session-at-leader': {
      const m = mapOf(ctx, f, shape, 'a mapping { client, state }');
      const client = nodeRefOf(ctx, m?.require('client'), names, 'client');
      const state = enumOf(ctx, m?.require('state'), SESSION_STATES, 'session state');
      return client === undefined || state === undefined ? undefined : { kind: 'session-at-leader', client, state };
    }
    case 'client-state': {
      const m = mapOf(ctx, f, shape, 'a mapping { client, state }');
      const client = nodeRefOf(ctx, m?.require('client'), names, 'client');
      const state = enumOf(ctx, m?.require('state'), CLIENT_STATES, 'client state');
      return client === undefined || state === undefined ? undefined : { kind: 'client-state', client, state };
    }
    case 'znode':
      return readZnodeCheck(ctx, f, names);
    case 'client-events': {
      const m = mapOf(ctx, f, shape, 'a mapping { client, events, exact }');
      const client = nodeRefOf(ctx, m?.require('client'), names, 'client');
      const eventFields = listOf(ctx, m?.require('events'), 'a list of event names', EXPECTATIONS_MAX);
      const events = (eventFields ?? []).map((e) => enumOf(ctx, e, CLIENT_EVENTS, 'client event'));
      const exact = boolOf(ctx, m?.get('exact')) ?? false;
      if (client === undefined || eventFields === undefined || events.some((e) => e === undefined)) return undefined;
      return { kind: 'client-events', client, events: events as string[], exact };
    }
    case 'result': {
      const m = mapOf(ctx, f, shape, 'a mapping { id, code }');
      const idField = m?.require('id');
      const id = nameOf(ctx, idField, 'op id');
      const code = enumOf(ctx, m?.require('code'), ALL_ERROR_CODES, 'result code');
      if (id !== undefined && idField !== undefined && !opIds.has(id)) {
        const known = [...opIds.keys()];
        const list = known.length === 0 ? 'no step declares an id' : `ids: ${known.slice(0, 12).join(', ')}`;
        report(ctx, idField, `no timeline step has op id '${id}' (${list})`, suggest(id, known));
        return undefined;
      }
      return id === undefined || code === undefined ? undefined : { kind: 'result', id, code };
    }
    case 'same-session': {
      const client = nodeRefOf(ctx, f, names, 'client');
      return client === undefined ? undefined : { kind: 'same-session', client };
    }
    case 'no-violations': {
      const v = boolOf(ctx, f);
      if (v === false) report(ctx, f, 'only no-violations: true is meaningful; remove the check instead');
      return v === true ? { kind: 'no-violations' } : undefined;
    }
    case 'violation': {
      const checker = enumOf(ctx, f, CHECKER_NAMES, 'checker');
      return checker === undefined ? undefined : { kind: 'violation', checker };
    }
    default:
      return undefined;
  }
}

/** Names of the invariant checkers of @zksim/checkers (its catalog test keeps this list in step). */
export const CHECKER_NAMES = [
  'single-leader', 'zxids-grow', 'committed-prefix', 'close-deletes', 'closed-session-writes',
  'expiry-authority', 'expiry-timing', 'client-expiry', 'dead-sessions-closed', 'pinging-client-lives',
] as const;

/** `znode: { path, present, on }`: present defaults to true, `on` to every server (null). */
function readZnodeCheck(ctx: ReadContext, f: Field, names: NodeNames): Check | undefined {
  const m = mapOf(ctx, f, CHECK_SHAPES['znode'] ?? {}, 'a mapping { path, present, on }');
  const path = pathOf(ctx, m?.require('path'), false);
  const present = boolOf(ctx, m?.get('present')) ?? true;
  const onField = m?.get('on');
  const onItems = listOf(ctx, onField, 'a list of server names', SERVERS_MAX);
  if (onItems?.length === 0 && onField !== undefined) report(ctx, onField, 'needs at least one server (leave it out for all servers)');
  const servers = (onItems ?? []).map((i) => nodeRefOf(ctx, i, names, 'server'));
  if (path === undefined || (onField !== undefined && (onItems === undefined || servers.some((s) => s === undefined)))) return undefined;
  const unique = new Set(servers);
  if (unique.size !== servers.length && onField !== undefined) {
    report(ctx, onField, 'names a server twice');
    return undefined;
  }
  return { kind: 'znode', path, present, servers: onField === undefined ? null : (servers as string[]) };
}
