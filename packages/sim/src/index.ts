// Public surface of @zksim/sim: cluster builder, scenarios (parse, validate, run), narration.
export { Cluster } from './cluster.ts';
export type { ClusterOptions } from './cluster.ts';
export { describeMessage } from './describe.ts';
export { narrate, LAYERS } from './narrate.ts';
export type { Layer, Narration } from './narrate.ts';
export { runScenario, ScenarioRunner, violationOf } from './scenario/run-scenario.ts';
export { CHECKER_NAMES } from './scenario/read-expect.ts';
export type { RunScenarioOptions, ScenarioResult, ExpectationOutcome } from './scenario/run-scenario.ts';
export * from './scenario/scenario-types.ts';
export { parseScenario } from './scenario/parse-scenario.ts';
export { formatIssue } from './scenario/scenario-issues.ts';
export type { ScenarioIssue } from './scenario/scenario-issues.ts';
export { parseTraceFile, looksLikeTrace } from './trace-file.ts';
export type { TraceHeader, TraceFooter, TraceFile } from './trace-file.ts';
