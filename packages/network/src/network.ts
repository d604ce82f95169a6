// Connections between kernel nodes, generic over the message type: open, send, close, reset; per-link
// latency; partitions, holds, loss and datagram mode. It owns delivery order (each direction of a connection
// is FIFO unless its link is in datagram mode) and tells nothing about partitions: a stream that lost a
// message stalls silently until an endpoint's own timeout closes it. Timeouts and retries belong to nodes.
import { AssertionError, DenseMap, assert, sampleDelayMs, sampleUniformDelayAt } from '@zksim/kernel';
import type { ChannelId, Kernel, NodeId } from '@zksim/kernel';
import type { ConnId, ConnState, NetEndpoint } from './endpoint.ts';
import { LinkControls } from './link-controls.ts';
import { DEFAULT_LATENCY } from './network-options.ts';
import type { CrashMode, DatagramOptions, DropReason, NetworkOptions, ResetCause } from './network-options.ts';
import { END_CLOSED, END_OPEN, END_PENDING, FIN, SYN, SYN_ACK, Signal, makeConnection, opposite } from './internal/connection.ts';
import type { Connection, Held, Side, Stream } from './internal/connection.ts';
import type { Link } from './internal/link-table.ts';

/** Options of `attach`. */
export interface AttachOptions {
  /** Whether connect attempts to this node are accepted (otherwise refused). */
  readonly listening: boolean;
}

/** Counters since construction. */
export interface NetworkStats {
  readonly delivered: number;
  readonly dropped: number;
  readonly liveConnections: number;
}

// Control events: a refusal (RST answering a SYN) or a reset notice, each addressed to one end.
const CONTROL_REFUSED = 'refused';
const CONTROL_RESET = 'reset';

// Module-level copies of what the per-message path reads: tsx (the benchmark runner) compiles imports to
// property reads through getters, which cost about a tenth of the network's time at 5 M messages.
const OPEN = END_OPEN;
const CLOSED = END_CLOSED;
const SignalClass = Signal;
const sampleDelay = sampleDelayMs;
const sampleUniformAt = sampleUniformDelayAt;

// Fields of a stream's row in `Network.hot`: eight doubles (one cache line when aligned).
const ROW = 8;
/** The sending node of the direction. */
const R_SENDER = 0;
/** The receiving node. */
const R_RECEIVER = 1;
/** Delivery time of the latest message posted in the direction: later messages are never earlier. */
const R_LAST = 2;
/**
 * The link's random state (alea's c, s0, s1, s2: four doubles) while this stream holds it. A stream
 * checks the state out of the kernel's slab on its first fast send and keeps it until anything else
 * draws from the link; the sequence of draws is the link's either way (see `checkOut`).
 */
const R_STATE = 3;

// Bits of `Network.flags`, per stream key (conn·2 + direction), mirroring the Connection and Stream objects
// so the per-message paths can decide from one dense byte that nothing special applies (see `sync`).
/** The connection is live, not reset, the stream not stalled and the sending end open: `send` may go fast. */
const SEND_OK = 1;
/** As SEND_OK, but the receiving end is open and the stream has no backlog: a delivery may go fast. */
const DELIVER_OK = 2;

/**
 * The simulated network: connections between node ids carrying messages of type M.
 *
 * @example
 * const net = new Network<string>(kernel, { defaultLatency: { type: 'uniform', floorMs: 1, spreadMs: 4 } });
 * net.attach(s1, serverEndpoint, { listening: true });
 * net.attach(c1, clientEndpoint, { listening: false });
 * const conn = net.connect(c1, s1, 'client'); // c1 hears onConnected after a round trip, then sends
 */
