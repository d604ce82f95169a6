// Indexes a run's trace records for the viewer: groups them into events (one handled kernel event = the
// records sharing a (time, seq) stamp), narrates each record once, maps session ids to client names and
// turns every delivered or dropped message into an arrow between two events. It only reads records, so
// it serves a live run and a trace file alike. Invariant: groups are contiguous, in record order.
import type { TraceRecord } from '@zksim/kernel';
import { narrate, type Narration } from '@zksim/sim';
import { messageWords, type MessageKind } from './message-words.ts';

/** A message drawn in the space-time diagram, from the event that sent it to the one that received it. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
  /** Event (group) that sent it; −1 when not known (dropped messages carry no send time). */
  readonly sendGroup: number;
  /** Event in which it was delivered or dropped. */
  readonly endGroup: number;
  readonly label: string;
  readonly kind: MessageKind;
  readonly isDropped: boolean;
  /** Index of the delivery/drop record. */
  readonly record: number;
  /** True when the send event was found without guessing (a matching record in exactly one event). */
  readonly isExactSend: boolean;
}

/** Most records one index takes (a guard: the viewer keeps them all in memory). */
export const RECORDS_MAX = 5_000_000;

/** Records grouped into events, with narration and arrows. */
export class EventIndex {
  readonly records: readonly TraceRecord[];
  /** groupStart[g] = first record of group g; groupStart[G] = records.length. */
  readonly groupStart: Int32Array;
  readonly groupCount: number;
  readonly narrations: readonly (Narration | null)[];
  /** Arrows ordered by endGroup. */
  readonly arrows: readonly Arrow[];
  /** Node names, one lane each: servers by myid, then clients. */
  readonly lanes: readonly string[];
  /** Session id → client name, as learned from session-create / client-session records. */
  readonly sessionClients: ReadonlyMap<string, string>;

