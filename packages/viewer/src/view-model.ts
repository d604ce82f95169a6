// The panels' view-model: a plain, JSON-shaped picture of every server and client at one moment of a
// run, read through public fields and getters only (ServerNode, its database, tracker and leader; the
// client's read-only getters). Nothing here changes the simulation; everything here can be frozen and
// kept in the history. Times are virtual ms; "left" and "since" values are relative to the node's clock.
import { NO_SESSION, zxidHex } from '@zksim/protocol';
import type { ScenarioRunner } from '@zksim/sim';

type ServerNodeT = ReturnType<ScenarioRunner['cluster']['server']>;
type ClientT = ScenarioRunner['clients'] extends ReadonlyMap<string, infer C> ? C : never;

/** One session in a server's table. */
export interface SessionVm {
  readonly id: string;
  readonly client: string | null;
  readonly timeoutMs: number;
  /** The leader's expiry bucket (a deadline on its clock, rounded up to a tick), or null on a learner. */
  readonly bucketMs: number | null;
  /** Time left until that bucket comes due (negative: overdue), or null. */
  readonly leftMs: number | null;
  readonly isClosing: boolean;
  /** Server the session's client is connected to, as the leader knows it. */
  readonly owner: string | null;
}

/** A proposal the leader waits on. */
export interface ProposalVm {
  readonly zxid: string;
  readonly txn: string;
  readonly client: string | null;
  readonly acks: readonly string[];
  readonly needed: number;
  readonly hasQuorum: boolean;
}

/** One znode. */
export interface ZnodeVm {
  readonly path: string;
  readonly data: string;
  readonly version: number;
  /** Owning session of an ephemeral, or null. */
  readonly ephemeralOwner: string | null;
  readonly ownerClient: string | null;
}

/** One server. */
export interface ServerVm {
  readonly name: string;
  readonly process: 'up' | 'frozen' | 'crashed';
  readonly state: string;
  readonly isServing: boolean;
  readonly epoch: number;
  readonly acceptedEpoch: number;
  readonly lastZxid: string;
  readonly leader: string | null;
  readonly sessions: readonly SessionVm[];
  /** Sessions touched since the last PING reply (a follower's touch table size), or null on a leader. */
  readonly touchCount: number | null;
  readonly proposals: readonly ProposalVm[];
  readonly tree: readonly ZnodeVm[];
  /** Client connections: client name and session. */
  readonly cnxns: readonly { readonly client: string; readonly session: string | null; readonly stage: string }[];
  /** The next tick at which the leader's expiry queue is polled, or null. */
  readonly nextExpiryMs: number | null;
}

/** One client. */
export interface ClientVm {
  readonly name: string;
  readonly process: 'up' | 'frozen' | 'crashed';
  readonly state: string;
  readonly sessionId: string | null;
  readonly server: string | null;
  readonly requestedTimeoutMs: number;
  readonly negotiatedTimeoutMs: number;
  readonly sinceLastHeardMs: number;
  /** Time until the next ping, or null when none is due. */
  readonly nextPingInMs: number | null;
  readonly pendingRequests: number;
  readonly queuedRequests: number;
  readonly events: readonly string[];
}

/** The whole picture at one position. */
export interface ViewModel {
  /** Events (groups) applied. */
  readonly position: number;
  readonly timeMs: number;
  readonly leader: string | null;
  readonly servers: readonly ServerVm[];
  readonly clients: readonly ClientVm[];
}

/** Most znodes listed per server (the rest are counted). */
export const TREE_NODES_MAX = 200;

/** Reads the view-model of a runner as it stands now. */
export function readViewModel(runner: ScenarioRunner, position: number): ViewModel {
  const c = runner.cluster;
  const clientOf = sessionClientMap(runner);
  const leader = c.leader();
  return {
    position,
    timeMs: c.kernel.now,
    leader: leader?.name ?? null,
    servers: [...c.servers.values()].map((s) => readServer(runner, s, clientOf)),
    clients: [...runner.clients.entries()].map(([name, zk]) => readClient(runner, name, zk)),
  };
}

/** session id → client name, from the runner's record of every session each client has had. */
function sessionClientMap(runner: ScenarioRunner): Map<string, string> {
  const out = new Map<string, string>();
  for (const [client, ids] of runner.sessionsOf) for (const id of ids) out.set(id, client);
  for (const [client, zk] of runner.clients) if (zk.sessionId !== NO_SESSION) out.set(zk.sessionId, client);
  return out;
}

