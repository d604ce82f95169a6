// Model-based test of the client state machine (fc.commands). Random command sequences drive a real
// client, kernel and network against scripted servers (submit requests, answer or hold them, drop or
// reset connections, expire the session, hold/close/expire handshakes, go silent, refuse connections,
// freeze the client, close it, advance time). The model is what the client may do, not a copy of it:
// after every command the observed session events, states and request outcomes are checked against
// the allowed transitions (R73, R74, R78, R80, R81); at the end the world is made healthy again and the
// client must settle — connected, or CLOSED with Expired/Closed — with every request answered once.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NO_SESSION } from '@zksim/protocol';
import type { ErrorCode } from '@zksim/protocol';
import { buildClientRig } from './testing/index.ts';
import type { ClientRig, HandshakePolicy, RequestPolicy } from './testing/index.ts';
import type { KeeperState } from './client-state.ts';

/** What the model remembers. */
interface Model {
  submitted: number;
  isCloseCalled: boolean;
}

interface Outcome {
  readonly code: ErrorCode;
  readonly timeMs: number;
}

/** The system under test plus what was observed of it. */
interface Real {
  readonly rig: ClientRig;
  readonly outcomes: Map<number, Outcome[]>;
  readonly rejected: Set<number>;
  readonly completionOrder: number[];
  hasBeenClosed: boolean;
}

type Cmd = fc.Command<Model, Real>;

const SERVER_CODES: readonly ErrorCode[] = ['ok', 'no-node', 'node-exists'];

/** Allowed successor of each session event (start = no event yet). */
const NEXT: Readonly<Record<KeeperState | 'start', readonly KeeperState[]>> = {
  start: ['SyncConnected', 'Expired', 'Closed'],
  SyncConnected: ['Disconnected', 'Expired', 'Closed'],
  Disconnected: ['SyncConnected', 'Expired', 'Closed'],
  Expired: [],
  Closed: [],
  AuthFailed: [],
  ConnectedReadOnly: [],
  SaslAuthenticated: [],
};

/**
 * The client node's freezes as closed spans [frozen, resumed] (resumed = Infinity while frozen), spans
 * that touch merged: a resume followed at the same instant by a new freeze never ran the backlog.
 */
function frozenSpans(r: Real): (readonly [number, number])[] {
  const spans: [number, number][] = [];
  for (const rec of r.rig.clientTrace()) {
    if (rec.type === 'node-frozen') {
      const last = spans.at(-1);
      if (last !== undefined && last[1] === rec.time) last[1] = Infinity;
      else spans.push([rec.time, Infinity]);
    } else if (rec.type === 'node-resumed') {
      const last = spans.at(-1);
      if (last !== undefined && last[1] === Infinity) last[1] = rec.time;
    }
  }
  return spans;
}

/**
 * Whether an event due at `dueMs` (e.g. Disconnected, 100 ms after a connection loss: the sleep in
 * ClientCnxnSocketNIO.cleanup, then cleanAndNotifyState) may be delivered at `atMs`: exactly when due,
 * or — if the client process was frozen (SIGSTOP) when it fell due — exactly when that freeze ended,
 * since a stopped SendThread queues nothing until it runs again.
 */
function isDeliveredWhenDue(dueMs: number, atMs: number, frozen: readonly (readonly [number, number])[]): boolean {
  if (atMs === dueMs) return true;
  return frozen.some(([from, to]) => from <= dueMs && dueMs < to && to === atMs);
}