export class Network<M> extends LinkControls {
  private readonly describe: (message: M) => unknown;
  private readonly resetDelayMs: number | 'latency';
  private readonly crashMode: CrashMode;
  /** Live connections by id (ids count up from 1 and are never reused). */
  private readonly conns = new DenseMap<Connection>();
  private readonly connsByNode: (Set<ConnId> | undefined)[] = [];
  private readonly endpoints: (NetEndpoint<M> | null | undefined)[] = [];
  private readonly isListeningAt: (boolean | undefined)[] = [];
  // Kept after a connection is gone, so late events can still be traced and `peerOf` answered.
  private readonly initiators: NodeId[] = [];
  private readonly acceptors: NodeId[] = [];
  private readonly tags: string[] = [];
  private readonly deliverChannel: ChannelId;
  private readonly drainChannel: ChannelId;
  private readonly controlChannel: ChannelId;
  private nextConnId = 1;
  // Hot per-stream state: one row of ROW doubles per key = conn·2 + direction (ids are never reused), in
  // one array. At 10k connections the Connection → Stream → Link → Rng chain costs a cache miss per
  // object per message, and parallel arrays one per array; a connection's two rows share a cache line.
  // The objects stay the source of truth for the slow paths; `sync` refreshes the flags after every
  // change that can clear one.
  private hot = new Float64Array(64 * ROW);
  /**
   * SEND_OK | DELIVER_OK per key, apart from the rows: a delivery reads only this, and at one byte per
   * stream the whole array stays in cache where a row per delivery would not.
   */
  private flags = new Uint8Array(64);
  /** `Link.index` of each key's link, dense like `flags`. */
  private keyLink = new Int32Array(64);
  /**
   * What the receiving end of each key bound to its end (`bind`), passed with every delivery: a server
   * finds its connection state without a lookup by id (at 10k connections, a cache miss per message).
   */
  private contexts: unknown[] = new Array<unknown>(64).fill(undefined);
  private deliveredCount = 0;
  private droppedCount = 0;