function processOf(runner: ScenarioRunner, node: number): 'up' | 'frozen' | 'crashed' {
  const k = runner.cluster.kernel;
  return !k.isUp(node) ? 'crashed' : k.isFrozen(node) ? 'frozen' : 'up';
}

function readServer(runner: ScenarioRunner, s: ServerNodeT, clientOf: ReadonlyMap<string, string>): ServerVm {
  const process = processOf(runner, s.node);
  const isUp = process !== 'crashed';
  const now = isUp ? s.localNow() : 0;
  const t = isUp ? s.tracker : null;
  const sessions: SessionVm[] = [];
  let nextExpiryMs: number | null = null;
  let touchCount: number | null = null;
  if (t !== null && 'expiryBuckets' in t) {
    for (const info of t.sessions()) {
      const bucket = t.expiryTimeOf(info.sessionId);
      sessions.push({
        id: info.sessionId, client: clientOf.get(info.sessionId) ?? null, timeoutMs: info.timeoutMs,
        bucketMs: bucket, leftMs: bucket === null ? null : bucket - now, isClosing: info.isClosing, owner: info.owner,
      });
    }
    const first = t.expiryBuckets()[0];
    nextExpiryMs = first === undefined ? null : first[0];
  } else if (isUp) {
    for (const [id, timeoutMs] of s.db.sessions) {
      sessions.push({ id, client: clientOf.get(id) ?? null, timeoutMs, bucketMs: null, leftMs: null, isClosing: false, owner: null });
    }
    if (t !== null && 'touchCount' in t) touchCount = t.touchCount;
  }
  const proposals: ProposalVm[] = [];
  if (isUp && s.leader !== null) {
    const voters = s.verifier.voters.length;
    for (const [zxid, p] of s.leader.outstanding) {
      const body = p.txn.body;
      proposals.push({
        zxid: zxidHex(zxid), txn: body.type, client: clientOf.get(p.txn.sessionId) ?? null,
        acks: [...p.acks].sort((a, b) => a - b).map((a) => `s${a}`), needed: Math.floor(voters / 2) + 1,
        hasQuorum: s.verifier.containsQuorum(p.acks),
      });
    }
  }
  return {
    name: s.name, process, state: isUp ? s.state : 'down', isServing: isUp && s.isServing,
    epoch: s.db.readEpoch('currentEpoch'), acceptedEpoch: s.db.readEpoch('acceptedEpoch'),
    lastZxid: zxidHex(s.db.lastProcessedZxid),
    leader: s.leader !== null ? s.name : s.follower !== null ? `s${s.follower.leaderSid}` : null,
    sessions, touchCount, proposals,
    tree: isUp ? readTree(s, clientOf) : [],
    cnxns: isUp ? [...s.cnxns.cnxns.values()].map((x) => ({ client: runner.cluster.kernel.nodeName(x.client), session: x.sessionId, stage: x.stage })) : [],
    nextExpiryMs,
  };
}

function readTree(s: ServerNodeT, clientOf: ReadonlyMap<string, string>): ZnodeVm[] {
  const out: ZnodeVm[] = [];
  const stack = ['/'];
  while (stack.length > 0 && out.length < TREE_NODES_MAX) {
    const path = stack.pop() as string;
    const n = s.db.tree.getNode(path);
    if (n === undefined) continue;
    if (path !== '/') {
      const owner = n.stat.ephemeralOwner;
      const isEphemeral = owner !== NO_SESSION;
      out.push({
        path, data: n.data, version: n.stat.version,
        ephemeralOwner: isEphemeral ? owner : null, ownerClient: isEphemeral ? clientOf.get(owner) ?? null : null,
      });
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(path === '/' ? `/${n.children[i] as string}` : `${path}/${n.children[i] as string}`);
  }
  return out;
}

function readClient(runner: ScenarioRunner, name: string, zk: ClientT): ClientVm {
  const process = processOf(runner, zk.node);
  const k = runner.cluster.kernel;
  const nextPing = process === 'crashed' ? null : zk.nextPingAtMs;
  const hasSession = zk.sessionId !== NO_SESSION;
  return {
    name, process, state: zk.state,
    sessionId: hasSession ? zk.sessionId : null,
    server: zk.connectedServer,
    requestedTimeoutMs: zk.sessionTimeoutMs,
    negotiatedTimeoutMs: zk.negotiatedTimeoutMs,
    sinceLastHeardMs: process === 'crashed' ? 0 : zk.sinceLastHeardMs,
    nextPingInMs: nextPing === null ? null : nextPing - k.now,
    pendingRequests: zk.pendingRequestCount,
    queuedRequests: zk.queuedRequestCount,
    events: zk.stateEvents.map((e) => e.state as string),
  };
}
