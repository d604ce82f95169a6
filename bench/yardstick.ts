// The external yardstick: hand-tuned discrete-event loops kept outside the repository
// (../shared/bench-reference by default, or $ZKSIM_YARDSTICK). We never copy or import it; we run its
// scripts from their path on disk, in the same command as our own cases, and quote ratios, because the
// machines are noisy and absolute rates drift between runs.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultLine } from './benchmark.ts';
import { progress, round } from './harness.ts';
import { runNodeChild } from './subprocess.ts';

/** Environment variable that overrides the yardstick's directory. */
export const YARDSTICK_ENV = 'ZKSIM_YARDSTICK';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The yardstick directory: $ZKSIM_YARDSTICK, else ../shared/bench-reference beside the repository. */
export function yardstickDir(): string {
  const fromEnv = process.env[YARDSTICK_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : resolve(REPO_ROOT, '../shared/bench-reference');
}

/** Runs yardstick scripts and remembers their results, so each is run once per command. */
export class Yardstick {
  readonly dir: string;
  private readonly isQuick: boolean;
  private readonly queueResults = new Map<number, ResultLine | null>();

  private constructor(dir: string, isQuick: boolean) {
    this.dir = dir;
    this.isQuick = isQuick;
  }

  /** The yardstick, or the reason it cannot be used. */
  static locate(isQuick: boolean): Yardstick | { readonly skipped: string } {
    const dir = yardstickDir();
    const script = join(dir, 'queue-bench.mjs');
    if (!existsSync(script)) return { skipped: `${script} not found (set ${YARDSTICK_ENV})` };
    return new Yardstick(dir, isQuick);
  }

  /**
   * The typed-array binary heap's hold-model result at `n` pending events with integer increments
   * (`queue-bench.mjs --impl=typed --dist=int`), or null when the script failed. Prints its line once.
   */
  typedHeapHold(n: number, emit: (line: ResultLine) => void): ResultLine | null {
    const known = this.queueResults.get(n);
    if (known !== undefined) return known;
    progress(`yardstick queue-bench --impl=typed --n=${n} --dist=int`);
    const args = [join(this.dir, 'queue-bench.mjs'), '--impl=typed', `--n=${n}`, '--dist=int'];
    const outcome = runNodeChild(args, this.isQuick ? { PERF_QUICK: '1' } : {});
    let result: ResultLine | null = null;
    if (outcome.ok) {
      result = outcome.results[0] ?? null;
      emit({ ...result, bench: 'yardstick', script: 'queue-bench.mjs' });
    } else {
      emit({ bench: 'yardstick', script: 'queue-bench.mjs', impl: 'typed', n, dist: 'int', error: outcome.reason });
    }
    this.queueResults.set(n, result);
    return result;
  }
}

/** A target on a ratio to the yardstick, as the benchmark issue states it. */
export interface RatioTarget {
  readonly description: string;
  readonly ratioMin: number;
}

/**
 * The comparison line: zksim's rate, the yardstick's, their ratio (of medians, which the target is judged
 * on), and the target if one applies.
 */
export function compareLine(
  subject: string,
  n: number,
  zksim: ResultLine,
  yardstick: ResultLine | null,
  target: RatioTarget | null,
): ResultLine {
  const ratioOf = (field: string): number | null => {
    const ours = Number(zksim[field]);
    const theirs = yardstick === null ? NaN : Number(yardstick[field]);
    return Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? round(ours / theirs, 3) : null;
  };
  const ratio = ratioOf('eventsPerSec');
  const theirs = yardstick === null ? NaN : Number(yardstick['eventsPerSec']);
  return {
    bench: 'compare',
    subject,
    against: 'yardstick queue-bench typed --dist=int',
    n,
    zksimEventsPerSec: Number(zksim['eventsPerSec']),
    yardstickEventsPerSec: Number.isFinite(theirs) ? theirs : null,
    ratio,
    // Noise indicators: best run against best run, and rates per second of on-CPU time.
    ratioBest: ratioOf('best'),
    ratioCpu: ratioOf('cpuRate'),
    target: target === null ? null : { ...target },
    met: target === null || ratio === null ? null : ratio >= target.ratioMin,
  };
}
