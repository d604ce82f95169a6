// Public surface of @zksim/client: the ZooKeeper client model (ZkClient), its states and events, the
// result types of its operations, and the pure pieces a viewer or checker may want to reuse (timing rule,
// connect-string parsing). The scripted test server is exported separately from `./testing`.
export { ZkClient } from './zk-client.ts';
export type { ZkClientOptions, WatchArg } from './zk-client.ts';
export type { ClientView } from './client-view.ts';
export type { ZkResult, ZkCallback, DataResult } from './results.ts';
export { CLIENT_STATES, isAlive, isConnected, lossCode } from './client-state.ts';
export type { ClientState, KeeperState, WatchedEvent, Watcher, StateEventRecord } from './client-state.ts';
export type { ConnectionPhase } from './send-thread.ts';
export { CLEANUP_PAUSE_MS, BACKOFF_RANGE_MS, CLIENT_TIMER_TAG, CLIENT_BUGS } from './send-thread.ts';
export type { ClientBug } from './send-thread.ts';
export { SendTiming, MAX_SEND_PING_INTERVAL_MS } from './send-timing.ts';
export type { ClientVersion, LoopVerdict } from './send-timing.ts';
export { WRAP_PAUSE_MS } from './host-provider.ts';
export { parseConnectString, prependChroot, stripChroot, validatePath, BadPathError } from './chroot.ts';
export type { ConnectString } from './chroot.ts';
