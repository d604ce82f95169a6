// Writes a normalised scenario back in the surface syntax of scenario files (docs/reference/
// scenario-format.md), so a generated or shrunk scenario becomes a file that `zksim run` replays. The
// output is YAML with one flow mapping per step; every value is written explicitly (durations in ms, text
// quoted), so parsing the text gives back the same scenario apart from the `line` fields.
import type { ActionShape, ClockShape, DatagramShape, DelayShape, ExpectationShape, LinkShape, ScenarioShape, StepShape } from './scenario-shape.ts';

/** Text: a YAML double-quoted scalar (JSON string syntax is valid YAML). */
const q = (s: string): string => JSON.stringify(s);

/** A time: whole ms with the unit, so it cannot be mistaken for seconds. */
const ms = (v: number): string => `${v}ms`;

/** A delay: ms with up to three decimals (the kernel draws in microseconds). */
const delay = (v: number): string => `${Number(v.toFixed(3))}ms`;

function dist(d: DelayShape): string {
  switch (d.type) {
    case 'constant': return `{ constant: ${delay(d.ms)} }`;
    case 'uniform': return `{ uniform: [${delay(d.floorMs)}, ${delay(d.floorMs + d.spreadMs)}] }`;
    case 'exponential': return `{ exponential: { mean: ${delay(d.meanMs)}, floor: ${delay(d.floorMs)} } }`;
    case 'lognormal': return `{ lognormal: { median: ${delay(d.medianMs)}, sigma: ${d.sigma}, floor: ${delay(d.floorMs)} } }`;
  }
}

const datagram = (d: DatagramShape): string => `{ drop: ${d.drop}, duplicate: ${d.duplicate} }`;

function clock(c: ClockShape): string {
  const wall = c.wallOriginMs === undefined ? '' : `, wallOrigin: ${c.wallOriginMs}`;
  return `{ drift: ${c.driftPpm}, monotonicOrigin: ${ms(c.monotonicOriginMs)}${wall} }`;
}

function ends(from: string, to: string, bothWays: boolean): string {
  return bothWays ? `between: [${from}, ${to}]` : `from: ${from}, to: ${to}`;
}

function link(l: LinkShape): string {
  const parts = [ends(l.from, l.to, l.bothWays)];
  if (l.latency !== undefined) parts.push(`latency: ${dist(l.latency)}`);
  if (l.loss !== undefined) parts.push(`loss: ${l.loss}`);
  if (l.datagram !== undefined) parts.push(`datagram: ${datagram(l.datagram)}`);
  return `{ ${parts.join(', ')} }`;
}

const groups = (gs: readonly (readonly string[])[]): string => `[${gs.map((g) => `[${g.join(', ')}]`).join(', ')}]`;
const opId = (id: string | undefined): string => (id === undefined ? '' : `, id: ${id}`);
const SCOPE_WORD = { 'all': 'all', 'server-server': 'servers', 'client-server': 'clients' } as const;
const NODE_WORD: Readonly<Record<string, string>> = {
  'client-start': 'start', 'client-silent': 'silent', 'client-resume': 'resume', 'client-crash': 'crash', 'client-close': 'close',
  'server-crash': 'crash', 'server-restart': 'restart', 'server-freeze': 'freeze', 'server-resume': 'resume',
};

/** The action part of a step: `create: { … }`, `crash: s1`, … */
function action(a: ActionShape): string {
  switch (a.do) {
    case 'create':
      return `create: { client: ${a.client}, path: ${q(a.path)}, data: ${q(a.data)}, mode: ${a.mode}${opId(a.id)} }`;
    case 'delete':
      return `delete: { client: ${a.client}, path: ${q(a.path)}, version: ${a.version}${opId(a.id)} }`;
    case 'set-data':
      return `set-data: { client: ${a.client}, path: ${q(a.path)}, data: ${q(a.data)}, version: ${a.version}${opId(a.id)} }`;
    case 'get-data':
    case 'exists':
    case 'get-children':
      return `${a.do}: { client: ${a.client}, path: ${q(a.path)}, watch: ${a.watch}${opId(a.id)} }`;
    case 'sync':
      return `sync: { client: ${a.client}, path: ${q(a.path)}${opId(a.id)} }`;
    case 'client-start': case 'client-silent': case 'client-resume': case 'client-crash': case 'client-close':
      return `${NODE_WORD[a.do] ?? a.do}: ${a.client}`;
    case 'server-crash': case 'server-restart': case 'server-freeze': case 'server-resume':
      return `${NODE_WORD[a.do] ?? a.do}: ${a.server}`;
    case 'partition':
      return `partition: { name: ${a.name}, groups: ${groups(a.groups)}, oneWay: ${a.direction === 'a-to-b'}, only: ${SCOPE_WORD[a.scope]} }`;
    case 'heal':
      return `heal: ${a.name ?? 'all'}`;
    case 'hold':
    case 'release':
      return `${a.do}: { ${ends(a.from, a.to, a.bothWays)} }`;
    case 'latency':
      return a.from === null || a.to === null
        ? `latency: { value: ${dist(a.latency)} }`
        : `latency: { ${ends(a.from, a.to, a.bothWays)}, value: ${dist(a.latency)} }`;
    case 'drift':
      return `drift: { node: ${a.node}, ppm: ${a.ppm} }`;
    case 'wall-jump':
      return `wall-jump: { node: ${a.node}, by: ${ms(a.deltaMs)} }`;
  }
}

