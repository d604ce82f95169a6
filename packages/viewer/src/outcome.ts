// The outcome of a run, as a learner compares two of them: who leads at the end, which clients saw their
// session expire, which znodes each server holds, what state each client ends in, which expectations
// held. `diffOutcomes` lists what a what-if changed. Read-only over the runner; pure over outcomes.
import { NO_SESSION } from '@zksim/protocol';
import type { ExpectationOutcome, ScenarioRunner } from '@zksim/sim';

/** What a run ended with. */
export interface Outcome {
  readonly timeMs: number;
  readonly leader: string | null;
  readonly servers: Readonly<Record<string, string>>;
  readonly clients: Readonly<Record<string, string>>;
  /** Clients whose watcher saw Expired. */
  readonly expired: readonly string[];
  /** Clients (or session ids) whose session the leader still tracks. */
  readonly sessionsAtLeader: readonly string[];
  /** Znode paths on each running server (ephemerals marked with their owner). */
  readonly znodes: Readonly<Record<string, readonly string[]>>;
  readonly expectations: readonly { readonly line: number; readonly description: string; readonly passed: boolean; readonly actual: string }[];
  readonly violations: readonly string[];
}

/** One line of a comparison. */
export interface OutcomeChange {
  readonly what: string;
  readonly original: string;
  readonly whatIf: string;
}

/** Reads the outcome of a finished run. */
export function readOutcome(runner: ScenarioRunner, expectations: readonly ExpectationOutcome[], violations: readonly string[]): Outcome {
  const c = runner.cluster;
  const k = c.kernel;
  const clientOf = new Map<string, string>();
  for (const [client, ids] of runner.sessionsOf) for (const id of ids) clientOf.set(id, client);
  const servers: Record<string, string> = {};
  const znodes: Record<string, string[]> = {};
  for (const s of c.servers.values()) {
    servers[s.name] = !k.isUp(s.node) ? 'crashed' : k.isFrozen(s.node) ? `frozen (${s.state})` : s.state;
    if (!k.isUp(s.node)) continue;
    const paths: string[] = [];
    const stack = ['/'];
    while (stack.length > 0 && paths.length < 500) {
      const p = stack.pop() as string;
      const n = s.db.tree.getNode(p);
      if (n === undefined) continue;
      if (p !== '/' && !p.startsWith('/zookeeper')) {
        const owner = n.stat.ephemeralOwner;
        paths.push(owner === NO_SESSION ? p : `${p} (ephemeral of ${clientOf.get(owner) ?? owner})`);
      }
      for (const ch of n.children) stack.push(p === '/' ? `/${ch}` : `${p}/${ch}`);
    }
    znodes[s.name] = paths.sort();
  }
  const clients: Record<string, string> = {};
  const expired: string[] = [];
  for (const [name, zk] of runner.clients) {
    clients[name] = !k.isUp(zk.node) ? 'crashed' : k.isFrozen(zk.node) ? `frozen (${zk.state})` : zk.state;
    if (zk.stateEvents.some((e) => e.state === 'Expired')) expired.push(name);
  }
  const sessionsAtLeader: string[] = [];
  const leader = c.leader();
  const t = leader?.tracker;
  if (t !== undefined && t !== null && 'expiryBuckets' in t) {
    for (const info of t.sessions()) sessionsAtLeader.push(`${clientOf.get(info.sessionId) ?? info.sessionId}${info.isClosing ? ' (closing)' : ''}`);
  }
  return {
    timeMs: k.now, leader: leader?.name ?? null, servers, clients, expired, sessionsAtLeader, znodes,
    expectations: expectations.map((e) => ({ line: e.line, description: e.description, passed: e.passed, actual: e.actual })),
    violations: [...violations],
  };
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));

/** What differs between two outcomes, in reading order (leader, expiries, sessions, znodes, clients, servers). */
export function diffOutcomes(a: Outcome, b: Outcome): OutcomeChange[] {
  const out: OutcomeChange[] = [];
  const add = (what: string, x: string, y: string): void => {
    if (x !== y) out.push({ what, original: x, whatIf: y });
  };
  add('leader at the end', a.leader ?? 'none', b.leader ?? 'none');
  add('sessions expired (clients that saw Expired)', list(a.expired), list(b.expired));
  add('sessions the leader tracks', list(a.sessionsAtLeader), list(b.sessionsAtLeader));
  for (const s of union(Object.keys(a.znodes), Object.keys(b.znodes))) add(`znodes on ${s}`, list(a.znodes[s] ?? ['(server down)']), list(b.znodes[s] ?? ['(server down)']));
  for (const c of union(Object.keys(a.clients), Object.keys(b.clients))) add(`${c} ends`, a.clients[c] ?? '—', b.clients[c] ?? '—');
  for (const s of union(Object.keys(a.servers), Object.keys(b.servers))) add(`${s} ends`, a.servers[s] ?? '—', b.servers[s] ?? '—');
  const passed = (o: Outcome): string => `${o.expectations.filter((e) => e.passed).length}/${o.expectations.length} hold`;
  add('expectations of the scenario', passed(a), passed(b));
  add('safety violations', list(a.violations), list(b.violations));
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
