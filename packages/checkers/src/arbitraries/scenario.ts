// Whole scenarios: an ensemble, clocks, a network, clients, their workload and fault episodes, assembled
// into the normalised scenario form `@zksim/sim` runs (`ScenarioShape`). Drafts are drawn independently and
// the builder drops what no longer makes sense (an operation of a client that shrinking removed), so
// fast-check can shrink any part without producing an invalid scenario. `swarmScenarioArb` lets the seed
// draw which fault kinds are enabled.
import fc from 'fast-check';
import type { ClientShape, ClockShape, ClusterShape, NetworkShape, ScenarioShape, StepShape, ActionShape } from '../scenario-shape.ts';
import { clocksArb, clusterArb } from './cluster.ts';
import { clientDraftArb, opDraftArb, pickServer, type ClientDraft, type OpDraft } from './clients.ts';
import { enabledKindsArb, faultDraftArb, type FaultDraft } from './faults.ts';
import { networkArb } from './network.ts';
import { PROFILES, type FaultKind, type ScenarioProfile } from './profiles.ts';

/** Everything drawn for one scenario, before assembly. */
export interface ScenarioDraft {
  readonly seed: number;
  readonly cluster: ClusterShape;
  readonly clocks: Readonly<Record<string, ClockShape>>;
  readonly network: NetworkShape;
  readonly clients: readonly ClientDraft[];
  readonly clientCount: number;
  readonly ops: readonly OpDraft[];
  readonly faults: readonly FaultDraft[];
  readonly enabled: readonly FaultKind[];
}

/** Options of `scenarioArb`. */
export interface ScenarioArbOptions {
  /** Bug-zoo names to switch on in every scenario. */
  readonly bugs?: readonly string[];
}

const serverName = (n: number): string => `s${n}`;
const clientName = (i: number): string => `c${i + 1}`;

