// How a user's own suite uses the arbitraries with @fast-check/vitest: `test.prop` draws scenarios (here
// small calm ones, to keep this example quick), the test runs them with every checker attached as the
// trace sink and asserts on the report. fast-check prints the seed and the shrunk counterexample on failure.
import { fc, test } from '@fast-check/vitest';
import { runScenario } from '@zksim/sim';
import { expect } from 'vitest';
import { CheckerSuite, PROFILES, checkerOptionsFor, clusterArb, networkArb, scenarioArb, type ScenarioShape } from '../src/index.ts';

function check(s: ScenarioShape): ReturnType<CheckerSuite['finish']> {
  const suite = new CheckerSuite(checkerOptionsFor(s));
  runScenario(s, { traceSink: suite, traceHash: false });
  return suite.finish(s.untilMs);
}

test.prop([scenarioArb({ ...PROFILES.calm, untilMs: 20_000, faultToMs: 10_000, clientsMax: 3, opsMax: 4 })], { numRuns: 15 })(
  'a calm ensemble keeps every checked property',
  (s) => {
    const r = check(s);
    expect(r.safety).toEqual([]);
    expect(r.liveness).toEqual([]);
  },
);

test.prop([clusterArb([3, 5]), networkArb()], { numRuns: 30 })('piece arbitraries are valid on their own', (cluster, network) => {
  expect([3, 5]).toContain(cluster.servers);
  expect(cluster.tickTimeMs).toBeGreaterThan(0);
  expect(network.datagram).toBeNull();
  fc.pre(network.loss === 0);
  expect(network.links).toEqual([]);
});
