// Public surface of @zksim/checkers: invariant checkers over traces (safety and liveness, incremental),
// "sometimes" goals, fast-check arbitraries of whole scenarios, shrinking and a scenario → YAML writer.
export type { TraceRecord } from './trace-record.ts';
export type { Violation, CheckerKind } from './violation.ts';
export { formatViolation, formatEvidence } from './violation.ts';
export type { Checker, CheckerFactory, CheckContext, Finding, Report } from './checker.ts';
export type { CheckerOptions } from './options.ts';
export { DEFAULT_CHECKER_OPTIONS, resolveOptions, checkerOptionsFor } from './options.ts';
export { CheckerSuite, checkTrace, checkerCatalog, formatReport, CHECKER_FACTORIES } from './suite.ts';
export type { CheckReport } from './suite.ts';
export { SOMETIMES_GOALS } from './sometimes.ts';
export type { SometimesGoal } from './sometimes.ts';
export * from './scenario-shape.ts';
export { scenarioToYaml } from './scenario-yaml.ts';
export * from './arbitraries/index.ts';
export { testSeed, drawForSeed } from './shrink.ts';
export type { SeedOutcome, TestSeedOptions } from './shrink.ts';
export { scenarioSize, formatSize, trimScenario } from './scenario-size.ts';
export type { ScenarioSize } from './scenario-size.ts';
