import { describe, expect, it } from 'vitest';
import { parseDurationText, parseIsoInstant, parsePpmText } from './durations.ts';

const ok = (value: number) => ({ ok: true, value });

describe('parseDurationText', () => {
  it('reads every unit exactly', () => {
    expect(parseDurationText('1.5s')).toEqual(ok(1500));
    expect(parseDurationText('2m')).toEqual(ok(120_000));
    expect(parseDurationText('1h')).toEqual(ok(3_600_000));
    expect(parseDurationText('500ms')).toEqual(ok(500));
    expect(parseDurationText('1.1s')).toEqual(ok(1100));
    expect(parseDurationText('.25s')).toEqual(ok(250));
    expect(parseDurationText('1 s')).toEqual(ok(1000));
  });

  it('keeps signs and fractions of a millisecond for the caller to judge', () => {
    expect(parseDurationText('-1h')).toEqual(ok(-3_600_000));
    expect(parseDurationText('+90s')).toEqual(ok(90_000));
    expect(parseDurationText('-0s')).toEqual(ok(0));
    expect(parseDurationText('0.2ms')).toEqual(ok(0.2));
  });

  it('rejects text without a unit, unknown units and nonsense', () => {
    expect(parseDurationText('500')).toEqual({ ok: false, message: "'500' is not a duration like 500ms, 30s, 2m or 1h (add a unit: '500ms')" });
    expect(parseDurationText('1d')).toEqual({ ok: false, message: "unknown unit 'd' in '1d' (use ms, s, m or h)" });
    expect(parseDurationText('s').ok).toBe(false);
    expect(parseDurationText('1.s').ok).toBe(false);
    expect(parseDurationText('1e3ms').ok).toBe(false);
    expect(parseDurationText('9999999999999999999h').ok).toBe(false);
  });
});

describe('parsePpmText', () => {
  it('reads integer ppm with an optional sign', () => {
    expect(parsePpmText('200ppm')).toEqual(ok(200));
    expect(parsePpmText('-50 ppm')).toEqual(ok(-50));
    expect(parsePpmText('2.5ppm').ok).toBe(false);
    expect(parsePpmText('200').ok).toBe(false);
  });
});

describe('parseIsoInstant', () => {
  it('reads instants with a zone, without depending on the host time zone', () => {
    expect(parseIsoInstant('2024-01-01T00:00:00Z')).toEqual(ok(1_704_067_200_000));
    expect(parseIsoInstant('1970-01-01T00:00:00.250Z')).toEqual(ok(250));
    expect(parseIsoInstant('2024-01-01T01:00:00+01:00')).toEqual(ok(1_704_067_200_000));
    expect(parseIsoInstant('2023-12-31T19:00-05:00')).toEqual(ok(1_704_067_200_000));
    expect(parseIsoInstant('2024-02-29')).toEqual(ok(1_709_164_800_000));
    expect(parseIsoInstant('1969-12-31T23:59:59Z')).toEqual(ok(-1000));
  });

  it('rejects local times, impossible dates and too much precision', () => {
    expect(parseIsoInstant('2024-01-01T00:00:00').ok).toBe(false);
    expect(parseIsoInstant('2023-02-29').ok).toBe(false);
    expect(parseIsoInstant('2024-13-01').ok).toBe(false);
    expect(parseIsoInstant('2024-01-01T24:00:00Z').ok).toBe(false);
    expect(parseIsoInstant('2024-01-01T00:00:00.0001Z').ok).toBe(false);
    expect(parseIsoInstant('2024-01-01T00:00:00+25:00').ok).toBe(false);
    expect(parseIsoInstant('yesterday').ok).toBe(false);
  });
});
