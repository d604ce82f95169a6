// The client's watch table (ZKWatchManager): registration by outcome, one-shot firing, session events.
import { describe, expect, it } from 'vitest';
import type { WatchedEvent, Watcher } from './client-state.ts';
import { WatchManager } from './watch-manager.ts';

function named(log: string[], name: string): Watcher {
  return (e: WatchedEvent) => log.push(`${name}:${e.type}`);
}

describe('WatchManager', () => {
  it('registers exists as a data watch on ok and an exist watch on no-node; reads only on ok', () => {
    const m = new WatchManager(null);
    const w = named([], 'w');
    m.register('exists', '/a', w, 'ok');
    m.register('exists', '/b', w, 'no-node');
    m.register('data', '/c', w, 'no-node');
    m.register('child', '/d', w, 'connection-loss');
    m.register('child', '/e', w, 'ok');
    expect(m.lists()).toEqual({ dataWatches: ['/a'], existWatches: ['/b'], childWatches: ['/e'] });
  });

  it('fires each watcher once per event and removes what fired (one-shot)', () => {
    const log: string[] = [];
    const m = new WatchManager(named(log, 'default'));
    const w = named(log, 'w');
    m.register('data', '/a', w, 'ok');
    m.register('child', '/a', w, 'ok');
    m.register('data', '/a', m.defaultWatcher, 'ok');
    for (const x of m.materialize('node-deleted', '/a')) x({ type: 'node-deleted', state: 'SyncConnected', path: '/a' });
    expect(log).toEqual(['w:node-deleted', 'default:node-deleted']);
    expect(m.hasWatches).toBe(false);
    expect(m.materialize('node-deleted', '/a')).toEqual([]);
  });

  it('R62: session events go to the default watcher and every registered watcher, removing nothing', () => {
    const log: string[] = [];
    const m = new WatchManager(named(log, 'default'));
    m.addListener(named(log, 'listener'));
    m.register('exists', '/x', named(log, 'w'), 'no-node');
    for (const x of m.materialize('none', null)) x({ type: 'none', state: 'Disconnected', path: null });
    expect(log).toEqual(['default:none', 'listener:none', 'w:none']);
    expect(m.watchCount).toBe(1);
  });
});
