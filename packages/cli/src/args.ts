// A small, strict command-line parser: known flags only, values checked, errors as UsageError (exit 2)
// naming the flag. No dependency, so `--help` texts and errors stay under our control.
import { ZksimError } from '@zksim/kernel';

/** A usage mistake: printed without a stack trace, exit code 2. */
export class UsageError extends ZksimError {
  constructor(message: string) {
    super('ZKSIM_USAGE', message);
    this.name = 'UsageError';
  }
}

/** How a flag is spelled and whether it takes a value. */
export interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
  readonly short?: string;
}

/** Parsed arguments: positionals and flag values (true for switches). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/** Parses `argv` against `specs`; throws UsageError on unknown flags or missing values. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short as string, s]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (spec === undefined) throw new UsageError(`zksim ${command}: unknown option --${name}${suggest(name, [...byName.keys()])}`);
      if (!spec.takesValue) {
        if (eq >= 0) throw new UsageError(`zksim ${command}: --${name} takes no value`);
        flags.set(name, true);
        continue;
      }
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`zksim ${command}: --${name} needs a value`);
      flags.set(name, value);
    } else if (a.startsWith('-') && a.length === 2) {
      const spec = byShort.get(a.slice(1));
      if (spec === undefined) throw new UsageError(`zksim ${command}: unknown option ${a}`);
      if (spec.takesValue) {
        const value = argv[++i];
        if (value === undefined) throw new UsageError(`zksim ${command}: ${a} needs a value`);
        flags.set(spec.name, value);
      } else flags.set(spec.name, true);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

function suggest(name: string, known: readonly string[]): string {
  let best = '';
  let bestD = 3;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best === '' ? '' : ` (did you mean --${best}?)`;
}

/** Levenshtein distance. */
export function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = Math.min((dp[j] as number) + 1, (dp[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

/** Parses a duration flag ("90s", "2m", "1500", "1.5s") into integer ms. */
export function parseDurationFlag(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) throw new UsageError(`--${flag}: '${value}' is not a duration (examples: 1500, 90s, 2m, 1h)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const ms = n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--${flag}: '${value}' must be a positive whole number of milliseconds`);
  return ms;
}
