// A rolling 64-bit trace hash in pure TypeScript (no node:crypto, so the core runs in a browser).
// Two independent 32-bit lanes (FNV-1a and a murmur-style multiply-rotate) over UTF-16 code units;
// it detects divergence between runs, it is not a cryptographic digest.

/** Incremental hash of a sequence of strings; `hex()` gives 16 lowercase hex digits. */
export class RollingHash {
  private a = 0x811c9dc5 | 0;
  private b = 0x9747b28c | 0;
  private count = 0;

  /** Feeds one string (a record's canonical JSON) into the hash. */
  update(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b = (b << 13) | (b >>> 19);
    }
    // A record separator so that ["ab","c"] and ["a","bc"] differ.
    a = Math.imul(a ^ 0x1e, 0x01000193);
    b = Math.imul(b ^ 0x1e, 0x5bd1e995);
    this.a = a;
    this.b = b;
    this.count++;
  }

  /** Number of strings fed so far. */
  get length(): number {
    return this.count;
  }

  /** The current value as 16 hex digits (finalised with an avalanche mix; the state is unchanged). */
  hex(): string {
    return hex32(fmix(this.a ^ this.count)) + hex32(fmix(this.b ^ Math.imul(this.count, 0x9e3779b1)));
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/** Hash of one string, as 16 hex digits. */
export function hashString(text: string): string {
  const h = new RollingHash();
  h.update(text);
  return h.hex();
}
