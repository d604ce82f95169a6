// `zksim sweep`: many random scenarios, each checked by every safety and liveness checker, on worker
// threads, with a progress bar on stderr and a final table (or JSON) on stdout. Failing seeds are shrunk and
// saved as scenario files that `zksim run` replays. Exit 0 when nothing failed, 1 when something did,
// 2 on a usage error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, ZOO_BUGS, profileNamed } from '@zksim/checkers';
import { UsageError, parseArgs } from '../args.ts';
import type { Out } from '../output.ts';
import { defaultWorkers, runPool } from '../sweep/pool.ts';
import { ProgressBar } from '../sweep/progress.ts';
import type { SeedResult, SweepJob } from '../sweep/run-seed.ts';
import { SweepTally, formatSummary, type SweepSummary } from '../sweep/summary.ts';

export const SWEEP_HELP = `Usage: zksim sweep [options]

Runs many random scenarios (drawn from seeds by the fast-check arbitraries of @zksim/checkers) with every
checker on: safety (single leader per epoch, committed prefixes agree, closeSession deletes exactly its
ephemerals, nothing of a closed session commits, only the leader expires and never early, clients honour
expiry) and liveness (dead clients' sessions get closed, a pinging client is never expired). Swarm mode:
each seed also draws which fault kinds are on. Failing seeds are shrunk and saved as scenario files.

Options:
  --seeds N          how many seeds (default 200)
  --first-seed S     the first seed; seeds are S, S+1, … (default 1)
  --profile NAME     scenario shape: ${Object.keys(PROFILES).join(', ')} (default small: 3 servers, 1–5 clients, 60 s)
  --workers K        worker threads (default: cores − 1 = ${defaultWorkers()}); 1 runs in this process
  --shard i/n        run only this shard of the seeds (every n-th, starting with the i-th; 1 ≤ i ≤ n)
  --bug NAME         re-introduce a bug-zoo bug in every scenario: ${ZOO_BUGS.join(', ')}
  --stop             stop at the first failing seed (reports the smallest failing seed found)
  --shrink-runs R    runs spent shrinking each failure (default 300); --no-shrink keeps scenarios as drawn
  --no-shrink
  --out DIR          where shrunk failing scenarios go (default sweep-failures/)
  --json             print one JSON object instead of the table
  -h, --help         this help

Exit codes: 0 no violation; 1 a violation, a liveness failure or a simulator error; 2 bad usage.

Examples:
  zksim sweep                                      200 seeds of the small profile on all cores
  zksim sweep --seeds 5000 --workers 8 --json      a long sweep, machine-readable summary
  zksim sweep --seeds 100 --shard 2/4              the second quarter of the seeds (CI matrix)
  zksim sweep --bug prep-ignores-in-flight-changes --stop
                                                   find that bug, shrink it, save the repro
  zksim run sweep-failures/small-prep-ignores-in-flight-changes-seed2.yaml
                                                   replay a saved failure (it fails: no-violations)`;

const SPECS = [
  { name: 'seeds', takesValue: true }, { name: 'first-seed', takesValue: true }, { name: 'profile', takesValue: true },
  { name: 'workers', takesValue: true }, { name: 'shard', takesValue: true }, { name: 'bug', takesValue: true },
  { name: 'stop', takesValue: false }, { name: 'shrink-runs', takesValue: true }, { name: 'no-shrink', takesValue: false },
  { name: 'out', takesValue: true }, { name: 'json', takesValue: false },
  { name: 'color', takesValue: false }, { name: 'no-color', takesValue: false }, { name: 'help', takesValue: false, short: 'h' },
] as const;

function intFlag(v: string | true | undefined, name: string, min: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`zksim sweep: --${name} needs an integer ≥ ${min}, got '${String(v)}'`);
  }
  return Number(v);
}

