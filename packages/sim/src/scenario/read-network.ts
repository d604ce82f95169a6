// Reads the `network` section (default latency, loss, datagram mode, per-link settings) and the pieces
// timeline steps share with it: delay distributions and link endpoints (`between: [a, b]` or `from`/`to`).
// Delays may be fractional milliseconds (the kernel draws in microseconds); everything else is checked
// here and once more by the kernel's own `validateDistribution`.
import { validateDistribution, type DelayDistribution } from '@zksim/kernel';
import type { LinkSpec, NetworkSpec } from './scenario-types.ts';
import { checkNodeName, kindOfName, type NodeNames } from './node-names.ts';
import { DATAGRAM_SHAPE, DISTRIBUTION_SHAPE, EXPONENTIAL_SHAPE, LINK_SHAPE, LOGNORMAL_SHAPE, NETWORK_SHAPE } from './surface-shape.ts';
import { durationOf, probabilityOf, stringOf } from './value-readers.ts';
import {
  isMapField, listOf, mapOf, report, scalarOf,
  type Field, type MapView, type ReadContext,
} from './yaml-reader.ts';

/** Most links a scenario may configure. */
export const LINKS_MAX = 10_000;
const DELAY = { minMs: 0, isFractionAllowed: true } as const;
const DEFAULT_LATENCY: DelayDistribution = { type: 'constant', ms: 1 };

/** Rounds a delay to whole microseconds, the kernel's resolution, so `1ms − 0.2ms` is exactly 0.8. */
function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Reads a delay distribution: a duration (constant), `{ constant: d }`, `{ uniform: [min, max] }`,
 * `{ exponential: { mean, floor } }` or `{ lognormal: { median, sigma, floor } }`.
 */
export function distributionOf(ctx: ReadContext, f: Field | undefined): DelayDistribution | undefined {
  if (f === undefined) return undefined;
  if (!isMapField(f)) {
    const ms = durationOf(ctx, f, DELAY);
    return ms === undefined ? undefined : { type: 'constant', ms: roundMicros(ms) };
  }
  const m = mapOf(ctx, f, DISTRIBUTION_SHAPE);
  if (m === undefined) return undefined;
  if (m.presentKeys.length === 0 && m.hasUnknownKeys) return undefined;
  if (m.presentKeys.length !== 1) {
    const found = m.presentKeys.length === 0 ? 'none' : m.presentKeys.join(', ');
    report(ctx, f, `a latency needs exactly one of constant, uniform, exponential, lognormal (found ${found})`);
    return undefined;
  }
  const d = readDistributionKind(ctx, m);
  if (d === undefined) return undefined;
  for (const problem of validateDistribution(d)) report(ctx, f, problem);
  return d;
}

function readDistributionKind(ctx: ReadContext, m: MapView): DelayDistribution | undefined {
  const kind = m.presentKeys[0];
  if (kind === 'constant') {
    const ms = durationOf(ctx, m.get('constant'), DELAY);
    return ms === undefined ? undefined : { type: 'constant', ms: roundMicros(ms) };
  }
  if (kind === 'uniform') {
    const f = m.require('uniform');
    const bounds = listOf(ctx, f, 'a list [min, max]', 2);
    if (bounds === undefined || f === undefined) return undefined;
    const [lo, hi] = bounds.map((b) => durationOf(ctx, b, DELAY));
    if (bounds.length !== 2) report(ctx, f, 'must be a list of two durations [min, max]');
    if (lo === undefined || hi === undefined) return undefined;
    if (hi < lo) {
      report(ctx, f, `max (${hi} ms) must not be below min (${lo} ms)`);
      return undefined;
    }
    return { type: 'uniform', floorMs: roundMicros(lo), spreadMs: roundMicros(hi - lo) };
  }
  if (kind === 'exponential') {
    const e = mapOf(ctx, m.require('exponential'), EXPONENTIAL_SHAPE, 'a mapping { mean, floor }');
    const meanMs = durationOf(ctx, e?.require('mean'), DELAY);
    const floorMs = durationOf(ctx, e?.get('floor'), DELAY) ?? 0;
    return meanMs === undefined ? undefined : { type: 'exponential', floorMs: roundMicros(floorMs), meanMs: roundMicros(meanMs) };
  }
  const l = mapOf(ctx, m.require('lognormal'), LOGNORMAL_SHAPE, 'a mapping { median, sigma, floor }');
  const medianMs = durationOf(ctx, l?.require('median'), DELAY);
  const sigmaField = l?.require('sigma');
  const sigma = sigmaField === undefined ? undefined : scalarOf(ctx, sigmaField, 'a number ≥ 0');
  const floorMs = durationOf(ctx, l?.get('floor'), DELAY) ?? 0;
  if (sigma !== undefined && sigmaField !== undefined && (typeof sigma !== 'number' || !(sigma >= 0) || !Number.isFinite(sigma))) {
    report(ctx, sigmaField, `must be a number ≥ 0, got ${String(sigma)}`);
    return undefined;
  }
  if (medianMs === undefined || typeof sigma !== 'number') return undefined;
  return { type: 'lognormal', floorMs: roundMicros(floorMs), medianMs: roundMicros(medianMs), sigma };
}