/** The draft arbitrary of a profile (exported for tests that want to shrink drafts themselves). */
export function scenarioDraftArb(profile: ScenarioProfile): fc.Arbitrary<ScenarioDraft> {
  const maxServers = Math.max(...profile.servers);
  const nodes = [...Array.from({ length: maxServers }, (_, i) => serverName(i + 1)), ...Array.from({ length: profile.clientsMax }, (_, i) => clientName(i))];
  const kinds = profile.faultKinds;
  // Keys shrink in this order: structure first (fault kinds, episodes, operations, clients), then the
  // ensemble and the network, and the simulation seed last, since changing it reshuffles everything.
  return fc.record({
    enabled: profile.swarm ? enabledKindsArb(kinds) : fc.constant(kinds),
    faults: kinds.length === 0 || profile.faultsMax === 0
      ? fc.constant([])
      : fc.array(faultDraftArb(kinds, profile.faultFromMs, profile.faultToMs), { maxLength: profile.faultsMax, size: 'max' }),
    ops: fc.array(opDraftArb(profile.clientsMax, profile.untilMs - 5000), { maxLength: profile.opsMax * profile.clientsMax, size: 'max' }),
    clientCount: fc.integer({ min: profile.clientsMin, max: profile.clientsMax }),
    clients: fc.array(clientDraftArb(), { minLength: profile.clientsMax, maxLength: profile.clientsMax }),
    clocks: clocksArb(nodes),
    network: networkArb(),
    cluster: clusterArb(profile.servers, profile.tickTimesMs),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
}

/**
 * Random scenarios of a profile, ready for `runScenario`. Every fault heals before `profile.faultToMs`.
 * @example fc.assert(fc.property(scenarioArb(PROFILES.small), (s) => checkRun(s).safety.length === 0))
 */
export function scenarioArb(profile: ScenarioProfile = PROFILES.small, options: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioShape> {
  return scenarioDraftArb(profile).map((d) => buildScenario(d, profile, options.bugs ?? []));
}

/** Swarm testing: like `scenarioArb`, but the seed also draws which fault kinds are enabled. */
export function swarmScenarioArb(profile: ScenarioProfile = PROFILES.small, options: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioShape> {
  return scenarioArb({ ...profile, swarm: true }, options);
}

/** Assembles a scenario from its draft. */
export function buildScenario(d: ScenarioDraft, profile: ScenarioProfile, bugs: readonly string[]): ScenarioShape {
  const n = d.cluster.servers;
  const servers = Array.from({ length: n }, (_, i) => serverName(i + 1));
  const tick = d.cluster.tickTimeMs;
  const count = Math.min(d.clientCount, d.clients.length);
  const clocks: Record<string, ClockShape> = {};
  for (const [name, c] of Object.entries(d.clocks)) {
    if (servers.includes(name) || (name.startsWith('c') && Number(name.slice(1)) <= count)) clocks[name] = c;
  }
  const clients: ClientShape[] = d.clients.slice(0, count).map((c, i) => {
    const id = clientName(i);
    const first = pickServer(c.server, n);
    const second = (first % n) + 1;
    const connect = c.connect === 'all' || n === 1 ? servers.join(',') : c.connect === 'one' ? serverName(first) : `${serverName(first)},${serverName(second)}`;
    const clock = clocks[id];
    return { id, connect, timeoutMs: c.timeoutTicks * tick, version: c.version, startMs: c.startMs, ...(clock !== undefined ? { clock } : {}) };
  });
  const steps: ActionAt[] = [];
  for (const op of d.ops) if (op.client < count) steps.push(...opSteps(op, tick, profile.untilMs));
  const enabled = new Set(d.enabled);
  // First the client deaths (their sessions will expire), then every episode, anchored ones next to one of them.
  const timeouts = clients.map((c) => c.timeoutMs);
  const deaths: { atMs: number; timeoutMs: number }[] = [];
  d.faults.forEach((f, i) => {
    if (!enabled.has(f.kind) || !(f.kind === 'client-crash' || (f.kind === 'client-silent' && f.isPermanent)) || count === 0) return;
    const first = faultSteps(f, i, n, timeouts, tick, profile, d.network, null)[0];
    if (first !== undefined) deaths.push({ atMs: first.atMs, timeoutMs: clients[f.a % count]?.timeoutMs ?? 2 * tick });
  });
  d.faults.forEach((f, i) => {
    if (!enabled.has(f.kind)) return;
    const anchor = f.isAnchored && deaths.length > 0 ? deaths[f.b % deaths.length] : undefined;
    const atMs = anchor === undefined ? null : expiryBucketNear(anchor.atMs, anchor.timeoutMs, tick, f.anchorShift) + 1 + (f.offsetMs % 3);
    steps.push(...faultSteps(f, i, n, timeouts, tick, profile, d.network, atMs));
  });
  // A client acts only once started: the simulator's client refuses to start after an early close.
  const startOf = new Map(clients.map((c) => [c.id, c.startMs ?? Infinity]));
  const silences = silentIntervals(steps);
  const started = steps.filter((s) => {
    if (!('client' in s.action)) return true;
    const client = s.action.client;
    if (s.atMs <= (startOf.get(client) ?? Infinity)) return false;
    // A silent (SIGSTOPped) client cannot call its API; the simulator would let it, so such steps are left out.
    const isLifecycle = s.action.do === 'client-silent' || s.action.do === 'client-resume';
    return isLifecycle || !(silences.get(client) ?? []).some(([a, b]) => s.atMs >= a && s.atMs <= b);
  });
  // Stable sort: steps at the same time keep the order they were produced in (a partition before its heal).
  started.sort((a, b) => a.atMs - b.atMs);
  const timeline: StepShape[] = started.map((s, i) => ({ ...s.action, atMs: s.atMs, line: i + 1 }));
  return {
    version: 1,
    description: `Generated by @zksim/checkers arbitraries (profile ${profile.name}${bugs.length > 0 ? `, bugs: ${bugs.join(', ')}` : ''}).`,
    seed: d.seed,
    untilMs: profile.untilMs,
    cluster: d.cluster,
    clocks,
    network: d.network,
    clients,
    timeline,
    expect: [],
    bugs: [...bugs],
  };
}

/** Per client, the [silent, resume] intervals of its steps (resume = Infinity when it never comes). */
function silentIntervals(steps: readonly ActionAt[]): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  const byTime = [...steps].sort((a, b) => a.atMs - b.atMs);
  for (const s of byTime) {
    if (s.action.do !== 'client-silent' && s.action.do !== 'client-resume') continue;
    const list = out.get(s.action.client) ?? [];
    out.set(s.action.client, list);
    const open = list.find((iv) => iv[1] === Infinity);
    if (s.action.do === 'client-silent' && open === undefined) list.push([s.atMs, Infinity]);
    else if (s.action.do === 'client-resume' && open !== undefined) open[1] = s.atMs;
  }
  return out;
}

interface ActionAt {
  readonly atMs: number;
  readonly action: ActionShape;
}

function snap(atMs: number, align: boolean, offsetMs: number, tick: number): number {
  return align ? Math.floor(atMs / tick) * tick + offsetMs : atMs;
}

function opSteps(op: OpDraft, tick: number, untilMs: number): ActionAt[] {
  const client = clientName(op.client);
  const at = Math.min(snap(op.atMs, op.align, op.offsetMs, tick), untilMs);
  const eph = `/e${op.path}`;
  const pers = `/p${op.path}`;
  const one = (action: ActionShape): ActionAt[] => [{ atMs: at, action }];
  switch (op.kind) {
    case 'create-ephemeral': return one({ do: 'create', client, path: eph, data: client, mode: 'ephemeral' });
    case 'create-persistent': return one({ do: 'create', client, path: pers, data: client, mode: 'persistent' });
    case 'create-sequential': return one({ do: 'create', client, path: '/q-', data: client, mode: op.watch ? 'ephemeral-sequential' : 'persistent-sequential' });
    case 'delete': return one({ do: 'delete', client, path: op.watch ? eph : pers, version: -1 });
    case 'set-data': return one({ do: 'set-data', client, path: op.watch ? eph : pers, data: `${client}@${at}`, version: -1 });
    case 'get-data': return one({ do: 'get-data', client, path: pers, watch: op.watch });
    case 'exists': return one({ do: 'exists', client, path: eph, watch: op.watch });
    case 'get-children': return one({ do: 'get-children', client, path: '/', watch: op.watch });
    case 'create-then-close':
      return [
        { atMs: at, action: { do: 'create', client, path: eph, data: client, mode: 'ephemeral' } },
        { atMs: Math.min(at + op.closeAfterMs, untilMs), action: { do: 'client-close', client } },
      ];
  }
}

/**
 * A tick boundary at which the leader may expire a session whose client died at `deathMs`: its last touch
 * came within T/3 (the ping interval) plus half a tick (the touch-table round) of the death, so the bucket
 * roundToNextInterval(touch + T) (R8) is one of the few in (death + 2T/3, death + T + tick/2]; `shift`
 * picks one of them.
 */
function expiryBucketNear(deathMs: number, timeoutMs: number, tick: number, shift: number): number {
  const choices = Math.ceil((timeoutMs / 3 + tick / 2) / tick) + 1;
  return (Math.floor((deathMs + (2 * timeoutMs) / 3) / tick) + 1 + (shift % choices)) * tick;
}

/** Latest time an anchored fault may start or end: halfway through the quiet time after the fault window. */
function anchoredLimit(profile: ScenarioProfile): number {
  return profile.faultToMs + Math.floor((profile.untilMs - profile.faultToMs) / 2);
}

function faultSteps(
  f: FaultDraft, index: number, n: number, clientTimeouts: readonly number[], tick: number, profile: ScenarioProfile, network: NetworkShape, anchoredMs: number | null,
): ActionAt[] {
  const clients = clientTimeouts.length;
  const limit = anchoredMs === null ? profile.faultToMs : anchoredLimit(profile);
  const start = Math.min(anchoredMs ?? snap(f.startMs, f.align, f.offsetMs, tick), limit - 1);
  const end = Math.min(start + f.durationMs, limit);
  const a = serverName(pickServer(f.a, n));
  let bNum = pickServer(f.b, n);
  if (serverName(bNum) === a) bNum = (bNum % n) + 1;
  const b = serverName(bNum);
  const client = clients === 0 ? null : clientName(f.a % clients);
  const name = `f${index}`;
  const pair = (first: ActionShape, second: ActionShape | null): ActionAt[] =>
    second === null ? [{ atMs: start, action: first }] : [{ atMs: start, action: first }, { atMs: end, action: second }];
  switch (f.kind) {
    case 'server-crash': return pair({ do: 'server-crash', server: a }, { do: 'server-restart', server: a });
    case 'server-freeze': return pair({ do: 'server-freeze', server: a }, { do: 'server-resume', server: a });
    case 'isolate-server':
      return pair({ do: 'partition', name, groups: [[a]], direction: 'both', scope: f.wide ? 'all' : 'server-server' }, { do: 'heal', name });
    case 'one-way-cut':
      if (n < 2) return [];
      return pair({ do: 'partition', name, groups: [[a], [b]], direction: 'a-to-b', scope: 'server-server' }, { do: 'heal', name });
    case 'isolate-client':
      if (client === null) return [];
      return pair({ do: 'partition', name, groups: [[client]], direction: 'both', scope: 'all' }, { do: 'heal', name });
    case 'hold-link': {
      const from = f.wide && client !== null ? client : a;
      if (from === b) return [];
      return pair({ do: 'hold', from, to: b, bothWays: f.bothWays }, { do: 'release', from, to: b, bothWays: f.bothWays });
    }
    case 'latency-spike':
      if (n < 2) return [];
      return pair(
        { do: 'latency', from: a, to: b, bothWays: true, latency: f.latency },
        { do: 'latency', from: a, to: b, bothWays: true, latency: network.latency },
      );
    case 'clock-drift': return pair({ do: 'drift', node: a, ppm: f.ppm }, null);
    case 'client-silent':
      if (client === null) return [];
      return pair({ do: 'client-silent', client }, f.isPermanent ? null : { do: 'client-resume', client });
    case 'client-crash': return client === null ? [] : pair({ do: 'client-crash', client }, null);
    case 'client-close': return client === null ? [] : pair({ do: 'client-close', client }, null);
    case 'expiry-race': {
      if (clients === 0) return [];
      const victim = clientName(f.b % clients);
      const timeoutMs = clientTimeouts[f.b % clients] ?? 2 * tick;
      // The victim's last request touches its session 5 ms before it dies: at the leader right away, or via a
      // follower's touch table within half a tick, so its expiry bucket is roundToNextInterval(touch + T)
      // or the next one (R8, R44).
      const bucket = (Math.floor((start - 5 + timeoutMs) / tick) + 1 + (f.anchorShift % 2)) * tick;
      const at = Math.min(bucket + 1 + (f.offsetMs % 3), anchoredLimit(profile) - 1);
      const until = Math.min(at + f.durationMs, anchoredLimit(profile));
      const hit: [ActionShape, ActionShape] = f.wide
        ? [{ do: 'partition', name, groups: [[a]], direction: 'both', scope: 'all' }, { do: 'heal', name }]
        : f.bothWays ? [{ do: 'server-freeze', server: a }, { do: 'server-resume', server: a }] : [{ do: 'server-crash', server: a }, { do: 'server-restart', server: a }];
      return [
        { atMs: Math.max(0, start - 5), action: { do: 'exists', client: victim, path: '/', watch: false } },
        { atMs: start, action: { do: 'client-crash', client: victim } }, { atMs: at, action: hit[0] }, { atMs: until, action: hit[1] },
      ];
    }
  }
}
