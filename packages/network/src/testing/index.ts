// Test helpers of @zksim/network (import from '@zksim/network/testing'): a recording endpoint and a
// small kernel-plus-network builder. Never used by the simulator itself.
export { RecordingEndpoint } from './recording-endpoint.ts';
export type { EndpointEvent } from './recording-endpoint.ts';
export { buildTestNetwork, openConnection, sendEvery } from './test-network.ts';
export type { TestNetwork, TestNetworkOptions } from './test-network.ts';
