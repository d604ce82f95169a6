// Arrow labels for the space-time diagram: a delivered message's trace description turned into a few
// words a learner can read ("PROPOSAL closeSession c1", "ACK 0x100000003", "PING touches c1"). It also
// sorts messages into kinds so heartbeats can be hidden. Pure: it reads only the record's `message`.

/** What kind of traffic a message is; the diagram colours arrows and filters heartbeats by kind. */
export type MessageKind = 'election' | 'zab' | 'heartbeat' | 'touches' | 'session' | 'client' | 'signal';

/** The label and kind of one message. */
export interface MessageWords {
  readonly label: string;
  readonly kind: MessageKind;
}

const TXN_WORDS: Record<string, string> = {
  'close-session': 'closeSession', 'create-session': 'createSession', create: 'create', delete: 'delete',
  'set-data': 'setData', error: 'error', multi: 'multi',
};

/**
 * Words for a message description (`describeMessage` output, as found in trace records).
 * `clientOf` names a session's client ("c1") when known, so labels say who, not a hex id.
 * @example messageWords({ type: 'q-ack', zxid: '0x100000003' }, () => null).label === 'ACK 0x100000003'
 */
export function messageWords(message: unknown, clientOf: (sessionId: string) => string | null): MessageWords {
  if (message === null || message === undefined) return { label: '?', kind: 'signal' };
  if (typeof message === 'string') return { label: message.toUpperCase(), kind: 'signal' };
  const m = message as Record<string, unknown>;
  const type = String(m['type']);
  const who = (id: unknown): string => (typeof id === 'string' ? clientOf(id) ?? shortId(id) : '');
  switch (type) {
    case 'q-proposal': return { label: `PROPOSAL ${TXN_WORDS[String(m['txn'])] ?? String(m['txn'])} ${txnOwner(m, who)}`.trim(), kind: 'zab' };
    case 'q-ack': return { label: `ACK ${String(m['zxid'] ?? '')}`.trim(), kind: 'zab' };
    case 'q-commit': return { label: `COMMIT ${String(m['zxid'] ?? '')}`.trim(), kind: 'zab' };
    case 'q-ping': {
      const touches = m['touches'];
      if (Array.isArray(touches) && touches.length > 0) return { label: `PING touches ${touches.map(who).join(', ')}`, kind: 'touches' };
      return { label: Array.isArray(touches) ? 'PING (no touches)' : 'PING', kind: 'heartbeat' };
    }
    case 'q-revalidate': return { label: `REVALIDATE ${who(m['sessionId'])}`.trim(), kind: 'session' };
    case 'q-revalidate-reply': return { label: `REVALIDATE ${m['valid'] === false ? 'invalid' : 'valid'} ${who(m['sessionId'])}`.trim(), kind: 'session' };
    case 'q-request': return { label: `REQUEST ${String(m['op'] ?? '')} ${who(m['sessionId'])}`.trim(), kind: 'zab' };
    case 'e-notification': return { label: `vote s${String(m['leader'])}`, kind: 'election' };
    case 'connect': return { label: m['sessionId'] !== undefined && m['sessionId'] !== '0x0000000000000000' ? `connect (resume ${who(m['sessionId'])})` : 'connect', kind: 'session' };
    case 'connect-response': return { label: Number(m['timeoutMs']) > 0 ? `session ok (${String(m['timeoutMs'])} ms)` : 'session expired (timeout 0)', kind: 'session' };
    case 'request': {
      const op = String(m['op']);
      if (op === 'ping') return { label: 'ping', kind: 'heartbeat' };
      return { label: `${op}${m['path'] !== undefined ? ` ${String(m['path'])}` : ''}`, kind: 'client' };
    }
    case 'reply': return { label: Number(m['xid']) === -2 ? 'ping reply' : `reply ${String(m['err'])}`, kind: Number(m['xid']) === -2 ? 'heartbeat' : 'client' };
    case 'notification': return { label: `watch ${String(m['event'])} ${String(m['path'] ?? '')}`.trim(), kind: 'client' };
    default:
      if (type.startsWith('q-')) return { label: `${type.slice(2).toUpperCase()}${m['zxid'] !== undefined ? ` ${String(m['zxid'])}` : ''}`, kind: 'zab' };
      return { label: type, kind: 'client' };
  }
}

function txnOwner(m: Record<string, unknown>, who: (id: unknown) => string): string {
  const t = String(m['txn']);
  return t === 'close-session' || t === 'create-session' ? who(m['sessionId']) : '';
}

function shortId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}
