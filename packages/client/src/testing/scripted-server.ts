// A fake ZooKeeper server for client tests: a NetEndpoint on a server node whose every answer a test
// controls. Policies say how it treats handshakes (grant, expire, hold, close), requests (answer at
// once or hold for `answerNext`) and pings; commands drop or reset connections, expire sessions, go
// silent and push watch notifications. It keeps a tiny znode map so answers look like a server's, but it
// models none of a real server's pipeline, quorum or expiry timing — that is packages/server's job.
import { assert } from '@zksim/kernel';
import type { Kernel, NodeId } from '@zksim/kernel';
import type { ConnId, NetEndpoint, Network } from '@zksim/network';
import { NO_SESSION, XID_NOTIFICATION, XID_PING } from '@zksim/protocol';
import type { ClientReply, ClientRequest, ConnectRequest, SessionId, WatchEventType, ZkMessage } from '@zksim/protocol';
import { ZnodeMap } from './znode-map.ts';

/** How the server answers a ConnectRequest. */
export type HandshakePolicy = 'grant' | 'expire' | 'hold' | 'close';

/** How the server answers requests other than pings. */
export type RequestPolicy = 'answer' | 'hold';

/** One connection as the server sees it. */
export interface ScriptedConnection {
  readonly conn: ConnId;
  readonly peer: NodeId;
  sessionId: SessionId | null;
  heldConnect: ConnectRequest | null;
  readonly heldRequests: ClientRequest[];
}

/** Something the server received, with the global time. */
export interface ReceivedMessage {
  readonly timeMs: number;
  readonly conn: ConnId;
  readonly message: ZkMessage;
}

/** Options of a ScriptedServer. */
export interface ScriptedServerOptions {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly node: NodeId;
  /** Byte 63..56 of the session ids it hands out (R1). Default 1. */
  readonly serverId?: number;
  /** Session table shared with other scripted servers (a fake ensemble); default: its own. */
  readonly sessions?: Map<SessionId, ScriptedSession>;
  /** Znodes shared with other scripted servers; default: its own. */
  readonly tree?: ZnodeMap;
}

/** A session as the scripted servers know it. */
export interface ScriptedSession {
  readonly timeoutMs: number;
  isExpired: boolean;
}

/** A scripted server endpoint; see the file comment. */
export class ScriptedServer implements NetEndpoint<ZkMessage> {
  handshake: HandshakePolicy = 'grant';
  requests: RequestPolicy = 'answer';
  /** Whether pings are answered. */
  answersPings = true;
  /** Timeout granted by 'grant'; null grants what the client asked for. */
  grantTimeoutMs: number | null = null;
  /** Every message received, in order. */
  readonly received: ReceivedMessage[] = [];
  /** Live connections by id, oldest first. */
  readonly connections = new Map<ConnId, ScriptedConnection>();
  /** Sessions this server granted, with their validity. */
  readonly sessions: Map<SessionId, ScriptedSession>;
  readonly tree: ZnodeMap;
  private readonly kernel: Kernel;
  private readonly network: Network<ZkMessage>;
  private readonly node: NodeId;
  private readonly serverId: number;
  private nextSession = 0;
  private silentBacklog: { readonly conn: ConnId; readonly message: ZkMessage }[] | null = null;

  constructor(options: ScriptedServerOptions) {
    this.kernel = options.kernel;
    this.network = options.network;
    this.node = options.node;
    this.serverId = options.serverId ?? 1;
    this.sessions = options.sessions ?? new Map();
    this.tree = options.tree ?? new ZnodeMap(() => this.kernel.wallNow(this.node));
    this.network.attach(options.node, this, { listening: true });
  }

