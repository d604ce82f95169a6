// The read-only face of a client, for the scenario runner, checkers and the teaching viewer: state,
// session, timing and queue figures, the session events seen. Nothing here changes the client. It also
// defines how a client's parts are assembled (ClientParts), which ZkClient builds and extends.
import type { Kernel, NodeId } from '@zksim/kernel';
import type { SessionId, Zxid } from '@zksim/protocol';
import type { ClientCnxn } from './client-cnxn.ts';
import type { ClientState, StateEventRecord } from './client-state.ts';
import type { EventThread } from './event-thread.ts';
import type { HostProvider } from './host-provider.ts';
import type { ClientVersion } from './send-timing.ts';
import type { ConnectionPhase } from './send-thread.ts';
import type { WatchManager } from './watch-manager.ts';

/** The pieces of one client. */
export interface ClientParts {
  readonly kernel: Kernel;
  readonly node: NodeId;
  readonly name: string;
  readonly chroot: string | null;
  readonly sessionTimeoutMs: number;
  readonly clientVersion: ClientVersion;
  readonly cnxn: ClientCnxn;
  readonly hosts: HostProvider;
  readonly watches: WatchManager;
  readonly events: EventThread;
  /** Session events delivered so far (filled by the EventThread's report hook). */
  readonly log: readonly StateEventRecord[];
}

/** Getters over a client's parts. */
export abstract class ClientView {
  /** Name in trace records. */
  readonly name: string;
  /** The client's node. */
  readonly node: NodeId;
  /** The chroot of the connect string, or null. */
  readonly chroot: string | null;
  /** The requested session timeout. */
  readonly sessionTimeoutMs: number;
  /** Which ZooKeeper client is imitated. */
  readonly clientVersion: ClientVersion;
  protected readonly parts: ClientParts;
  private readonly incarnation: number;

  constructor(parts: ClientParts) {
    this.parts = parts;
    this.name = parts.name;
    this.node = parts.node;
    this.chroot = parts.chroot;
    this.sessionTimeoutMs = parts.sessionTimeoutMs;
    this.clientVersion = parts.clientVersion;
    this.incarnation = parts.kernel.incarnation(parts.node);
  }

  /** The client state (R73). */
  get state(): ClientState {
    return this.parts.cnxn.state;
  }

  /** The session id, NO_SESSION before the first handshake. */
  get sessionId(): SessionId {
    return this.parts.cnxn.sessionId;
  }

  /** The timeout granted by the last ConnectResponse (0 before, and after an expired one). */
  get negotiatedTimeoutMs(): number {
    return this.parts.cnxn.negotiatedTimeoutMs;
  }

  /** The last zxid seen in a reply header (pings excluded). */
  get lastZxid(): Zxid {
    return this.parts.cnxn.lastZxid;
  }

  /** The server of the established session connection, or null. */
  get connectedServer(): string | null {
    return this.parts.cnxn.phase === 'connected' ? this.parts.cnxn.server : null;
  }

  /** The server being tried or talked to (null between attempts and after the end). */
  get currentServer(): string | null {
    return this.parts.cnxn.server;
  }

  /** Where the SendThread is (for a viewer). */
  get connectionPhase(): ConnectionPhase {
    return this.parts.cnxn.phase;
  }

  /** True once close() was called. */
  get isClosing(): boolean {
    return this.parts.cnxn.isClosing;
  }

  /** Milliseconds of the client's clock since it last heard from a server (R76 idleRecv). */
  get sinceLastHeardMs(): number {
    return this.parts.cnxn.localNow() - this.parts.cnxn.lastHeardMs;
  }

  /** Global time of the next ping if nothing else happens first, or null (no session connection). */
  get nextPingAtMs(): number | null {
    const t = this.parts.cnxn;
    if (this.parts.cnxn.phase !== 'connected' || !t.isWakeForPing) return null;
    return this.parts.kernel.globalForLocal(this.node, t.wakeAtMs);
  }

  /** Requests sent and awaiting their reply. */
  get pendingRequestCount(): number {
    return this.parts.cnxn.queues.pending.length;
  }

  /** Requests submitted but not yet sent (waiting for a session). */
  get queuedRequestCount(): number {
    return this.parts.cnxn.queues.outgoing.length;
  }

  /** Session events delivered so far, with their global times. */
  get stateEvents(): readonly StateEventRecord[] {
    return this.parts.log;
  }

  /** The host list in the order the client walks it (seeded shuffle). */
  get hostOrder(): readonly string[] {
    return this.parts.hosts.hosts;
  }

  /** Number of watched (path, kind) entries. */
  get watchCount(): number {
    return this.parts.watches.watchCount;
  }

  /** False once the client's process crashed (this object then no longer changes). */
  get isProcessUp(): boolean {
    const k = this.parts.kernel;
    return k.isUp(this.node) && k.incarnation(this.node) === this.incarnation;
  }
}
