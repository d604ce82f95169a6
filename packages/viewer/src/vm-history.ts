// Recorded view-model history: every panel picture the viewer has computed, by position, as immutable
// immer states that share their unchanged parts (a step that only moves one client's clock keeps every
// server object as it was). Stepping back to a recorded position is a lookup, not a re-run. Bounded: the
// oldest entries are dropped past `capacity`.
import { freeze, produce, type Draft } from 'immer';
import type { ViewModel } from './view-model.ts';

/** Positions kept by default. */
export const HISTORY_CAPACITY = 20_000;

/** View-models by position, with structural sharing between neighbours. */
export class VmHistory {
  private readonly byPosition = new Map<number, ViewModel>();
  private latest: ViewModel | null = null;
  readonly capacity: number;

  constructor(capacity = HISTORY_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError('VmHistory: capacity must be ≥ 1');
    this.capacity = capacity;
  }

  /** Number of positions recorded. */
  get size(): number {
    return this.byPosition.size;
  }

  /** The recorded view-model at `position`, if any. */
  get(position: number): ViewModel | undefined {
    return this.byPosition.get(position);
  }

  /**
   * Records `vm` (a fresh, plain object) and returns the immutable state kept: parts equal to the last
   * recorded state are shared with it, so history costs only what changed.
   */
  record(vm: ViewModel): ViewModel {
    const kept = this.latest === null ? freeze(structuredCloneJson(vm), true) : produce(this.latest, (d) => {
      assignDeep(d as unknown as Record<string, unknown>, vm as unknown as Record<string, unknown>);
    });
    this.byPosition.delete(vm.position);
    this.byPosition.set(vm.position, kept);
    this.latest = kept;
    while (this.byPosition.size > this.capacity) {
      const oldest = this.byPosition.keys().next().value as number;
      this.byPosition.delete(oldest);
    }
    return kept;
  }

  /** Forgets everything (another run was loaded). */
  clear(): void {
    this.byPosition.clear();
    this.latest = null;
  }
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Writes `next` into `draft`, touching only what differs, so immer keeps unchanged subtrees. */
function assignDeep(draft: Record<string, unknown> | unknown[], next: Record<string, unknown> | unknown[]): void {
  if (Array.isArray(draft) && Array.isArray(next)) {
    if (draft.length > next.length) draft.length = next.length;
    next.forEach((v, i) => setField(draft as unknown as Record<string, unknown>, String(i), v));
    return;
  }
  const d = draft as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const key of Object.keys(d)) if (!(key in n)) delete d[key];
  for (const [key, v] of Object.entries(n)) setField(d, key, v);
}

function setField(d: Record<string, unknown>, key: string, v: unknown): void {
  const cur = d[key];
  if (v === undefined) return;
  if (v !== null && typeof v === 'object' && cur !== null && typeof cur === 'object' && Array.isArray(v) === Array.isArray(cur)) {
    assignDeep(cur as Draft<Record<string, unknown>>, v as Record<string, unknown>);
    return;
  }
  if (cur !== v) d[key] = structuredCloneJson(v as Json);
}
