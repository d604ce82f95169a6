// The server side of client connections (ServerCnxnFactory + NIOServerCnxn): accepting connections,
// the connect handshake (R30: not serving ⇒ close, client zxid ahead ⇒ close, timeout clamp, new session vs
// reopen), requests held until the session is initialised, replies and watch notifications, and the NIO
// idle-connection expiry queue (R35) that closes a silent connection — the connection, not the session (R36).
import type { ConnId, Network } from '@zksim/network';
import type { ClientReply, ClientRequest, ConnectRequest, ErrorCode, OpResult, SessionId, WatchEventType, ZkMessage, Zxid } from '@zksim/protocol';
import { NO_SESSION, XID_NOTIFICATION, XID_PING } from '@zksim/protocol';
import { DenseMap, grownTo } from '@zksim/kernel';
import type { NodeId } from '@zksim/kernel';
import { ExpiryQueue } from './expiry-queue.ts';
import type { Bucket } from './expiry-queue.ts';
import type { CnxnRef } from './request.ts';
import type { SessionHandles } from './session-handles.ts';

const PING_RESULT = { op: 'ping' } as const;

/** One client connection on this server. */
export interface ServerCnxn extends CnxnRef {
  /** Set once, by `assignSession`. */
  sessionId: SessionId | null;
  /** The simulation's handle of `sessionId` (−1 while none), for the trackers' per-ping paths. */
  sessionHandle: number;
  /** Negotiated timeout for this connection (R30.4); 10 000 (cnxnTimeout) before the handshake (R35). */
  timeoutMs: number;
  /** 'new': no ConnectRequest yet; 'init': session being created/revalidated; 'open': serving requests. */
  stage: 'new' | 'init' | 'open';
  /** False once the factory has forgotten the connection. */
  isOpen: boolean;
  /** Where the factory keeps this connection's hot fields (see `ClientCnxnFactory`); reused once closed. */
  readonly slot: number;
  readonly client: NodeId;
  /** Requests received before the session was initialised (receiving is disabled then, R30.4). */
  held: ClientRequest[];
}

/** What the factory needs from its server. */
export interface CnxnHost {
  readonly name: string;
  readonly network: Network<ZkMessage>;
  readonly node: NodeId;
  readonly cnxnTimeoutMs: number;
  /** The simulation's session handles. */
  readonly sessionHandles: SessionHandles;
  isServing(): boolean;
  lastProcessedZxid(): Zxid;
  negotiateTimeout(requestedMs: number): number;
  localNow(): number;
  armCnxnExpiry(atLocalMs: number): void;
  /** R31: create a session for a new connection. */
  createSession(cnxn: ServerCnxn, timeoutMs: number): void;
  /** R32: revalidate an existing session for a reconnecting client (password already checked). */
  revalidateSession(cnxn: ServerCnxn, sessionId: SessionId, timeoutMs: number): void;
  checkPasswd(sessionId: SessionId, passwd: string): boolean;
  passwdOf(sessionId: SessionId): string;
  /** R47: hand a request of the open connection in `slot` to the pipeline. */
  submitRequest(slot: number, req: ClientRequest): void;
  /** Drops a closed connection's watches (R36). */
  removeWatches(token: string): void;
  peerName(node: NodeId): string;
  trace(type: string, fields: Record<string, unknown>): void;
}

// Stages in `slotStage`.
const FREE = 0;
const NEW = 1;
const INIT = 2;
const OPEN = 3;
const STAGE_CODE = { new: NEW, init: INIT, open: OPEN } as const;

/**
 * Client connections of one server.
 *
 * Each open connection has a slot, a small index reused after it closes, and the fields a ping reads
 * (stage, timeout, session handle, connection id) are kept by slot in dense arrays besides the
 * ServerCnxn object: the network hands the slot over with every message (`Network.bind`), and at 10k
 * connections these arrays stay in cache where the objects do not. The objects stay the record for
 * everything else; the factory alone writes either, and keeps them equal.
 */
