// `zksim run FILE`: run a scenario, narrate it, check its expectations, print seed first and trace hash last.
import { TeeSink, type TraceRecord, type TraceSink } from '@zksim/kernel';
import { LAYERS, ScenarioRunner, narrate, violationOf, type Layer, type ScenarioResult } from '@zksim/sim';
import { UsageError, parseArgs, parseDurationFlag } from '../args.ts';
import { LAYER_STYLE, formatTime, legend, paint, type Out } from '../output.ts';
import { loadScenario } from '../scenario-file.ts';
import { TraceFileWriter } from '../trace-file.ts';
import { safetyViolations } from '../violations.ts';

export const RUN_HELP = `Usage: zksim run FILE [options]

Runs a scenario and prints a narrated timeline: one line per event with virtual time, node and plain
words, then each expectation with pass/fail, then the seed, the trace hash and the command that replays
the run exactly.

Options:
  --seed N          use this seed instead of the scenario's
  --until T         end the run at virtual time T (e.g. 90s, 2m, 1500)
  --trace OUT       write every trace record to OUT as NDJSON (replay it with zksim replay OUT)
  --json            print, as the last line of stdout, one JSON object with the outcome
  --quiet           no narration, only expectations and the summary
  --verbose         narrate everything (acks, touches, pings, deliveries)
  --show LAYERS     comma-separated layers to narrate: ${LAYERS.join(',')}
  --color, --no-color  force colours on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help        this help

Every invariant checker of @zksim/checkers follows the run; violations are listed after the expectations.
A violation the scenario expects (expect: - violation: NAME, for teaching scenarios) does not fail the run.

Exit codes: 0 every expectation holds; 1 an expectation or a safety check failed; 2 bad input or usage.

Examples:
  zksim run scenarios/01-leader-client-expires.yaml
  zksim run scenarios/04-leader-crash-resets-timers.yaml --show sessions,zab --seed 7
  zksim run scenarios/01-leader-client-expires.yaml --trace out.ndjson --json`;

