// Arbitraries for the network: a default latency (constant, uniform, exponential or lognormal, all in whole
// microseconds so scenario files round-trip exactly) and a rare connection-reset probability. Datagram mode
// is never drawn: it breaks ZooKeeper's TCP assumption on purpose and belongs to teaching scenarios.
import fc from 'fast-check';
import type { DelayShape, NetworkShape } from '../scenario-shape.ts';

const micros = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: min * 1000, max: max * 1000 }).map((u) => u / 1000);

/** A delay distribution of small latencies (the base network). */
export function latencyArb(): fc.Arbitrary<DelayShape> {
  return fc.oneof(
    { weight: 3, arbitrary: micros(0, 3).map((ms): DelayShape => ({ type: 'constant', ms: Math.max(ms, 0.1) })) },
    { weight: 3, arbitrary: fc.tuple(micros(0, 2), micros(0, 4)).map(([floorMs, spreadMs]): DelayShape => ({ type: 'uniform', floorMs, spreadMs })) },
    { weight: 1, arbitrary: fc.tuple(micros(0, 1), micros(0, 3)).map(([floorMs, meanMs]): DelayShape => ({ type: 'exponential', floorMs, meanMs })) },
    { weight: 1, arbitrary: fc.tuple(micros(0, 1), micros(0, 2), fc.constantFrom(0.25, 0.5)).map(([floorMs, medianMs, sigma]): DelayShape => ({ type: 'lognormal', floorMs, medianMs, sigma })) },
  );
}

/** A slow latency for spikes: 20–400 ms. */
export function slowLatencyArb(): fc.Arbitrary<DelayShape> {
  return fc.oneof(
    micros(20, 400).map((ms): DelayShape => ({ type: 'constant', ms })),
    fc.tuple(micros(10, 100), micros(0, 300)).map(([floorMs, spreadMs]): DelayShape => ({ type: 'uniform', floorMs, spreadMs })),
  );
}

/** The network: base latency, usually no loss. */
export function networkArb(): fc.Arbitrary<NetworkShape> {
  return fc.record({
    latency: latencyArb(),
    loss: fc.constantFrom(0, 0, 0, 0.0005),
  }).map((n): NetworkShape => ({ latency: n.latency, links: [], loss: n.loss, datagram: null }));
}