export class ClientCnxnFactory {
  /** Open client connections, in connection order (for iteration). */
  readonly cnxns = new Map<ConnId, ServerCnxn>();
  /** The same connections indexed by id. */
  private readonly byId = new DenseMap<ServerCnxn>();
  private readonly byToken = new Map<string, ServerCnxn>();
  private readonly host: CnxnHost;
  /** The idle queue (R35) holds slots; it orders a due bucket by connection id. */
  private readonly idle: ExpiryQueue<number>;
  private armedAt = Infinity;
  /** The last ping reply sent: messages are immutable, so replies with the same zxid share one object. */
  private pingReply: ClientReply | null = null;
  // By slot: FREE or the stage; the timeout; the session handle (−1: none); the connection id; the object.
  private slotStage = new Uint8Array(64);
  private slotTimeout = new Float64Array(64);
  private slotHandle = new Int32Array(64);
  private slotConn = new Int32Array(64);
  private readonly slotObject: (ServerCnxn | undefined)[] = [];
  private readonly freeSlots: number[] = [];

  constructor(host: CnxnHost) {
    this.host = host;
    const connAt = (slot: number): number => this.slotConn[slot] as number;
    this.idle = new ExpiryQueue<number>(host.cnxnTimeoutMs, host.localNow(), (a, b) => connAt(a) - connAt(b), new DenseMap<Bucket<number>>());
  }

  /** A client connected (the TCP accept succeeds even when the server is not serving, R34). */
  onAccepted(conn: ConnId, client: NodeId): void {
    const slot = this.takeSlot();
    const cnxn: ServerCnxn = {
      id: conn, sessionId: null, sessionHandle: -1, timeoutMs: this.host.cnxnTimeoutMs, stage: 'new', isOpen: true, slot,
      token: `${this.host.name}/c${conn}`, client, held: [],
    };
    this.slotStage[slot] = NEW;
    this.slotTimeout[slot] = cnxn.timeoutMs;
    this.slotHandle[slot] = -1;
    this.slotConn[slot] = conn;
    this.slotObject[slot] = cnxn;
    this.host.network.bind(conn, this.host.node, slot);
    this.cnxns.set(conn, cnxn);
    this.byId.set(conn, cnxn);
    this.byToken.set(cnxn.token, cnxn);
    this.touch(slot);
  }

  /**
   * A message on client connection `conn`, whose slot the network delivers with it: false (and nothing
   * done) when it is not an open client connection here. A request of an open connection does not touch
   * the ServerCnxn object.
   */
  onMessage(conn: ConnId, slot: number, message: ZkMessage): boolean {
    const stage = this.slotStage[slot];
    if (stage === FREE || stage === undefined || this.slotConn[slot] !== conn) return false;
    if (!this.host.isServing()) {
      this.close(this.slotObject[slot] as ServerCnxn, 'not-serving'); // R34: "ZooKeeperServer not running"
      return true;
    }
    this.touch(slot);
    if (message.type === 'request' && stage === OPEN) {
      this.host.submitRequest(slot, message);
      return true;
    }
    const cnxn = this.slotObject[slot] as ServerCnxn;
    if (message.type === 'connect') this.processConnectRequest(cnxn, message);
    else if (message.type === 'request') {
      if (stage === INIT) cnxn.held.push(message);
      else this.close(cnxn, 'request-before-connect');
    }
    return true;
  }

  /** The open connection in `slot`. */
  cnxnAt(slot: number): ServerCnxn | undefined {
    return this.slotObject[slot];
  }

  /** The negotiated timeout of the connection in `slot` (ServerCnxn.timeoutMs). */
  timeoutAt(slot: number): number {
    return this.slotTimeout[slot] as number;
  }

  /** The session handle of the connection in `slot` (ServerCnxn.sessionHandle; −1: none yet). */
  handleAt(slot: number): number {
    return this.slotHandle[slot] as number;
  }

