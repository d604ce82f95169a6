// Plain-words narration of trace records, shared by the CLI and the viewer: one line per record that a
// learner should see, tagged with its layer (election, zab, sessions, network, client, faults) so output can
// be filtered. Records that are only plumbing (timers, raw deliveries) narrate as null unless verbose.
import type { TraceRecord } from '@zksim/kernel';

/** Narration layers, for `--show`. */
export type Layer = 'election' | 'zab' | 'sessions' | 'network' | 'client' | 'faults';

/** All layers. */
export const LAYERS: readonly Layer[] = ['election', 'zab', 'sessions', 'network', 'client', 'faults'];

/** One narrated line. */
export interface Narration {
  readonly layer: Layer;
  readonly text: string;
  /** Shown only with --verbose. */
  readonly detail: boolean;
}

const s = (v: unknown): string => String(v);
const short = (id: unknown): string => {
  const t = String(id);
  return t.length === 18 ? `${t.slice(0, 6)}…${t.slice(-4)}` : t;
};

/** The narration of one record, or null when it has none. */
export function narrate(r: TraceRecord): Narration | null {
  const n = r.node;
  const L = (layer: Layer, text: string, detail = false): Narration => ({ layer, text, detail });
  switch (r.type) {
    // election
    case 'server-start': return L('election', `${n} starts (last logged zxid ${s(r['lastLoggedZxid'])}, epoch ${s(r['currentEpoch'])}) and looks for a leader`);
    case 'fle-start': return L('election', `${n} starts election round ${s(r['electionEpoch'])}, voting for s${s((r['vote'] as { leader: number }).leader)}`);
    case 'fle-quorum': return L('election', `${n} sees a quorum for s${s(r['leader'])}; waits ${s(r['waitMs'])} ms for a better vote`, true);
    case 'fle-timeout': return L('election', `${n} heard nothing: re-sends its vote (next wait ${s(r['nextTimeoutMs'])} ms)`, true);
    case 'fle-decided': return L('election', `${n} decides: s${s(r['leader'])} leads (round ${s(r['electionEpoch'])}); ${n} is ${s(r['role'])}`);
    case 'peer-state': return L('election', `${n}: ${s(r['from']).toUpperCase()} → ${s(r['to']).toUpperCase()}`, true);
    // zab
    case 'zab-new-epoch': return L('zab', `leader ${n} proposes epoch ${s(r['epoch'])} (FOLLOWERINFO from ${(r['from'] as string[]).join(', ')})`);
    case 'zab-sync': return L('zab', `leader ${n} syncs ${s(r['learner'])} by ${s(r['mode'])} (follower at ${s(r['peerZxid'])}, leader at ${s(r['leaderZxid'])}${r['txns'] ? `, ${s(r['txns'])} txns` : ''})`);
    case 'zab-newleader': return L('zab', `${n} takes epoch ${s(r['epoch'])} and ACKs NEWLEADER`, true);
    case 'leader-established': return L('zab', `leader ${n} is established in epoch ${s(r['epoch'])} with ${(r['followers'] as string[]).join(', ') || 'no followers'}`);
    case 'serving': return L('zab', `${n} serves clients as ${s(r['role'])} (${s(r['sessions'])} sessions known)`);
    case 'not-serving': return L('zab', `${n} stops serving: ${s(r['reason'])}`);
    case 'zab-propose': return L('zab', `leader ${n} proposes ${txnText(r)} (zxid ${s(r['zxid'])})`);
    case 'zab-ack': return L('zab', `leader ${n} gets ACK from ${s(r['from'])} for ${s(r['zxid'])}: ${s(r['acks'])}/${s(r['needed'])} needed`, true);
    case 'zab-commit': return L('zab', `leader ${n} commits ${txnText(r)} (zxid ${s(r['zxid'])}): ACKs from ${(r['acks'] as string[]).join(', ')}, quorum ${s(r['needed'])}`);
    case 'zab-logged': return L('zab', `${n} logs proposal ${s(r['zxid'])} (${s(r['txn'])}) and ACKs`, true);
    case 'zab-gap': return L('zab', `${n} got proposal ${s(r['got'])} but expected ${s(r['expected'])}`);
    case 'txn-applied': return L('zab', `${n} applies ${s(r['txn'])} ${s(r['zxid'])}`, true);
    case 'leader-shutdown': return L('zab', `leader ${n} steps down: ${s(r['reason'])}`);
    case 'follower-shutdown': return L('zab', `${n} leaves its leader: ${s(r['reason'])}`);
    case 'learner-timeout': return L('zab', `leader ${n} drops ${s(r['learner'])}: ${s(r['reason'])}`);
    case 'learner-lost': return L('zab', `leader ${n} lost its channel to ${s(r['learner'])}`, true);
    case 'db-fast-forward': return L('zab', `${n} applies ${s(r['txns'])} logged txns to its database (now at ${s(r['zxid'])})`, true);
    case 'zab-sync-received': return L('zab', `${n} receives ${s(r['mode'])} sync to ${s(r['zxid'])}`, true);
    // sessions
    case 'session-create': return L('sessions', `${n} allocates session ${s(r['sessionId'])} for ${s(r['client'])} (timeout ${s(r['timeoutMs'])} ms)`);
    case 'session-committed': return L('sessions', `${n} commits session ${short(r['sessionId'])} (zxid ${s(r['zxid'])})`, true);
    case 'session-established': return L('sessions', `${n} answers ${s(r['client'])}: session ${short(r['sessionId'])}, timeout ${s(r['timeoutMs'])} ms`);
    case 'session-invalid': return L('sessions', `${n} answers ${s(r['client'])} with timeout 0: session ${short(r['sessionId'])} is expired`);
    case 'session-touch': return L('sessions', `leader ${n} touches ${short(r['sessionId'])} (${r['via'] === 'client' ? 'client request' : `PING reply from ${s(r['via'])}`}) → expires at ${s(r['expiresAt'])}`, true);
    case 'touch-table-sent': return L('sessions', `${n} hands its touch table to the leader: ${(r['sessions'] as string[]).map(short).join(', ')}`, true);
    case 'tracker-rebuilt': return L('sessions', `${n} rebuilds its session tracker: ${s(r['sessions'])} sessions get a fresh full timeout from now`);
    case 'session-expire': return L('sessions', `leader ${n} expires ${short(r['sessionId'])} (bucket ${s(r['bucket'])}): marks it closing and submits closeSession`);
    case 'ephemeral-deleted': return L('sessions', `${n} deletes ephemeral ${s(r['path'])} of ${short(r['owner'])} (zxid ${s(r['zxid'])})`);
    case 'session-removed': return L('sessions', `${n} removes session ${short(r['sessionId'])}`, true);
    case 'revalidate': return L('sessions', `${n} revalidates ${short(r['sessionId'])}${r['learner'] ? ` for ${s(r['learner'])}` : ''}: ${r['valid'] ? 'valid' : 'invalid'}`);
    case 'request-dropped': return L('sessions', `${n} drops ${s(r['op'])} of ${short(r['sessionId'])}: ${s(r['reason'])}`);
    case 'session-moved': return L('sessions', `${n}: ${s(r['op'])} of ${short(r['sessionId'])} came from a stale owner (session moved): connection closed, no reply`);
    case 'cnxn-expired': return L('sessions', `${n} closes idle connection of ${s(r['client'])} (NIO connection expiry)`);
    case 'connect-refused': return L('sessions', `${n} refuses ${s(r['client'])}: ${s(r['reason'])}`);
    case 'orphan-ephemerals-deleted': return L('sessions', `${n} deletes ephemerals of unknown session ${short(r['sessionId'])} while loading`);
    case 'cnxn-closed': return L('sessions', `${n} closes connection of ${s(r['client'])}: ${s(r['reason'])}`, true);
    case 'request': return L('sessions', `${n} receives ${s(r['op'])}${r['path'] ? ` ${s(r['path'])}` : ''} from ${short(r['sessionId'])}`, true);
    // client
    case 'client-event': return L('client', `${n} sees ${s(r['state'])}`);
    case 'client-state': return L('client', `${n}: ${s(r['from'])} → ${s(r['to'])}`, true);
    case 'client-session': return L('client', `${n} has session ${short(r['sessionId'])} via ${s(r['server'])} (timeout ${s(r['timeoutMs'])} ms)`, true);
    case 'client-connect-attempt': return L('client', `${n} connects to ${s(r['server'])}`, true);
    case 'client-disconnect': return L('client', `${n} drops its connection to ${s(r['server'])}: ${s(r['reason'])}`);
    case 'client-request': return L('client', `${n} sends ${s(r['op'])}${r['path'] ? ` ${s(r['path'])}` : ''}`);
    case 'client-reply': return L('client', `${n} gets ${s(r['op'])} → ${s(r['err'])}`);
    case 'client-ping': return L('client', `${n} pings`, true);
    case 'client-watch': return L('client', `${n} watch fires: ${s(r['event'])} ${s(r['path'])}`);
    // network
    case 'partition': return L('network', `network: partition ${s(r['id'])} cuts links`);
    case 'heal': return L('network', 'network: partition healed');
    case 'message-dropped': return L('network', `network drops ${msgText(r['message'] ?? r['signal'])} ${s(r['from'])}→${s(r['to'])} (${s(r['reason'])})`, true);
    case 'message-delivered': return L('network', `${s(r['from'])}→${s(r['to'])}: ${msgText(r['message'])}`, true);
    // faults
    case 'node-crashed': return L('faults', `${n} crashes (unsynced writes lost: ${s(r['unsyncedLost'])})`);
    case 'node-restarted': return L('faults', `${n} restarts`);
    case 'node-frozen': return L('faults', `${n} freezes (handles nothing until resumed)`);
    case 'node-resumed': return L('faults', `${n} resumes (${s(r['backlog'])} events waited)`);
    case 'clock-drift': return L('faults', `${n}'s clock now drifts ${s(r['ppm'])} ppm`);
    case 'clock-wall-jump': return L('faults', `${n}'s wall clock jumps by ${s(r['deltaMs'])} ms (monotonic clock unchanged)`);
    case 'scenario-step': return L('faults', `scenario: ${s(r['action'])} ${stepText(r)}`);
    default: return null;
  }
}

