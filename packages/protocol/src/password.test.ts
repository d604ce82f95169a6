import { describe, expect, it } from 'vitest';
import { NO_SESSION } from './ids.ts';
import { ZERO_PASSWD, checkPasswd, generatePasswd } from './password.ts';

// Vectors printed by java.util.Random on JDK 17 (OpenJDK 17.0.15): a scratch program ran
// `Random r = new Random(id ^ 0XB3415C00L); byte[] p = new byte[16]; r.nextBytes(p);` and printed p as hex.
const JAVA_VECTORS: readonly (readonly [string, string])[] = [
  ['0x0100000000000001', '054cc74a37327db215e702e20c73f005'],
  ['0x0000000000000001', '054cc74a37327db215e702e20c73f005'],
  ['0x0000000000000000', 'f22acd4a97e69d6d20a49bb638eadb38'],
  ['0x00000000b3415c00', '60b420bb3851d9d47acb933dbe70399b'],
  ['0x0300017f5a2b0000', '5712ec18982ac7db8d7e3240a1d8d038'],
  ['0x8000000000000000', 'f22acd4a97e69d6d20a49bb638eadb38'],
  ['0x8000000000000001', '054cc74a37327db215e702e20c73f005'],
  ['0xff00000000000003', 'df09d34af79abe282b61348b6561c76b'],
  ['0xffffffffffffffff', '20f62cb5648dc2d771471c8a2486a9ee'],
  ['0x7fffffffffffffff', '20f62cb5648dc2d771471c8a2486a9ee'],
];

describe('session passwords', () => {
  it.each(JAVA_VECTORS)('R3: generatePasswd(%s) equals java.util.Random on JDK 17', (id, expected) => {
    expect(generatePasswd(id)).toBe(expected);
  });

  it('R3: ids that agree in their low 48 bits share a password (Random keeps a 48-bit seed)', () => {
    expect(generatePasswd('0x0100000000000001')).toBe(generatePasswd('0x0000000000000001'));
    expect(generatePasswd('0x0100000000000001')).not.toBe(generatePasswd('0x0100000000000002'));
  });

  it('R3: accepts the generated password and rejects any other', () => {
    const id = '0x0300017f5a2b0000';
    expect(checkPasswd(id, '5712ec18982ac7db8d7e3240a1d8d038')).toBe(true);
    expect(checkPasswd(id, '5712ec18982ac7db8d7e3240a1d8d039')).toBe(false);
    expect(checkPasswd(id, ZERO_PASSWD)).toBe(false);
    expect(checkPasswd(id, '')).toBe(false);
  });

  it('R3: never accepts session id 0, even with its generated password', () => {
    expect(checkPasswd(NO_SESSION, 'f22acd4a97e69d6d20a49bb638eadb38')).toBe(false);
  });

  it('R33: the refusal password is 16 zero bytes', () => {
    expect(ZERO_PASSWD).toBe('00000000000000000000000000000000');
  });
});
