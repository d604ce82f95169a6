// fast-check arbitraries for zksim scenarios: pieces (ensemble, clocks, network, clients, workload, fault
// episodes) and whole scenarios, with profiles and a swarm mode.
export { FAULT_KINDS, PROFILES, profileNamed } from './profiles.ts';
export type { FaultKind, ProfileName, ScenarioProfile } from './profiles.ts';
export { clusterArb, clockArb, clocksArb } from './cluster.ts';
export { latencyArb, slowLatencyArb, networkArb } from './network.ts';
export { OP_KINDS, clientDraftArb, opDraftArb, pickServer } from './clients.ts';
export type { ClientDraft, OpDraft, OpKind } from './clients.ts';
export { faultDraftArb, enabledKindsArb } from './faults.ts';
export type { FaultDraft } from './faults.ts';
export { scenarioArb, swarmScenarioArb, scenarioDraftArb, buildScenario } from './scenario.ts';
export type { ScenarioDraft, ScenarioArbOptions } from './scenario.ts';
