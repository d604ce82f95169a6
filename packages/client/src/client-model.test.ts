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
  // Every reconnect is preceded by Disconnected; every Disconnected follows a connection loss by 100 ms.
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
  const drops = new Set(r.rig.clientTrace('client-disconnect').map((x) => x.time + 100));
  for (const e of c.stateEvents) if (e.state === 'Disconnected') expect(drops.has(e.timeMs)).toBe(true);
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

describe('ZkClient state machine (model-based)', () => {
  test.prop([setup, fc.commands(commands, { maxCommands: 40 })], { numRuns: 150 })(
    'R73/R74/R80/R81: events, states and failure codes stay within the model; the client settles',
    (s, cmds) => {
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
    },
  );
});
