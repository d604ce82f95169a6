// The discrete-event kernel: one event queue ordered by (virtual time, seq), integer milliseconds, a
// registry of nodes with their own clocks, and dispatch of popped events to channels (timers, network
// deliveries, anything a component registers). It knows nothing about ZooKeeper. It owns freezes (a frozen
// node's events wait, in order, until it resumes), crashes (events of an old incarnation are dropped, the
// durable store loses its unsynced tail) and the run guards (maximum events, maximum virtual time).
import { NodeClock, type ClockOptions } from './clock.ts';
import { DurableStore, type CrashLoss } from './durable-store.ts';
import { AssertionError, SimulationLimitError, assert } from './errors.ts';
import { EventQueue, type EventId } from './event-queue.ts';
import { Rng } from './rng.ts';
import { Tracer, type TraceSink } from './trace.ts';

/** Index of a node in the kernel's registry. */
export type NodeId = number;
/** Index of a registered channel. */
export type ChannelId = number;

/** What kind of process a node is; the network uses it to cut client links apart from server links. */
export type NodeKind = 'server' | 'client' | 'other';

/** Receives a node's timers. */
export interface TimerHandler {
  onTimer(tag: string, data: unknown): void;
}

/** Handles one popped event of a channel. */
export type ChannelHandler = (node: NodeId, arg: number, payload: unknown, aux: unknown) => void;

/** Kernel construction options. */
export interface KernelOptions {
  /** Run seed: the root of every random stream. */
  readonly seed: string | number;
  /** Where trace records go (null: nowhere). */
  readonly traceSink?: TraceSink | null;
  /** Whether to compute the rolling trace hash (default: true when a sink is given). */
  readonly traceHash?: boolean;
  /** Guard: maximum number of handled events per run (default 50 million). */
  readonly maxEvents?: number;
  /** Guard: maximum virtual time in ms (default 30 days). */
  readonly maxTimeMs?: number;
  /** Initial capacity of the event queue. */
  readonly queueCapacity?: number;
}

/** Result of `run`. */
export interface RunResult {
  /** Why the run stopped: it reached `untilMs`, or nothing was left to do. */
  readonly stoppedBy: 'until' | 'idle';
  /** Events handled by this call. */
  readonly events: number;
  /** Virtual time at the end. */
  readonly timeMs: number;
}

interface NodeEntry {
  readonly id: NodeId;
  readonly name: string;
  readonly kind: NodeKind;
  readonly clock: NodeClock;
  readonly durable: DurableStore;
  timerHandler: TimerHandler | null;
  incarnation: number;
  isUp: boolean;
  isFrozen: boolean;
  /** Events popped while frozen, and events that arrive while the backlog drains. */
  backlog: number[];
  isDraining: boolean;
}

/** Listener told when a node crashes or restarts. */
export type NodeLifecycleListener = (node: NodeId, event: 'crash' | 'restart') => void;

const TIMER_CHANNEL = 0;
const DRAIN_CHANNEL = 1;

/** The discrete-event simulation kernel. */
export class Kernel {
  /** Global virtual time in integer milliseconds. */
  now = 0;
  /** Sequence number of the event being handled (−1 before the first). */
  currentSeq = -1;
  /** Node whose event is being handled (−1 outside of dispatch). */
  currentNode: NodeId = -1;
  /** Root random stream of the run. */
  readonly rng: Rng;
  /** The run's tracer. */
  readonly trace: Tracer;
  /** Total events handled since construction. */
  eventCount = 0;