  constructor(records: readonly TraceRecord[], lanes?: readonly string[]) {
    if (records.length > RECORDS_MAX) throw new RangeError(`a run of ${records.length} records is more than the viewer holds (${RECORDS_MAX})`);
    this.records = records;
    const starts: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as TraceRecord;
      const p = records[i - 1];
      if (p === undefined || p.seq !== r.seq || p.time !== r.time) starts.push(i);
    }
    starts.push(records.length);
    this.groupStart = Int32Array.from(starts);
    this.groupCount = starts.length - 1;
    this.narrations = records.map((r) => narrate(r));
    this.sessionClients = learnSessionClients(records);
    this.lanes = lanes ?? lanesOf(records);
    this.arrows = buildArrows(this);
  }

  /** Group of record `i` (binary search). */
  groupOf(i: number): number {
    let lo = 0;
    let hi = this.groupCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.groupStart[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Virtual time of group `g`. */
  timeOf(g: number): number {
    return (this.records[this.groupStart[g] as number] as TraceRecord).time;
  }

  /** Records of group `g`. */
  recordsOf(g: number): TraceRecord[] {
    return this.records.slice(this.groupStart[g] as number, this.groupStart[g + 1] as number) as TraceRecord[];
  }

  /** Narrations of group `g` (null ones left out), with the record index. */
  narrationsOf(g: number): { readonly record: number; readonly node: string; readonly narration: Narration }[] {
    const out: { record: number; node: string; narration: Narration }[] = [];
    for (let i = this.groupStart[g] as number; i < (this.groupStart[g + 1] as number); i++) {
      const n = this.narrations[i];
      if (n !== null && n !== undefined) out.push({ record: i, node: (this.records[i] as TraceRecord).node, narration: n });
    }
    return out;
  }

  /**
   * The one line that stands for group `g` in the diagram: the first narration that is not plumbing
   * (not detail, not a bare delivery), else the first detail narration, else the first record's type.
   */
  headline(g: number): { readonly text: string; readonly layer: string; readonly node: string; readonly isDetail: boolean } {
    const ns = this.narrationsOf(g);
    const pick = ns.find((n) => !n.narration.detail && n.narration.layer !== 'network')
      ?? ns.find((n) => !n.narration.detail)
      ?? ns.find((n) => n.narration.layer !== 'network')
      ?? ns[0];
    if (pick !== undefined) return { text: pick.narration.text, layer: pick.narration.layer, node: pick.node, isDetail: pick.narration.detail };
    const r = this.records[this.groupStart[g] as number] as TraceRecord;
    return { text: plumbingText(r), layer: 'plumbing', node: r.node, isDetail: true };
  }

  /** The last group whose time is ≤ `timeMs` (−1 when every group is later). */
  lastGroupAtOrBefore(timeMs: number): number {
    let lo = 0;
    let hi = this.groupCount - 1;
    if (hi < 0 || this.timeOf(0) > timeMs) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.timeOf(mid) <= timeMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Client name for a session id, or null. */
  clientOf(sessionId: string): string | null {
    return this.sessionClients.get(sessionId) ?? null;
  }
}

/** Words for the records `narrate` leaves out (connections, timers), so every row reads as a sentence. */
export function plumbingText(r: TraceRecord): string {
  const f = (k: string): string => String(r[k] ?? '?');
  switch (r.type) {
    case 'conn-connect': return `${f('from')} opens a ${r['tag'] !== undefined ? `${f('tag')} ` : ''}connection to ${f('to')}`;
    case 'conn-accepted': return `${r.node} accepts ${f('from')}'s connection`;
    case 'conn-connected': return `${f('from')}'s connection to ${f('to')} is up`;
    case 'conn-closed': return `${r.node}'s connection to ${f('peer')} closes (${f('reason')})`;
    case 'conn-reset': return `connection ${f('from')}–${f('to')} is reset`;
    case 'conn-refused': case 'conn-connect-failed': return `${r.node} cannot connect: ${f('reason')}`;
    case 'timer': return `${r.node}: timer ${f('tag')} fires`;
    case 'message-held': return `network holds a message ${f('from')}→${f('to')}`;
    case 'message-duplicated': return `network duplicates a message ${f('from')}→${f('to')}`;
    case 'client-handshake': return `${r.node} sends its handshake to ${f('server')}`;
    case 'client-backoff': return `${r.node} waits before trying ${f('server')}`;
    default: return `${r.node}: ${r.type}`;
  }
}

function learnSessionClients(records: readonly TraceRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) {
    if (r.type === 'session-create' && typeof r['sessionId'] === 'string' && typeof r['client'] === 'string') out.set(r['sessionId'], r['client']);
    else if (r.type === 'client-session' && typeof r['sessionId'] === 'string') out.set(r['sessionId'], r.node);
  }
  return out;
}

/** Lanes when the caller does not know them: servers by myid, then other nodes in order of appearance. */
function lanesOf(records: readonly TraceRecord[]): string[] {
  const servers = new Set<string>();
  const others = new Set<string>();
  for (const r of records) {
    const ends = r.type.startsWith('message-') || r.type.startsWith('conn-') ? [r['from'], r['to']] : [];
    for (const n of [r.node, ...ends]) {
      if (typeof n !== 'string' || n === 'scenario') continue;
      if (/^s\d+$/.test(n)) servers.add(n);
      else others.add(n);
    }
  }
  return [...[...servers].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))), ...others];
}

/**
 * The record types that show which event sent a message: a PROPOSAL leaves `zab-propose` with its zxid
 * in the sending event, an ACK leaves `zab-logged`, and so on. When no such record is found, the first
 * event of the sender at the send time (not before the previous message on that connection) is used.
 */