  /** Opens or shuts the listening socket (shut: connect attempts are refused). */
  setListening(listening: boolean): void {
    this.network.setListening(this.node, listening);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /** True between `goSilent` and `resumeTalking`. */
  get isSilent(): boolean {
    return this.silentBacklog !== null;
  }

  /** The server process stops answering (sockets stay open); what arrives waits, in order. */
  goSilent(): void {
    this.silentBacklog ??= [];
  }

  /** The server handles, in order, what arrived while it was silent (on connections still open). */
  resumeTalking(): void {
    const backlog = this.silentBacklog ?? [];
    this.silentBacklog = null;
    for (const { conn, message } of backlog) this.handle(conn, message);
  }

  /** Answers held handshakes (all, or one connection's) with the current handshake policy or `policy`. */
  releaseHandshakes(policy: Exclude<HandshakePolicy, 'hold'> = 'grant', conn?: ConnId): void {
    for (const c of this.pick(conn)) {
      const req = c.heldConnect;
      if (req === null) continue;
      c.heldConnect = null;
      this.answerConnect(c, req, policy);
    }
  }

  /** Answers the oldest held request of a connection (default: the newest connection). */
  answerNext(conn?: ConnId): boolean {
    const c = this.pick(conn).at(-1);
    const req = c?.heldRequests.shift();
    if (c === undefined || req === undefined) return false;
    this.answer(c, req);
    return true;
  }

  /** Answers every held request, in order. */
  answerAll(conn?: ConnId): number {
    let n = 0;
    while (this.answerNext(conn)) n++;
    return n;
  }

  /** Answers the second held request before the first (an out-of-order reply, R80). */
  answerOutOfOrder(conn?: ConnId): boolean {
    const c = this.pick(conn).at(-1);
    if (c === undefined || c.heldRequests.length < 2) return false;
    const second = c.heldRequests.splice(1, 1)[0] as ClientRequest;
    this.answer(c, second);
    return true;
  }

  /** Closes connections gracefully after what was sent (all, or one). */
  dropConnections(conn?: ConnId): void {
    for (const c of this.pick(conn)) {
      this.connections.delete(c.conn);
      this.network.close(c.conn, this.node);
    }
  }

  /** Resets connections (in-flight data is lost). */
  resetConnections(conn?: ConnId): void {
    for (const c of this.pick(conn)) {
      this.connections.delete(c.conn);
      this.network.reset(c.conn);
    }
  }

  /** Expires sessions (all, or one): their connections are closed, later handshakes get timeout 0 (R33, R57). */
  expireSessions(sessionId?: SessionId): void {
    for (const [id, s] of this.sessions) {
      if (sessionId !== undefined && id !== sessionId) continue;
      s.isExpired = true;
      this.tree.killSession(id);
      for (const c of [...this.connections.values()]) if (c.sessionId === id) this.dropConnections(c.conn);
    }
  }

  /** Pushes a watch notification on every connection of the session (or on all connections). */
  notify(event: WatchEventType, path: string, sessionId?: SessionId): void {
    for (const c of this.connections.values()) {
      if (c.sessionId === null || (sessionId !== undefined && c.sessionId !== sessionId)) continue;
      this.network.send(c.conn, this.node, { type: 'notification', xid: XID_NOTIFICATION, zxid: this.tree.zxid, event, path });
    }
  }

  /** Messages of one type received so far. */
  receivedOf<T extends ZkMessage['type']>(type: T): Extract<ZkMessage, { type: T }>[] {
    return this.received.filter((r) => r.message.type === type).map((r) => r.message as Extract<ZkMessage, { type: T }>);
  }

  // ---------------------------------------------------------------------------------------------
  // NetEndpoint

  onAccepted(conn: ConnId, peer: NodeId): void {
    this.connections.set(conn, { conn, peer, sessionId: null, heldConnect: null, heldRequests: [] });
  }

  onConnected(): void {
    assert(false, 'a scripted server never connects out');
  }

  onConnectFailed(): void {
    assert(false, 'a scripted server never connects out');
  }

  onMessage(conn: ConnId, message: ZkMessage): void {
    this.received.push({ timeMs: this.kernel.now, conn, message });
    if (this.silentBacklog !== null) this.silentBacklog.push({ conn, message });
    else this.handle(conn, message);
  }

  onClosed(conn: ConnId): void {
    this.connections.delete(conn);
  }

  // ---------------------------------------------------------------------------------------------

  private handle(conn: ConnId, message: ZkMessage): void {
    const c = this.connections.get(conn);
    if (c === undefined) return;
    if (message.type === 'connect') {
      if (this.handshake === 'hold') c.heldConnect = message;
      else this.answerConnect(c, message, this.handshake);
    } else if (message.type === 'request') {
      if (message.xid === XID_PING) {
        if (this.answersPings) this.reply(c, { type: 'reply', xid: XID_PING, zxid: this.tree.zxid, err: 'ok', result: null });
      } else if (this.requests === 'hold') {
        c.heldRequests.push(message);
      } else {
        this.answer(c, message);
      }
    } else {
      assert(false, `scripted server got a ${message.type} message`);
    }
  }

  private answerConnect(c: ScriptedConnection, req: ConnectRequest, policy: Exclude<HandshakePolicy, 'hold'>): void {
    if (policy === 'close') {
      this.dropConnections(c.conn);
      return;
    }
    const known = req.sessionId === NO_SESSION ? undefined : this.sessions.get(req.sessionId);
    if (policy === 'expire' || (req.sessionId !== NO_SESSION && (known === undefined || known.isExpired))) {
      this.network.send(c.conn, this.node, { type: 'connect-response', protocolVersion: 0, timeoutMs: 0, sessionId: NO_SESSION, passwd: '', readOnly: false });
      this.dropConnections(c.conn);
      return;
    }
    const timeoutMs = this.grantTimeoutMs ?? req.timeoutMs;
    let id = req.sessionId;
    if (id === NO_SESSION) {
      id = `0x${this.serverId.toString(16).padStart(2, '0')}${(++this.nextSession).toString(16).padStart(14, '0')}`;
      this.sessions.set(id, { timeoutMs, isExpired: false });
    }
    c.sessionId = id;
    this.network.send(c.conn, this.node, { type: 'connect-response', protocolVersion: 0, timeoutMs, sessionId: id, passwd: `pw-${id}`, readOnly: false });
  }

  private answer(c: ScriptedConnection, req: ClientRequest): void {
    const sessionId = c.sessionId ?? NO_SESSION;
    const { err, result } = this.tree.apply(req.request, sessionId);
    this.reply(c, { type: 'reply', xid: req.xid, zxid: this.tree.zxid, err, result });
    if (req.request.op === 'close-session') {
      this.sessions.delete(sessionId);
      this.dropConnections(c.conn); // R57: reply, then close
    }
  }

  private reply(c: ScriptedConnection, reply: ClientReply): void {
    this.network.send(c.conn, this.node, reply);
  }

  private pick(conn: ConnId | undefined): ScriptedConnection[] {
    if (conn === undefined) return [...this.connections.values()];
    const c = this.connections.get(conn);
    return c === undefined ? [] : [c];
  }
}
