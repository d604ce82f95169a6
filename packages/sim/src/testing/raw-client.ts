// A bare protocol client for server tests: it opens a connection, sends exactly the messages a test asks for
// and records everything it receives. No timers, no reconnects — the test is the client's brain. Use the
// real client model (`@zksim/client`) for anything a ZooKeeper application would do.
import type { Kernel, NodeId } from '@zksim/kernel';
import type { ConnId, NetEndpoint, Network } from '@zksim/network';
import type { ConnectResponse, Op, SessionId, ZkMessage } from '@zksim/protocol';
import { NO_SESSION, XID_PING } from '@zksim/protocol';

/** A scripted client connection. */
export class RawClient implements NetEndpoint<ZkMessage> {
  readonly received: { time: number; message: ZkMessage }[] = [];
  conn: ConnId | null = null;
  isOpen = false;
  closedReason: string | null = null;
  sessionId: SessionId = NO_SESSION;
  passwd = '00'.repeat(16);
  private xid = 0;
  private readonly kernel: Kernel;
  private readonly network: Network<ZkMessage>;
  readonly node: NodeId;

  constructor(kernel: Kernel, network: Network<ZkMessage>, node: NodeId) {
    this.kernel = kernel;
    this.network = network;
    this.node = node;
    network.attach(node, this, { listening: false });
  }

  /** Opens a connection to a server node; sends a ConnectRequest as soon as it is up. */
  connect(server: NodeId, timeoutMs: number, lastZxidSeen = 0): void {
    this.isOpen = false;
    this.closedReason = null;
    this.conn = this.network.connect(this.node, server, 'client');
    this.pendingConnect = { timeoutMs, lastZxidSeen };
  }
  private pendingConnect: { timeoutMs: number; lastZxidSeen: number } | null = null;

  /** Sends a request; returns its xid. */
  request(op: Op): number {
    const xid = op.op === 'ping' ? XID_PING : ++this.xid;
    if (this.conn !== null) this.network.send(this.conn, this.node, { type: 'request', xid, request: op });
    return xid;
  }

  /** Drops the connection (like a client process that dies). */
  drop(): void {
    if (this.conn !== null) this.network.close(this.conn, this.node);
    this.conn = null;
    this.isOpen = false;
  }

  /** The last ConnectResponse received, if any. */
  lastConnectResponse(): ConnectResponse | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) {
      const m = this.received[i]?.message;
      if (m?.type === 'connect-response') return m;
    }
    return undefined;
  }

  onAccepted(): void {}
  onConnected(conn: ConnId): void {
    if (conn !== this.conn || this.pendingConnect === null) return;
    this.isOpen = true;
    const p = this.pendingConnect;
    this.network.send(conn, this.node, { type: 'connect', protocolVersion: 0, lastZxidSeen: p.lastZxidSeen, timeoutMs: p.timeoutMs, sessionId: this.sessionId, passwd: this.passwd, readOnly: false });
  }
  onConnectFailed(conn: ConnId): void {
    if (conn === this.conn) this.closedReason = 'connect-failed';
  }
  onMessage(conn: ConnId, message: ZkMessage): void {
    if (conn !== this.conn) return;
    this.received.push({ time: this.kernel.now, message });
    if (message.type === 'connect-response' && message.timeoutMs > 0) {
      this.sessionId = message.sessionId;
      this.passwd = message.passwd;
    }
  }
  onClosed(conn: ConnId, reason: string): void {
    if (conn !== this.conn) return;
    this.isOpen = false;
    this.closedReason = reason;
  }
}