function txnText(r: TraceRecord): string {
  const t = s(r['txn']);
  const id = short(r['sessionId']);
  switch (t) {
    case 'close-session': return `closeSession ${id}${(r['paths'] as string[] | undefined)?.length ? ` (deletes ${(r['paths'] as string[]).join(', ')})` : ''}`;
    case 'create-session': return `createSession ${id}`;
    case 'error': return `error txn ${s(r['code'])} for ${id}`;
    default: return `${t} ${s(r['path'] ?? '')}`.trim();
  }
}

function msgText(m: unknown): string {
  if (m === null || m === undefined) return '';
  if (typeof m === 'string') return m.toUpperCase();
  const o = m as Record<string, unknown>;
  const t = s(o['type']);
  if (t === 'request') return `${s(o['op'])}${o['path'] ? ` ${s(o['path'])}` : ''}`;
  if (t === 'reply') return `reply ${s(o['err'])}`;
  if (t.startsWith('q-')) return t.slice(2).toUpperCase() + (o['zxid'] ? ` ${s(o['zxid'])}` : '') + (o['txn'] ? ` ${s(o['txn'])}` : '');
  if (t === 'e-notification') return `vote s${s(o['leader'])}`;
  return t;
}

function stepText(r: TraceRecord): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (['time', 'seq', 'node', 'type', 'line', 'action'].includes(k)) continue;
    parts.push(`${k}=${typeof v === 'object' ? JSON.stringify(v) : s(v)}`);
  }
  return parts.join(' ');
}
