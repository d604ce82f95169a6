// The EventThread's rules (R74): repeated session events are dropped, the initial state counts as
// Disconnected, nothing reaches watchers after the event of death, callbacks always run, in order.
import { describe, expect, it } from 'vitest';
import type { KeeperState } from './client-state.ts';
import { EventThread } from './event-thread.ts';
import { WatchManager } from './watch-manager.ts';

describe('EventThread', () => {
  it('R74: drops a session event equal to the previous one (starting from Disconnected)', () => {
    const seen: string[] = [];
    const reported: KeeperState[] = [];
    const t = new EventThread(new WatchManager((e) => seen.push(e.state)), (s) => reported.push(s));
    for (const s of ['Disconnected', 'SyncConnected', 'SyncConnected', 'Disconnected', 'Disconnected', 'Expired'] as const) t.queueStateEvent(s);
    t.drain();
    expect(seen).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(reported).toEqual(seen);
  });

  it('after the event of death only callbacks are delivered; re-entrant drains keep the order', () => {
    const seen: string[] = [];
    const t = new EventThread(new WatchManager((e) => seen.push(e.state)), () => undefined);
    t.queueStateEvent('SyncConnected');
    t.queueCallback(() => {
      seen.push('cb1');
      t.queueCallback(() => seen.push('cb3'));
      t.drain();
      seen.push('cb1-end');
    });
    t.queueCallback(() => seen.push('cb2'));
    t.kill();
    t.queueStateEvent('Closed');
    t.drain();
    expect(seen).toEqual(['SyncConnected', 'cb1', 'cb1-end', 'cb2', 'cb3']);
  });
});
