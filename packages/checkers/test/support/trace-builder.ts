// Hand-written traces for checker unit tests: records in the simulator's shapes, stamped with increasing
// seq numbers, so each test reads like the timeline it describes.
import type { TraceRecord } from '../../src/index.ts';

/** Builds a trace record by record. */
export class TraceBuilder {
  readonly records: TraceRecord[] = [];
  private seq = 0;

  /** Appends `{ time, seq, node, type, ...fields }`; returns this for chaining. */
  at(time: number, node: string, type: string, fields: Record<string, unknown> = {}): this {
    this.records.push({ time, seq: this.seq++, node, type, ...fields });
    return this;
  }

  /** Same event as the previous record (same time and seq), as one handler emitting several records. */
  also(node: string, type: string, fields: Record<string, unknown> = {}): this {
    const last = this.records[this.records.length - 1];
    this.records.push({ time: last?.time ?? 0, seq: last?.seq ?? 0, node, type, ...fields });
    return this;
  }

  /** A three-server ensemble where s3 leads epoch 1 from `t` and s1, s2 follow and serve. */
  ensemble(t = 200): this {
    for (const s of ['s1', 's2', 's3']) this.at(0, s, 'server-start', { sid: Number(s.slice(1)), lastLoggedZxid: '0x0', currentEpoch: 0 });
    this.at(t, 's1', 'fle-decided', { leader: 3, role: 'following' }).also('s1', 'peer-state', { from: 'looking', to: 'following' });
    this.at(t, 's2', 'fle-decided', { leader: 3, role: 'following' }).also('s2', 'peer-state', { from: 'looking', to: 'following' });
    this.at(t, 's3', 'fle-decided', { leader: 3, role: 'leading' }).also('s3', 'peer-state', { from: 'looking', to: 'leading' });
    this.at(t + 5, 's3', 'leader-established', { epoch: 1, zxid: '0x100000000', followers: ['s1', 's2'] });
    this.also('s3', 'tracker-rebuilt', { sessions: 0 }).also('s3', 'serving', { role: 'leader', sessions: 0, zxid: '0x0' });
    this.at(t + 6, 's1', 'serving', { role: 'follower', sessions: 0, zxid: '0x0' });
    this.at(t + 6, 's2', 'serving', { role: 'follower', sessions: 0, zxid: '0x0' });
    return this;
  }

  /** Leader s3 proposes, s1 and s2 log, s3 commits and everyone applies `txn` at `zxid` (hex). */
  txn(t: number, zxid: string, txn: string, sessionId: string, extra: Record<string, unknown> = {}, applied: Record<string, unknown> = {}): this {
    this.at(t, 's3', 'zab-propose', { zxid, txn, sessionId, ...extra, quorum: 3 });
    this.at(t + 1, 's1', 'zab-logged', { zxid, txn, sessionId });
    this.at(t + 1, 's2', 'zab-logged', { zxid, txn, sessionId });
    this.at(t + 2, 's3', 'zab-commit', { zxid, txn, sessionId, ...extra, acks: ['s1', 's3'], needed: 2 });
    this.also('s3', 'txn-applied', { zxid, txn, sessionId, ...applied });
    this.at(t + 3, 's1', 'txn-applied', { zxid, txn, sessionId, ...applied });
    this.at(t + 3, 's2', 'txn-applied', { zxid, txn, sessionId, ...applied });
    return this;
  }
}

/** A session id in the simulator's format. */
export const SESSION_A = '0x0300000000d30000';
export const SESSION_B = '0x0100000000d30001';