  constructor(kernel: Kernel, options: NetworkOptions<M> = {}) {
    const latency = options.defaultLatency ?? DEFAULT_LATENCY;
    super(kernel, options.name ?? 'network', latency, options.lossProbability ?? 0, options.datagram ?? null);
    this.describe = options.describe ?? ((m: M): unknown => m);
    this.resetDelayMs = options.resetDelayMs ?? 'latency';
    if (this.resetDelayMs !== 'latency') assertDelay(this.resetDelayMs);
    this.crashMode = options.crashMode ?? 'reset';
    const name = this.name;
    this.deliverChannel = kernel.registerChannel(`${name}/deliver`, (node, arg, payload, aux) => this.onDeliver(node, arg, payload, aux));
    this.drainChannel = kernel.registerChannel(`${name}/drain`, (node, arg) => this.onDrain(node, arg));
    this.controlChannel = kernel.registerChannel(`${name}/control`, (node, arg, payload) => this.onControl(node, arg, payload));
    kernel.onLifecycle((node, event) => {
      if (event === 'crash') this.onCrash(node);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  /** Attaches a node's endpoint (again after a restart: a crash detaches it). */
  attach(node: NodeId, endpoint: NetEndpoint<M>, options: AttachOptions): void {
    if (!(this.kernel.isUp(node))) assert(false, `attach: node ${this.kernel.nodeName(node)} is down`);
    this.endpoints[node] = endpoint;
    this.isListeningAt[node] = options.listening;
  }

  /** Opens or shuts the node's listening socket; existing connections are not affected. */
  setListening(node: NodeId, listening: boolean): void {
    this.isListeningAt[node] = listening;
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /**
   * Starts a connection from `from` to `to`; `tag` labels it for the acceptor and the trace.
   * The acceptor is told after one latency, the initiator after the round trip; a node that is down or not
   * listening refuses (the initiator is told after a round trip); across a partition the attempt hangs.
   */
  connect(from: NodeId, to: NodeId, tag = 'default'): ConnId {
    const k = this.kernel;
    if (!(k.isUp(from) && this.endpoints[from] != null)) assert(false, `connect: node ${k.nodeName(from)} has no endpoint attached`);
    const id = this.nextConnId++;
    const c = makeConnection(id, from, to, tag, this.links.get(from, to), this.links.get(to, from));
    this.conns.set(id, c);
    this.growKeys(id * 2 + 2);
    const hot = this.hot;
    for (const side of [0, 1] as const) {
      const s = c.streams[side];
      const r = (id * 2 + side) * ROW;
      hot[r + R_SENDER] = s.sender;
      hot[r + R_RECEIVER] = s.receiver;
      this.keyLink[id * 2 + side] = s.link.index;
    }
    this.connsOf(from).add(id);
    this.connsOf(to).add(id);
    this.initiators[id] = from;
    this.acceptors[id] = to;
    this.tags[id] = tag;
    if (k.trace.enabled) k.trace.emit(k.nodeName(from), 'conn-connect', { conn: id, from: k.nodeName(from), to: k.nodeName(to), tag });
    const [forward, backward] = c.streams;
    if (this.isCut(forward.link) || this.isCut(backward.link)) {
      // The SYN, or the answer to it, cannot cross: the attempt hangs until the initiator gives up.
      this.dropped(c, 0, SYN, 'partition', from);
      forward.isStalled = true;
      backward.isStalled = true;
      c.ends[1] = END_CLOSED;
      this.sync(c);
      return id;
    }
    if (!k.isUp(to) || this.endpoints[to] == null || this.isListeningAt[to] !== true) {
      // The target host answers the SYN with RST: one round trip.
      c.ends[1] = END_CLOSED;
      const rtt = this.sampleLatency(forward.link) + this.sampleLatency(backward.link);
      k.post(k.now + rtt, from, this.controlChannel, id * 2, CONTROL_REFUSED);
      this.sync(c);
      return id;
    }
    this.transmit(c, 0, SYN, k.now);
    // The SYN-ACK leaves when the SYN arrives (at the host: the acceptor's process need not be running).
    this.transmit(c, 1, SYN_ACK, this.hot[id * 2 * ROW + R_LAST] as number);
    return id;
  }

  /** Sends `message` from the `from` end; a no-op if that end has closed. Order is kept per direction. */
  send(conn: ConnId, from: NodeId, message: M): void {
    // Fast path: an open stream on a plain link (uniform default latency, no loss, no datagram mode) and no
    // partition anywhere. It reads the stream's row and the link's random stream, and makes exactly the
    // draws `transmit` would make.
    const hot = this.hot;
    let r = conn * 2 * ROW;
    if (r < hot.length && (hot[r + R_SENDER] === from || hot[(r += ROW) + R_SENDER] === from)) {
      const links = this.links;
      const key = r / ROW;
      const li = this.keyLink[key] as number;
      if (((this.flags[key] as number) & SEND_OK) !== 0 && this.partitions.size === 0 && links.fast[li] === 1) {
        if (links.owner[li] !== key) this.checkOut(li, key);
        const k = this.kernel;
        const d = links.defaultLatency as { floorMs: number; spreadMs: number };
        let at = k.now + sampleUniformAt(d.floorMs, d.spreadMs, hot, r + R_STATE);
        const last = hot[r + R_LAST] as number;
        if (at < last) at = last; // FIFO: never before the previous message
        hot[r + R_LAST] = at;
        k.post(at, hot[r + R_RECEIVER] as NodeId, this.deliverChannel, key, message, k.trace.enabled ? k.now : undefined);
        return;
      }
    }
    const c = this.conns.get(conn);
    if (c === undefined) return;
    const slowSide: Side = from === c.initiator ? 0 : from === c.acceptor ? 1 : this.sideOf(c, from);
    const state = c.ends[slowSide];
    if (state !== OPEN) {
      if (state === CLOSED) return;
      fail(`send on connection ${conn} before its end ${this.kernel.nodeName(from)} was told it is open`);
    }
    this.transmit(c, slowSide, message, this.kernel.now);
  }

  /**
   * Attaches `context` to `node`'s end of a live connection: every message delivered to that end comes
   * with it (`NetEndpoint.onMessage`). Dropped when the connection is gone. Rebinding replaces it.
   */
  bind(conn: ConnId, node: NodeId, context: unknown): void {
    const c = this.conns.get(conn);
    if (!(c !== undefined)) assert(false, `bind: connection ${conn} is not live`);
    // Messages to `node` travel in the other end's direction.
    this.contexts[conn * 2 + opposite(this.sideOf(c, node))] = context;
  }

  /** Closes the connection at `by`'s end: it hears nothing more; the peer is told after the data in flight. */
  close(conn: ConnId, by: NodeId): void {
    const c = this.conns.get(conn);
    if (c === undefined) return;
    const side = this.sideOf(c, by);
    if (c.ends[side] === END_CLOSED) return;
    c.ends[side] = END_CLOSED;
    this.sync(c);
    const k = this.kernel;
    if (k.trace.enabled) k.trace.emit(k.nodeName(by), 'conn-closed', { conn, peer: k.nodeName(this.peerOf(conn, by)), reason: 'local' });
    if (!c.isReset && c.ends[opposite(side)] !== END_CLOSED) this.transmit(c, side, FIN, k.now);
    this.finishIfDone(c);
  }

  /** Resets the connection (a fault): in-flight data is lost; each end still open is told after `delayMs`. */
  reset(conn: ConnId, delayMs?: number): void {
    const c = this.conns.get(conn);
    if (c === undefined) return;
    if (delayMs !== undefined) assertDelay(delayMs);
    this.resetConnection(c, 'fault', c.initiator, delayMs ?? this.resetDelayMs, true);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** The network's view of a connection. */
  connState(conn: ConnId): ConnState {
    if (!(conn >= 1 && conn < this.nextConnId)) assert(false, `unknown connection ${conn}`);
    const c = this.conns.get(conn);
    if (c === undefined) return 'closed';
    if (c.isReset) return 'reset';
    if (c.ends[0] === END_PENDING) return 'connecting';
    if (c.ends[0] === END_CLOSED || c.ends[1] === END_CLOSED) return 'closing';
    return 'open';
  }

  /** True while the connection is established and neither closed nor reset (a stalled one is open). */
  isOpen(conn: ConnId): boolean {
    return this.connState(conn) === 'open';
  }

  /** The other end of a connection (also after it is gone). */
  peerOf(conn: ConnId, node: NodeId): NodeId {
    const a = this.initiators[conn];
    const b = this.acceptors[conn];
    if (!(a !== undefined && b !== undefined && (node === a || node === b))) assert(false, `node ${node} is not an end of connection ${conn}`);
    return node === a ? b : a;
  }

  /** The node that called `connect`. */
  initiatorOf(conn: ConnId): NodeId {
    const n = this.initiators[conn];
    if (!(n !== undefined)) assert(false, `unknown connection ${conn}`);
    return n;
  }

  /** The node that was connected to. */
  acceptorOf(conn: ConnId): NodeId {
    const n = this.acceptors[conn];
    if (!(n !== undefined)) assert(false, `unknown connection ${conn}`);
    return n;
  }

  /** The tag given to `connect`. */
  tagOf(conn: ConnId): string {
    const t = this.tags[conn];
    if (!(t !== undefined)) assert(false, `unknown connection ${conn}`);
    return t;
  }

  /** Live connections with `node` as an end, oldest first. */
  connectionsOf(node: NodeId): ConnId[] {
    return [...(this.connsByNode[node] ?? [])];
  }

  /** Counters since construction. */
  get stats(): NetworkStats {
    return { delivered: this.deliveredCount, dropped: this.droppedCount, liveConnections: this.conns.size };
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: the hot path

  /** Puts a message or signal on the wire in direction `side`, leaving at `departMs`. */
  private transmit(c: Connection, side: Side, payload: unknown, departMs: number): void {
    const s = c.streams[side];
    if (c.isReset) return this.dropped(c, side, payload, 'reset', s.sender);
    if (s.isStalled) return this.dropped(c, side, payload, 'stalled', s.sender);
    const link = s.link;
    const isSignal = payload instanceof SignalClass;
    if (!isSignal) {
      const datagram = link.datagram ?? this.links.defaultDatagram;
      if (datagram !== null) return this.transmitDatagram(c, side, payload, datagram);
    }
    if (this.partitions.size > 0 && this.isCut(link)) {
      this.dropped(c, side, payload, 'partition', s.sender);
      return this.stall(c, side);
    }
    if (!isSignal) {
      const loss = link.lossProbability ?? this.links.defaultLoss;
      if (loss > 0 && this.rngOf(link).chance(loss)) {
        this.dropped(c, side, payload, 'loss', s.sender);
        return this.resetConnection(c, 'loss', s.sender, this.resetDelayMs, true);
      }
    }
    let at = departMs + sampleDelay(link.latency ?? link.pairLatency ?? this.links.defaultLatency, this.rngOf(link));
    const key = c.id * 2 + side;
    const last = this.hot[key * ROW + R_LAST] as number;
    if (at < last) at = last; // FIFO: never before the previous message
    this.hot[key * ROW + R_LAST] = at;
    if (isSignal) s.signalMs = at;
    const k = this.kernel;
    k.post(at, s.receiver, this.deliverChannel, key, payload, k.trace.enabled ? departMs : undefined);
  }

  /** Datagram mode: no FIFO clamp; a message may be dropped or doubled; nothing stalls. */
  private transmitDatagram(c: Connection, side: Side, payload: unknown, options: DatagramOptions): void {
    const s = c.streams[side];
    const link = s.link;
    if (this.partitions.size > 0 && this.isCut(link)) return this.dropped(c, side, payload, 'partition', s.sender);
    if (options.dropProbability > 0 && this.rngOf(link).chance(options.dropProbability)) {
      return this.dropped(c, side, payload, 'datagram-drop', s.sender);
    }
    const copies = options.duplicateProbability > 0 && this.rngOf(link).chance(options.duplicateProbability) ? 2 : 1;
    const k = this.kernel;
    if (copies === 2 && k.trace.enabled) k.trace.emit(k.nodeName(s.sender), 'message-duplicated', this.messageFields(c, side, payload));
    for (let i = 0; i < copies; i++) {
      const at = Math.max(k.now + sampleDelay(this.links.latencyOf(link), this.rngOf(link)), s.signalMs);
      k.post(at, s.receiver, this.deliverChannel, c.id * 2 + side, payload, k.trace.enabled ? k.now : undefined);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Delivering

  private onDeliver(node: NodeId, arg: number, payload: unknown, aux: unknown): void {
    // Fast path: every check of `arrive` passes (flags), no link is held, no partition, trace off. It does
    // not touch the Connection: at 10k connections that is the costliest part of a delivery.
    if (((this.flags[arg] as number) & DELIVER_OK) !== 0 && this.heldLinks === 0 && this.partitions.size === 0
      && !(payload instanceof SignalClass) && !this.kernel.trace.enabled) {
      const e = this.endpoints[node];
      if (e != null) {
        this.deliveredCount++;
        e.onMessage((arg - (arg % 2)) / 2, payload as M, this.contexts[arg]);
        return;
      }
    }
    const side = (arg % 2) as Side;
    const c = this.conns.get((arg - side) / 2);
    if (c === undefined) return this.droppedLate((arg - side) / 2, side, payload);
    const s = c.streams[side];
    if (s.backlog !== null || s.link.isHeld) return this.enqueue(c, side, payload, aux as number | undefined);
    this.arrive(c, side, payload, aux as number | undefined, node);
  }

  /** A delivery reaches its receiver (after any hold): the last checks, then the endpoint is called. */
  private arrive(c: Connection, side: Side, payload: unknown, sentAt: number | undefined, node: NodeId): void {
    const receiverState = c.ends[side === 0 ? 1 : 0];
    if (c.isReset) return this.dropped(c, side, payload, 'reset', node);
    if (receiverState === CLOSED) return this.dropped(c, side, payload, 'closed', node);
    const s = c.streams[side];
    if (s.isStalled) return this.dropped(c, side, payload, 'stalled', node);
    const isSignal = payload instanceof SignalClass;
    if (this.partitions.size > 0 && this.isCut(s.link)) {
      this.dropped(c, side, payload, 'partition', node);
      // A lost stream segment leaves a gap nothing can cross; a lost datagram is just lost.
      if (isSignal || this.links.datagramOf(s.link) === null) this.stall(c, side);
      return;
    }
    if (isSignal) return this.arriveSignal(c, side, payload, sentAt);
    if (receiverState !== OPEN) fail(`message on connection ${c.id} reached an end that was not told it is open`);
    this.deliveredCount++;
    const k = this.kernel;
    if (k.trace.enabled) {
      k.trace.emit(k.nodeName(node), 'message-delivered', {
        conn: c.id, from: k.nodeName(s.sender), to: k.nodeName(node), sentAt, message: this.describe(payload as M),
      });
    }
    this.endpointOf(node).onMessage(c.id, payload as M, this.contexts[c.id * 2 + side]);
  }

  private arriveSignal(c: Connection, side: Side, signal: Signal, sentAt: number | undefined): void {
    const k = this.kernel;
    const receiver = c.streams[side].receiver;
    const end = opposite(side);
    const fields = k.trace.enabled
      ? { conn: c.id, from: k.nodeName(c.initiator), to: k.nodeName(c.acceptor), tag: c.tag, sentAt }
      : undefined;
    if (signal === SYN) {
      if (!(c.ends[1] === END_PENDING)) assert(false, `SYN reached the acceptor of connection ${c.id} twice`);
      c.ends[1] = END_OPEN;
      this.sync(c);
      if (fields !== undefined) k.trace.emit(k.nodeName(receiver), 'conn-accepted', fields);
      this.endpointOf(receiver).onAccepted(c.id, c.initiator, c.tag);
    } else if (signal === SYN_ACK) {
      if (!(c.ends[0] === END_PENDING)) assert(false, `SYN-ACK reached the initiator of connection ${c.id} twice`);
      c.ends[0] = END_OPEN;
      this.sync(c);
      if (fields !== undefined) k.trace.emit(k.nodeName(receiver), 'conn-connected', fields);
      this.endpointOf(receiver).onConnected(c.id, c.acceptor);
    } else {
      if (!(c.ends[end] === END_OPEN)) assert(false, `FIN reached an end of connection ${c.id} that was not open`);
      c.ends[end] = END_CLOSED;
      this.sync(c);
      if (k.trace.enabled) {
        k.trace.emit(k.nodeName(receiver), 'conn-closed', { conn: c.id, peer: k.nodeName(c.streams[side].sender), reason: 'peer-closed' });
      }
      this.finishIfDone(c);
      this.endpointOf(receiver).onClosed(c.id, 'peer-closed');
    }
  }

  /** A refusal or reset notice reaches one end. An RST is a packet too: across a partition it is lost. */
  private onControl(node: NodeId, arg: number, payload: unknown): void {
    const end = (arg % 2) as Side;
    const c = this.conns.get((arg - end) / 2);
    if (c === undefined || c.ends[end] === END_CLOSED) return;
    const k = this.kernel;
    const from = c.streams[opposite(end)].sender;
    if (this.isCut(c.streams[opposite(end)].link)) {
      this.droppedCount++;
      if (k.trace.enabled) {
        const fields = { conn: c.id, from: k.nodeName(from), to: k.nodeName(node), reason: 'partition', signal: 'rst' };
        k.trace.emit(k.nodeName(node), 'message-dropped', fields);
      }
      return;
    }
    const wasPending = c.ends[end] === END_PENDING;
    c.ends[end] = END_CLOSED;
    this.sync(c);
    this.finishIfDone(c);
    const endpoint = this.endpointOf(node);
    const fields = k.trace.enabled ? { conn: c.id, peer: k.nodeName(from) } : undefined;
    if (payload === CONTROL_REFUSED) {
      if (fields !== undefined) k.trace.emit(k.nodeName(node), 'conn-refused', fields);
      endpoint.onConnectFailed(c.id, 'refused');
    } else if (wasPending) {
      if (fields !== undefined) k.trace.emit(k.nodeName(node), 'conn-connect-failed', { ...fields, reason: 'reset' });
      endpoint.onConnectFailed(c.id, 'reset');
    } else {
      if (fields !== undefined) k.trace.emit(k.nodeName(node), 'conn-closed', { ...fields, reason: 'reset' });
      endpoint.onClosed(c.id, 'reset');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Holding

  private enqueue(c: Connection, side: Side, payload: unknown, sentAt: number | undefined): void {
    const s = c.streams[side];
    if (s.backlog === null) {
      s.backlog = [];
      s.backlogHead = 0;
      s.link.backlogged.add(c.id * 2 + side);
      this.sync(c);
    }
    s.backlog.push({ payload, sentAt });
    const k = this.kernel;
    if (s.link.isHeld && k.trace.enabled) k.trace.emit(k.nodeName(s.receiver), 'message-held', this.messageFields(c, side, payload));
  }

  protected drainReleased(link: Link): number {
    let queued = 0;
    for (const key of link.backlogged) {
      const s = this.streamOf(key);
      if (s === undefined || s.backlog === null) continue;
      queued += s.backlog.length - s.backlogHead;
      this.scheduleDrain(key, s);
    }
    return queued;
  }

  private scheduleDrain(key: number, s: Stream): void {
    if (s.isDraining) return;
    s.isDraining = true;
    this.kernel.post(this.kernel.now, s.receiver, this.drainChannel, key, undefined);
  }

  /** Delivers the oldest waiting delivery of a released stream, then schedules the next one. */
  private onDrain(node: NodeId, key: number): void {
    const side = (key % 2) as Side;
    const c = this.conns.get((key - side) / 2);
    if (c === undefined) return;
    const s = c.streams[side];
    s.isDraining = false;
    if (s.backlog === null || s.link.isHeld) return; // held again: the next release drains
    const held = s.backlog[s.backlogHead++];
    if (!(held !== undefined)) assert(false, `empty backlog on connection ${c.id}`);
    if (s.backlogHead === s.backlog.length) this.clearBacklog(c, side);
    this.arrive(c, side, held.payload, held.sentAt, node);
    if (s.backlog !== null) this.scheduleDrain(key, s);
  }

  private clearBacklog(c: Connection, side: Side): void {
    const s = c.streams[side];
    s.backlog = null;
    s.backlogHead = 0;
    s.link.backlogged.delete(c.id * 2 + side);
    this.sync(c);
  }

  /** Drops everything waiting in a stream's backlog. */
  private dropBacklog(c: Connection, side: Side, reason: DropReason): void {
    const s = c.streams[side];
    const backlog = s.backlog;
    if (backlog === null) return;
    for (let i = s.backlogHead; i < backlog.length; i++) this.dropped(c, side, (backlog[i] as Held).payload, reason, s.receiver);
    this.clearBacklog(c, side);
  }

  // ---------------------------------------------------------------------------------------------
  // Breaking

  /** A stream lost a segment: it delivers nothing more. If the SYN was lost, the acceptor never hears. */
  private stall(c: Connection, side: Side): void {
    const s = c.streams[side];
    if (s.isStalled) return;
    s.isStalled = true;
    this.sync(c);
    this.dropBacklog(c, side, 'stalled');
    if (side === 0 && c.ends[1] === END_PENDING) {
      c.ends[1] = END_CLOSED;
      c.streams[1].isStalled = true; // no SYN-ACK without a SYN
      this.sync(c);
      this.dropBacklog(c, 1, 'stalled');
    }
    this.finishIfDone(c);
  }

  private resetConnection(c: Connection, cause: ResetCause, at: NodeId, delayMs: number | 'latency', notify: boolean): void {
    if (c.isReset) return;
    c.isReset = true;
    this.sync(c);
    this.dropBacklog(c, 0, 'reset');
    this.dropBacklog(c, 1, 'reset');
    const k = this.kernel;
    if (k.trace.enabled) {
      k.trace.emit(k.nodeName(at), 'conn-reset', { conn: c.id, from: k.nodeName(c.initiator), to: k.nodeName(c.acceptor), cause, notify });
    }
    for (const end of [0, 1] as const) {
      if (c.ends[end] === END_CLOSED) continue;
      if (end === 1 && c.ends[1] === END_PENDING) {
        c.ends[1] = END_CLOSED; // the acceptor had not heard of it yet, and now never will
        this.sync(c);
        continue;
      }
      if (!notify) continue;
      const link = c.streams[opposite(end)].link;
      const delay = delayMs === 'latency' ? this.sampleLatency(link) : delayMs;
      const node = end === 0 ? c.initiator : c.acceptor;
      k.post(k.now + delay, node, this.controlChannel, c.id * 2 + end, CONTROL_RESET);
    }
    this.finishIfDone(c);
  }

  /** A crash resets every connection of the node; its endpoint is detached until it attaches again. */
  private onCrash(node: NodeId): void {
    this.endpoints[node] = null;
    this.isListeningAt[node] = false;
    const ids = this.connsByNode[node];
    if (ids === undefined) return;
    for (const id of [...ids]) {
      const c = this.conns.get(id);
      if (c === undefined) continue;
      c.ends[this.sideOf(c, node)] = END_CLOSED;
      this.sync(c);
      if (c.isReset) this.finishIfDone(c); // reset before; the peer's notice is already on its way
      else this.resetConnection(c, 'crash', node, this.resetDelayMs, this.crashMode === 'reset');
    }
  }

  /** Forgets a connection once neither end can hear of it any more. */
  private finishIfDone(c: Connection): void {
    if (c.ends[0] !== END_CLOSED || c.ends[1] !== END_CLOSED) return;
    if (!this.conns.delete(c.id)) return;
    this.sync(c);
    this.connsByNode[c.initiator]?.delete(c.id);
    this.connsByNode[c.acceptor]?.delete(c.id);
    this.contexts[c.id * 2] = undefined;
    this.contexts[c.id * 2 + 1] = undefined;
    this.clearBacklog(c, 0);
    this.clearBacklog(c, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * Recomputes the fast-path flags of both directions of `c` from the objects. Called right after any
   * change that can clear a flag (an end closing, a reset, a stall, a backlog, the connection ending),
   * before anything else can send or deliver, and after the changes that can set one.
   */
  private sync(c: Connection): void {
    const live = this.conns.get(c.id) === c && !c.isReset;
    for (const side of [0, 1] as const) {
      const s = c.streams[side];
      let f = 0;
      if (live && !s.isStalled) {
        if (c.ends[side] === OPEN) f |= SEND_OK;
        if (c.ends[opposite(side)] === OPEN && s.backlog === null) f |= DELIVER_OK;
      }
      this.flags[c.id * 2 + side] = f;
    }
  }

  /**
   * Moves link `li`'s random state into stream `key`'s row (from the slab, or from the row of the stream
   * that held it), so a fast send reads one row: at 10k connections the slab entry of each link was a
   * cache miss of its own per message. Draws happen in the same order on the same state wherever it is.
   */
  private checkOut(li: number, key: number): void {
    this.checkIn(li);
    const b = this.links.rngBase[li] as number;
    this.hot.set(this.links.slabData.subarray(b, b + 4), key * ROW + R_STATE);
    this.links.owner[li] = key;
  }

  protected override checkIn(li: number): void {
    const key = this.links.owner[li] as number;
    if (key === -1) return;
    const r = key * ROW + R_STATE;
    this.links.slabData.set(this.hot.subarray(r, r + 4), this.links.rngBase[li] as number);
    this.links.owner[li] = -1;
  }

  /** Makes the per-stream rows hold at least `n` keys. */
  private growKeys(n: number): void {
    if (n * ROW <= this.hot.length) return;
    let size = this.hot.length;
    while (size < n * ROW) size *= 2;
    const hot = new Float64Array(size);
    hot.set(this.hot);
    this.hot = hot;
    const flags = new Uint8Array(size / ROW);
    flags.set(this.flags);
    this.flags = flags;
    const keyLink = new Int32Array(size / ROW);
    keyLink.set(this.keyLink);
    this.keyLink = keyLink;
    while (this.contexts.length < size / ROW) this.contexts.push(undefined);
  }

  private sideOf(c: Connection, node: NodeId): Side {
    if (node === c.initiator) return 0;
    if (!(node === c.acceptor)) assert(false, `node ${node} is not an end of connection ${c.id}`);
    return 1;
  }

  private connsOf(node: NodeId): Set<ConnId> {
    let set = this.connsByNode[node];
    if (set === undefined) {
      set = new Set();
      this.connsByNode[node] = set;
    }
    return set;
  }

  private streamOf(key: number): Stream | undefined {
    const side = (key % 2) as Side;
    return this.conns.get((key - side) / 2)?.streams[side];
  }

  private endpointOf(node: NodeId): NetEndpoint<M> {
    const e = this.endpoints[node];
    if (e == null) fail(`node ${this.kernel.nodeName(node)} has no endpoint attached`);
    return e;
  }

  private dropped(c: Connection, side: Side, payload: unknown, reason: DropReason, at: NodeId): void {
    this.droppedCount++;
    const k = this.kernel;
    if (k.trace.enabled) k.trace.emit(k.nodeName(at), 'message-dropped', { ...this.messageFields(c, side, payload), reason });
  }

  /** A delivery for a connection that is gone (both ends closed). */
  private droppedLate(conn: ConnId, side: Side, payload: unknown): void {
    this.droppedCount++;
    const k = this.kernel;
    if (!k.trace.enabled) return;
    const sender = side === 0 ? this.initiatorOf(conn) : this.acceptorOf(conn);
    const receiver = this.peerOf(conn, sender);
    k.trace.emit(k.nodeName(receiver), 'message-dropped', {
      conn, from: k.nodeName(sender), to: k.nodeName(receiver), reason: 'closed', ...this.payloadField(payload),
    });
  }

  private messageFields(c: Connection, side: Side, payload: unknown): Record<string, unknown> {
    const s = c.streams[side];
    const k = this.kernel;
    return { conn: c.id, from: k.nodeName(s.sender), to: k.nodeName(s.receiver), ...this.payloadField(payload) };
  }

  private payloadField(payload: unknown): Record<string, unknown> {
    return payload instanceof Signal ? { signal: payload.kind } : { message: this.describe(payload as M) };
  }
}

/** Stops the run on a broken invariant; unlike `assert`, the message is built only when it fails. */
function fail(message: string): never {
  throw new AssertionError(message);
}

function assertDelay(ms: number): void {
  if (!(Number.isInteger(ms) && ms >= 0)) assert(false, `a reset delay must be an integer number of ms ≥ 0 (got ${ms})`);
}


