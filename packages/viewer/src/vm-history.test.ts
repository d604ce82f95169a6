import { describe, expect, it } from 'vitest';
import { RunView } from './run-view.ts';
import { LEADER_EXPIRES, runSpec, specOf } from './testing/fixtures.ts';
import { VmHistory } from './vm-history.ts';

const run = runSpec(specOf(LEADER_EXPIRES));

describe('VmHistory', () => {
  it('keeps frozen states that share what did not change', () => {
    const view = new RunView(run);
    const a = view.viewModelAt(150);
    const b = view.viewModelAt(151);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(b.servers)).toBe(true);
    const changed = b.servers.filter((s, i) => s !== a.servers[i]).length + b.clients.filter((c, i) => c !== a.clients[i]).length;
    expect(changed).toBeLessThan(a.servers.length + a.clients.length);
    for (let i = 0; i < a.servers.length; i++) {
      if (JSON.stringify(a.servers[i]) === JSON.stringify(b.servers[i])) expect(b.servers[i]).toBe(a.servers[i]);
    }
  });

  it('records equal content to what it was given', () => {
    const h = new VmHistory(10);
    const vm = { position: 3, timeMs: 7, leader: null, servers: [], clients: [] };
    expect(h.record(vm)).toEqual(vm);
    const next = { ...vm, position: 4, leader: 's1' };
    expect(h.record(next)).toEqual(next);
    expect(h.get(3)).toEqual(vm);
  });

  it('drops the oldest positions past its capacity', () => {
    const h = new VmHistory(3);
    for (let p = 0; p < 5; p++) h.record({ position: p, timeMs: p, leader: null, servers: [], clients: [] });
    expect(h.size).toBe(3);
    expect(h.get(1)).toBeUndefined();
    expect(h.get(4)?.timeMs).toBe(4);
  });
});
