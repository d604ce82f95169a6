// Readers for scalar values at a position: text, booleans, integers, probabilities, durations, words
// from a fixed list and names. Each takes a `Field` (or undefined, for an absent optional key), returns
// the value or undefined, and records an issue saying what was expected and what was found.
import { parseDurationText } from './durations.ts';
import { suggest } from './scenario-issues.ts';
import { describeNode, report, scalarOf, type Field, type ReadContext } from './yaml-reader.ts';

/** Reads text. */
export function stringOf(ctx: ReadContext, f: Field | undefined, expected = 'text'): string | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, expected);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}${typeof v === 'number' ? ' (quote it to make it text)' : ''}`);
    return undefined;
  }
  return v;
}

/** Reads true or false. */
export function boolOf(ctx: ReadContext, f: Field | undefined): boolean | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, 'true or false');
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    report(ctx, f, `must be true or false, got ${describeNode(f.node)}`);
    return undefined;
  }
  return v;
}

/** Reads an integer in [min, max]. */
export function intOf(ctx: ReadContext, f: Field | undefined, min: number, max: number): number | undefined {
  if (f === undefined) return undefined;
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const v = scalarOf(ctx, f, expected);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  return v;
}

/** Reads a probability: a number from 0 to 1. */
export function probabilityOf(ctx: ReadContext, f: Field | undefined): number | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, 'a probability from 0 to 1');
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    report(ctx, f, `must be a probability from 0 to 1, got ${describeNode(f.node)}`);
    return undefined;
  }
  return v;
}

/** What a duration may be at a position. */
export interface DurationRule {
  /** Smallest allowed value in ms (negative allows signed durations). */
  readonly minMs: number;
  /** Fractions of a millisecond are allowed (delays), not for times. */
  readonly isFractionAllowed?: boolean;
}

/** Reads a duration: a number of milliseconds or text with a unit ("500ms", "1.5s", "2m", "1h"). */
export function durationOf(ctx: ReadContext, f: Field | undefined, rule: DurationRule): number | undefined {
  if (f === undefined) return undefined;
  const expected = 'a duration like 500ms, 30s, 2m or 1h (a plain number is milliseconds)';
  const v = scalarOf(ctx, f, expected);
  if (v === undefined) return undefined;
  let ms: number;
  if (typeof v === 'number') {
    ms = v;
  } else if (typeof v === 'string') {
    const parsed = parseDurationText(v);
    if (!parsed.ok) {
      report(ctx, f, parsed.message);
      return undefined;
    }
    ms = parsed.value;
  } else {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > Number.MAX_SAFE_INTEGER) {
    report(ctx, f, `must be a finite duration, got ${describeNode(f.node)}`);
    return undefined;
  }
  if (rule.isFractionAllowed !== true && !Number.isInteger(ms)) {
    report(ctx, f, `must be a whole number of milliseconds, got ${describeNode(f.node)} (${ms} ms)`);
    return undefined;
  }
  if (ms < rule.minMs) {
    const bound = rule.minMs === 0 ? 'must not be negative' : rule.minMs === 1 ? 'must be greater than 0' : `must be at least ${rule.minMs} ms`;
    report(ctx, f, `${bound}, got ${describeNode(f.node)}`);
    return undefined;
  }
  return ms;
}

/** Reads one of a fixed set of words; a near miss gets a suggestion. */
export function enumOf<T extends string>(ctx: ReadContext, f: Field | undefined, allowed: readonly T[], what: string): T | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, `a ${what}`);
  if (v === undefined) return undefined;
  const text = String(v);
  const found = allowed.find((a) => a === text);
  if (found !== undefined) return found;
  const hint = suggest(text, allowed);
  report(ctx, f, `unknown ${what} '${text}'${hint === undefined ? ` (one of: ${allowed.join(', ')})` : ''}`, hint);
  return undefined;
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Longest name accepted for clients, op ids and partitions. */
export const NAME_LENGTH_MAX = 64;

/** Reads a name (client id, op id, partition name): a letter, then letters, digits, `_`, `-` or `.`. */
export function nameOf(ctx: ReadContext, f: Field | undefined, what: string): string | undefined {
  const v = stringOf(ctx, f, `a ${what}`);
  if (v === undefined || f === undefined) return undefined;
  if (!NAME_RE.test(v) || v.length > NAME_LENGTH_MAX) {
    report(ctx, f, `'${v}' is not a valid ${what}: start with a letter, then letters, digits, '_', '-' or '.' (at most ${NAME_LENGTH_MAX})`);
    return undefined;
  }
  return v;
}
