// Entry point of the zksim command: dispatch to a command, turn every failure into a plain message and an
// exit code (0 ok, 1 a check failed, 2 bad input or usage). Never a stack trace for a user mistake.
import { readFileSync } from 'node:fs';
import { UsageError } from './args.ts';
import { cmdCheck } from './commands/check.ts';
import { cmdReplay } from './commands/replay.ts';
import { cmdRun } from './commands/run.ts';
import { cmdSweep } from './commands/sweep.ts';
import { cmdValidate } from './commands/validate.ts';
import { cmdView } from './commands/view.ts';
import { stdOut, type Out } from './output.ts';
import { BadInputError } from './scenario-file.ts';

export const MAIN_HELP = `zksim — a deterministic simulator of Apache ZooKeeper's session lifecycle

Usage: zksim COMMAND [options]

Commands:
  run FILE          run a scenario and narrate what happens (zksim run --help)
  validate FILE...  check scenario files without running them
  check FILE        determinism self-check: run twice, report the first diverging event
  replay TRACE      re-run a trace written by run --trace and confirm its hash
  sweep             many random scenarios with every checker on; failures shrunk to files (zksim sweep --help)
  view [FILE]       serve the teaching web viewer on 127.0.0.1 (zksim view --help)

Options:
  -h, --help        help (also: zksim COMMAND --help)
  --version         print the version

Examples:
  zksim run scenarios/01-leader-client-expires.yaml
  zksim run scenarios/04-leader-crash-resets-timers.yaml --show sessions,zab
  zksim validate scenarios/*.yaml`;

const COMMANDS: Record<string, (argv: readonly string[], out: Out) => number> = {
  run: cmdRun, validate: cmdValidate, check: cmdCheck, replay: cmdReplay,
  sweep: cmdSweep,
  view: cmdView,
};

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[], out: Out = stdOut(colorFlag(argv))): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      out.line(MAIN_HELP);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '--version') {
      out.line(version());
      return 0;
    }
    const run = COMMANDS[cmd];
    if (run === undefined) throw new UsageError(`zksim: unknown command '${cmd}' (commands: ${Object.keys(COMMANDS).join(', ')}; see zksim --help)`);
    return run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      out.err(e.message);
      return 2;
    }
    if (e instanceof BadInputError) {
      for (const l of e.lines) out.err(l);
      return 2;
    }
    out.err(`zksim: internal error: ${(e as Error).message ?? String(e)}`);
    if (process.env['ZKSIM_DEBUG'] !== undefined) out.err((e as Error).stack ?? '');
    return 1;
  }
}

function colorFlag(argv: readonly string[]): boolean | null {
  if (argv.includes('--no-color')) return false;
  if (argv.includes('--color')) return true;
  return null;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return `zksim ${pkg.version}`;
  } catch {
    return 'zksim';
  }
}
