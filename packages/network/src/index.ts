// Public surface of @zksim/network: connections between nodes with per-direction FIFO order, latency,
// resets, partitions, holds, loss and an explicit datagram mode. See the package README for the semantics.
export { Network } from './network.ts';
export type { AttachOptions, NetworkStats } from './network.ts';
export { LinkControls } from './link-controls.ts';
export type { ConnId, ConnectFailure, CloseReason, ConnState, NetEndpoint } from './endpoint.ts';
export { DEFAULT_LATENCY } from './network-options.ts';
export type {
  NetworkOptions, DatagramOptions, CrashMode, DropReason, ResetCause,
  PartitionId, PartitionSpec, PartitionScope, PartitionDirection,
} from './network-options.ts';
