// Text forms of the scenario file's quantities: durations ("1.5s", "-1h"), clock drift ("200ppm") and
// wall-clock instants ("2024-01-01T00:00:00Z"). Arithmetic is exact (decimal digits, not floating point),
// so "1.1s" is 1100 ms, never 1100.0000000000002. Deciding which values are allowed where (integer,
// signed, positive) is left to the readers; this file only turns text into numbers.

/** Result of reading a quantity from text. */
export type TextValue = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const UNIT_MS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n };
const DURATION_RE = /^([+-]?)(\d*)(?:\.(\d+))?\s*([a-z]+)$/;
/** Digits allowed in a duration's number; more is certainly a mistake and would cost bignum work. */
const DURATION_DIGITS_MAX = 18;

/**
 * Reads a duration with a unit (ms, s, m, h) into milliseconds, exactly; the result may be fractional
 * ("0.5ms") or negative ("-1h"). A bare number without a unit is rejected, so "500" cannot mean seconds.
 * @example parseDurationText('1.5s') → { ok: true, value: 1500 }
 */
export function parseDurationText(text: string): TextValue {
  const trimmed = text.trim();
  const m = DURATION_RE.exec(trimmed);
  if (m === null) {
    const hint = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? ` (add a unit: '${trimmed}ms')` : '';
    return { ok: false, message: `'${text}' is not a duration like 500ms, 30s, 2m or 1h${hint}` };
  }
  const [, sign = '', whole = '', fraction = '', unit = ''] = m;
  const unitMs = UNIT_MS[unit];
  if (unitMs === undefined) return { ok: false, message: `unknown unit '${unit}' in '${text}' (use ms, s, m or h)` };
  if (whole === '' && fraction === '') return { ok: false, message: `'${text}' has no number` };
  if (whole.length + fraction.length > DURATION_DIGITS_MAX) return { ok: false, message: `'${text}' has too many digits` };
  const numerator = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`) * unitMs;
  const denominator = 10n ** BigInt(fraction.length);
  const magnitude = numerator % denominator === 0n ? Number(numerator / denominator) : Number(numerator) / Number(denominator);
  if (!Number.isSafeInteger(Math.ceil(magnitude))) return { ok: false, message: `'${text}' is too long a duration` };
  const value = sign === '-' ? -magnitude : magnitude;
  return { ok: true, value: value === 0 ? 0 : value };
}

const PPM_RE = /^([+-]?\d+)\s*ppm$/;

/**
 * Reads a clock drift written as "200ppm" (or "-50 ppm"). Fractions are not accepted: clocks work in
 * integer parts per million.
 */
export function parsePpmText(text: string): TextValue {
  const m = PPM_RE.exec(text.trim());
  if (m === null) return { ok: false, message: `'${text}' is not a drift like 200ppm or -50ppm (integer parts per million)` };
  return { ok: true, value: Number(m[1]) };
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const MS_PER_DAY = 86_400_000;

/**
 * Reads an ISO 8601 instant into milliseconds since the Unix epoch. A time of day needs an explicit zone
 * (`Z` or `+01:00`): a local time would depend on the machine's time zone. A date alone means midnight UTC.
 * Computed by hand, not with `Date`, so the result never depends on the host.
 * @example parseIsoInstant('2024-01-01T00:00:00Z') → { ok: true, value: 1704067200000 }
 */
export function parseIsoInstant(text: string): TextValue {
  const bad = (why: string): TextValue => ({ ok: false, message: `'${text}' is not an instant like 2024-01-01T00:00:00Z (${why})` });
  const m = ISO_RE.exec(text.trim());
  if (m === null) return bad('expected YYYY-MM-DDTHH:MM:SSZ');
  const [, y = '', mo = '', d = '', h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return bad(`month ${mo}`);
  if (day < 1 || day > daysInMonth(year, month)) return bad(`day ${d}`);
  let msOfDay = 0;
  if (h !== undefined) {
    if (zone === undefined) return bad('a time of day needs a zone, such as Z');
    const hour = Number(h);
    const minute = Number(mi);
    const second = s === undefined ? 0 : Number(s);
    if (hour > 23 || minute > 59 || second > 59) return bad('time of day out of range');
    if (frac !== undefined && frac.length > 3) return bad('at most millisecond precision');
    const millis = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
    msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    const offsetMs = zoneOffsetMs(zone);
    if (offsetMs === null) return bad(`zone ${zone}`);
    msOfDay -= offsetMs;
  }
  const value = daysFromCivil(year, month, day) * MS_PER_DAY + msOfDay;
  return { ok: true, value };
}

/** The zone's offset from UTC in ms, or null when its hours or minutes are out of range. */
function zoneOffsetMs(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
