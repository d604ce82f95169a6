// Test helpers of @zksim/sim, for this repository's tests and users' own suites.
export { RawClient } from './raw-client.ts';
export { recordsOf, firstOf } from './trace-query.ts';
