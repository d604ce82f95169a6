// `zksim validate FILE...`: check scenario files without running them.
import { UsageError, parseArgs } from '../args.ts';
import { paint, type Out } from '../output.ts';
import { BadInputError, loadScenario } from '../scenario-file.ts';

export const VALIDATE_HELP = `Usage: zksim validate FILE...

Checks scenario files (YAML or JSON) against the scenario format without running them. Every problem
is reported with file, line, column and field path, several at once.

Exit codes: 0 all files valid; 2 at least one is not.

Example:
  zksim validate scenarios/*.yaml`;

/** Runs `zksim validate`; returns the exit code. */
export function cmdValidate(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, [{ name: 'help', takesValue: false, short: 'h' }], 'validate');
  if (args.flags.has('help')) {
    out.line(VALIDATE_HELP);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('zksim validate: expected at least one FILE (see zksim validate --help)');
  let bad = 0;
  for (const file of args.positionals) {
    try {
      const { scenario } = loadScenario(file);
      out.line(`${paint(out, 'green', 'valid')}  ${file} (${scenario.cluster.servers} servers, ${scenario.clients.length} clients, ${scenario.timeline.length} steps, ${scenario.expect.length} expectations)`);
    } catch (e) {
      if (!(e instanceof BadInputError)) throw e;
      bad++;
      for (const l of e.lines) out.err(l);
    }
  }
  return bad === 0 ? 0 : 2;
}
