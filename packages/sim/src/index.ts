// Public surface of @zksim/sim: cluster builder, message descriptions; scenarios come next.
export { Cluster } from './cluster.ts';
export type { ClusterOptions } from './cluster.ts';
export { describeMessage } from './describe.ts';
