// The wire side of the client (ClientCnxn, R77, R78, R80, R81): the handshake, replies matched to the
// pending queue in order, lastZxid, watch notifications, SetWatches after a reconnect, and how requests
// finish — with the server's answer or with the code of the client's state. It is the network endpoint
// of the client node; the loop, timers and state live in its base class SendThread.
import { assert } from '@zksim/kernel';
import type { CloseReason, ConnectFailure, ConnId, NetEndpoint } from '@zksim/network';
import { NO_SESSION, XID_PING, XID_SET_WATCHES } from '@zksim/protocol';
import type { ClientReply, ConnectResponse, ErrorCode, OpResult, WatchNotification, ZkMessage, Zxid } from '@zksim/protocol';
import { prependChroot, stripChroot } from './chroot.ts';
import { isAlive, lossCode } from './client-state.ts';
import { PacketQueues } from './packet-queues.ts';
import type { Packet } from './packet-queues.ts';
import { SendThread } from './send-thread.ts';
import type { ClientCnxnConfig } from './send-thread.ts';

/** The client's connection: SendThread's loop plus the protocol spoken on each connection. */
export class ClientCnxn extends SendThread implements NetEndpoint<ZkMessage> {
  /** The last zxid seen in a reply header (R80). */
  lastZxid: Zxid = 0;
  readonly queues: PacketQueues;
  private passwd = '';
  private hasSeenRwServer = false;

  constructor(config: ClientCnxnConfig) {
    super(config);
    this.queues = new PacketQueues(config.maxQueuedRequests);
  }

  /** Queues a request (ClientCnxn.queuePacket): fails it at once when not alive or closing (R80). */
  submit(p: Packet): void {
    if (!isAlive(this.state) || this.isClosing) {
      this.failPacket(p, lossCode(this.state));
      return;
    }
    if (p.request.op === 'close-session') this.isClosing = true;
    this.queues.enqueue(p);
    this.mayHaveOutgoing = true;
    if (this.isLoopPhase()) this.iterate(); // packetAdded wakes the selector
  }

  /** Closes before start: nothing was ever connected, so the client just ends (Closed). */
  closeUnstarted(): void {
    this.setState('CLOSED');
    this.isClosing = true;
    this.finishFinalCleanup();
  }

  // ---------------------------------------------------------------------------------------------
  // NetEndpoint

  onAccepted(): void {
    assert(false, `client ${this.c.name} does not listen for connections`);
  }

  onConnected(conn: ConnId): void {
    if (conn !== this.conn) return;
    if (!(this.phase === 'connecting')) assert(false, `client ${this.c.name}: TCP connect in phase ${this.phase}`);
    const now = this.localNow();
    this.lastSendMs = now;
    this.lastHeardMs = now;
    this.isFirstConnect = false;
    this.primeConnection();
    this.iterate();
    this.drainEvents();
  }

  onConnectFailed(conn: ConnId, reason: ConnectFailure): void {
    if (conn !== this.conn) return;
    this.conn = null;
    this.connectionLost(reason === 'refused' ? 'connect-refused' : 'connect-reset');
    this.drainEvents();
  }

  onMessage(conn: ConnId, message: ZkMessage): void {
    if (conn !== this.conn) return;
    if (message.type === 'reply') {
      if (message.xid !== XID_PING) this.onReply(message); // R77: ping replies only count as heard
    } else if (message.type === 'notification') {
      this.onNotification(message);
    } else if (message.type === 'connect-response') {
      this.onConnectResponse(message);
    } else {
      assert(false, `client ${this.c.name} got a ${message.type} message`);
    }
    if (conn === this.conn && this.isLoopPhase()) {
      this.lastHeardMs = this.localNow();
      this.iterate();
    }
    this.drainEvents();
  }

  onClosed(conn: ConnId, reason: CloseReason): void {
    if (conn !== this.conn) return;
    this.conn = null;
    this.connectionLost(reason === 'reset' ? 'reset' : 'closed-by-server');
    this.drainEvents();
  }

  // ---------------------------------------------------------------------------------------------
  // Protocol

  /** primeConnection (R78): ConnectRequest now; SetWatches (R61) waits at the head of the queue. */
  private primeConnection(): void {
    this.phase = 'handshake';
    const sessionId = this.hasSeenRwServer ? this.sessionId : NO_SESSION;
    if (this.isTracing) this.trace('client-handshake', { server: this.server, sessionId, lastZxidSeen: this.lastZxid });
    this.write({
      type: 'connect', protocolVersion: 0, lastZxidSeen: this.lastZxid, timeoutMs: this.c.sessionTimeoutMs,
      sessionId, passwd: this.passwd, readOnly: false,
    });
    if (!this.c.watches.hasWatches) return;
    const w = this.c.watches.lists();
    const chroot = this.c.chroot;
    const prefixed = (paths: readonly string[]): string[] => paths.map((p) => prependChroot(chroot, p));
    this.mayHaveOutgoing = true;
    this.queues.outgoing.unshift({
      xid: XID_SET_WATCHES,
      request: {
        op: 'set-watches', relativeZxid: this.lastZxid, dataWatches: prefixed(w.dataWatches),
        existWatches: prefixed(w.existWatches), childWatches: prefixed(w.childWatches),
      },
      finish: null,
    });
  }