  /** The client side closed or the connection was reset. */
  onClosed(conn: ConnId, reason: string): void {
    const cnxn = this.cnxns.get(conn);
    if (cnxn !== undefined) this.forget(cnxn, reason);
  }

  /** R30: the connect handshake. */
  private processConnectRequest(cnxn: ServerCnxn, req: ConnectRequest): void {
    if (cnxn.stage !== 'new') {
      this.close(cnxn, 'duplicate-connect');
      return;
    }
    if (req.lastZxidSeen > this.host.lastProcessedZxid()) {
      // R30.3: the client has seen a newer state; it must try another server.
      this.host.trace('connect-refused', { client: this.clientName(cnxn), reason: 'CLIENT_ZXID_AHEAD', lastZxidSeen: req.lastZxidSeen, lastProcessedZxid: this.host.lastProcessedZxid() });
      this.close(cnxn, 'client-zxid-ahead');
      return;
    }
    const timeoutMs = this.host.negotiateTimeout(req.timeoutMs); // R30.4
    cnxn.timeoutMs = timeoutMs;
    this.slotTimeout[cnxn.slot] = timeoutMs;
    this.setStage(cnxn, 'init');
    this.touch(cnxn.slot);
    if (req.sessionId === NO_SESSION) {
      this.host.createSession(cnxn, timeoutMs); // R31
      return;
    }
    // R30.5: close every other connection of this session on this server, before the password check.
    for (const other of [...this.cnxns.values()]) {
      if (other !== cnxn && other.sessionId === req.sessionId) this.close(other, 'CLIENT_RECONNECT');
    }
    this.assignSession(cnxn, req.sessionId);
    if (!this.host.checkPasswd(req.sessionId, req.passwd)) {
      this.finishSessionInit(cnxn, false); // R32: bad password
      return;
    }
    this.host.revalidateSession(cnxn, req.sessionId, timeoutMs);
  }

  /** Gives a connection its session (once: a new one, or the one a reconnecting client names). */
  assignSession(cnxn: ServerCnxn, sessionId: SessionId): void {
    cnxn.sessionId = sessionId;
    cnxn.sessionHandle = this.host.sessionHandles.of(sessionId);
    if (cnxn.isOpen) this.slotHandle[cnxn.slot] = cnxn.sessionHandle;
  }

  /** R33: answer the handshake; valid ⇒ serve the held requests, invalid ⇒ timeout 0 and close. */
  finishSessionInit(cnxn: ServerCnxn, valid: boolean): void {
    if (!this.cnxns.has(cnxn.id)) return;
    const sessionId = cnxn.sessionId ?? NO_SESSION;
    if (valid) {
      this.send(cnxn, { type: 'connect-response', protocolVersion: 0, timeoutMs: cnxn.timeoutMs, sessionId, passwd: this.host.passwdOf(sessionId), readOnly: false });
      this.setStage(cnxn, 'open');
      this.host.trace('session-established', { sessionId, client: this.clientName(cnxn), timeoutMs: cnxn.timeoutMs });
      const held = cnxn.held;
      cnxn.held = [];
      for (const r of held) {
        if (!this.cnxns.has(cnxn.id)) break;
        this.host.submitRequest(cnxn.slot, r);
      }
    } else {
      this.send(cnxn, { type: 'connect-response', protocolVersion: 0, timeoutMs: 0, sessionId: NO_SESSION, passwd: '00'.repeat(16), readOnly: false });
      this.host.trace('session-invalid', { sessionId, client: this.clientName(cnxn) });
      this.close(cnxn, 'session-invalid');
    }
  }

  /** Sends a reply to a request. */
  reply(cnxn: CnxnRef, xid: number, zxid: Zxid, err: ErrorCode, result: OpResult | null): void {
    const c = this.byId.get(cnxn.id);
    if (c === undefined) return;
    this.send(c, { type: 'reply', xid, zxid, err, result });
  }

