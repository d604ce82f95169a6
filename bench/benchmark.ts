// The shape of one named benchmark in the registry of `run.ts`. A benchmark lists its cases; each case is
// measured in a fresh child process (so hot loops stay monomorphic and the heap starts empty, as the
// yardstick does) and yields one JSON result line; the parent may then add comparison lines.
import type { CaseOptions } from './harness.ts';
import type { Yardstick } from './yardstick.ts';

/** Parameters of one case; they cross the process boundary as JSON. */
export type CaseParams = Readonly<Record<string, number | string | boolean>>;

/** One JSON result line. */
export type ResultLine = Record<string, unknown>;

/** One measurement of a benchmark, for instance the hold model at 1e5 pending events. */
export interface BenchCase {
  /** Short label for progress messages, e.g. `n=100000`. */
  readonly label: string;
  readonly params: CaseParams;
}

/** What the parent process offers to `compare`. */
export interface CompareContext {
  readonly options: CaseOptions;
  /** The external yardstick, or null when it was not found (a `skipped` line says so). */
  readonly yardstick: Yardstick | null;
  /** Prints one JSON line on stdout. */
  emit(line: ResultLine): void;
}

/** Run-wide selection from the command line. */
export interface Selection {
  /** Pending-event counts given with `--n=`, or null for each benchmark's defaults. */
  readonly sizes: readonly number[] | null;
}

/** A named benchmark. Add one by writing `bench/<name>.ts` and listing it in `run.ts`. */
export interface Benchmark {
  /** Name used by `--only=`. */
  readonly name: string;
  /** One sentence: what is measured. */
  readonly description: string;
  /** The cases to run, in order. */
  cases(selection: Selection): readonly BenchCase[];
  /** Measures one case in the current process and returns its result line. */
  measureCase(params: CaseParams, options: CaseOptions): ResultLine;
  /** Optional: prints lines after a case's result, e.g. the yardstick's figure and the ratio to it. */
  compare?(params: CaseParams, result: ResultLine, context: CompareContext): void;
}

/** Reads a numeric case parameter, failing loudly when it is missing. */
export function numberParam(params: CaseParams, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`case parameter ${name} must be a number, got ${String(v)}`);
  return v;
}
