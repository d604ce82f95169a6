// The SendThread loop rule as pure arithmetic (R75, R76, R89), checked against the reference's numbers
// and, by property, against a direct transcription of the formula.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SendTiming } from './send-timing.ts';

function timing(timeoutMs: number, hosts = 1, version: '3.8' | '3.9' = '3.9'): SendTiming {
  const t = new SendTiming(version);
  t.setSessionTimeout(timeoutMs, hosts);
  return t;
}

describe('SendTiming', () => {
  it('R75: derives readTimeout 2/3, connectTimeout /hosts and expirationTimeout 4/3 with int division', () => {
    const t = timing(30_000, 3);
    expect([t.readTimeoutMs, t.connectTimeoutMs, t.expirationTimeoutMs]).toEqual([20_000, 10_000, 40_000]);
    const u = timing(4000, 3);
    expect([u.readTimeoutMs, u.connectTimeoutMs, u.expirationTimeoutMs]).toEqual([2666, 1333, 5333]);
  });

  it('R76: negotiated 30000 pings once idleSend ≥ 9000 (seen after idleSend > 1000), drops at idleRecv 20000', () => {
    const t = timing(30_000);
    expect(t.evaluate(8999, true, true)).toBe('sleep');
    expect(t.wakeAtMs).toBe(9000);
    expect(t.isWakeForPing).toBe(true);
    expect(t.evaluate(9000, true, true)).toBe('ping');
    expect(t.evaluate(500, true, true)).toBe('sleep');
    expect(t.wakeAtMs).toBe(10_000); // seen at idleSend ≤ 1000: sleeps to readTimeout/2
    t.lastSendMs = 19_999;
    expect(t.evaluate(19_999, true, true)).toBe('sleep');
    expect(t.wakeAtMs).toBe(20_000);
    expect(t.evaluate(20_000, true, true)).toBe('timeout');
  });

  it('R76: negotiated 4000 pings once idleSend > 1000; 60000 once idleSend > 10000 (the cap)', () => {
    const a = timing(4000);
    expect(a.evaluate(1000, true, true)).toBe('sleep');
    expect(a.evaluate(1001, true, true)).toBe('ping');
    const b = timing(60_000);
    expect(b.evaluate(10_000, true, true)).toBe('sleep');
    expect(b.wakeAtMs).toBe(19_000);
    expect(b.evaluate(10_001, true, true)).toBe('ping');
  });

  it('R76: 3.9 expires only with a session, at idleRecv ≥ 4/3 of the timeout, before any other verdict', () => {
    const t = timing(30_000, 3);
    t.lastSendMs = 39_000;
    expect(t.evaluate(40_000, false, false)).toBe('sleep');
    expect(t.evaluate(39_999, false, true)).toBe('sleep');
    expect(t.evaluate(40_000, false, true)).toBe('expire');
    expect(t.evaluate(40_000, true, true)).toBe('expire');
  });

  it('R89: 3.8 never expires and measures the connect timeout from lastHeard, which each attempt resets', () => {
    const t = timing(30_000, 3, '3.8');
    t.lastSendMs = 50_000;
    expect(t.evaluate(100_000, false, true)).toBe('timeout');
    t.onAttemptStart(100_000);
    expect([t.lastSendMs, t.lastHeardMs]).toEqual([100_000, 100_000]);
    expect(t.evaluate(105_000, false, true)).toBe('sleep');
    expect(t.wakeAtMs).toBe(110_000);
    const u = timing(30_000, 3, '3.9');
    u.onAttemptStart(100_000);
    expect([u.lastSendMs, u.lastHeardMs]).toEqual([100_000, 0]);
  });

  test.prop([fc.integer({ min: 100, max: 200_000 }), fc.nat(300_000), fc.nat(300_000), fc.nat(300_000)])(
    'R76: the verdict matches the loop formula',
    (timeoutMs, lastSend, lastHeard, ahead) => {
      const t = timing(timeoutMs);
      t.lastSendMs = lastSend;
      t.lastHeardMs = lastHeard;
      const now = Math.max(lastSend, lastHeard) + ahead;
      const rt = Math.trunc((timeoutMs * 2) / 3);
      const idleSend = now - lastSend;
      const idleRecv = now - lastHeard;
      const ttnp = Math.trunc(rt / 2) - idleSend - (idleSend > 1000 ? 1000 : 0);
      const expected = Math.trunc((timeoutMs * 4) / 3) - idleRecv <= 0 ? 'expire'
        : rt - idleRecv <= 0 ? 'timeout'
        : ttnp <= 0 || idleSend > 10_000 ? 'ping' : 'sleep';
      const v = t.evaluate(now, true, true);
      expect(v).toBe(expected);
      if (v === 'sleep') expect(t.wakeAtMs).toBe(now + Math.min(rt - idleRecv, ttnp));
    },
  );
});
