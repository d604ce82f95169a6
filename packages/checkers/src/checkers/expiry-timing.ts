// The leader never expires a session before its timeout has passed, on the leader's own clock, since the
// last touch the leader saw (R8, R17, R44): a touch at t with timeout T buckets the session at
// roundToNextInterval(t + T) > t + T, so tick rounding only delays expiry. Touches the leader sees:
// `session-touch` (a client request or a learner's PING reply), a valid `revalidate`, its own
// `zab-propose` of the session's createSession (trackSession in prep, R49), and `tracker-rebuilt`, which
// gives every known session a fresh full timeout (R13, R66). Global time is converted to the leader's clock
// with the drift book (options + `clock-drift`).
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { DriftBook } from '../facts/drift.ts';
import { bool, num, shortId, str, type TraceRecord } from '../trace-record.ts';

/** Leader-side expiry never comes before timeout since the last touch. */
export const expiryTiming: CheckerFactory = (ctx: CheckContext): Checker => {
  const drift = new DriftBook(ctx.options);
  /** Per leader: session → last touch record; and the last tracker rebuild. */
  const touches = new Map<string, Map<string, TraceRecord>>();
  const rebuilt = new Map<string, TraceRecord>();
  const touchesAt = (node: string): Map<string, TraceRecord> => {
    let m = touches.get(node);
    if (m === undefined) touches.set(node, (m = new Map()));
    return m;
  };
  const touch = (r: TraceRecord): void => {
    const id = str(r, 'sessionId');
    if (id !== undefined) touchesAt(r.node).set(id, r);
  };
  return {
    name: 'expiry-timing',
    kind: 'safety',
    description: "the leader expires a session no earlier than its timeout after the last touch it saw, on the leader's clock (session-touch, revalidate, tracker-rebuilt, session-expire, clock-drift)",
    onRecord(r, report) {
      drift.onRecord(r);
      switch (r.type) {
        case 'peer-state':
        case 'node-crashed':
        case 'server-start':
          touches.delete(r.node);
          rebuilt.delete(r.node);
          return;
        case 'tracker-rebuilt':
          touches.delete(r.node);
          rebuilt.set(r.node, r);
          return;
        case 'session-touch':
          return touch(r);
        case 'revalidate':
          if (bool(r, 'valid') === true) touch(r);
          return;
        case 'zab-propose':
          if (str(r, 'txn') === 'create-session') touch(r);
          return;
        case 'session-expire': {
          if (r['rogue'] === true) return; // a follower's expiry is expiry-authority's business
          const id = str(r, 'sessionId');
          const timeoutMs = num(r, 'timeoutMs');
          if (id === undefined || timeoutMs === undefined) return;
          const last = touches.get(r.node)?.get(id) ?? rebuilt.get(r.node);
          if (last === undefined) return;
          const elapsed = drift.localElapsedMax(r.node, last.time, r.time);
          // One ms for the integer conversions between global and local time at each end.
          if (elapsed + 2 >= timeoutMs) return;
          const what = last.type === 'tracker-rebuilt' ? 'its tracker rebuild, which gives every session a fresh full timeout (R13, R66)' : `its last touch of the session (${last.type} at ${last.time} ms)`;
          report({
            at: r,
            message: `leader ${r.node} expires ${shortId(id)} at ${r.time} ms, only ${Math.floor(elapsed)} ms on its clock after ${what}; the timeout is ${timeoutMs} ms (R8, R17)`,
            evidence: [last, r],
          });
          return;
        }
        default:
      }
    },
    finish() {},
  };
};