/** The seeds of a shard `i/n` of `count` seeds from `first`. */
function shardSeeds(first: number, count: number, shard: string | true | undefined): number[] {
  let i = 1;
  let n = 1;
  if (shard !== undefined) {
    const m = typeof shard === 'string' ? /^(\d+)\/(\d+)$/.exec(shard) : null;
    if (m === null || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      throw new UsageError(`zksim sweep: --shard needs i/n with 1 ≤ i ≤ n, got '${String(shard)}'`);
    }
    i = Number(m[1]);
    n = Number(m[2]);
  }
  const out: number[] = [];
  for (let k = i - 1; k < count; k += n) out.push(first + k);
  return out;
}

/** Runs `zksim sweep`; returns the exit code. */
export function cmdSweep(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, SPECS, 'sweep');
  if (args.flags.has('help')) {
    out.line(SWEEP_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`zksim sweep: unexpected argument '${args.positionals[0] ?? ''}' (see zksim sweep --help)`);
  const profileName = (args.flags.get('profile') as string | undefined) ?? 'small';
  if (profileNamed(profileName) === undefined) throw new UsageError(`zksim sweep: unknown profile '${profileName}' (profiles: ${Object.keys(PROFILES).join(', ')})`);
  const bugFlag = args.flags.get('bug');
  const bug = typeof bugFlag === 'string' ? bugFlag : null;
  if (bug !== null && !(ZOO_BUGS as readonly string[]).includes(bug)) throw new UsageError(`zksim sweep: unknown bug '${bug}' (bugs: ${ZOO_BUGS.join(', ')})`);
  const count = intFlag(args.flags.get('seeds'), 'seeds', 1, 200);
  const first = intFlag(args.flags.get('first-seed'), 'first-seed', 0, 1);
  const seeds = shardSeeds(first, count, args.flags.get('shard'));
  const workers = Math.min(intFlag(args.flags.get('workers'), 'workers', 1, defaultWorkers()), Math.max(1, seeds.length));
  if (args.flags.has('no-shrink') && args.flags.has('shrink-runs')) throw new UsageError('zksim sweep: --no-shrink and --shrink-runs exclude each other');
  const shrinkRunsMax = args.flags.has('no-shrink') ? 0 : intFlag(args.flags.get('shrink-runs'), 'shrink-runs', 0, 300);
  const outDir = (args.flags.get('out') as string | undefined) ?? 'sweep-failures';
  const json = args.flags.has('json');
  const stopAtFirst = args.flags.has('stop');

  const jobs: SweepJob[] = seeds.map((seed) => ({ profile: profileName, bug, seed, shrinkRunsMax }));
  const tally = new SweepTally();
  const bar = new ProgressBar(jobs.length, (s) => process.stderr.write(s), process.stderr.isTTY === true);
  const save = (r: SeedResult): string | null => {
    if (r.shrunk === null) return null;
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `${profileName}${bug === null ? '' : `-${bug}`}-seed${r.seed}.yaml`);
    const head = [
      `Found by: zksim sweep --profile ${profileName}${bug === null ? '' : ` --bug ${bug}`} --first-seed ${r.seed} --seeds 1`,
      `Shrunk in ${r.shrunk.steps} steps (${r.shrunk.runs} runs). Replay: pnpm zksim run ${file}`,
      ...r.shrunk.violations.slice(0, 3).map((v) => `${v.kind} ${v.checker}: ${v.message}`),
    ];
    writeFileSync(file, head.map((h) => `# ${h}`).join('\n') + '\n' + r.shrunk.yaml);
    return file;
  };
  const t0 = performance.now();
  runPool(jobs, workers, (o) => {
    tally.add(o, save);
    bar.update(tally.runs, tally.failing.length + tally.errors.length);
  }, () => stopAtFirst && (tally.failing.length > 0 || tally.errors.length > 0));
  bar.done();
  const summary: SweepSummary = {
    profile: profileName, bug, seeds: jobs.length, runs: tally.runs, workers, wallMs: performance.now() - t0, events: tally.events,
    safety: tally.safety, liveness: tally.liveness, crashes: tally.crashes, errors: tally.errors, sometimes: tally.sometimes,
    failing: [...tally.failing].sort((a, b) => a.seed - b.seed),
  };
  if (json) out.line(JSON.stringify(summary));
  else for (const l of formatSummary(summary)) out.line(l);
  return summary.failing.length > 0 || summary.errors.length > 0 ? 1 : 0;
}
