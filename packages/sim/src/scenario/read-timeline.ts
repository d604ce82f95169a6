// Reads `timeline`: each step is `at` plus exactly one action key. Steps come out sorted by time, keeping
// file order for equal times (a stable sort), and the checks that need the whole list happen here: op ids
// are unique, partition names are unique, a `heal` names a partition declared before it in time, and no
// step falls after `until`.
import type { TimelineStep } from './scenario-types.ts';
import type { NodeNames } from './node-names.ts';
import { ACTION_KEYS, readAction, type ReadAction } from './read-actions.ts';
import { suggest } from './scenario-issues.ts';
import { STEP_SHAPE } from './surface-shape.ts';
import { durationOf } from './value-readers.ts';
import { lineOf, listOf, mapOf, report, type Field, type ReadContext } from './yaml-reader.ts';

/** Most steps a timeline may have. */
export const TIMELINE_STEPS_MAX = 100_000;

/** The timeline and the op ids it declares (for `result` expectations). */
export interface TimelineRead {
  readonly steps: TimelineStep[];
  /** Op id → line of the step that declares it. */
  readonly opIds: ReadonlyMap<string, number>;
}

interface PendingStep {
  readonly step: TimelineStep;
  readonly read: ReadAction;
  readonly atField: Field;
}

/** Reads `timeline`; `untilMs` is undefined when `until` itself is bad (then no step is "after" it). */
export function readTimeline(ctx: ReadContext, f: Field | undefined, names: NodeNames, untilMs: number | undefined): TimelineRead {
  const pending: PendingStep[] = [];
  const items = listOf(ctx, f, 'a list of steps', TIMELINE_STEPS_MAX) ?? [];
  items.forEach((item, index) => {
    const p = readStep(ctx, item, index, names, untilMs);
    if (p !== undefined) pending.push(p);
  });
  const opIds = checkOpIds(ctx, pending);
  checkPartitionNames(ctx, pending);
  // Array.prototype.sort is stable (ES2019), so equal times keep file order.
  const sorted = [...pending].sort((a, b) => a.step.atMs - b.step.atMs);
  checkHeals(ctx, sorted);
  return { steps: sorted.map((p) => p.step), opIds };
}

function readStep(ctx: ReadContext, item: Field, index: number, names: NodeNames, untilMs: number | undefined): PendingStep | undefined {
  const m = mapOf(ctx, item, STEP_SHAPE, 'a step ({ at: 1s, <action>: … })');
  if (m === undefined) return undefined;
  const atField = m.require('at');
  const atMs = durationOf(ctx, atField, { minMs: 0 });
  if (atMs !== undefined && atField !== undefined && untilMs !== undefined && atMs > untilMs) {
    report(ctx, atField, `step at ${atMs} ms is after until (${untilMs} ms)`);
  }
  const actions = m.presentKeys.filter((k) => k !== 'at');
  if (actions.length === 0) {
    if (!m.hasUnknownKeys) report(ctx, item, `a step needs one action: ${ACTION_KEYS.join(', ')}`);
    return undefined;
  }
  if (actions.length > 1) {
    report(ctx, item, `a step has exactly one action, found ${actions.map((a) => `'${a}'`).join(' and ')}; split it into two steps`);
    return undefined;
  }
  const key = actions[0] ?? '';
  const valueField = m.require(key);
  if (valueField === undefined) return undefined;
  const read = readAction(ctx, key, valueField, names, index);
  if (read === undefined || atMs === undefined || atField === undefined) return undefined;
  const step: TimelineStep = { atMs, line: lineOf(ctx, item.offset), ...read.action };
  return { step, read, atField };
}

function checkOpIds(ctx: ReadContext, pending: readonly PendingStep[]): Map<string, number> {
  const opIds = new Map<string, number>();
  for (const { read } of pending) {
    if (read.opId === undefined) continue;
    const first = opIds.get(read.opId.id);
    if (first !== undefined) report(ctx, read.opId.field, `duplicate op id '${read.opId.id}' (first used on line ${first})`);
    else opIds.set(read.opId.id, lineOf(ctx, read.opId.field.offset));
  }
  return opIds;
}

/** Partition names are unique in the file, so `heal: p1` always means one partition. */
function checkPartitionNames(ctx: ReadContext, pending: readonly PendingStep[]): void {
  const lines = new Map<string, number>();
  for (const { read } of pending) {
    if (read.partition === undefined) continue;
    const first = lines.get(read.partition.name);
    if (first !== undefined) report(ctx, read.partition.field, `partition name '${read.partition.name}' is already used on line ${first}`);
    else lines.set(read.partition.name, lineOf(ctx, read.partition.field.offset));
  }
}

/** A `heal` must come after (in time, or in file order at the same time) the partition it names. */
function checkHeals(ctx: ReadContext, sorted: readonly PendingStep[]): void {
  const declared = new Set<string>();
  const declaredLater = new Map<string, number>();
  for (const { read } of sorted) {
    if (read.partition !== undefined && !declaredLater.has(read.partition.name)) {
      declaredLater.set(read.partition.name, lineOf(ctx, read.partition.field.offset));
    }
  }
  for (const { read, step } of sorted) {
    if (read.partition !== undefined) declared.add(read.partition.name);
    if (read.heal === undefined || declared.has(read.heal.name)) continue;
    const later = declaredLater.get(read.heal.name);
    const why = later === undefined ? 'no partition has that name' : `it is declared on line ${later}, which runs later`;
    const hint = later === undefined ? suggest(read.heal.name, [...declaredLater.keys()]) : undefined;
    report(ctx, read.heal.field, `heal at ${step.atMs} ms of partition '${read.heal.name}', which is not declared before it: ${why}`, hint);
  }
}
