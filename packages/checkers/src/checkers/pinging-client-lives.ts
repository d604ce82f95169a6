// Liveness: a client that keeps pinging through a server connected to a quorum, with bounded delays and no
// freezes, is never expired (R42–R44, R76). When the leader expires a session, look back one timeout (or to
// when the client got the session, if later): if during all of it the session's client was connected with
// that session to one server, that server served as a follower of this leader (or was the leader), none of
// the three was frozen, no partition or hold touched their links and no message between them took longer
// than the delay bound, then the leader touched the session when the client connected and after each ping
// (every T/3) within T/3 + tick/2 + 3·delay < T, and the expiry is wrong. Reads `session-expire` and the cluster view, faults and delays.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { DriftBook } from '../facts/drift.ts';
import { num, shortId, str, type TraceRecord } from '../trace-record.ts';

/** Expiry of a session whose client kept pinging through a healthy path is a liveness failure. */
export const pingingClientLives: CheckerFactory = (ctx: CheckContext): Checker => {
  const drift = new DriftBook(ctx.options);
  /** Per leader: sessions it already expired in this leadership (re-expiry of a closing session, R15). */
  const expired = new Map<string, Set<string>>();
  return {
    name: 'pinging-client-lives',
    kind: 'liveness',
    description: 'a session is never expired while its client stays connected through a serving follower of the leader, unfrozen, with bounded delays (session-expire, client-session, serving, partition, link-held, message-delivered)',
    onRecord(r, report) {
      drift.onRecord(r);
      if (r.type === 'peer-state' || r.type === 'node-crashed') expired.delete(r.node);
      if (r.type !== 'session-expire' || r['rogue'] === true) return;
      const id = str(r, 'sessionId');
      const timeoutMs = num(r, 'timeoutMs');
      if (id === undefined || timeoutMs === undefined) return;
      let done = expired.get(r.node);
      if (done === undefined) expired.set(r.node, (done = new Set()));
      if (done.has(id)) return;
      done.add(id);
      const why = healthyPath(ctx, drift, r, id, timeoutMs);
      if (why !== null) report({ at: r, message: `leader ${r.node} expires ${shortId(id)} although ${why} (R42–R44)`, evidence: [r] });
    },
    finish() {},
  };
};

/** A description of the healthy path the session had during the window before `r`, or null if none. */
function healthyPath(ctx: CheckContext, drift: DriftBook, r: TraceRecord, id: string, timeoutMs: number): string | null {
  const { view, faults, options } = ctx;
  const leader = r.node;
  const client = view.sessions.get(id)?.client ?? null;
  if (client === null) return null;
  const c = view.clients.get(client);
  const x = c?.connectedTo ?? null;
  if (c === undefined || x === null || c.session !== id || !c.isUp) return null;
  // The window: the last timeout (stretched by the fastest clock drift involved), or since the client got
  // its session here if that is later — the leader touched the session then too (createSession in prep,
  // R49, or REVALIDATE, R41), just before the client got its answer.
  const ppm = Math.max(drift.maxAbsPpm(leader), drift.maxAbsPpm(client), drift.maxAbsPpm(x));
  const from = Math.max(c.connectedSince, r.time - Math.ceil(timeoutMs * (1 + (2 * ppm) / 1e6)));
  const sx = view.servers.get(x);
  const sl = view.servers.get(leader);
  if (sx === undefined || sl === undefined || !sx.isServing || !sl.isServing || sx.servingSince > from || sl.servingSince > from) return null;
  if (x !== leader && sx.leader !== leader) return null;
  // Faults are looked for a tick before the window too: a touch on its way to the leader may have left then.
  const early = from - options.tickTimeMs;
  for (const node of [client, x, leader]) if (faults.wasFrozen(node, early, r.time)) return null;
  const pairs: [string, string][] = x === leader ? [[client, x]] : [[client, x], [x, leader]];
  for (const [a, b] of pairs) {
    if (faults.isDisturbed(a, b, early, r.time) || faults.isDisturbed(b, a, early, r.time) || faults.wasSlow(a, b, early, r.time)) return null;
  }
  const via = x === leader ? `directly to the leader` : `to ${x}, a serving follower of ${leader},`;
  return `${client} stayed connected with it ${via} since ${c.connectedSince} ms, with no freeze, cut or slow message in the last ${r.time - from} ms (timeout ${timeoutMs} ms)`;
}
