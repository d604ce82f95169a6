// Short, JSON-serialisable descriptions of network messages for trace records: the fields a narrator or a
// viewer needs (type, xid, op, path, zxid, session id, touches), never a whole snapshot.
import type { ZkMessage } from '@zksim/protocol';
import { zxidHex } from '@zksim/protocol';

/** A compact description of a message for the trace. */
export function describeMessage(m: ZkMessage): Record<string, unknown> {
  switch (m.type) {
    case 'connect':
      return { type: m.type, sessionId: m.sessionId, timeoutMs: m.timeoutMs, lastZxidSeen: zxidHex(m.lastZxidSeen) };
    case 'connect-response':
      return { type: m.type, sessionId: m.sessionId, timeoutMs: m.timeoutMs };
    case 'request':
      return { type: m.type, xid: m.xid, op: m.request.op, ...('path' in m.request ? { path: m.request.path } : {}) };
    case 'reply':
      return { type: m.type, xid: m.xid, err: m.err, zxid: zxidHex(m.zxid) };
    case 'notification':
      return { type: m.type, event: m.event, path: m.path };
    case 'q-proposal':
      return { type: m.type, zxid: zxidHex(m.txn.zxid), txn: m.txn.body.type, sessionId: m.txn.sessionId };
    case 'q-snap':
      return { type: m.type, zxid: zxidHex(m.zxid), nodes: m.snapshot.nodes.length, sessions: m.snapshot.sessions.length };
    case 'q-ping':
      return { type: m.type, zxid: zxidHex(m.zxid), touches: m.touches === null ? null : [...m.touches.ids] };
    case 'q-request':
      return { type: m.type, sessionId: m.sessionId, cxid: m.cxid, op: m.request.op };
    case 'e-notification':
      return { type: m.type, leader: m.leader, zxid: zxidHex(m.zxid), electionEpoch: m.electionEpoch, peerEpoch: m.peerEpoch, state: m.state };
    default: {
      const out: Record<string, unknown> = { type: m.type };
      for (const [k, v] of Object.entries(m)) if (k !== 'type' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) out[k] = k === 'zxid' && typeof v === 'number' ? zxidHex(v) : v;
      return out;
    }
  }
}
