// Public surface of @zksim/kernel: event queue, kernel, clocks, randomness, delays, trace, durable store.
export { Kernel } from './kernel.ts';
export type { NodeId, ChannelId, NodeKind, TimerHandler, ChannelHandler, KernelOptions, RunResult, NodeLifecycleListener } from './kernel.ts';
export { EventQueue } from './event-queue.ts';
export type { EventId } from './event-queue.ts';
export { NodeClock, DEFAULT_WALL_EPOCH_MS } from './clock.ts';
export type { ClockOptions } from './clock.ts';
export { Rng, aleaStep } from './rng.ts';
export { sampleDelayMs, sampleUniformDelayAt, meanDelayMs, validateDistribution } from './distributions.ts';
export type { DelayDistribution } from './distributions.ts';
export { detLog, detExp, normalQuantile } from './det-math.ts';
export { Tracer, MemorySink, NdjsonSink, TeeSink } from './trace.ts';
export type { TraceRecord, TraceSink } from './trace.ts';
export { RollingHash, hashString } from './hash.ts';
export { DurableStore } from './durable-store.ts';
export type { CrashLoss } from './durable-store.ts';
export { selfCheck } from './self-check.ts';
export type { SelfCheckResult, Divergence } from './self-check.ts';
export { ZksimError, AssertionError, SimulationLimitError, assert } from './errors.ts';
