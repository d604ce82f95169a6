// Liveness: every session whose client is dead (crashed, frozen for good, or closed) — and every session a
// live client abandoned for a newer one — is closed, with its ephemerals gone, on every server of the
// connected core within timeout + election + sync + tick + drift after the faults heal. Judged at the end of
// the run: the connected core is the largest group of up, unfrozen servers with no cut or held link between
// them, if it holds a majority; "faults heal" is the last server or network fault step; the clock for each
// session starts when the core has been serving again (its last `serving`) or when the client died,
// whichever is later, and a session whose deadline lies beyond the end of the run is not judged. A session
// is closed on a server when it applied the session's closeSession (`session-removed`, or a committed close
// at a zxid the server applied without a hole; facts/replicas.ts).
import type { Checker, CheckContext, CheckerFactory, Report } from '../checker.ts';
import { DriftBook } from '../facts/drift.ts';
import { shortId, str, type TraceRecord } from '../trace-record.ts';

/** Sessions of dead clients are closed everywhere in the core within the bound. */
export const deadSessionsClosed: CheckerFactory = (ctx: CheckContext): Checker => {
  const drift = new DriftBook(ctx.options);
  /** Client → time it died (crash, freeze, close, CLOSED state); deleted when a freeze ends. */
  const diedAt = new Map<string, number>();
  /** Clients whose only death is a freeze (a frozen client that still sends requests is not dead yet). */
  const frozenOnly = new Set<string>();
  /** Session → time its client moved on to another session. */
  const abandonedAt = new Map<string, number>();
  const lastSessionOf = new Map<string, string>();
  const die = (client: string, t: number): void => {
    if (!diedAt.has(client)) diedAt.set(client, t);
  };
  return {
    name: 'dead-sessions-closed',
    kind: 'liveness',
    description: 'sessions of dead clients are closed and their ephemerals gone on every server of the connected core within timeout + election + sync + tick + drift after faults heal',
    onRecord(r, _report) {
      drift.onRecord(r);
      switch (r.type) {
        case 'node-crashed':
          if (ctx.view.clients.has(r.node)) {
            frozenOnly.delete(r.node);
            die(r.node, r.time);
          }
          return;
        case 'node-frozen':
          if (ctx.view.clients.has(r.node) && !diedAt.has(r.node)) {
            frozenOnly.add(r.node);
            die(r.node, r.time);
          }
          return;
        case 'node-resumed':
          if (frozenOnly.delete(r.node)) diedAt.delete(r.node);
          return;
        case 'client-request':
          // The simulator lets a scenario drive a frozen client's API; its requests touch the session.
          if (frozenOnly.has(r.node)) diedAt.set(r.node, r.time);
          return;
        case 'client-state':
          if (str(r, 'to') === 'CLOSED') {
            frozenOnly.delete(r.node);
            die(r.node, r.time);
          }
          return;
        case 'scenario-step': {
          const client = str(r, 'client');
          if (str(r, 'action') === 'client-close' && client !== undefined) {
            frozenOnly.delete(client);
            die(client, r.time);
          }
          return;
        }
        case 'client-session': {
          const id = str(r, 'sessionId');
          if (id === undefined || lastSessionOf.get(r.node) === id) return;
          lastSessionOf.set(r.node, id);
          // Every other session allocated for this client is abandoned now (it got no answer, or expired).
          for (const info of ctx.view.sessions.values()) {
            if (info.client === r.node && info.id !== id && !abandonedAt.has(info.id)) abandonedAt.set(info.id, r.time);
          }
          return;
        }
        default:
      }
    },
    finish(endMs, report) {
      judge(ctx, drift, diedAt, abandonedAt, endMs, report);
    },
  };
};

function judge(
  ctx: CheckContext, drift: DriftBook, diedAt: ReadonlyMap<string, number>, abandonedAt: ReadonlyMap<string, number>, endMs: number, report: Report,
): void {
  const { view, options, faults } = ctx;
  const stableFrom = options.stableFromMs ?? faults.lastFaultMs;
  const core = connectedCore(ctx, endMs);
  if (core === null) return;
  const notServing = core.filter((s) => !(view.servers.get(s)?.isServing ?? false));
  if (notServing.length > 0) {
    if (endMs - stableFrom > options.electionBoundMs) {
      report({ at: { time: endMs, seq: Number.MAX_SAFE_INTEGER }, message: `${notServing.join(', ')} of the connected core [${core.join(', ')}] still not serving ${endMs - stableFrom} ms after the last fault (bound ${options.electionBoundMs} ms)`, evidence: [] });
    }
    return;
  }
  const ready = Math.max(stableFrom, ...core.map((s) => view.servers.get(s)?.servingSince ?? 0));
  for (const info of view.sessions.values()) {
    if (!info.isCommitted || info.client === null || info.timeoutMs === null) continue;
    const died = diedAt.get(info.client);
    const abandoned = abandonedAt.get(info.id);
    const since = died ?? abandoned;
    if (since === undefined) continue;
    const ppm = Math.max(...core.map((s) => drift.maxAbsPpm(s)));
    const deadline = Math.max(since, ready) + Math.ceil(info.timeoutMs * (1 + (2 * ppm) / 1e6)) + 2 * options.tickTimeMs + options.livenessSlackMs;
    if (deadline > endMs) continue;
    const open = core.filter((s) => !ctx.replicas.hasClosed(s, info.id));
    if (open.length === 0) continue;
    const why = died !== undefined ? `its client ${info.client} died at ${died} ms` : `its client ${info.client} moved to another session at ${abandoned ?? 0} ms`;
    const evidence: TraceRecord[] = [];
    report({
      at: { time: endMs, seq: Number.MAX_SAFE_INTEGER },
      message: `session ${shortId(info.id)} is still open on ${open.join(', ')} at ${endMs} ms: ${why}, the core [${core.join(', ')}] serves since ${ready} ms, so it should have been closed (ephemerals deleted) by ${deadline} ms`,
      evidence,
    });
  }
}

/** The largest group of up, unfrozen servers with no cut or held link between them, if it is a majority. */
function connectedCore(ctx: CheckContext, endMs: number): string[] | null {
  const all = [...ctx.view.servers.values()];
  const alive = all.filter((s) => s.isUp && !s.isFrozen).map((s) => s.name);
  const linked = (a: string, b: string): boolean => !ctx.faults.isCutAt(a, b, endMs) && !ctx.faults.isCutAt(b, a, endMs);
  let best: string[] = [];
  const seen = new Set<string>();
  for (const start of alive) {
    if (seen.has(start)) continue;
    const group = [start];
    seen.add(start);
    for (let i = 0; i < group.length; i++) {
      for (const other of alive) {
        if (!seen.has(other) && linked(group[i] as string, other)) {
          seen.add(other);
          group.push(other);
        }
      }
    }
    if (group.length > best.length) best = group;
  }
  return best.length * 2 > all.length ? best.sort() : null;
}
