// Public surface of @zksim/server: the server node and the pieces a viewer or a checker may inspect.
export { ServerNode } from './server-node.ts';
export type { ServerNodeOptions } from './server-node.ts';
export { DEFAULT_ENSEMBLE, negotiateTimeout, minSessionTimeout, maxSessionTimeout } from './server-config.ts';
export type { EnsembleConfig, ServerBug } from './server-config.ts';
export { ExpiryQueue, roundToNextInterval } from './expiry-queue.ts';
export { SessionTrackerImpl } from './session-tracker.ts';
export { LearnerSessionTracker } from './learner-session-tracker.ts';
export { MajorityQuorum, HierarchicalQuorum } from './quorum-verifier.ts';
export type { QuorumVerifier } from './quorum-verifier.ts';
export { DataTree, sequentialName } from './data-tree.ts';
export type { WatchFire, TxnResult, ZNodeView } from './data-tree.ts';
export { ZkDatabase } from './zk-database.ts';
export { FastLeaderElection, totalOrderPredicate } from './election.ts';
export type { Vote } from './election.ts';
export { Leader } from './leader.ts';
export { Follower } from './follower.ts';