function checkInvariants(m: Model, r: Real): void {
  const c = r.rig.client;
  const events = c.stateEvents.map((e) => e.state);
  // R74: the event sequence follows the allowed transitions (no repeats, nothing after Expired/Closed).
  let prev: KeeperState | 'start' = 'start';
  for (const e of events) {
    expect(NEXT[prev], `${prev} → ${e} in ${events.join(',')}`).toContain(e);
    prev = e;
  }
  if (events.includes('Closed')) expect(m.isCloseCalled).toBe(true);
  // R73: CLOSED is final; a final event means CLOSED; an established session means SyncConnected.
  if (r.hasBeenClosed) expect(c.state).toBe('CLOSED');
  if (c.state === 'CLOSED') r.hasBeenClosed = true;
  if (prev === 'Expired' || prev === 'Closed') expect(c.state).toBe('CLOSED');
  if (c.connectionPhase === 'connected') {
    expect(c.state).toBe('CONNECTED');
    expect(prev).toBe('SyncConnected');
  }
  // Every reconnect is preceded by Disconnected; every Disconnected follows a connection loss by 100 ms
  // (the cleanup sleep), or comes when a freeze of the client over that moment ends.
  const trace = r.rig.clientTrace();
  let sessions = 0;
  let disconnectedSinceSession = false;
  for (const rec of trace) {
    if (rec.type === 'client-session') {
      if (sessions > 0) expect(disconnectedSinceSession, `reconnect at ${rec.time} without Disconnected`).toBe(true);
      sessions++;
      disconnectedSinceSession = false;
    }
    if (rec.type === 'client-event' && rec.state === 'Disconnected') disconnectedSinceSession = true;
  }
  const dues = r.rig.clientTrace('client-disconnect').map((x) => x.time + 100);
  const frozen = frozenSpans(r);
  for (const e of c.stateEvents) {
    if (e.state !== 'Disconnected') continue;
    expect(dues.some((due) => isDeliveredWhenDue(due, e.timeMs, frozen)), `Disconnected at ${e.timeMs}: no connection loss 100 ms before (or a freeze over that time ending then)`).toBe(true);
  }
  // R80: each request completes at most once; local failures carry the code of the state.
  const closedAt = r.rig.clientTrace('client-state').find((x) => x.to === 'CLOSED')?.time ?? Infinity;
  for (const [id, outs] of r.outcomes) {
    expect(outs.length, `request ${id} completed ${outs.length} times`).toBeLessThanOrEqual(1);
    const o = outs[0];
    if (o === undefined) continue;
    if (o.code === 'connection-loss') expect(o.timeMs).toBeLessThanOrEqual(closedAt);
    else if (o.code === 'session-expired') expect(o.timeMs).toBeGreaterThanOrEqual(closedAt);
    else expect(SERVER_CODES).toContain(o.code);
  }
  // R84: requests that were accepted complete in submission order.
  const accepted = r.completionOrder.filter((id) => !r.rejected.has(id));
  expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
  if (c.connectionPhase === 'stopped') expect(r.completionOrder.length).toBe(m.submitted);
}

function command(name: string, act: (m: Model, r: Real) => void): Cmd {
  return {
    check: () => true,
    run(m, r) {
      act(m, r);
      checkInvariants(m, r);
    },
    toString: () => name,
  };
}

function eachServer(r: Real, f: (s: ReturnType<ClientRig['server']>) => void): void {
  for (const s of r.rig.servers.values()) f(s);
}

const submit = fc.tuple(fc.constantFrom('create', 'exists', 'get-data'), fc.constantFrom('/a', '/b')).map(([op, path]) =>
  command(`submit(${op} ${path})`, (m, r) => {
    const id = m.submitted++;
    const c = r.rig.client;
    if (c.state === 'CLOSED' || c.isClosing) r.rejected.add(id);
    r.outcomes.set(id, []);
    const cb = (res: { code: ErrorCode }): void => {
      r.outcomes.get(id)?.push({ code: res.code, timeMs: r.rig.kernel.now });
      r.completionOrder.push(id);
    };
    if (op === 'create') c.create(path, '', 'ephemeral', cb);
    else if (op === 'exists') c.exists(path, true, cb);
    else c.getData(path, false, cb);
  }),
);

