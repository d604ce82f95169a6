// What the trace says about each node and session at the current record: servers' roles (looking,
// following whom, leading which epoch, serving or not), crashes and freezes, which client owns which
// session, and each client's current session. The suite updates it before any checker sees a record, so
// checkers read the state *including* that record. It never throws and ignores records it does not know.
import { num, str, type TraceRecord } from '../trace-record.ts';

/** A server's state as far as the trace shows it. */
export interface ServerState {
  readonly name: string;
  isUp: boolean;
  isFrozen: boolean;
  role: 'looking' | 'following' | 'leading' | 'down';
  /** The server it follows (from `fle-decided`), while following. */
  leader: string | null;
  /** Serving clients (between `serving` and `not-serving`). */
  isServing: boolean;
  servingSince: number;
  /** Epoch of the last `leader-established` of this server while leading. */
  epoch: number;
  /** Increments on every role change (so checkers can tell one leadership from the next). */
  roleGen: number;
}

/** A client's state as far as the trace shows it. */
export interface ClientState {
  readonly name: string;
  isUp: boolean;
  isFrozen: boolean;
  /** True from a `client-close` step or a CLOSED state on. */
  isClosed: boolean;
  /** The session of the last successful handshake, or null. */
  session: string | null;
  /** Server of the current connection with a session, or null while disconnected. */
  connectedTo: string | null;
  connectedSince: number;
}

/** One session's owner and timeout, as far as the trace shows it. */
export interface SessionInfo {
  readonly id: string;
  client: string | null;
  timeoutMs: number | null;
  /** A createSession for it was committed somewhere (session-committed or zab-commit). */
  isCommitted: boolean;
}

/** The running picture of the ensemble the checkers share. */
export class ClusterView {
  readonly servers = new Map<string, ServerState>();
  readonly clients = new Map<string, ClientState>();
  readonly sessions = new Map<string, SessionInfo>();
  /** The established, serving leader, if any. */
  leader: string | null = null;
  /** Number of servers known to be LOOKING right now. */
  lookingCount = 0;

  /** Updates the picture with one record. */
  onRecord(r: TraceRecord): void {
    switch (r.type) {
      case 'server-start': {
        const s = this.server(r.node);
        this.setRole(s, 'looking');
        s.isUp = true;
        s.isServing = false;
        s.leader = null;
        return;
      }
      case 'peer-state': {
        const to = str(r, 'to');
        if (to === 'looking' || to === 'following' || to === 'leading') this.setRole(this.server(r.node), to);
        return;
      }
      case 'fle-decided': {
        const leader = num(r, 'leader');
        if (leader !== undefined) this.server(r.node).leader = `s${leader}`;
        return;
      }
      case 'leader-established': {
        const epoch = num(r, 'epoch');
        if (epoch !== undefined) this.server(r.node).epoch = epoch;
        return;
      }
      case 'serving': {
        const s = this.server(r.node);
        s.isServing = true;
        s.servingSince = r.time;
        if (str(r, 'role') === 'leader') this.leader = r.node;
        return;
      }
      case 'not-serving': {
        const s = this.server(r.node);
        s.isServing = false;
        if (this.leader === r.node) this.leader = null;
        return;
      }
      case 'node-crashed': return this.onCrashed(r.node);
      case 'node-restarted': {
        const c = this.clients.get(r.node);
        if (c !== undefined) c.isUp = true;
        return;
      }
      case 'node-frozen':
      case 'node-resumed': {
        const isFrozen = r.type === 'node-frozen';
        const s = this.servers.get(r.node);
        if (s !== undefined) s.isFrozen = isFrozen;
        else this.client(r.node).isFrozen = isFrozen;
        return;
      }
      case 'session-create':
      case 'session-established': {
        const id = str(r, 'sessionId');
        const client = str(r, 'client');
        if (id === undefined) return;
        const info = this.session(id);
        if (client !== undefined) info.client = client;
        const t = num(r, 'timeoutMs');
        if (t !== undefined && t > 0) info.timeoutMs = t;
        return;
      }
      case 'session-committed': {
        const id = str(r, 'sessionId');
        if (id === undefined) return;
        const info = this.session(id);
        info.isCommitted = true;
        const t = num(r, 'timeoutMs');
        if (info.timeoutMs === null && t !== undefined) info.timeoutMs = t;
        return;
      }
      case 'zab-commit':
        if (str(r, 'txn') === 'create-session') {
          const id = str(r, 'sessionId');
          if (id !== undefined) this.session(id).isCommitted = true;
        }
        return;
      case 'client-session': {
        const id = str(r, 'sessionId');
        const c = this.client(r.node);
        const t = num(r, 'timeoutMs');
        if (id === undefined || t === undefined || t <= 0) return;
        c.session = id;
        c.connectedTo = str(r, 'server') ?? null;
        c.connectedSince = r.time;
        const info = this.session(id);
        info.client = r.node;
        info.timeoutMs = t;
        return;
      }
      case 'client-disconnect':
        this.client(r.node).connectedTo = null;
        return;
      case 'client-state':
        if (str(r, 'to') === 'CLOSED') this.client(r.node).isClosed = true;
        return;
      case 'scenario-step':
        if (str(r, 'action') === 'client-close') {
          const name = str(r, 'client');
          if (name !== undefined) this.client(name).isClosed = true;
        }
        return;
      default:
        if (r.type.startsWith('client-')) this.client(r.node);
    }
  }

  /** The server's state (created on first mention). */
  server(name: string): ServerState {
    let s = this.servers.get(name);
    if (s === undefined) {
      s = { name, isUp: true, isFrozen: false, role: 'looking', leader: null, isServing: false, servingSince: 0, epoch: -1, roleGen: 0 };
      this.servers.set(name, s);
      this.lookingCount++;
    }
    return s;
  }

  /** The client's state (created on first mention). */
  client(name: string): ClientState {
    let c = this.clients.get(name);
    if (c === undefined) {
      c = { name, isUp: true, isFrozen: false, isClosed: false, session: null, connectedTo: null, connectedSince: 0 };
      this.clients.set(name, c);
    }
    return c;
  }

  /** The session's info (created on first mention). */
  session(id: string): SessionInfo {
    let s = this.sessions.get(id);
    if (s === undefined) {
      s = { id, client: null, timeoutMs: null, isCommitted: false };
      this.sessions.set(id, s);
    }
    return s;
  }

  /** True when `name` is an established leader serving clients. */
  isServingLeader(name: string): boolean {
    return this.leader === name && (this.servers.get(name)?.isServing ?? false);
  }

  private setRole(s: ServerState, role: ServerState['role']): void {
    if (s.role === 'looking') this.lookingCount--;
    if (role === 'looking') this.lookingCount++;
    s.role = role;
    s.roleGen++;
    if (role !== 'following') s.leader = role === 'leading' ? s.name : null;
  }

  private onCrashed(name: string): void {
    const s = this.servers.get(name);
    if (s === undefined) {
      const c = this.client(name);
      c.isUp = false;
      c.connectedTo = null;
      return;
    }
    this.setRole(s, 'down');
    s.isUp = false;
    s.isServing = false;
    s.isFrozen = false;
    if (this.leader === name) this.leader = null;
  }
}
