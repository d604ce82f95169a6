// Runs a validated scenario: builds the ensemble and the clients, posts every timeline step as a kernel
// event (so steps and protocol events share one (time, seq) order), runs to each check time and evaluates
// the expectations there, then runs to `until`. Returns what the CLI and the viewer report: expectation
// outcomes, op results, event counts, the trace hash. Deterministic: same scenario + seed ⇒ same trace.
import { CLIENT_BUGS, ZkClient, type ClientBug } from '@zksim/client';
import type { ClockOptions, NodeId, TraceSink } from '@zksim/kernel';
import type { ErrorCode, SessionId } from '@zksim/protocol';
import { NO_SESSION } from '@zksim/protocol';
import type { ServerBug } from '@zksim/server';
import { SessionTrackerImpl } from '@zksim/server';
import { Cluster } from '../cluster.ts';
import type { ClockSpec, Expectation, Scenario, TimelineStep } from './scenario-types.ts';

/** Options of one run. */
export interface RunScenarioOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | number;
  /** Overrides the scenario's end time. */
  readonly untilMs?: number;
  readonly traceSink?: TraceSink | null;
  /** Compute the trace hash (default true). */
  readonly traceHash?: boolean;
  /** Guard on handled events (default 20 million). */
  readonly maxEvents?: number;
  /** Extra safety check run at each expectation time and at the end (the checkers package plugs in here). */
  readonly violations?: () => readonly string[];
}

/** Outcome of one expectation. */
export interface ExpectationOutcome {
  readonly line: number;
  readonly atMs: number | null;
  readonly description: string;
  readonly passed: boolean;
  /** What was found instead, when it failed. */
  readonly actual: string;
}

/** Everything a run reports. */
export interface ScenarioResult {
  readonly seed: string | number;
  readonly untilMs: number;
  readonly events: number;
  readonly traceRecords: number;
  readonly traceHash: string;
  readonly expectations: readonly ExpectationOutcome[];
  readonly results: ReadonlyMap<string, { readonly code: ErrorCode; readonly atMs: number }>;
  readonly cluster: Cluster;
  readonly clients: ReadonlyMap<string, ZkClient>;
}

const KNOWN_BUGS: readonly ServerBug[] = [
  'prep-ignores-in-flight-changes', 'follower-expires-sessions', 'apply-close-before-commit',
  'new-leader-keeps-old-deadlines', 'leader-ignores-ping-touches', 'zk-2355-follower-loses-close-session',
];

function clockOptions(c: ClockSpec | undefined): ClockOptions {
  if (c === undefined) return {};
  return { driftPpm: c.driftPpm, monotonicOriginMs: c.monotonicOriginMs, ...(c.wallOriginMs !== undefined ? { wallOriginMs: c.wallOriginMs } : {}) };
}

/** A scenario set up and ready to run; `runScenario` drives it, the viewer steps it. */
export class ScenarioRunner {
  readonly scenario: Scenario;
  readonly cluster: Cluster;
  readonly clients = new Map<string, ZkClient>();
  readonly results = new Map<string, { code: ErrorCode; atMs: number }>();
  /** Every session id each client has had, in order. */
  readonly sessionsOf = new Map<string, SessionId[]>();
  readonly untilMs: number;
  readonly seed: string | number;
  private readonly partitions = new Map<string, number>();
  private readonly options: RunScenarioOptions;

