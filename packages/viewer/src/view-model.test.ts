// The panels of the leader-expiry scenario at the moments that matter: the leader's expiry bucket comes
// due, the closeSession proposal waits for a quorum of ACKs, and after the commit the ephemeral is gone
// from every server.
import { describe, expect, it } from 'vitest';
import { RunView } from './run-view.ts';
import { LEADER_EXPIRES, runSpec, specOf } from './testing/fixtures.ts';

const run = runSpec(specOf(LEADER_EXPIRES));
const view = new RunView(run);
const ix = run.index;
const at = (type: string, pred: (r: Record<string, unknown>) => boolean = () => true): number => {
  const i = ix.records.findIndex((r) => r.type === type && pred(r));
  if (i < 0) throw new Error(`no ${type} record`);
  return ix.groupOf(i);
};

describe('readViewModel', () => {
  it('shows the session in the leader\'s expiry bucket while the client is alive', () => {
    const vm = view.viewModelAt(at('client-reply') + 1);
    const s3 = vm.servers.find((s) => s.name === 's3');
    expect(vm.leader).toBe('s3');
    expect(s3?.state).toBe('leading');
    const session = s3?.sessions[0];
    expect(session).toMatchObject({ client: 'c1', timeoutMs: 6000, isClosing: false });
    expect((session?.bucketMs ?? 0) % 2000).toBe(0); // rounded up to the next tick (R8)
    expect(session?.leftMs).toBeGreaterThan(0);
    expect(s3?.tree).toEqual([expect.objectContaining({ path: '/lock', ownerClient: 'c1' })]);
    const follower = vm.servers.find((s) => s.name === 's1');
    expect(follower?.touchCount).not.toBeNull();
    expect(follower?.sessions[0]).toMatchObject({ client: 'c1', bucketMs: null });
  });

  it('shows the closeSession proposal with its ACKs against the quorum, then the commit', () => {
    const expire = at('session-expire');
    const proposed = view.viewModelAt(at('zab-propose', (r) => r['txn'] === 'close-session') + 1);
    expect(proposed.servers.find((s) => s.name === 's3')?.proposals).toEqual([
      expect.objectContaining({ txn: 'close-session', client: 'c1', acks: ['s3'], needed: 2, hasQuorum: false }),
    ]);
    expect(view.viewModelAt(expire + 1).servers.find((s) => s.name === 's3')?.sessions[0]?.isClosing).toBe(true);
    const committed = view.viewModelAt(at('zab-commit', (r) => r['txn'] === 'close-session') + 1);
    const s3 = committed.servers.find((s) => s.name === 's3');
    expect(s3?.proposals).toEqual([]);
    expect(s3?.tree).toEqual([]);
    const end = view.viewModelAt(view.last);
    for (const s of end.servers) expect(s.tree.map((z) => z.path)).not.toContain('/lock');
  });

  it('shows the client frozen, silent for longer than its timeout, then Expired', () => {
    const vm = view.viewModelAt(at('session-expire') + 1);
    const c1 = vm.clients[0];
    expect(c1).toMatchObject({ name: 'c1', process: 'frozen', state: 'CONNECTED', negotiatedTimeoutMs: 6000 });
    expect(c1?.sinceLastHeardMs).toBeGreaterThan(6000);
    expect(view.viewModelAt(view.last).clients[0]?.events).toEqual(['SyncConnected', 'Expired']);
  });
});

describe('RunView', () => {
  it('answers a step back from its history, without replaying', () => {
    const fresh = new RunView(run);
    const p = Math.floor(fresh.last / 2);
    for (let q = fresh.first; q <= p; q++) fresh.viewModelAt(q);
    expect(fresh.replays).toBe(1);
    const back = fresh.viewModelAt(p - 1);
    expect(fresh.replays).toBe(1);
    expect(back.position).toBe(p - 1);
  });

  it('replays once for a far jump back and records the stretch before it', () => {
    const fresh = new RunView(run);
    fresh.viewModelAt(fresh.last);
    fresh.viewModelAt(100);
    expect(fresh.replays).toBe(2);
    for (let p = 99; p > 60; p--) fresh.viewModelAt(p);
    expect(fresh.replays).toBe(2);
  });
});
