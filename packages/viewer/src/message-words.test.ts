import { describe, expect, it } from 'vitest';
import { messageWords } from './message-words.ts';

const who = (id: string): string | null => (id === '0x0300000000d30000' ? 'c1' : null);

describe('messageWords', () => {
  it.each([
    [{ type: 'q-proposal', zxid: '0x100000003', txn: 'close-session', sessionId: '0x0300000000d30000' }, 'PROPOSAL closeSession c1', 'zab'],
    [{ type: 'q-proposal', zxid: '0x100000002', txn: 'create', sessionId: '0x0300000000d30000' }, 'PROPOSAL create', 'zab'],
    [{ type: 'q-ack', zxid: '0x100000003' }, 'ACK 0x100000003', 'zab'],
    [{ type: 'q-commit', zxid: '0x100000003' }, 'COMMIT 0x100000003', 'zab'],
    [{ type: 'q-ping', zxid: '0x1', touches: ['0x0300000000d30000', '0x0100000000000001'] }, 'PING touches c1, 0x0100…0001', 'touches'],
    [{ type: 'q-ping', zxid: '0x1', touches: [] }, 'PING (no touches)', 'heartbeat'],
    [{ type: 'q-ping', zxid: '0x1', touches: null }, 'PING', 'heartbeat'],
    [{ type: 'q-revalidate', sessionId: '0x0300000000d30000', timeoutMs: 6000 }, 'REVALIDATE c1', 'session'],
    [{ type: 'request', xid: 1, op: 'create', path: '/lock' }, 'create /lock', 'client'],
    [{ type: 'request', xid: -2, op: 'ping' }, 'ping', 'heartbeat'],
    [{ type: 'reply', xid: -2, err: 'ok', zxid: '0x1' }, 'ping reply', 'heartbeat'],
    [{ type: 'e-notification', leader: 3 }, 'vote s3', 'election'],
    [{ type: 'q-uptodate' }, 'UPTODATE', 'zab'],
    ['fin', 'FIN', 'signal'],
  ])('%j reads "%s"', (m, label, kind) => {
    expect(messageWords(m, who)).toEqual({ label, kind });
  });
});