  constructor(scenario: Scenario, options: RunScenarioOptions = {}) {
    this.scenario = scenario;
    this.options = options;
    this.seed = options.seed ?? scenario.seed;
    this.untilMs = options.untilMs ?? scenario.untilMs;
    const cs = scenario.cluster;
    const clocks: Record<string, ClockOptions> = {};
    for (const [name, c] of Object.entries(scenario.clocks)) clocks[name] = clockOptions(c);
    const bugs = new Set<ServerBug>();
    const clientBugs: ClientBug[] = [];
    for (const b of scenario.bugs) {
      if ((CLIENT_BUGS as readonly string[]).includes(b)) clientBugs.push(b as ClientBug);
      else if ((KNOWN_BUGS as readonly string[]).includes(b)) bugs.add(b as ServerBug);
      else throw new RangeError(`unknown bug '${b}' (known: ${[...KNOWN_BUGS, ...CLIENT_BUGS].join(', ')})`);
    }
    const weights = cs.weights === undefined ? undefined : new Map(Object.entries(cs.weights).map(([n, w]) => [Number(n.slice(1)), w] as [number, number]));
    const groups = cs.groups?.map((g, i) => ({ id: i + 1, members: g.map((n) => Number(n.slice(1))) }));
    this.cluster = new Cluster({
      seed: this.seed,
      servers: cs.servers,
      ensemble: {
        tickTimeMs: cs.tickTimeMs, initLimit: cs.initLimit, syncLimit: cs.syncLimit,
        minSessionTimeoutMs: cs.minSessionTimeoutMs, maxSessionTimeoutMs: cs.maxSessionTimeoutMs,
        commitLogCount: cs.commitLogCount, bugs,
        ...(groups !== undefined && weights !== undefined ? { groups, weights } : {}),
      },
      latency: scenario.network.latency,
      traceSink: options.traceSink ?? null,
      traceHash: options.traceHash ?? true,
      clocks,
      maxEvents: options.maxEvents ?? 20_000_000,
    });
    const net = this.cluster.network;
    if (scenario.network.loss > 0) net.setDefaultLoss(scenario.network.loss);
    if (scenario.network.datagram !== null) net.setDefaultDatagram({ dropProbability: scenario.network.datagram.drop, duplicateProbability: scenario.network.datagram.duplicate });
    for (const c of scenario.clients) {
      const node = this.cluster.addClientNode(c.id, clockOptions(c.clock ?? scenario.clocks[c.id]));
      const zk = new ZkClient({ kernel: this.cluster.kernel, network: net, node, connectString: c.connect, sessionTimeoutMs: c.timeoutMs, clientVersion: c.version, bugs: clientBugs });
      this.clients.set(c.id, zk);
      this.sessionsOf.set(c.id, []);
      zk.addWatcher((ev) => {
        if (ev.type === 'none' && ev.state === 'SyncConnected') this.noteSession(c.id, zk.sessionId);
      });
    }
    for (const l of scenario.network.links) {
      const from = this.node(l.from);
      const to = this.node(l.to);
      const dirs: [NodeId, NodeId][] = l.bothWays ? [[from, to], [to, from]] : [[from, to]];
      for (const [a, b] of dirs) {
        if (l.latency !== undefined) net.setLinkLatency(a, b, l.latency);
        if (l.loss !== undefined) net.setLinkLoss(a, b, l.loss);
        if (l.datagram !== undefined) net.setLinkDatagram(a, b, { dropProbability: l.datagram.drop, duplicateProbability: l.datagram.duplicate });
      }
    }
    const k = this.cluster.kernel;
    const driver = k.addNode('scenario', 'other');
    const channel = k.registerChannel('scenario-step', (_n, _a, payload) => this.apply(payload as TimelineStep));
    for (const c of scenario.clients) {
      if (c.startMs !== null) k.post(c.startMs, driver, channel, 0, { atMs: c.startMs, line: 0, do: 'client-start', client: c.id } satisfies TimelineStep);
    }
    for (const step of scenario.timeline) k.post(step.atMs, driver, channel, 0, step);
    this.cluster.start();
  }

  /** Runs to the end, checking expectations on the way. */
  run(): ScenarioResult {
    const s = this.scenario;
    const outcomes: ExpectationOutcome[] = [];
    const timed = s.expect.filter((e): e is Expectation & { atMs: number } => 'atMs' in e).sort((a, b) => a.atMs - b.atMs);
    for (const e of timed) {
      if (e.atMs > this.untilMs) continue;
      this.cluster.runUntil(e.atMs);
      outcomes.push(this.check(e, e.atMs));
    }
    this.cluster.runUntil(this.untilMs);
    for (const e of s.expect) if (!('atMs' in e)) outcomes.push(this.check(e, null));
    outcomes.sort((a, b) => a.line - b.line);
    const k = this.cluster.kernel;
    return {
      seed: this.seed, untilMs: this.untilMs, events: k.eventCount, traceRecords: k.trace.recordCount, traceHash: k.trace.hashHex,
      expectations: outcomes, results: this.results, cluster: this.cluster, clients: this.clients,
    };
  }

