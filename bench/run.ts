// `pnpm bench`: runs the registry of named benchmarks below and prints one JSON object per line on stdout
// (progress goes to stderr). Each case runs in a fresh child process of this same script
// (`--child=NAME --params=JSON`); the parent prints its result line, then any comparison with the external
// yardstick, which runs in the same command so ratios compare like with like on a noisy machine.
//
//   pnpm bench [--quick] [--only=kernel-hold,queue-hold] [--n=1000,100000] [--list] [--tsx]
//
// The children run an esbuild bundle of this script (see bundle.ts) unless `--tsx` is given.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Benchmark, CaseParams, CompareContext, ResultLine } from './benchmark.ts';
import { type CaseOptions, progress } from './harness.ts';
import { kernelHold } from './kernel-hold.ts';
import { pingWorkload } from './ping-workload.ts';
import { swarm } from './swarm.ts';
import { queueHold } from './queue-hold.ts';
import { bundleBenchmarks } from './bundle.ts';
import { runNodeChild, runTsChild, writeResult } from './subprocess.ts';
import { Yardstick } from './yardstick.ts';

/** Every benchmark, in the order they run. Later ones (ping workload, swarm) are added here. */
const BENCHMARKS: readonly Benchmark[] = [kernelHold, queueHold, pingWorkload, swarm];

const THIS_SCRIPT = fileURLToPath(import.meta.url);

interface CommandLine {
  readonly isQuick: boolean;
  readonly only: readonly string[] | null;
  readonly sizes: readonly number[] | null;
  readonly isList: boolean;
  /** Run the children under tsx rather than from the bundle. */
  readonly isTsx: boolean;
  readonly child: string | null;
  readonly params: CaseParams;
}

function flag(args: readonly string[], name: string): string | null {
  const prefix = `--${name}=`;
  const found = args.find((a) => a.startsWith(prefix));
  return found === undefined ? null : found.slice(prefix.length);
}

const USAGE = `usage: pnpm -s bench [--only=NAME,…] [--n=SIZE,…] [--quick] [--tsx] [--list] [--help]

Runs zksim's benchmarks, each case in a fresh child process (2 GiB heap cap), and the yardstick in
../shared/bench-reference beside them; prints one JSON object per line on stdout, progress on stderr.

  --only=NAME,…   run only these benchmarks (see --list)
  --n=SIZE,…      sizes for the sized benchmarks (pending events, or sessions for ping-workload)
  --quick         shorter runs, for a smoke test (figures are rougher)
  --tsx           run the children under tsx instead of an esbuild bundle (about 10 % slower)
  --list          name and describe the benchmarks
  --help          this text

What the figures mean and the targets: docs/internals/performance.md
`;

function parseCommandLine(args: readonly string[]): CommandLine | { readonly issues: readonly string[] } | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const issues: string[] = [];
  const known = new Set(['--quick', '--list', '--tsx']);
  for (const a of args) {
    if (!known.has(a) && !/^--(only|n|child|params)=/.test(a)) issues.push(`unknown argument ${a}`);
  }
  const onlyText = flag(args, 'only');
  const only = onlyText === null ? null : onlyText.split(',').filter((s) => s !== '');
  for (const name of only ?? []) {
    if (!BENCHMARKS.some((b) => b.name === name)) issues.push(`--only: unknown benchmark ${name}`);
  }
  const sizesText = flag(args, 'n');
  const sizes = sizesText === null ? null : sizesText.split(',').map(Number);
  for (const n of sizes ?? []) {
    if (!Number.isInteger(n) || n < 1) issues.push(`--n: ${n} is not a positive integer`);
  }
  const paramsText = flag(args, 'params');
  const params = paramsText === null ? {} : (JSON.parse(paramsText) as CaseParams);
  if (issues.length > 0) return { issues };
  return { isQuick: args.includes('--quick'), only, sizes, isList: args.includes('--list'), isTsx: args.includes('--tsx'), child: flag(args, 'child'), params };
}

function emit(line: ResultLine): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

/** Child side: measure one case and print its RESULT line. */
function runChild(name: string, params: CaseParams, options: CaseOptions): void {
  const benchmark = BENCHMARKS.find((b) => b.name === name);
  if (benchmark === undefined) throw new Error(`unknown benchmark ${name}`);
  writeResult(benchmark.measureCase(params, options));
}

/** Parent side: run every selected case in its own child; returns the number of failed cases. */
function runParent(cmd: CommandLine): number {
  const options: CaseOptions = { isQuick: cmd.isQuick };
  const selected = BENCHMARKS.filter((b) => cmd.only === null || cmd.only.includes(b.name));
  const cpu = cpus()[0];
  let runChild: (args: readonly string[]) => ReturnType<typeof runTsChild>;
  if (cmd.isTsx) {
    runChild = (args) => runTsChild(THIS_SCRIPT, args);
  } else {
    progress('bundling the benchmarks (esbuild)');
    const bundle = bundleBenchmarks();
    runChild = (args) => runNodeChild([bundle, ...args]);
  }
  emit({
    bench: 'meta', node: process.version, platform: process.platform, arch: process.arch,
    cpuCount: cpus().length, cpuModel: cpu?.model ?? null, isQuick: cmd.isQuick, runner: cmd.isTsx ? 'tsx' : 'esbuild bundle',
    benchmarks: selected.map((b) => b.name), startedAt: new Date().toISOString(),
  });
  const located = Yardstick.locate(cmd.isQuick);
  const yardstick = located instanceof Yardstick ? located : null;
  if (!(located instanceof Yardstick)) emit({ bench: 'yardstick', skipped: true, reason: located.skipped });
  const context: CompareContext = { options, yardstick, emit };
  let failures = 0;
  for (const benchmark of selected) {
    for (const c of benchmark.cases({ sizes: cmd.sizes })) {
      progress(`${benchmark.name} ${c.label}`);
      const childArgs = [`--child=${benchmark.name}`, `--params=${JSON.stringify(c.params)}`];
      const outcome = runChild(cmd.isQuick ? [...childArgs, '--quick'] : childArgs);
      const result = outcome.ok ? outcome.results[0] : undefined;
      if (result === undefined) {
        failures++;
        emit({ bench: benchmark.name, ...c.params, error: outcome.ok ? 'empty result' : outcome.reason });
        continue;
      }
      emit(result);
      benchmark.compare?.(c.params, result, context);
    }
  }
  return failures;
}

function main(): void {
  const cmd = parseCommandLine(process.argv.slice(2));
  if (cmd === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if ('issues' in cmd) {
    for (const issue of cmd.issues) process.stderr.write(`bench: ${issue}\n`);
    process.stderr.write('bench: see pnpm -s bench --help\n');
    process.stderr.write(`benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  if (cmd.isList) {
    for (const b of BENCHMARKS) emit({ bench: 'list', name: b.name, description: b.description });
    return;
  }
  if (cmd.child !== null) {
    runChild(cmd.child, cmd.params, { isQuick: cmd.isQuick });
    return;
  }
  if (runParent(cmd) > 0) process.exitCode = 1;
}

main();
