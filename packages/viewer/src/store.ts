// A small immer store for the viewer's state: every change is a recipe applied with `produce`, so each
// state is an immutable snapshot subscribers can compare by identity. Changes marked undoable (the
// what-if edits) keep their patches, so undo/redo replays exactly those fields and nothing else.
import { enablePatches, produceWithPatches, applyPatches, type Draft, type Patch } from 'immer';

enablePatches();

/** Most undo steps kept. */
export const UNDO_MAX = 200;

/** An immutable state with undoable changes. */
export class Store<S extends object> {
  private current: S;
  private readonly undoStack: { readonly patches: Patch[]; readonly inverse: Patch[] }[] = [];
  private readonly redoStack: { readonly patches: Patch[]; readonly inverse: Patch[] }[] = [];
  private readonly listeners = new Set<(state: S, previous: S) => void>();

  constructor(initial: S) {
    const [s] = produceWithPatches(initial, () => undefined);
    this.current = s as S;
  }

  /** The current state (frozen). */
  get state(): S {
    return this.current;
  }

  /** Applies `recipe`; with `undoable`, the change can be undone. */
  update(recipe: (draft: Draft<S>) => void, options: { readonly undoable?: boolean } = {}): void {
    const [next, patches, inverse] = produceWithPatches(this.current, recipe);
    if (patches.length === 0) return;
    if (options.undoable === true) {
      this.undoStack.push({ patches, inverse });
      if (this.undoStack.length > UNDO_MAX) this.undoStack.shift();
      this.redoStack.length = 0;
    }
    this.set(next as S);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Reverts the last undoable change. */
  undo(): void {
    const e = this.undoStack.pop();
    if (e === undefined) return;
    this.redoStack.push(e);
    this.set(applyPatches(this.current, e.inverse));
  }

  /** Re-applies the last undone change. */
  redo(): void {
    const e = this.redoStack.pop();
    if (e === undefined) return;
    this.undoStack.push(e);
    this.set(applyPatches(this.current, e.patches));
  }

  /** Calls `fn(state, previous)` after every change; returns the unsubscribe function. */
  subscribe(fn: (state: S, previous: S) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(next: S): void {
    const prev = this.current;
    this.current = next;
    for (const l of this.listeners) l(next, prev);
  }
}
