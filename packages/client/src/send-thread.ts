// The loop of ClientCnxn.SendThread.run as a state machine over connection phases (R73, R75, R76, R79,
// R89): pick a host, back off, connect, evaluate the timing rule on every wake-up (expire, time out,
// ping, write), and after a connection loss the 100 ms socket cleanup before queued requests fail and
// Disconnected goes out. It keeps the client state and one lazily rescheduled kernel timer. What the
// wire carries (handshake, replies, queues) is left to its subclass ClientCnxn.
import { assert } from '@zksim/kernel';
import type { EventId, Kernel, NodeId, Rng, TimerHandler } from '@zksim/kernel';
import type { ConnId, Network } from '@zksim/network';
import { NO_SESSION, XID_PING } from '@zksim/protocol';
import type { ClientRequest, SessionId, ZkMessage } from '@zksim/protocol';
import { isAlive } from './client-state.ts';
import type { ClientState } from './client-state.ts';
import type { EventThread } from './event-thread.ts';
import type { HostProvider } from './host-provider.ts';
import { SEND_TIMING_SLOTS, SendTiming } from './send-timing.ts';
import { takeTimeRow } from './time-rows.ts';
import type { ClientVersion } from './send-timing.ts';
import type { WatchManager } from './watch-manager.ts';

/**
 * Where the SendThread is. `idle`: not started; `cleanup`: socket closed, the 100 ms pause of
 * ClientCnxnSocketNIO.cleanup before queued requests fail; `backoff`: the wrap pause and random sleep
 * before an attempt; `connecting`: TCP connect in flight; `handshake`: ConnectRequest sent;
 * `connected`: session established; `final-cleanup`: the cleanup after the loop ended; `stopped`.
 */
export type ConnectionPhase = 'idle' | 'cleanup' | 'backoff' | 'connecting' | 'handshake' | 'connected' | 'final-cleanup' | 'stopped';

/** Everything a ClientCnxn is built from (ZkClient assembles it). */
export interface ClientCnxnConfig {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly node: NodeId;
  readonly name: string;
  readonly hosts: HostProvider;
  readonly chroot: string | null;
  readonly sessionTimeoutMs: number;
  readonly version: ClientVersion;
  readonly resolve: (host: string) => NodeId;
  readonly rng: Rng;
  readonly events: EventThread;
  readonly watches: WatchManager;
  readonly maxQueuedRequests: number;
  /** Re-introduced bugs (the bug zoo); empty normally. */
  readonly bugs: ReadonlySet<ClientBug>;
}

/** Client bugs that can be re-introduced on purpose. Never on by default. */
export type ClientBug = 'client-ignores-expired-response';

/** Every client bug name. */
export const CLIENT_BUGS: readonly ClientBug[] = ['client-ignores-expired-response'];

/** ClientCnxnSocketNIO.cleanup sleeps this long after closing the socket. */
export const CLEANUP_PAUSE_MS = 100;
/** SendThread.startConnect sleeps uniform [0, this) before every attempt after the first TCP connect. */
export const BACKOFF_RANGE_MS = 1000;
/** The one tag of the client's kernel timer. */
export const CLIENT_TIMER_TAG = 'client/send-thread';

/** Time-row slots of the SendThread's own timestamps, after SendTiming's. */
const TIMER_AT_SLOT = SEND_TIMING_SLOTS;
const PHASE_END_SLOT = SEND_TIMING_SLOTS + 1;

/** One ping message, shared by every client: messages are immutable. */
const PING: ClientRequest = { type: 'request', xid: XID_PING, request: { op: 'ping' } };

/**
 * The SendThread loop; ClientCnxn adds the wire protocol and the request queues.
 *
 * It extends SendTiming so that the timing numbers sit in the same object as the loop state: with 10k
 * clients every separate per-client object (timing, timer, config, event queue) read on a ping costs a
 * cache miss, and those misses were about a quarter of the full-model benchmark's time.
 *
 * The one kernel timer is rescheduled lazily. The loop's deadlines mostly move later (every packet sent
 * or received pushes them back), so a request for a later time leaves the pending timer alone — it fires
 * early, the loop re-evaluates and asks again — and only a request for an earlier time cancels it. At
 * most one timer is pending per client.
 */