/** Reads datagram mode `{ drop, duplicate }` (each a probability, default 0). */
export function datagramOf(ctx: ReadContext, f: Field | undefined): { drop: number; duplicate: number } | undefined {
  if (f === undefined) return undefined;
  const m = mapOf(ctx, f, DATAGRAM_SHAPE, 'a mapping { drop, duplicate }');
  if (m === undefined) return undefined;
  return { drop: probabilityOf(ctx, m.get('drop')) ?? 0, duplicate: probabilityOf(ctx, m.get('duplicate')) ?? 0 };
}

/** Two endpoints: directed (`from`, `to`) or both ways (`between: [a, b]`). */
export interface Endpoints {
  readonly from: string;
  readonly to: string;
  readonly bothWays: boolean;
}

/**
 * Reads `between: [a, b]` or `from` + `to` from a mapping. Returns null when neither is given (the
 * caller decides whether that is allowed) and undefined after an issue.
 */
export function endpointsOf(ctx: ReadContext, m: MapView, names: NodeNames): Endpoints | null | undefined {
  const between = m.get('between');
  const fromField = m.get('from');
  const toField = m.get('to');
  if (between !== undefined) {
    if (fromField !== undefined || toField !== undefined) {
      report(ctx, between, 'use either between: [a, b] (both ways) or from/to (one way), not both');
      return undefined;
    }
    const items = listOf(ctx, between, 'a list of two node names [a, b]', 2);
    if (items === undefined) return undefined;
    if (items.length !== 2) {
      report(ctx, between, 'must name exactly two nodes [a, b]');
      return undefined;
    }
    const [a, b] = items.map((i) => nodeOf(ctx, i, names));
    return a === undefined || b === undefined ? undefined : checkPair(ctx, between, a, b, true, names);
  }
  if (fromField === undefined && toField === undefined) return null;
  if (fromField === undefined || toField === undefined) {
    const given = (fromField ?? toField) as Field;
    report(ctx, given, fromField === undefined ? "'to' needs a 'from'" : "'from' needs a 'to'");
    return undefined;
  }
  const from = nodeOf(ctx, fromField, names);
  const to = nodeOf(ctx, toField, names);
  return from === undefined || to === undefined ? undefined : checkPair(ctx, fromField, from, to, false, names);
}

function nodeOf(ctx: ReadContext, f: Field, names: NodeNames): string | undefined {
  const name = stringOf(ctx, f, 'a node name');
  return name === undefined ? undefined : checkNodeName(ctx, f, name, names, 'node');
}

function checkPair(ctx: ReadContext, f: Field, from: string, to: string, bothWays: boolean, names: NodeNames): Endpoints | undefined {
  if (from === to) {
    report(ctx, f, `a link joins two different nodes, got '${from}' twice`);
    return undefined;
  }
  if (kindOfName(names, from) === 'client' && kindOfName(names, to) === 'client') {
    report(ctx, f, `'${from}' and '${to}' are both clients; clients only talk to servers`);
    return undefined;
  }
  return { from, to, bothWays };
}

/** Reads `network`. */
export function readNetwork(ctx: ReadContext, f: Field | undefined, names: NodeNames): NetworkSpec {
  const m = mapOf(ctx, f, NETWORK_SHAPE);
  const links: LinkSpec[] = [];
  for (const item of listOf(ctx, m?.get('links'), 'a list of links', LINKS_MAX) ?? []) {
    const link = readLink(ctx, item, names);
    if (link !== undefined) links.push(link);
  }
  return {
    latency: distributionOf(ctx, m?.get('latency')) ?? DEFAULT_LATENCY,
    links,
    loss: probabilityOf(ctx, m?.get('loss')) ?? 0,
    datagram: datagramOf(ctx, m?.get('datagram')) ?? null,
  };
}

function readLink(ctx: ReadContext, f: Field, names: NodeNames): LinkSpec | undefined {
  const m = mapOf(ctx, f, LINK_SHAPE, 'a link ({ between: [a, b] } or { from, to } with latency, loss, datagram)');
  if (m === undefined) return undefined;
  const ends = endpointsOf(ctx, m, names);
  if (ends === null) report(ctx, f, 'a link needs between: [a, b] or from and to');
  const latency = distributionOf(ctx, m.get('latency'));
  const loss = probabilityOf(ctx, m.get('loss'));
  const datagram = datagramOf(ctx, m.get('datagram'));
  if (!['latency', 'loss', 'datagram'].some((k) => m.presentKeys.includes(k))) {
    report(ctx, f, 'a link must set latency, loss or datagram');
  }
  if (ends === null || ends === undefined) return undefined;
  return {
    ...ends,
    ...(latency !== undefined ? { latency } : {}),
    ...(loss !== undefined ? { loss } : {}),
    ...(datagram !== undefined ? { datagram } : {}),
  };
}
