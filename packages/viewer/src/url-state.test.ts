import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, fromBase64Url, toBase64Url, type UrlState } from './url-state.ts';
import { hashOf, INITIAL_STATE, stateOfHash } from './viewer-state.ts';

describe('url-state', () => {
  test.prop([fc.string({ unit: 'binary', maxLength: 400 })])('base64url round-trips any text', (text) => {
    expect(fromBase64Url(toBase64Url(text))).toBe(text);
  });

  it('reads what Node\'s base64url writes (zksim view builds the hash in Node)', () => {
    const text = 'description: a session — expires ⏱\n';
    expect(fromBase64Url(Buffer.from(text, 'utf8').toString('base64url'))).toBe(text);
  });

  it('round-trips a full state', () => {
    const s: UrlState = {
      source: { kind: 'text', name: 'my scenario.yaml', text: 'version: 1\nuntil: 5s\n# ünïcode\n' }, seed: 'abc', untilMs: 5000, position: 42,
      actions: [{ atMs: 1200, kind: 'freeze', node: 's2' }, { atMs: 1300, kind: 'heal', name: null }], expectHash: 'dbae7ed1dc5561a6', show: 'original',
    };
    expect(decodeHash(encodeHash(s))).toEqual({ ok: true, state: s });
  });

  it('keeps a bundled scenario short and readable', () => {
    const h = encodeHash({ source: { kind: 'bundled', name: '01-leader-client-expires' }, seed: 42, position: 127, actions: [{ atMs: 10_001, kind: 'freeze', node: 's2' }] });
    expect(h).toBe('#scenario=01-leader-client-expires&seed=42&whatif=10001%3Afreeze%3As2&e=127');
    expect(decodeHash(h)).toEqual({ ok: true, state: { source: { kind: 'bundled', name: '01-leader-client-expires' }, seed: 42, position: 127, actions: [{ atMs: 10_001, kind: 'freeze', node: 's2' }] } });
  });

  it('reports bad parts instead of guessing', () => {
    const r = decodeHash('#scenario=x&e=abc&whatif=1:boom:s1&text=%%%');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(["e: 'abc' is not a whole number", "whatif: what-if '1:boom:s1': unknown action 'boom'"]);
  });

  it('maps the viewer state to the address and back', () => {
    const s = { ...INITIAL_STATE, source: { kind: 'bundled' as const, name: '03-explicit-close' }, position: 9, actions: [{ atMs: 5, kind: 'crash' as const, node: 's1' }], show: 'original' as const };
    const back = stateOfHash(hashOf(s));
    expect(back).toEqual({ ok: true, state: s });
  });
});