export abstract class SendThread extends SendTiming implements TimerHandler {
  // Fields read on every ping come first, next to SendTiming's: V8 lays an object's fields out in the
  // order they are initialised, so at 10k clients the hot ones then share two cache lines, not four.
  phase: ConnectionPhase = 'idle';
  /** The current connection (null in cleanup, back-off and after the end). */
  protected conn: ConnId | null = null;
  /** The pending kernel timer (null when none); the local time it fires at is in the time row. */
  private timerId: EventId | null = null;
  protected readonly kernel: Kernel;
  protected readonly node: NodeId;
  protected readonly network: Network<ZkMessage>;
  sessionId: SessionId = NO_SESSION;
  /** Set when the event thread queues something; `drainEvents` skips the event thread otherwise. */
  private mayHaveEvents = false;
  /** False only while the outgoing queue is known to be empty, so `flush` need not look at it (ClientCnxn). */
  protected mayHaveOutgoing = false;
  state: ClientState = 'CONNECTING';
  negotiatedTimeoutMs = 0;
  /** Host of the current attempt or connection (null when none). */
  server: string | null = null;
  isClosing = false;
  protected readonly events: EventThread;
  protected readonly c: ClientCnxnConfig;
  protected isFirstConnect = true;

  constructor(config: ClientCnxnConfig) {
    super(config.version, takeTimeRow(config.kernel));
    this.kernel = config.kernel;
    this.node = config.node;
    this.network = config.network;
    this.events = config.events;
    this.c = config;
    config.events.onQueued = () => {
      this.mayHaveEvents = true;
    };
    this.setSessionTimeout(config.sessionTimeoutMs, config.hosts.size);
  }

  /** Writes every queued packet (with a session only); true when something was written. */
  protected abstract flush(nowMs: number): boolean;
  /** Fails every queued and pending request with the code of the current state (R80). */
  protected abstract failAll(): void;

  /** Starts the loop (SendThread.run: lastSend = lastHeard = now, then the first attempt). */
  start(): void {
    if (!(this.phase === 'idle')) assert(false, `client ${this.c.name}: start called twice`);
    const now = this.localNow();
    this.lastSendMs = now;
    this.lastHeardMs = now;
    this.topOfLoop();
  }

  onTimer(tag: string): void {
    if (tag !== CLIENT_TIMER_TAG) return;
    this.timerId = null; // the kernel has dropped it
    const p = this.phase;
    if (p === 'cleanup' || p === 'final-cleanup' || p === 'backoff') {
      if (this.localNow() < this.phaseEndMs) this.wakeNotLaterThan(this.phaseEndMs);
      else if (p === 'cleanup') this.finishCleanup();
      else if (p === 'final-cleanup') this.finishFinalCleanup();
      else this.startConnect();
    } else if (this.isLoopPhase()) {
      // A lazily kept timer may fire before the loop's own wake time; the real loop would still be
      // asleep (and the ping rule depends on when it wakes), so only the due wake runs an iteration.
      const wakeAtMs = this.wakeAtMs;
      if (this.localNow() < wakeAtMs) this.wakeNotLaterThan(wakeAtMs);
      else this.iterate();
    }
    this.drainEvents();
  }

  /** When the cleanup pause or back-off ends (local ms). */
  private get phaseEndMs(): number {
    return this.times[this.at + PHASE_END_SLOT] as number;
  }

  private set phaseEndMs(ms: number) {
    this.times[this.at + PHASE_END_SLOT] = ms;
  }

  /** Delivers what the event thread has queued (entry points call this last). */
  protected drainEvents(): void {
    if (!this.mayHaveEvents) return;
    this.mayHaveEvents = false;
    this.events.drain();
  }

  /** The client's monotonic clock (the only clock it reads). */
  localNow(): number {
    return this.kernel.localNow(this.node);
  }

  /** True while a socket is open or opening: the loop runs its timing rule on every wake-up. */
  protected isLoopPhase(): boolean {
    return this.phase === 'connected' || this.phase === 'handshake' || this.phase === 'connecting';
  }

  /** One loop iteration at the current time (R76): expire, time out, write, ping, then sleep. */
  protected iterate(): void {
    const now = this.localNow();
    const isConnected = this.phase === 'connected';
    let verdict = this.evaluate(now, isConnected, this.sessionId !== NO_SESSION);
    if (verdict === 'expire') {
      this.setState('CLOSED'); // client-side expiry (ZOOKEEPER-4508): the server is not consulted
      this.connectionLost('session-timeout');
      return;
    }
    if (verdict === 'timeout') {
      this.connectionLost(isConnected ? 'read-timeout' : 'connect-timeout');
      return;
    }
    if (isConnected) {
      let hasWritten = this.flush(now);
      if (verdict === 'ping') {
        this.sendPing(now); // behind whatever was already queued, as sendPing queues it
        hasWritten = true;
      }
      if (hasWritten) verdict = this.evaluate(now, true, this.sessionId !== NO_SESSION);
      if (!(verdict === 'sleep')) assert(false, `client ${this.c.name}: loop did not settle (timeout ${this.negotiatedTimeoutMs})`);
    }
    this.wakeNotLaterThan(this.wakeAtMs);
  }