function sendMarker(message: Record<string, unknown>): ((r: TraceRecord) => boolean) | null {
  const zxid = message['zxid'];
  switch (message['type']) {
    case 'q-proposal': return (r) => r.type === 'zab-propose' && r['zxid'] === zxid;
    case 'q-commit': return (r) => r.type === 'zab-commit' && r['zxid'] === zxid;
    case 'q-ack': return (r) => (r.type === 'zab-logged' || r.type === 'zab-newleader') && r['zxid'] === zxid;
    case 'q-ping': return Array.isArray(message['touches']) && (message['touches'] as unknown[]).length > 0 ? (r) => r.type === 'touch-table-sent' : null;
    case 'request': return (r) => r.type === (message['op'] === 'ping' ? 'client-ping' : 'client-request') && (message['op'] === 'ping' || r['xid'] === message['xid']);
    case 'connect': return (r) => r.type === 'client-handshake' || r.type === 'client-connect-attempt';
    case 'connect-response': return (r) => r.type === 'session-established' || r.type === 'session-invalid';
    default: return null;
  }
}

function buildArrows(ix: EventIndex): Arrow[] {
  const arrows: Arrow[] = [];
  // Groups by (node, time) for the send lookup: "node@time" → groups in order.
  const byNodeTime = new Map<string, number[]>();
  for (let g = 0; g < ix.groupCount; g++) {
    const seen = new Set<string>();
    for (let i = ix.groupStart[g] as number; i < (ix.groupStart[g + 1] as number); i++) {
      const r = ix.records[i] as TraceRecord;
      if (r.type === 'message-delivered' || r.type === 'message-dropped') {
        if (i === (ix.groupStart[g] as number) && r.node !== 'scenario') seen.add(r.node);
        continue; // a delivery is at the receiver; the sender did not act in this event
      }
      seen.add(r.node);
    }
    for (const n of seen) {
      const key = `${n}@${ix.timeOf(g)}`;
      const list = byNodeTime.get(key);
      if (list === undefined) byNodeTime.set(key, [g]);
      else list.push(g);
    }
  }
  const lastSendOnConn = new Map<string, number>();
  for (let g = 0; g < ix.groupCount; g++) {
    for (let i = ix.groupStart[g] as number; i < (ix.groupStart[g + 1] as number); i++) {
      const r = ix.records[i] as TraceRecord;
      if (r.type !== 'message-delivered' && r.type !== 'message-dropped') continue;
      const from = r['from'];
      const to = r['to'];
      if (typeof from !== 'string' || typeof to !== 'string') continue;
      const words = r['message'] !== undefined ? messageWords(r['message'], (id) => ix.clientOf(id)) : { label: String(r['signal'] ?? '?').toUpperCase(), kind: 'signal' as const };
      const isDropped = r.type === 'message-dropped';
      let sendGroup = -1;
      let isExactSend = false;
      const sentAt = r['sentAt'];
      const sentSeq = r['sentSeq'];
      if (typeof sentAt === 'number') {
        const candidates = (byNodeTime.get(`${from}@${sentAt}`) ?? []).filter((c) => c <= g);
        const connKey = `${String(r['conn'])}/${from}`;
        const floor = lastSendOnConn.get(connKey) ?? -1;
        if (typeof sentSeq === 'number') {
          const exact = candidates.find((c) => (ix.records[ix.groupStart[c] as number] as TraceRecord).seq === sentSeq);
          if (exact !== undefined) {
            sendGroup = exact;
            isExactSend = true;
          }
        }
        if (sendGroup < 0) {
          const marker = r['message'] !== undefined ? sendMarker(r['message'] as Record<string, unknown>) : null;
          const marked = marker === null ? [] : candidates.filter((c) => c >= floor && ix.recordsOf(c).some((x) => x.node === from && marker(x)));
          if (marked.length >= 1) {
            sendGroup = marked[0] as number;
            isExactSend = marked.length === 1;
          } else {
            sendGroup = candidates.find((c) => c >= floor) ?? candidates[candidates.length - 1] ?? -1;
            isExactSend = candidates.length === 1;
          }
        }
        if (sendGroup >= 0) lastSendOnConn.set(connKey, sendGroup);
      }
      arrows.push({ from, to, sendGroup, endGroup: g, label: words.label, kind: words.kind, isDropped, record: i, isExactSend });
    }
  }
  return arrows;
}