  /** Answers a ping on the connection in `slot` with `err` 'ok' (R77): one shared message per zxid. */
  replyPing(slot: number, zxid: Zxid): void {
    if (this.slotStage[slot] === FREE) return;
    let m = this.pingReply;
    if (m === null || m.zxid !== zxid) {
      m = { type: 'reply', xid: XID_PING, zxid, err: 'ok', result: PING_RESULT };
      this.pingReply = m;
    }
    this.host.network.send(this.slotConn[slot] as ConnId, this.host.node, m);
  }

  /** Sends a watch notification to the connection holding `token`. */
  notify(token: string, event: WatchEventType, path: string): void {
    const c = this.byToken.get(token);
    if (c === undefined) return;
    this.send(c, { type: 'notification', xid: XID_NOTIFICATION, zxid: -1, event, path });
  }

  /** Looks a connection up by id. */
  get(id: ConnId): ServerCnxn | undefined {
    return this.byId.get(id);
  }

  /** Closes this server's connections of a session (R57, after a closeSession is applied). */
  closeSession(sessionId: SessionId, reason: string): void {
    for (const c of [...this.cnxns.values()]) if (c.sessionId === sessionId) this.close(c, reason);
  }

  /** Closes every client connection (R70: the server stops serving). */
  closeAll(reason: string): void {
    for (const c of [...this.cnxns.values()]) this.close(c, reason);
  }

  /** Closes one connection from the server side. */
  close(cnxn: CnxnRef, reason: string): void {
    const c = this.cnxns.get(cnxn.id);
    if (c === undefined) return;
    this.host.network.close(c.id, this.host.node);
    this.forget(c, reason);
  }

  /** R35: closes connections whose idle bucket is due; returns when the next check is due. */
  expireIdle(): void {
    const now = this.host.localNow();
    while (this.idle.getWaitTime(now) === 0) {
      for (const slot of this.idle.poll(now)) {
        const c = this.slotObject[slot];
        const expiresAt = this.idle.getExpiryTime(slot);
        if (c !== undefined && expiresAt !== null && expiresAt <= now) {
          this.host.trace('cnxn-expired', { conn: c.id, sessionId: c.sessionId, client: this.clientName(c) });
          this.close(c, 'CONNECTION_EXPIRED');
        }
      }
    }
    this.armedAt = Infinity;
    if (this.idle.size > 0) this.arm();
  }

  private touch(slot: number): void {
    this.idle.update(slot, this.slotTimeout[slot] as number, this.host.localNow());
    this.arm();
  }

  private setStage(c: ServerCnxn, stage: ServerCnxn['stage']): void {
    c.stage = stage;
    if (c.isOpen) this.slotStage[c.slot] = STAGE_CODE[stage];
  }

  private takeSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const slot = this.slotObject.length;
    this.slotObject.push(undefined);
    this.slotStage = grownTo(this.slotStage, slot + 1);
    this.slotTimeout = grownTo(this.slotTimeout, slot + 1);
    this.slotHandle = grownTo(this.slotHandle, slot + 1);
    this.slotConn = grownTo(this.slotConn, slot + 1);
    return slot;
  }

  private arm(): void {
    const at = this.idle.nextExpirationTime;
    if (at < this.armedAt) {
      this.armedAt = at;
      this.host.armCnxnExpiry(at);
    }
  }

  private forget(c: ServerCnxn, reason: string): void {
    c.isOpen = false;
    this.slotStage[c.slot] = FREE;
    this.slotObject[c.slot] = undefined;
    this.freeSlots.push(c.slot);
    this.cnxns.delete(c.id);
    this.byId.delete(c.id);
    this.byToken.delete(c.token);
    this.idle.remove(c.slot);
    this.host.removeWatches(c.token);
    this.host.trace('cnxn-closed', { conn: c.id, sessionId: c.sessionId, client: this.clientName(c), reason });
  }

  private send(c: ServerCnxn, m: ZkMessage): void {
    this.host.network.send(c.id, this.host.node, m);
  }

  private clientName(c: ServerCnxn): string {
    return this.host.peerName(c.client);
  }
}