const commands: fc.Arbitrary<Cmd>[] = [
  submit,
  fc.integer({ min: 1, max: 40_000 }).map((ms) => command(`advance(${ms})`, (_m, r) => {
    r.rig.kernel.run(r.rig.kernel.now + ms);
  })),
  fc.constantFrom<RequestPolicy>('answer', 'hold').map((p) => command(`requests=${p}`, (_m, r) => eachServer(r, (s) => {
    s.requests = p;
  }))),
  fc.constant(command('answerAll', (_m, r) => eachServer(r, (s) => void s.answerAll()))),
  fc.constant(command('dropConnections', (_m, r) => eachServer(r, (s) => s.dropConnections()))),
  fc.constant(command('resetConnections', (_m, r) => eachServer(r, (s) => s.resetConnections()))),
  fc.constant(command('expireSessions', (_m, r) => eachServer(r, (s) => s.expireSessions()))),
  fc.constantFrom<HandshakePolicy>('grant', 'expire', 'hold', 'close').map((p) => command(`handshake=${p}`, (_m, r) => eachServer(r, (s) => {
    s.handshake = p;
  }))),
  fc.constant(command('releaseHandshakes', (_m, r) => eachServer(r, (s) => s.releaseHandshakes()))),
  fc.boolean().map((on) => command(on ? 'goSilent' : 'resumeTalking', (_m, r) => eachServer(r, (s) => (on ? s.goSilent() : s.resumeTalking())))),
  fc.boolean().map((on) => command(`listening=${on}`, (_m, r) => eachServer(r, (s) => s.setListening(on)))),
  fc.constant(command('notify', (_m, r) => eachServer(r, (s) => s.notify('node-created', '/a')))),
  fc.integer({ min: 1, max: 60_000 }).map((ms) => command(`freezeClient(${ms})`, (_m, r) => {
    r.rig.client.freeze();
    r.rig.kernel.run(r.rig.kernel.now + ms);
    r.rig.client.resume();
  })),
  fc.constant(command('close', (m, r) => {
    m.isCloseCalled = true;
    r.rig.client.close();
  })),
];

const setup = fc.record({
  seed: fc.integer(),
  serverCount: fc.integer({ min: 1, max: 3 }),
  sessionTimeoutMs: fc.constantFrom(4000, 10_000, 30_000),
  clientVersion: fc.constantFrom<'3.8' | '3.9'>('3.8', '3.9'),
});
type Setup = typeof setup extends fc.Arbitrary<infer T> ? T : never;

/** One run of the property: build a world, run the commands, heal the world, check that the client settled. */
function runModel(s: Setup, cmds: Iterable<Cmd>): void {
  const servers = ['s1', 's2', 's3'].slice(0, s.serverCount);
  const rig = buildClientRig({ seed: s.seed, servers, sessionTimeoutMs: s.sessionTimeoutMs, clientVersion: s.clientVersion });
  const real: Real = { rig, outcomes: new Map(), rejected: new Set(), completionOrder: [], hasBeenClosed: false };
  const model: Model = { submitted: 0, isCloseCalled: false };
  fc.modelRun(() => ({ model, real }), cmds);
  // Settle: healthy servers, everything answered, plenty of time.
  eachServer(real, (srv) => {
    srv.requests = 'answer';
    srv.handshake = 'grant';
    srv.setListening(true);
    srv.resumeTalking();
    srv.releaseHandshakes();
    srv.answerAll();
  });
  rig.kernel.run(rig.kernel.now + 200_000);
  checkInvariants(model, real);
  const c = rig.client;
  const last = c.stateEvents.at(-1)?.state;
  const isExpiredAtServer = c.sessionId !== NO_SESSION && rig.server().sessions.get(c.sessionId)?.isExpired === true;
  if (model.isCloseCalled || c.state === 'CLOSED') {
    expect(c.state).toBe('CLOSED');
    expect(c.connectionPhase).toBe('stopped');
    expect(['Expired', 'Closed']).toContain(last);
  } else {
    expect(isExpiredAtServer).toBe(false);
    expect(c.connectionPhase).toBe('connected');
    expect(last).toBe('SyncConnected');
  }
  expect(real.completionOrder.length).toBe(model.submitted);
}

