// Public surface of @zksim/viewer: the pure parts of the teaching viewer (nothing imports the page
// itself). The page entry is src/ui/main.ts, built by Vite; `zksim view` serves the build.
export { EventIndex } from './event-index.ts';
export type { Arrow } from './event-index.ts';
export { DiagramModel, DEFAULT_FILTER } from './diagram-model.ts';
export type { DiagramFilter } from './diagram-model.ts';
export { FullRun, SimCursor, parseSpec, safetyViolations } from './sim-run.ts';
export type { RunData, RunSpec } from './sim-run.ts';
export { RunView } from './run-view.ts';
export { readViewModel } from './view-model.ts';
export type { ViewModel, ServerVm, ClientVm } from './view-model.ts';
export { addWhatIfSteps, describeAction, encodeActions, decodeActions } from './what-if.ts';
export type { WhatIfAction } from './what-if.ts';
export { encodeHash, decodeHash } from './url-state.ts';
export type { UrlState, SourceRef } from './url-state.ts';
export { parseTraceFile, looksLikeTrace } from '@zksim/sim';
export { diffOutcomes } from './outcome.ts';
export { touchTableAt } from './touch-table.ts';
export type { Outcome, OutcomeChange } from './outcome.ts';