  private onConnectResponse(r: ConnectResponse): void {
    if (!(this.phase === 'handshake')) assert(false, `client ${this.c.name}: ConnectResponse in phase ${this.phase}`);
    // Bug zoo: a client that takes a timeout-0 answer (R33: the session is expired) for a live session.
    const isBuggyLive = r.timeoutMs <= 0 && this.c.bugs.has('client-ignores-expired-response');
    const previousTimeoutMs = this.negotiatedTimeoutMs;
    this.negotiatedTimeoutMs = Math.max(0, r.timeoutMs);
    if (r.timeoutMs <= 0 && !isBuggyLive) {
      // R78/R33: the session is gone. Expired goes out now, then the event thread is told to die.
      this.setState('CLOSED');
      this.events.queueStateEvent('Expired');
      this.events.kill();
      this.connectionLost('session-expired');
      return;
    }
    const timeoutMs = isBuggyLive ? (previousTimeoutMs > 0 ? previousTimeoutMs : this.c.sessionTimeoutMs) : r.timeoutMs;
    this.negotiatedTimeoutMs = timeoutMs;
    this.setSessionTimeout(timeoutMs, this.c.hosts.size);
    this.c.hosts.onConnected();
    if (!isBuggyLive) {
      this.sessionId = r.sessionId;
      this.passwd = r.passwd;
    }
    this.setState(r.readOnly ? 'CONNECTEDREADONLY' : 'CONNECTED');
    this.hasSeenRwServer ||= !r.readOnly;
    this.phase = 'connected';
    if (this.isTracing) this.trace('client-session', { server: this.server, sessionId: this.sessionId, timeoutMs: r.timeoutMs });
    this.events.queueStateEvent(r.readOnly ? 'ConnectedReadOnly' : 'SyncConnected');
  }

  private onReply(r: ClientReply): void {
    if (!(this.phase === 'connected')) assert(false, `client ${this.c.name}: reply xid ${r.xid} in phase ${this.phase}`);
    const p = this.queues.pending.shift();
    if (p === undefined) {
      this.connectionLost('reply-without-request');
      return;
    }
    if (p.xid !== r.xid) {
      // R80: replies come in request order; anything else is treated as a broken connection.
      this.failPacket(p, 'connection-loss');
      if (this.isLoopPhase()) this.connectionLost('xid-out-of-order');
      return;
    }
    if (r.zxid > 0) this.lastZxid = r.zxid;
    if (this.isTracing) this.trace('client-reply', { xid: r.xid, op: p.request.op, err: r.err });
    this.finishPacket(p, r.err, r.err === 'ok' ? r.result : null);
  }

  private onNotification(n: WatchNotification): void {
    if (!(this.phase === 'connected')) assert(false, `client ${this.c.name}: notification in phase ${this.phase}`);
    const path = stripChroot(this.c.chroot, n.path);
    if (this.isTracing) this.trace('client-watch', { event: n.event, path });
    this.events.queueWatchEvent({ type: n.event, state: 'SyncConnected', path });
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  protected override flush(now: number): boolean {
    if (!this.mayHaveOutgoing) return false;
    this.mayHaveOutgoing = false;
    const q = this.queues;
    if (q.outgoing.length === 0) return false;
    const tracing = this.isTracing;
    while (q.outgoing.length > 0) {
      const p = q.outgoing.shift() as Packet;
      if (p.xid === 0) p.xid = q.nextXid(); // R84: xids are assigned when written
      q.pending.push(p);
      if (tracing) this.trace('client-request', { xid: p.xid, op: p.request.op, path: 'path' in p.request ? p.request.path : null });
      this.write({ type: 'request', xid: p.xid, request: p.request });
    }
    this.lastSendMs = now;
    return true;
  }

  protected override failAll(): void {
    for (const p of this.queues.takeAll()) this.failPacket(p, lossCode(this.state));
  }

  /** Completes a packet without a reply. */
  private failPacket(p: Packet, code: ErrorCode): void {
    if (this.isTracing && p.finish !== null) {
      this.trace('client-reply', { xid: p.xid === 0 ? null : p.xid, op: p.request.op, err: code, local: true });
    }
    this.finishPacket(p, code, null);
  }

  private finishPacket(p: Packet, code: ErrorCode, result: OpResult | null): void {
    if (p.finish !== null) p.finish(code, result);
    if (p.request.op === 'close-session') {
      // ZooKeeper.close → disconnect → SendThread.close: CLOSED whatever the outcome (R81).
      if (isAlive(this.state)) this.setState('CLOSED');
      if (this.isLoopPhase()) this.beginFinalCleanup();
    }
  }
}