/** A run that once failed: fast-check's seed and path (run index, then shrink steps) and fc.commands' replayPath. */
interface PinnedSeed {
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
}

/**
 * Failing runs found so far, replayed on every test run (each reproduces its shrunk counterexample; the
 * property text is the same, so a regression shows up here whatever seed the random run draws). All of
 * them caught one test artefact: the "Disconnected exactly 100 ms after a connection loss" check ignored
 * a freeze of the client over the end of that pause (see isDeliveredWhenDue).
 */
const PINNED_SEEDS: readonly PinnedSeed[] = [
  // 3.8, 4 s: read timeout on resume at 2670, frozen 2670–2771 ⇒ Disconnected at 2771, not 2770 (first seen; 5000-run hunt)
  { seed: 1493361638, path: '596:0:2:7:6:6:5:5:5:5:5:5:5:5:5:5:5:6:7:6:6:7:6:8:6:7:9:9:10:9:9:9:9:9:9:9:12:9:9', replayPath: '//g:H' },
  // same counterexample, from a 150-run hunt (seed 1003 of 1000–1039: 1 failure in 40 runs of 150)
  { seed: 1003, path: '18:0:0:0:0:5:4:6:5:5:5:5:5:5:5:5:5:5:5:5:5:7:6:6:6:8:6:14:13:13:13:13:14:13:13:13:14:13', replayPath: '//L:H' },
  // same, then releaseHandshakes (150-run hunt over seeds 2000–2399: 13 failures in 400)
  { seed: 2021, path: '134:0:0:0:4:5:5:9:8:8:8:8:8:8:8:8:8:9:10:9:9:9:12:9:9:9:11:9:9:10:11:10:10:10:10:10:10:11:10:10:10:11', replayPath: '///M:P' },
  // same, then a second submit
  { seed: 2044, path: '91:0:0:0:0:7:8:10:10:9:8:8:8:8:8:8:8:8:8:8:8:8:9:10:9:9:9:11:9:9:10:9:9:9:10:10:10:11:10:10:10:10:10:10:10:12:10:10:10:10:10:11', replayPath: '///6:P' },
  // same counterexample
  { seed: 2045, path: '132:0:0:0:4:7:7:7:6:5:5:5:5:5:5:5:5:5:5:5:5:5:7:6:6:7:6:6:10:7:7:7:8:7:7:7:7:7:7:8:9:7:7:7', replayPath: '//v:H' },
  // variant: resetConnections, advance(1), freezeClient(101) — the server's reset is the loss, the freeze covers its pause
  { seed: 2056, path: '88:0:0:0:0:5:6:6:5:5:5:5:5:5:5:5:5:5:5:6:6:7:6:6:6:6:6:6:6:7:6:7', replayPath: '/z:D' },
  // same, then handshake=grant
  { seed: 2073, path: '58:0:0:0:3:10:9:9:8:8:8:8:8:8:8:8:8:8:8:8:9:10:11:10:9:9:11:10:10:11:10:10:10:11:11:10:10:10:11', replayPath: '//5:H' },
  // same, then listening=false
  { seed: 2098, path: '101:0:0:3:8:11:9:8:8:8:8:8:8:8:8:8:8:9:10:9:10:9:10:9:11:9:10:10:10:11:10:10:10:10:10:10:10:10:14:10:10', replayPath: '///M:P' },
  // same, then listening=false
  { seed: 2111, path: '53:0:0:0:4:11:11:9:8:8:8:8:8:8:8:8:8:8:10:9:9:9:12:13:11:12:11:11:11:11:11:11:11:11:15:11:11', replayPath: '//0:H' },
  // same counterexample
  { seed: 2114, path: '110:0:0:10:7:6:6:5:5:5:5:5:5:5:5:5:5:6:7:6:6:8:8:10:7:7:8:7:7:7:7:7:7:7:7:10:8', replayPath: '//V:H' },
  // same, then listening=false
  { seed: 2141, path: '34:0:0:0:7:8:10:10:9:8:8:8:8:8:8:8:8:8:8:8:8:8:10:9:9:10:9:12:9:9:9:9:9:11:10:10:10:10:10:10:10:10:12:12:11', replayPath: '///b:P' },
  // same counterexample
  { seed: 2189, path: '134:0:0:0:3:2:5:7:6:6:5:5:5:5:5:5:5:5:5:5:5:7:6:6:6:7:9:6:9:8:7:7:7:7:7:7:8:8:7:7', replayPath: '//j:H' },
  // same counterexample
  { seed: 2208, path: '120:0:0:4:5:7:7:6:5:5:5:5:5:5:5:5:5:5:5:5:7:6:6:7:6:6:6:8:6:6:9:8:8:8:8:8:8:9:8:8:8:8:9', replayPath: '//x:H' },
  // same counterexample
  { seed: 2272, path: '36:0:0:0:0:4:4:7:6:5:5:5:5:5:5:5:5:5:5:5:5:6:7:6:6:7:6:6:8:7:6:6:6:6:7:8:7:7:7:7:7:8:7:9:7', replayPath: '//t:H' },
  // same counterexample
  { seed: 2342, path: '76:0:0:0:3:2:5:8:6:5:5:5:5:5:5:5:5:5:5:5:5:5:7:6:6:6:10:6:6:6:9:10:9:9:9:9:9:9:9:12:10', replayPath: '//m:H' },
];

