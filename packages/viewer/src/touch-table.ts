// Which sessions a follower's touch table holds at a position, read from the trace: the table fills on
// the follower's own clients' requests and pings (R43, R47) and on createSession commits (R38), loses a
// session on its closeSession commit, and empties when the follower hands it to the leader in a PING
// reply (R44, `touch-table-sent`) or starts a new tracker (`serving`). The server exposes only the table's
// size; the panel shows these names only when their number matches it.
import type { TraceRecord } from '@zksim/kernel';
import type { EventIndex } from './event-index.ts';

/** Most records looked at backwards for the last hand-over (a follower hands over every tick). */
const LOOKBACK_MAX = 50_000;

/** Session ids in `server`'s touch table after `position` events, in first-touch order (null: unknown). */
export function touchTableAt(ix: EventIndex, position: number, server: string): string[] | null {
  const end = ix.groupStart[Math.min(position, ix.groupCount)] as number;
  let start = -1;
  for (let i = end - 1; i >= 0 && i >= end - LOOKBACK_MAX; i--) {
    const r = ix.records[i] as TraceRecord;
    if (r.node === server && (r.type === 'touch-table-sent' || r.type === 'serving' || r.type === 'server-start' || r.type === 'node-crashed')) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return null;
  const table = new Set<string>();
  const sessionOf = clientSessions(ix, end);
  for (let i = start; i < end; i++) {
    const r = ix.records[i] as TraceRecord;
    if (r.node !== server) continue;
    const id = r['sessionId'];
    if ((r.type === 'session-committed' || r.type === 'request') && typeof id === 'string') table.add(id);
    else if (r.type === 'session-removed' && typeof id === 'string') table.delete(id);
    else if (r.type === 'message-delivered' && isPing(r['message']) && typeof r['from'] === 'string') {
      const dropped = ix.records.slice(i + 1, ix.groupStart[ix.groupOf(i) + 1]).some((x) => x.type === 'request-dropped' && x.node === server);
      const s = sessionOf.get(r['from']);
      if (!dropped && s !== undefined) table.add(s);
    }
  }
  return [...table];
}

function isPing(m: unknown): boolean {
  return typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'request' && (m as Record<string, unknown>)['op'] === 'ping';
}

const handshakes = new WeakMap<EventIndex, { readonly record: number; readonly client: string; readonly sessionId: string }[]>();

/** Each client's latest session before record `end` (the handshakes are listed once per index). */
function clientSessions(ix: EventIndex, end: number): Map<string, string> {
  let list = handshakes.get(ix);
  if (list === undefined) {
    list = [];
    ix.records.forEach((r, record) => {
      if (r.type === 'client-session' && typeof r['sessionId'] === 'string') list?.push({ record, client: r.node, sessionId: r['sessionId'] });
    });
    handshakes.set(ix, list);
  }
  const out = new Map<string, string>();
  for (const h of list) {
    if (h.record >= end) break;
    out.set(h.client, h.sessionId);
  }
  return out;
}