  private readonly queue: EventQueue;
  private readonly nodes: NodeEntry[] = [];
  /** Hot copies of each node's incarnation and flags (bit 0 up, bit 1 frozen-or-draining), for `step`. */
  private nodeIncarnation = new Int32Array(64);
  private nodeBlocked = new Uint8Array(64);
  /** Monotonic minus global time of each node whose clock does not drift; NaN for drifting clocks. */
  private clockOffset = new Float64Array(64);
  /**
   * Hot copies for `post`, `setTimerAt` and timer dispatch: each node's incarnation (even while down) and
   * timer handler. With 10k nodes, reading them off the NodeEntry objects is a cache miss per event.
   */
  private nodeLife = new Int32Array(64);
  private readonly timerHandlers: (TimerHandler | null)[] = [];
  private readonly byName = new Map<string, NodeId>();
  private readonly channels: ChannelHandler[] = [];
  private readonly channelNames: string[] = [];
  private readonly lifecycle: NodeLifecycleListener[] = [];
  private readonly maxEvents: number;
  private readonly maxTimeMs: number;
  private readonly crashRng: Rng;

  constructor(options: KernelOptions) {
    this.rng = new Rng(options.seed);
    this.crashRng = this.rng.fork('kernel/crash');
    const sink = options.traceSink ?? null;
    this.trace = new Tracer(this, sink, options.traceHash ?? sink !== null);
    this.queue = new EventQueue(options.queueCapacity ?? 1024);
    this.maxEvents = options.maxEvents ?? 50_000_000;
    this.maxTimeMs = options.maxTimeMs ?? 30 * 24 * 3600 * 1000;
    this.registerChannel('timer', (node, _arg, payload, aux) => this.dispatchTimer(node, aux as string, payload));
    this.registerChannel('drain', (node) => this.drainOne(node));
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  /** Registers a node; names must be unique. */
  addNode(name: string, kind: NodeKind, clock: ClockOptions = {}): NodeId {
    if (!(!this.byName.has(name))) assert(false, `duplicate node name ${name}`);
    const id = this.nodes.length;
    this.nodes.push({
      id, name, kind, clock: new NodeClock(clock), durable: new DurableStore(),
      timerHandler: null, incarnation: 0, isUp: true, isFrozen: false, backlog: [], isDraining: false,
    });
    this.byName.set(name, id);
    if (id >= this.nodeIncarnation.length) {
      const inc = new Int32Array(this.nodeIncarnation.length * 2);
      inc.set(this.nodeIncarnation);
      this.nodeIncarnation = inc;
      const blk = new Uint8Array(this.nodeBlocked.length * 2);
      blk.set(this.nodeBlocked);
      this.nodeBlocked = blk;
      const off = new Float64Array(this.clockOffset.length * 2);
      off.set(this.clockOffset);
      this.clockOffset = off;
      const life = new Int32Array(this.nodeLife.length * 2);
      life.set(this.nodeLife);
      this.nodeLife = life;
    }
    this.syncHot(id);
    return id;
  }

  /** Sets (or replaces, after a restart) the object that receives a node's timers. */
  setTimerHandler(node: NodeId, handler: TimerHandler): void {
    this.entry(node).timerHandler = handler;
    this.timerHandlers[node] = handler;
  }

  /** The node's name. */
  nodeName(node: NodeId): string {
    return this.entry(node).name;
  }

  /** The node's kind. */
  nodeKind(node: NodeId): NodeKind {
    return this.entry(node).kind;
  }

  /** Looks a node up by name. */
  nodeId(name: string): NodeId | undefined {
    return this.byName.get(name);
  }

  /** Number of registered nodes. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** True unless the node has crashed and not restarted. */
  isUp(node: NodeId): boolean {
    return this.entry(node).isUp;
  }

  /** True while the node is frozen. */
  isFrozen(node: NodeId): boolean {
    return this.entry(node).isFrozen;
  }

  /** The node's current incarnation (0 at start, +1 per crash). */
  incarnation(node: NodeId): number {
    return this.entry(node).incarnation;
  }

  /** The node's durable store (it survives crashes). */
  durable(node: NodeId): DurableStore {
    return this.entry(node).durable;
  }

  /** Subscribes to crash/restart notifications (the network resets connections on crash). */
  onLifecycle(listener: NodeLifecycleListener): void {
    this.lifecycle.push(listener);
  }

  // ---------------------------------------------------------------------------------------------
  // Clocks

  /** The node's monotonic clock reading now (integer ms). */
  localNow(node: NodeId): number {
    // Fast path: a clock without drift is global time plus a fixed offset (NaN marks a drifting clock).
    const offset = this.clockOffset[node] as number;
    return offset === offset ? this.now + offset : this.entry(node).clock.monotonicAt(this.now);
  }

  /** The node's wall-clock reading now (integer ms since the Unix epoch). */
  wallNow(node: NodeId): number {
    return this.entry(node).clock.wallAt(this.now);
  }

  /** The global time at which the node's monotonic clock reads `local`. */
  globalForLocal(node: NodeId, local: number): number {
    return Math.max(this.now, this.entry(node).clock.globalFor(local));
  }

  /** Changes the node's clock rate from now on. */
  setDrift(node: NodeId, ppm: number): void {
    const e = this.entry(node);
    e.clock.setDrift(this.now, ppm);
    this.syncHot(node);
    // Re-aim the node's pending timers: each fires when its local target time is reached at the new rate.
    const q = this.queue;
    const moved = q.retime((slot) => (q.target[slot] === node && q.channel[slot] === TIMER_CHANNEL && q.incarnation[slot] === e.incarnation
      ? Math.max(this.now, e.clock.globalFor(q.arg[slot] as number))
      : null));
    this.trace.emit(e.name, 'clock-drift', { ppm, timersMoved: moved });
  }

  /** Moves the node's wall clock; the monotonic clock (and so expiry) is not affected. */
  jumpWall(node: NodeId, deltaMs: number): void {
    const e = this.entry(node);
    e.clock.jumpWall(deltaMs);
    this.trace.emit(e.name, 'clock-wall-jump', { deltaMs, wall: e.clock.wallAt(this.now) });
  }

  /** The node's current drift in ppm. */
  driftPpm(node: NodeId): number {
    return this.entry(node).clock.driftPpm;
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /** Registers a channel; popped events of the channel are passed to `handler`. */
  registerChannel(name: string, handler: ChannelHandler): ChannelId {
    this.channels.push(handler);
    this.channelNames.push(name);
    return this.channels.length - 1;
  }

  /** Schedules an event of `channel` for `node` at global time `time` (≥ now, integer). */
  post(time: number, node: NodeId, channel: ChannelId, arg: number, payload: unknown, aux: unknown = undefined): EventId {
    if (!(Number.isInteger(time) && time >= this.now)) assert(false, `post: time ${time} must be an integer ≥ now (${this.now})`);
    if (!(channel > DRAIN_CHANNEL && channel < this.channels.length)) assert(false, `post: channel ${channel} is not registered`);
    const life = this.nodeLife[node];
    if (life === undefined || !(node < this.nodes.length)) this.entry(node); // throws: unknown node
    return this.queue.push(time, node, channel, arg, payload, aux, life as number);
  }

  /**
   * Sets a timer on the node's own monotonic clock: it fires when the local clock has advanced by
   * `localDelayMs` (at the right global time under drift). The handler's `onTimer(tag, data)` is called.
   */
  setTimer(node: NodeId, localDelayMs: number, tag: string, data: unknown = undefined): EventId {
    if (!(Number.isInteger(localDelayMs) && localDelayMs >= 0)) assert(false, `setTimer: delay ${localDelayMs} must be an integer ≥ 0`);
    const e = this.entry(node);
    const target = e.clock.monotonicAt(this.now) + localDelayMs;
    const when = localDelayMs === 0 || e.clock.driftPpm === 0 ? this.now + localDelayMs : Math.max(this.now, e.clock.globalFor(target));
    // arg keeps the local target time so a later drift change can re-aim the timer.
    return this.queue.push(when, node, TIMER_CHANNEL, target, data, tag, e.incarnation);
  }

  /** Sets a timer at an absolute reading of the node's monotonic clock. */
  setTimerAt(node: NodeId, localTimeMs: number, tag: string, data: unknown = undefined): EventId {
    if (!(Number.isInteger(localTimeMs))) assert(false, `setTimerAt: local time ${localTimeMs} must be an integer`);
    // Fast path, as in `localNow`: without drift, globalFor(local) is exactly local − offset.
    const offset = this.clockOffset[node] as number;
    if (offset === offset && node < this.nodes.length) {
      return this.queue.push(Math.max(this.now, localTimeMs - offset), node, TIMER_CHANNEL, localTimeMs, data, tag, this.nodeLife[node] as number);
    }
    const e = this.entry(node);
    const when = Math.max(this.now, e.clock.globalFor(localTimeMs));
    return this.queue.push(when, node, TIMER_CHANNEL, localTimeMs, data, tag, e.incarnation);
  }

  /** Cancels a scheduled event or timer. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    return this.queue.cancel(id) || this.queue.cancelPopped(id);
  }

  /** Number of pending events. */
  get pendingCount(): number {
    return this.queue.size;
  }

  /** Time of the earliest pending event (Infinity when none). */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  /** Freezes a node (like SIGSTOP): it handles nothing; its events wait, in order, until `resume`. */
  freeze(node: NodeId): void {
    const e = this.entry(node);
    if (e.isFrozen || !e.isUp) return;
    e.isFrozen = true;
    this.syncHot(node);
    this.trace.emit(e.name, 'node-frozen');
  }

  /** Resumes a frozen node: everything that became due while it was frozen is handled now, in order. */
  resume(node: NodeId): void {
    const e = this.entry(node);
    if (!e.isFrozen) return;
    e.isFrozen = false;
    this.trace.emit(e.name, 'node-resumed', { backlog: e.backlog.length });
    if (e.backlog.length > 0 && !e.isDraining) {
      e.isDraining = true;
      this.queue.push(this.now, node, DRAIN_CHANNEL, 0, undefined, undefined, e.incarnation);
    }
    this.syncHot(node);
  }

  /**
   * Crashes a node: its pending events and timers are dropped, its durable store loses what was not
   * synced, listeners are told (the network resets its connections). It stays down until `restart`.
   */
  crash(node: NodeId, loss: CrashLoss = 'all-unsynced'): void {
    const e = this.entry(node);
    if (!e.isUp) return;
    e.isUp = false;
    e.isFrozen = false;
    e.incarnation++;
    for (const slot of e.backlog) this.queue.release(slot);
    e.backlog = [];
    e.isDraining = false;
    e.timerHandler = null;
    this.syncHot(node);
    const lost = e.durable.crash(loss, this.crashRng);
    this.trace.emit(e.name, 'node-crashed', { incarnation: e.incarnation, unsyncedLost: lost });
    for (const l of this.lifecycle) l(node, 'crash');
  }

  /** Restarts a crashed node with a new incarnation; the caller installs fresh volatile state. */
  restart(node: NodeId): void {
    const e = this.entry(node);
    if (e.isUp) return;
    e.isUp = true;
    this.syncHot(node);
    this.trace.emit(e.name, 'node-restarted', { incarnation: e.incarnation });
    for (const l of this.lifecycle) l(node, 'restart');
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Handles events in (time, seq) order up to and including `untilMs` (Infinity: until idle), then sets
   * `now` to `untilMs` if it was finite. Throws SimulationLimitError when a guard is hit.
   */
  run(untilMs: number = Infinity): RunResult {
    if (!(untilMs >= this.now)) assert(false, `run: untilMs ${untilMs} is before now ${this.now}`);
    const start = this.eventCount;
    for (;;) {
      const t = this.queue.peekTime();
      if (t === Infinity || t > untilMs) break;
      this.step();
    }
    const stoppedBy = untilMs === Infinity ? 'idle' : 'until';
    if (untilMs !== Infinity) this.now = untilMs;
    return { stoppedBy, events: this.eventCount - start, timeMs: this.now };
  }

  /** Handles the earliest pending event. Returns false when the queue is empty. */
  step(): boolean {
    const q = this.queue;
    const slot = q.pop();
    if (slot === -1) return false;
    const time = q.poppedTime;
    if (time > this.maxTimeMs) {
      q.release(slot);
      throw new SimulationLimitError('ZKSIM_TIME_LIMIT', `virtual time limit reached: next event at ${time} ms exceeds maxTimeMs ${this.maxTimeMs}`);
    }
    this.now = time;
    const node = q.target[slot] as number;
    if (q.incarnation[slot] !== this.nodeIncarnation[node]) {
      q.release(slot); // addressed to a crashed node (−1) or to its previous life
      return true;
    }
    const channel = q.channel[slot] as number;
    if (this.nodeBlocked[node] === 1 && channel !== DRAIN_CHANNEL) {
      (this.nodes[node] as NodeEntry).backlog.push(slot); // handled in order when the node resumes
      return true;
    }
    if (++this.eventCount > this.maxEvents) {
      q.release(slot);
      throw new SimulationLimitError('ZKSIM_EVENT_LIMIT', `event limit reached: more than ${this.maxEvents} events handled (at ${time} ms)`);
    }
    this.currentSeq = q.poppedSeq;
    this.currentNode = node;
    const arg = q.arg[slot] as number;
    const payload = q.payload[slot];
    const aux = q.aux[slot];
    q.release(slot);
    (this.channels[channel] as ChannelHandler)(node, arg, payload, aux);
    this.currentNode = -1;
    return true;
  }

  private drainOne(node: NodeId): void {
    const e = this.entry(node);
    if (e.isFrozen) {
      e.isDraining = false; // frozen again: the next resume starts a new drain
      this.syncHot(node);
      return;
    }
    let slot = e.backlog.shift();
    while (slot !== undefined && this.queue.channel[slot] === -1) {
      this.queue.release(slot); // cancelled while it waited
      slot = e.backlog.shift();
    }
    if (slot !== undefined) {
      const q = this.queue;
      const channel = q.channel[slot] as number;
      const arg = q.arg[slot] as number;
      const payload = q.payload[slot];
      const aux = q.aux[slot];
      q.release(slot);
      (this.channels[channel] as ChannelHandler)(node, arg, payload, aux);
    }
    if (e.backlog.length > 0 && e.isUp && !e.isFrozen) {
      this.queue.push(this.now, node, DRAIN_CHANNEL, 0, undefined, undefined, e.incarnation);
    } else {
      e.isDraining = false;
      this.syncHot(node);
    }
  }

  private dispatchTimer(node: NodeId, tag: string, data: unknown): void {
    const h = this.timerHandlers[node] ?? null;
    if (h === null) return;
    if (this.trace.enabled) this.trace.emit(this.entry(node).name, 'timer', { tag });
    h.onTimer(tag, data);
  }

  /** Refreshes the hot copies of a node's state after any change to it. */
  private syncHot(node: NodeId): void {
    const e = this.nodes[node] as NodeEntry;
    this.nodeIncarnation[node] = e.isUp ? e.incarnation : -1;
    this.nodeBlocked[node] = e.isFrozen || e.isDraining ? 1 : 0;
    this.nodeLife[node] = e.incarnation;
    this.timerHandlers[node] = e.timerHandler;
    this.clockOffset[node] = e.clock.driftPpm === 0 ? e.clock.monotonicAt(this.now) - this.now : NaN;
  }

  private entry(node: NodeId): NodeEntry {
    const e = this.nodes[node];
    if (e === undefined) throw new AssertionError(`unknown node ${node}`);
    return e;
  }
}