const commandsArb = (replayPath?: string): fc.Arbitrary<Iterable<Cmd>> =>
  fc.commands(commands, replayPath === undefined ? { maxCommands: 40 } : { maxCommands: 40, replayPath });

/** FC_SEED (see vitest.config.ts) fixes the seed of the random run. */
const FC_SEED = process.env['FC_SEED'];

const TITLE = 'R73/R74/R80/R81: events, states and failure codes stay within the model; the client settles';

describe('ZkClient state machine (model-based)', () => {
  test.prop([setup, commandsArb()], { numRuns: 150, ...(FC_SEED === undefined ? {} : { seed: Number(FC_SEED) }) })(TITLE, runModel);

  for (const p of PINNED_SEEDS) {
    test.prop([setup, commandsArb(p.replayPath)], { seed: p.seed, path: p.path, endOnFailure: true })(`${TITLE} [pinned ${p.seed}]`, runModel);
  }

  test('Disconnected waits for the end of a freeze over the cleanup pause (ClientCnxnSocketNIO.cleanup sleeps 100 ms)', () => {
    // The shrunk counterexample of every pinned seed, without fast-check: 3.8 client, 4000 ms (read timeout 2666).
    const rig = buildClientRig({ seed: 0, servers: ['s1'], sessionTimeoutMs: 4000, clientVersion: '3.8' });
    const { kernel, client } = rig;
    const freezeFor = (ms: number): void => {
      client.freeze();
      kernel.run(kernel.now + ms);
      client.resume();
    };
    kernel.run(4); // SyncConnected at 4
    freezeFor(2666); // resumed at 2670: read timeout, socket closed, the 100 ms pause starts
    const codes: ErrorCode[] = [];
    client.create('/a', '', 'ephemeral', (r) => codes.push(r.code));
    freezeFor(101); // frozen at 2770 when the pause ends; resumed at 2771
    kernel.run(kernel.now + 10);
    expect(rig.clientTrace('client-disconnect').map((x) => x.time)).toEqual([2670]);
    expect(client.stateEvents.map((e) => [e.state, e.timeMs])).toEqual([['SyncConnected', 4], ['Disconnected', 2771]]);
    expect(codes).toEqual(['connection-loss']);
  });
});
