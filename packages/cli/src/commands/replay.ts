// `zksim replay OUT.ndjson`: re-run a recorded trace from its header (scenario text, seed, until) and confirm
// that the new run produces the same trace hash.
import { readFileSync } from 'node:fs';
import { ScenarioRunner } from '@zksim/sim';
import { UsageError, parseArgs } from '../args.ts';
import { paint, type Out } from '../output.ts';
import { BadInputError, scenarioFromText } from '../scenario-file.ts';
import { parseTraceFile } from '@zksim/sim';

export const REPLAY_HELP = `Usage: zksim replay TRACE.ndjson

Re-runs the scenario recorded in a trace file (written by zksim run --trace) with the recorded seed and
end time, and confirms that the new run's trace hash equals the recorded one.

Exit codes: 0 same hash; 1 different hash; 2 bad input or usage.

Example:
  zksim run scenarios/01-leader-client-expires.yaml --trace out.ndjson
  zksim replay out.ndjson`;

/** Runs `zksim replay`; returns the exit code. */
export function cmdReplay(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, [{ name: 'help', takesValue: false, short: 'h' }], 'replay');
  if (args.flags.has('help')) {
    out.line(REPLAY_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('zksim replay: expected exactly one TRACE file');
  const file = args.positionals[0] as string;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BadInputError([`${file}: cannot read file`]);
  }
  const parsed = parseTraceFile(text);
  if (!parsed.ok) throw new BadInputError(parsed.problems.map((p) => `${file}: ${p}`));
  const { header, footer } = parsed.trace;
  if (footer === null) throw new BadInputError([`${file}: the trace has no end line (was the run interrupted?)`]);
  const scenario = scenarioFromText(header.scenarioText, `${file} (embedded ${header.scenarioFile})`);
  out.line(`zksim replay ${file}  seed ${header.seed}`);
  const result = new ScenarioRunner(scenario, { seed: header.seed, untilMs: header.untilMs, traceHash: true }).run();
  if (result.traceHash === footer.traceHash) {
    out.line(`${paint(out, 'green', 'replayed')}: ${result.traceRecords} records, hash matches`);
    out.line(`trace hash ${result.traceHash}`);
    return 0;
  }
  out.line(`${paint(out, 'red', 'MISMATCH')}: recorded hash ${footer.traceHash} (${footer.records} records), replay gives ${result.traceHash} (${result.traceRecords} records)`);
  return 1;
}
