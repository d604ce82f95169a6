// The event index groups records into events and finds, for each message, the event that sent it. The
// leader-expiry scenario checks the ZAB round of the closeSession: PROPOSAL, ACK and COMMIT each leave a
// record in the sending event that names the zxid, so those arrows must start exactly there.
import type { TraceRecord } from '@zksim/kernel';
import { narrate } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { EventIndex, plumbingText } from './event-index.ts';
import { LEADER_EXPIRES, runSpec, specOf } from './testing/fixtures.ts';

const run = runSpec(specOf(LEADER_EXPIRES));
const ix = run.index;

describe('EventIndex', () => {
  it('groups consecutive records with the same time and seq, covering every record once', () => {
    expect(ix.groupStart[0]).toBe(0);
    expect(ix.groupStart[ix.groupCount]).toBe(ix.records.length);
    for (let g = 0; g < ix.groupCount; g++) {
      const rs = ix.recordsOf(g);
      expect(rs.length).toBeGreaterThan(0);
      expect(new Set(rs.map((r) => `${r.time}/${r.seq}`)).size).toBe(1);
      if (g > 0) expect(ix.timeOf(g)).toBeGreaterThanOrEqual(ix.timeOf(g - 1));
    }
    for (const i of [0, 17, ix.records.length - 1]) expect(ix.recordsOf(ix.groupOf(i))).toContain(ix.records[i]);
  });

  it('narrates every record with the CLI\'s words', () => {
    ix.records.forEach((r, i) => expect(ix.narrations[i]).toEqual(narrate(r)));
  });

  it('names sessions by their client', () => {
    const id = ix.records.find((r) => r.type === 'session-create')?.['sessionId'] as string;
    expect(ix.clientOf(id)).toBe('c1');
    expect(ix.lanes).toEqual(['s1', 's2', 's3', 'c1']);
  });

  it('starts the closeSession PROPOSAL, ACK and COMMIT arrows at the events that sent them', () => {
    const propose = ix.records.findIndex((r) => r.type === 'zab-propose' && r['txn'] === 'close-session');
    const zxid = ix.records[propose]?.['zxid'];
    const proposals = ix.arrows.filter((a) => a.label.startsWith('PROPOSAL closeSession'));
    expect(proposals.map((a) => a.to).sort()).toEqual(['s1', 's2']);
    for (const a of proposals) {
      expect(a.sendGroup).toBe(ix.groupOf(propose));
      expect(a.label).toBe('PROPOSAL closeSession c1');
    }
    const acks = ix.arrows.filter((a) => a.label === `ACK ${String(zxid)}`);
    expect(acks.length).toBe(2);
    for (const a of acks) {
      const logged = ix.records.findIndex((r) => r.type === 'zab-logged' && r.node === a.from && r['zxid'] === zxid);
      expect(a.sendGroup).toBe(ix.groupOf(logged));
      expect(a.sendGroup).toBeLessThan(a.endGroup);
    }
    const commit = ix.records.findIndex((r) => r.type === 'zab-commit' && r['zxid'] === zxid);
    for (const a of ix.arrows.filter((x) => x.label === `COMMIT ${String(zxid)}`)) expect(a.sendGroup).toBe(ix.groupOf(commit));
  });

  it('labels a follower\'s PING reply with the sessions it touches', () => {
    expect(ix.arrows.some((a) => a.label === 'PING touches c1' && a.kind === 'touches' && a.to === 's3')).toBe(true);
  });

  it('finds the last event at or before a time', () => {
    const g = ix.lastGroupAtOrBefore(10_000);
    expect(ix.timeOf(g)).toBeLessThanOrEqual(10_000);
    expect(g === ix.groupCount - 1 || ix.timeOf(g + 1) > 10_000).toBe(true);
    expect(ix.lastGroupAtOrBefore(-1)).toBe(-1);
  });

  it('reads a trace file\'s records alone, without knowing the lanes', () => {
    const fromFile = new EventIndex(JSON.parse(JSON.stringify(run.records)) as TraceRecord[]);
    expect(fromFile.lanes).toEqual(['s1', 's2', 's3', 'c1']);
    expect(fromFile.arrows.length).toBe(ix.arrows.length);
  });

  it('puts plumbing records into words', () => {
    expect(plumbingText({ time: 0, seq: 1, node: 's1', type: 'conn-connected', from: 's1', to: 's2' })).toBe("s1's connection to s2 is up");
    expect(plumbingText({ time: 0, seq: 1, node: 's1', type: 'timer', tag: 'tick' })).toBe('s1: timer tick fires');
  });
});