  /** The catch block of SendThread.run: a closing client stops, any other cleans up and reconnects. */
  protected connectionLost(reason: string): void {
    if (this.isTracing) this.trace('client-disconnect', { server: this.server, reason });
    if (this.isClosing) this.beginFinalCleanup();
    else this.beginCleanup('cleanup');
  }

  /** Leaves the loop: the socket closes now, the last failures and events follow the cleanup pause. */
  protected beginFinalCleanup(): void {
    this.beginCleanup('final-cleanup');
  }

  /** After the loop: last failures, then Disconnected / Closed / Expired (3.8: always Closed), death. */
  protected finishFinalCleanup(): void {
    this.failAll();
    const ev = this.events;
    if (isAlive(this.state)) ev.queueStateEvent('Disconnected');
    if (this.c.version === '3.8' || this.isClosing) ev.queueStateEvent('Closed');
    else if (this.state === 'CLOSED') ev.queueStateEvent('Expired');
    ev.kill();
    this.phase = 'stopped';
    this.server = null;
    if (this.timerId !== null) this.kernel.cancel(this.timerId);
    this.timerId = null;
  }

  /** Makes sure the timer fires at local time `localMs` or earlier (lazily: see the class comment). */
  private wakeNotLaterThan(localMs: number): void {
    const times = this.times;
    if (this.timerId !== null) {
      if ((times[this.at + TIMER_AT_SLOT] as number) <= localMs) return;
      this.kernel.cancel(this.timerId);
    }
    times[this.at + TIMER_AT_SLOT] = localMs;
    this.timerId = this.kernel.setTimerAt(this.node, localMs, CLIENT_TIMER_TAG);
  }

  protected write(message: ZkMessage): void {
    if (!(this.conn !== null)) assert(false, `client ${this.c.name}: write without a connection`);
    this.network.send(this.conn, this.node, message);
  }

  protected setState(to: ClientState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    if (this.isTracing) this.trace('client-state', { from, to });
  }

  /** Callers check this before building a trace record. */
  protected get isTracing(): boolean {
    return this.kernel.trace.enabled;
  }

  protected trace(type: string, fields?: Record<string, unknown>): void {
    this.kernel.trace.emit(this.c.name, type, fields);
  }

  /** The top of `while (state.isAlive())` without a socket: stop, or pick a host and back off (R79). */
  private topOfLoop(): void {
    if (!isAlive(this.state) || this.isClosing) {
      this.beginFinalCleanup();
      return;
    }
    const next = this.c.hosts.next();
    const randomMs = this.isFirstConnect ? 0 : this.c.rng.int(0, BACKOFF_RANGE_MS - 1);
    this.server = next.host;
    const delayMs = next.pauseMs + randomMs;
    if (delayMs === 0) {
      this.startConnect();
      return;
    }
    if (this.isTracing) this.trace('client-backoff', { server: next.host, wrapPauseMs: next.pauseMs, randomMs });
    this.phase = 'backoff';
    this.phaseEndMs = this.localNow() + delayMs;
    this.wakeNotLaterThan(this.phaseEndMs);
  }

  /** SendThread.startConnect after its sleep: state CONNECTING (R73) and a TCP connect. */
  private startConnect(): void {
    const server = this.server;
    if (!(server !== null && isAlive(this.state))) assert(false, `client ${this.c.name}: startConnect without a host`);
    this.setState('CONNECTING');
    if (this.isTracing) this.trace('client-connect-attempt', { server });
    this.phase = 'connecting';
    this.conn = this.network.connect(this.node, this.c.resolve(server), 'client');
    this.onAttemptStart(this.localNow());
    this.iterate();
  }

  private beginCleanup(phase: 'cleanup' | 'final-cleanup'): void {
    if (this.conn !== null) this.network.close(this.conn, this.node);
    this.conn = null;
    this.phase = phase;
    this.phaseEndMs = this.localNow() + CLEANUP_PAUSE_MS;
    this.wakeNotLaterThan(this.phaseEndMs);
  }

  /** cleanAndNotifyState after the pause: queued requests fail (R80), Disconnected if still alive. */
  private finishCleanup(): void {
    this.failAll();
    if (isAlive(this.state)) this.events.queueStateEvent('Disconnected');
    this.server = null;
    this.topOfLoop();
  }

  private sendPing(now: number): void {
    if (this.isTracing) this.trace('client-ping');
    this.write(PING);
    this.lastSendMs = now;
  }
}