  private node(name: string): NodeId {
    const id = this.cluster.kernel.nodeId(name);
    if (id === undefined) throw new RangeError(`unknown node ${name}`);
    return id;
  }

  private serverSid(name: string): number {
    return Number(name.slice(1));
  }

  private noteSession(client: string, id: SessionId): void {
    if (id === NO_SESSION) return;
    const list = this.sessionsOf.get(client) as SessionId[];
    if (list[list.length - 1] !== id) list.push(id);
  }

  private client(name: string): ZkClient {
    const zk = this.clients.get(name);
    if (zk === undefined) throw new RangeError(`unknown client ${name}`);
    return zk;
  }

  /** Applies one timeline step (a kernel event on the scenario driver node). */
  private apply(step: TimelineStep): void {
    const c = this.cluster;
    const k = c.kernel;
    const net = c.network;
    k.trace.emit('scenario', 'scenario-step', { line: step.line, action: step.do, ...describeStep(step) });
    const record = (id: string | undefined) => (r: { readonly code: ErrorCode }): void => {
      if (id !== undefined) this.results.set(id, { code: r.code, atMs: k.now });
    };
    switch (step.do) {
      case 'create': return this.client(step.client).create(step.path, step.data, step.mode, record(step.id));
      case 'delete': return this.client(step.client).delete(step.path, step.version, record(step.id));
      case 'set-data': return this.client(step.client).setData(step.path, step.data, step.version, record(step.id));
      case 'get-data': return this.client(step.client).getData(step.path, step.watch, record(step.id));
      case 'exists': return this.client(step.client).exists(step.path, step.watch, record(step.id));
      case 'get-children': return this.client(step.client).getChildren(step.path, step.watch, record(step.id));
      case 'sync': return this.client(step.client).sync(step.path, record(step.id));
      case 'client-start': return this.client(step.client).start();
      case 'client-silent': return k.freeze(this.node(step.client));
      case 'client-resume': return k.resume(this.node(step.client));
      case 'client-crash': return k.crash(this.node(step.client));
      case 'client-close': return this.client(step.client).close();
      case 'server-crash': return c.crashServer(this.serverSid(step.server));
      case 'server-restart': return c.restartServer(this.serverSid(step.server));
      case 'server-freeze': return k.freeze(this.node(step.server));
      case 'server-resume': return k.resume(this.node(step.server));
      case 'partition': {
        const groups = step.groups.map((g) => g.map((n) => this.node(n)));
        const ids: number[] = [];
        if (groups.length === 1) ids.push(net.partition({ groupA: groups[0] as NodeId[], scope: step.scope }));
        else {
          for (let i = 0; i < groups.length; i++) {
            for (let j = i + 1; j < groups.length; j++) {
              ids.push(net.partition({ groupA: groups[i] as NodeId[], groupB: groups[j] as NodeId[], scope: step.scope, direction: step.direction }));
            }
          }
        }
        ids.forEach((id, i) => this.partitions.set(i === 0 ? step.name : `${step.name}#${i}`, id));
        return;
      }
      case 'heal': {
        if (step.name === null) {
          net.heal();
          this.partitions.clear();
          return;
        }
        for (const [name, id] of [...this.partitions]) {
          if (name === step.name || name.startsWith(`${step.name}#`)) {
            net.heal(id);
            this.partitions.delete(name);
          }
        }
        return;
      }
      case 'hold':
      case 'release': {
        const pairs: [NodeId, NodeId][] = [[this.node(step.from), this.node(step.to)]];
        if (step.bothWays) pairs.push([this.node(step.to), this.node(step.from)]);
        for (const [a, b] of pairs) (step.do === 'hold' ? net.hold(a, b) : net.release(a, b));
        return;
      }
      case 'latency': {
        if (step.from === null || step.to === null) net.setDefaultLatency(step.latency);
        else {
          net.setLinkLatency(this.node(step.from), this.node(step.to), step.latency);
          if (step.bothWays) net.setLinkLatency(this.node(step.to), this.node(step.from), step.latency);
        }
        return;
      }
      case 'drift': return k.setDrift(this.node(step.node), step.ppm);
      case 'wall-jump': return k.jumpWall(this.node(step.node), step.deltaMs);
    }
  }