const SPECS = [
  { name: 'seed', takesValue: true }, { name: 'until', takesValue: true }, { name: 'trace', takesValue: true },
  { name: 'json', takesValue: false }, { name: 'quiet', takesValue: false }, { name: 'verbose', takesValue: false },
  { name: 'show', takesValue: true }, { name: 'color', takesValue: false }, { name: 'no-color', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

/** Runs `zksim run`; returns the exit code. */
export function cmdRun(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, SPECS, 'run');
  if (args.flags.has('help')) {
    out.line(RUN_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('zksim run: expected exactly one scenario FILE (see zksim run --help)');
  const file = args.positionals[0] as string;
  const seedFlag = args.flags.get('seed');
  const seed = typeof seedFlag === 'string' ? (/^-?\d+$/.test(seedFlag) ? Number(seedFlag) : seedFlag) : undefined;
  const untilFlag = args.flags.get('until');
  const untilMs = typeof untilFlag === 'string' ? parseDurationFlag('until', untilFlag) : undefined;
  const layers = parseLayers(args.flags.get('show'));
  const json = args.flags.has('json');
  const quiet = args.flags.has('quiet') || json;
  const verbose = args.flags.has('verbose');
  if (args.flags.has('quiet') && verbose) throw new UsageError('zksim run: --quiet and --verbose exclude each other');
  const tracePath = args.flags.get('trace');

  const { scenario, text } = loadScenario(file);
  const effectiveSeed = seed ?? scenario.seed;
  const effectiveUntil = untilMs ?? scenario.untilMs;
  out.line(`${paint(out, 'bold', 'zksim run')} ${file}  seed ${effectiveSeed}`);
  if (!quiet) {
    if (scenario.description !== '') out.line(paint(out, 'dim', scenario.description.trim()));
    out.line(legend(out, layers));
  }

  const recent: string[] = [];
  const narrator: TraceSink = {
    write(record: TraceRecord): void {
      const n = narrate(record);
      if (n === null || !layers.includes(n.layer) || (n.detail && !verbose)) return;
      const line = `${paint(out, 'dim', formatTime(record.time))}  ${record.node.padEnd(8)} ${paint(out, LAYER_STYLE[n.layer], `[${n.layer}]`.padEnd(11))}${n.text}`;
      recent.push(line);
      if (recent.length > 15) recent.shift();
      if (!quiet) out.line(line);
    },
  };
  const writer = typeof tracePath === 'string'
    ? new TraceFileWriter(tracePath, { type: 'zksim-trace', format: 1, scenarioFile: file, scenarioText: text, seed: effectiveSeed, untilMs: effectiveUntil })
    : null;
  const replay = `pnpm zksim run ${file} --seed ${effectiveSeed}${untilMs !== undefined ? ` --until ${untilMs}` : ''}`;
  let result: ScenarioResult;
  let runner: ScenarioRunner | null = null;
  try {
    runner = new ScenarioRunner(scenario, {
      ...(seed !== undefined ? { seed } : {}),
      ...(untilMs !== undefined ? { untilMs } : {}),
      traceSink: writer === null ? narrator : new TeeSink([narrator, writer]),
      violations: () => safetyViolations(runner as ScenarioRunner),
    });
    result = runner.run();
  } catch (e) {
    writer?.abort();
    out.err(paint(out, 'red', `zksim run: the run stopped: ${(e as Error).message}`));
    out.err(`seed ${effectiveSeed}, virtual time ${runner?.cluster.kernel.now ?? 0} ms; last events:`);
    for (const l of recent) out.err(`  ${l}`);
    out.err(`replay: ${replay}`);
    return 1;
  }
  writer?.commit({ type: 'zksim-trace-end', traceHash: result.traceHash, records: result.traceRecords, events: result.events });

  const violations = safetyViolations(runner);
  // A teaching scenario may expect a checker to fire (`expect: - violation: NAME`); only the others fail it.
  const expectedCheckers = scenario.expect.flatMap((e) => (e.kind === 'violation' ? [e.checker] : []));
  const unexpected = violations.filter((v) => !expectedCheckers.some((c) => violationOf(v, c)));
  let failed = 0;
  if (result.expectations.length > 0 && !json) out.line(paint(out, 'bold', 'expectations:'));
  for (const e of result.expectations) {
    if (!e.passed) failed++;
    if (json) continue;
    const when = e.atMs === null ? 'at end' : `at ${formatTime(e.atMs).trim()}`;
    const mark = e.passed ? paint(out, 'green', 'pass') : paint(out, 'red', 'FAIL');
    out.line(`  ${mark}  line ${e.line}, ${when}: ${e.description}${e.passed ? '' : ` — found: ${e.actual}`}`);
  }
  if (violations.length > 0 && !json) {
    out.line(paint(out, unexpected.length > 0 ? 'red' : 'yellow', unexpected.length > 0 ? 'violations:' : 'violations (expected by the scenario):'));
    for (const v of violations) out.line(`  ${v}`);
  }
  const ok = failed === 0 && unexpected.length === 0;
  if (!json) {
    out.line(`${ok ? paint(out, 'green', 'ok') : paint(out, 'red', 'FAILED')}: ${result.expectations.length - failed}/${result.expectations.length} expectations hold; ${result.events} events, ${result.untilMs} ms virtual`);
    out.line(`seed ${result.seed}`);
    out.line(`replay: ${replay}`);
    out.line(`trace hash ${result.traceHash}`);
  } else {
    out.line(JSON.stringify({
      seed: result.seed, traceHash: result.traceHash, events: result.events, virtualTimeMs: result.untilMs,
      expectations: { passed: result.expectations.length - failed, failed }, violations, ok,
    }));
  }
  return ok ? 0 : 1;
}

function parseLayers(v: string | true | undefined): Layer[] {
  if (typeof v !== 'string') return [...LAYERS];
  const out: Layer[] = [];
  for (const part of v.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    if (!(LAYERS as readonly string[]).includes(part)) throw new UsageError(`zksim run: --show: unknown layer '${part}' (layers: ${LAYERS.join(', ')})`);
    out.push(part as Layer);
  }
  if (out.length === 0) throw new UsageError('zksim run: --show needs at least one layer');
  return out;
}
