// `zksim check FILE`: the determinism self-check — run the scenario twice and compare the traces.
import { selfCheck } from '@zksim/kernel';
import { ScenarioRunner } from '@zksim/sim';
import { UsageError, parseArgs } from '../args.ts';
import { paint, type Out } from '../output.ts';
import { loadScenario } from '../scenario-file.ts';

export const CHECK_HELP = `Usage: zksim check FILE [--seed N]

Determinism self-check: runs the scenario twice with the same seed and compares the two traces record by
record. Prints the number of records and the trace hash, or the first record that differs.

Exit codes: 0 identical; 1 the runs diverged; 2 bad input or usage.

Example:
  zksim check scenarios/01-leader-client-expires.yaml`;

/** Runs `zksim check`; returns the exit code. */
export function cmdCheck(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, [{ name: 'seed', takesValue: true }, { name: 'help', takesValue: false, short: 'h' }], 'check');
  if (args.flags.has('help')) {
    out.line(CHECK_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('zksim check: expected exactly one scenario FILE');
  const file = args.positionals[0] as string;
  const { scenario } = loadScenario(file);
  const seedFlag = args.flags.get('seed');
  const seed = typeof seedFlag === 'string' ? (/^-?\d+$/.test(seedFlag) ? Number(seedFlag) : seedFlag) : scenario.seed;
  out.line(`zksim check ${file}  seed ${seed}`);
  let hash = '';
  const result = selfCheck((sink) => {
    hash = new ScenarioRunner(scenario, { seed, traceSink: sink }).run().traceHash;
  });
  if (result.identical) {
    out.line(`${paint(out, 'green', 'deterministic')}: two runs, ${result.records} identical trace records`);
    out.line(`trace hash ${hash}`);
    return 0;
  }
  const d = result.divergence;
  out.line(`${paint(out, 'red', 'DIVERGED')} at record ${d?.index ?? '?'}:`);
  out.line(`  first run:  ${JSON.stringify(d?.first ?? null)}`);
  out.line(`  second run: ${JSON.stringify(d?.second ?? null)}`);
  return 1;
}
