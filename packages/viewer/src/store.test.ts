import { describe, expect, it } from 'vitest';
import { Store } from './store.ts';

describe('Store', () => {
  it('keeps immutable states and tells subscribers', () => {
    const store = new Store({ position: 0, actions: [] as string[] });
    const seen: number[] = [];
    store.subscribe((s, prev) => seen.push(s.position - prev.position));
    store.update((d) => {
      d.position = 5;
    });
    expect(Object.isFrozen(store.state)).toBe(true);
    expect(seen).toEqual([5]);
  });

  it('undoes and redoes only the undoable changes', () => {
    const store = new Store({ position: 0, actions: [] as string[] });
    store.update((d) => {
      d.actions.push('freeze s2');
    }, { undoable: true });
    store.update((d) => {
      d.position = 40;
    });
    store.update((d) => {
      d.actions.push('crash s1');
    }, { undoable: true });
    store.undo();
    expect(store.state).toEqual({ position: 40, actions: ['freeze s2'] });
    store.undo();
    expect(store.state).toEqual({ position: 40, actions: [] });
    expect(store.canUndo).toBe(false);
    store.redo();
    expect(store.state.actions).toEqual(['freeze s2']);
    store.update((d) => {
      d.actions.push('close c1');
    }, { undoable: true });
    expect(store.canRedo).toBe(false);
  });
});