function step(s: StepShape): string {
  return `  - { at: ${ms(s.atMs)}, ${action(s)} }`;
}

function expectation(e: ExpectationShape): string {
  const at = 'atMs' in e ? `at: ${ms(e.atMs)}, ` : '';
  let check: string;
  switch (e.kind) {
    case 'leader': check = `leader: ${e.server ?? 'none'}`; break;
    case 'session-at-leader': check = `session-at-leader: { client: ${e.client}, state: ${e.state} }`; break;
    case 'client-state': check = `client-state: { client: ${e.client}, state: ${e.state} }`; break;
    case 'znode': check = `znode: { path: ${q(e.path)}, present: ${e.present}${e.servers === null ? '' : `, on: [${e.servers.join(', ')}]`} }`; break;
    case 'client-events': check = `client-events: { client: ${e.client}, events: [${e.events.join(', ')}], exact: ${e.exact} }`; break;
    case 'result': check = `result: { id: ${e.id}, code: ${e.code} }`; break;
    case 'no-violations': check = 'no-violations: true'; break;
    case 'violation': check = `violation: ${e.checker}`; break;
    case 'same-session': check = `same-session: ${e.client}`; break;
  }
  return `  - { ${at}${check} }`;
}

/**
 * The scenario as the text of a scenario file. `comment` lines (if any) head the file as `#` comments.
 * @example writeFileSync('repro.yaml', scenarioToYaml(shrunk, ['found by zksim sweep, seed 17']))
 */
export function scenarioToYaml(s: ScenarioShape, comment: readonly string[] = []): string {
  const out: string[] = [...comment.map((c) => `# ${c}`.trimEnd()), 'version: 1', `description: ${q(s.description)}`];
  out.push(`seed: ${typeof s.seed === 'number' ? s.seed : q(s.seed)}`, `until: ${ms(s.untilMs)}`);
  const c = s.cluster;
  out.push('cluster:', `  servers: ${c.servers}`, `  tickTime: ${ms(c.tickTimeMs)}`, `  initLimit: ${c.initLimit}`, `  syncLimit: ${c.syncLimit}`);
  if (c.minSessionTimeoutMs !== -1) out.push(`  minSessionTimeout: ${ms(c.minSessionTimeoutMs)}`);
  if (c.maxSessionTimeoutMs !== -1) out.push(`  maxSessionTimeout: ${ms(c.maxSessionTimeoutMs)}`);
  out.push(`  commitLogCount: ${c.commitLogCount}`);
  if (c.groups !== undefined) out.push(`  groups: ${groups(c.groups)}`);
  if (c.weights !== undefined) out.push(`  weights: { ${Object.entries(c.weights).map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
  const clocks: Record<string, ClockShape> = { ...s.clocks };
  for (const cl of s.clients) if (cl.clock !== undefined && clocks[cl.id] === undefined) clocks[cl.id] = cl.clock;
  const clockNames = Object.keys(clocks);
  if (clockNames.length > 0) {
    out.push('clocks:');
    for (const name of clockNames) out.push(`  ${name}: ${clock(clocks[name] as ClockShape)}`);
  }
  const n = s.network;
  out.push('network:', `  latency: ${dist(n.latency)}`, `  loss: ${n.loss}`);
  if (n.datagram !== null) out.push(`  datagram: ${datagram(n.datagram)}`);
  if (n.links.length > 0) out.push('  links:', ...n.links.map((l) => `    - ${link(l)}`));
  if (s.clients.length > 0) {
    out.push('clients:');
    for (const cl of s.clients) {
      const start = cl.startMs === null ? 'never' : ms(cl.startMs);
      out.push(`  - { id: ${cl.id}, connect: ${q(cl.connect)}, timeout: ${ms(cl.timeoutMs)}, version: ${q(cl.version)}, start: ${start} }`);
    }
  }
  if (s.timeline.length > 0) out.push('timeline:', ...s.timeline.map(step));
  if (s.expect.length > 0) out.push('expect:', ...s.expect.map(expectation));
  if (s.bugs.length > 0) out.push(`bugs: [${s.bugs.join(', ')}]`);
  return out.join('\n') + '\n';
}