  /** Evaluates one expectation now. */
  check(e: Expectation, atMs: number | null): ExpectationOutcome {
    const r = this.evaluate(e);
    return { line: e.line, atMs, description: r.description, passed: r.passed, actual: r.actual };
  }

  private evaluate(e: Expectation): { description: string; passed: boolean; actual: string } {
    const c = this.cluster;
    switch (e.kind) {
      case 'leader': {
        const leader = c.leader()?.name ?? null;
        return { description: `leader is ${e.server ?? 'none'}`, passed: leader === e.server, actual: leader ?? 'none' };
      }
      case 'session-at-leader': {
        const ids = this.sessionsOf.get(e.client) ?? [];
        const zk = this.client(e.client);
        const id = ids[ids.length - 1] ?? (zk.sessionId !== NO_SESSION ? zk.sessionId : undefined);
        const leader = c.leader();
        let state = 'gone';
        if (id !== undefined && leader?.tracker instanceof SessionTrackerImpl) {
          state = leader.tracker.isTracked(id) ? (leader.tracker.isClosing(id) ? 'closing' : 'alive') : 'gone';
        } else if (leader === undefined) state = 'no leader';
        return { description: `session of ${e.client} is ${e.state} at the leader`, passed: state === e.state, actual: state };
      }
      case 'client-state': {
        const st = this.client(e.client).state;
        return { description: `${e.client} is ${e.state}`, passed: st === e.state, actual: st };
      }
      case 'znode': {
        const names = e.servers ?? [...c.servers.values()].filter((s) => c.kernel.isUp(s.node)).map((s) => s.name);
        const wrong = names.filter((n) => (c.server(this.serverSid(n)).db.tree.getNode(e.path) !== undefined) !== e.present);
        return {
          description: `${e.path} ${e.present ? 'present' : 'absent'} on ${names.join(', ')}`,
          passed: wrong.length === 0,
          actual: wrong.length === 0 ? 'as expected' : `${e.present ? 'absent' : 'present'} on ${wrong.join(', ')}`,
        };
      }
      case 'client-events': {
        const seen = this.client(e.client).stateEvents.map((s) => s.state as string);
        const passed = e.exact ? seen.join() === e.events.join() : isSubsequence(e.events, seen);
        return { description: `${e.client} saw ${e.exact ? 'exactly ' : ''}${e.events.join(' → ')}`, passed, actual: seen.join(' → ') || 'nothing' };
      }
      case 'result': {
        const r = this.results.get(e.id);
        return { description: `op ${e.id} returned ${e.code}`, passed: r?.code === e.code, actual: r === undefined ? 'no result yet' : r.code };
      }
      case 'same-session': {
        const ids = this.sessionsOf.get(e.client) ?? [];
        return { description: `${e.client} kept one session`, passed: ids.length === 1, actual: ids.join(', ') || 'no session' };
      }
      case 'no-violations': {
        const v = this.options.violations?.() ?? [];
        return { description: 'no safety violation', passed: v.length === 0, actual: v.length === 0 ? 'none' : v.join('; ') };
      }
      case 'violation': {
        const v = (this.options.violations?.() ?? []).filter((line) => violationOf(line, e.checker));
        return { description: `checker ${e.checker} reports a violation`, passed: v.length > 0, actual: v.length > 0 ? v.join('; ') : 'none' };
      }
    }
  }
}

/** True when a formatted violation line (`12.003s [safety] checker: message`) comes from `checker`. */
export function violationOf(line: string, checker: string): boolean {
  return line.includes(`] ${checker}:`);
}

function isSubsequence(want: readonly string[], seen: readonly string[]): boolean {
  let i = 0;
  for (const s of seen) if (i < want.length && s === want[i]) i++;
  return i === want.length;
}

function describeStep(step: TimelineStep): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // `node` would overwrite the record's own node field: a step's target node is recorded as `target`.
  for (const [k, v] of Object.entries(step)) if (k !== 'atMs' && k !== 'line' && k !== 'do') out[k === 'node' ? 'target' : k] = v;
  return out;
}

/** Runs a scenario to its end. */
export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): ScenarioResult {
  return new ScenarioRunner(scenario, options).run();
}
