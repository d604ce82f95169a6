// Problems found in a scenario file, as data: where (file, line, column, path into the document), what,
// and an optional "did you mean" suggestion. The parser collects every issue it can find before giving
// up, so a user fixes a file in one pass; this file owns the record, its one-line format and the
// suggestion rule (edit distance), not the checks themselves.

/** One problem in a scenario file. Lines and columns are 1-based. */
export interface ScenarioIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `timeline[3].create.mode`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
  /** A close allowed value or key, shown as "(did you mean '…'?)". */
  readonly suggestion?: string;
}

/**
 * Formats an issue the way compilers do, so editors can jump to it.
 * @example formatIssue(i) === "scenarios/x.yaml:12:5: timeline[3].create.mode: unknown mode 'ephemral' (did you mean 'ephemeral'?)"
 */
export function formatIssue(issue: ScenarioIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}: `;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  const hint = issue.suggestion === undefined ? '' : ` (did you mean '${issue.suggestion}'?)`;
  return `${where}${path}${issue.message}${hint}`;
}

/** Longest word the suggestion rule compares; longer input gets no suggestion (keeps the work bounded). */
const SUGGEST_LENGTH_MAX = 64;

/**
 * The allowed value closest to `input`: edit distance ≤ 2 ignoring case, shorter than the input itself,
 * and a unique best match (so `s4` suggests nothing among `s1, s2, s3`). Returns undefined otherwise.
 * @example suggest('tickTme', ['tickTime', 'initLimit']) === 'tickTime'
 */
export function suggest(input: string, allowed: readonly string[]): string | undefined {
  if (input.length > SUGGEST_LENGTH_MAX) return undefined;
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let isTied = false;
  for (const candidate of allowed) {
    if (candidate === input || candidate.length > SUGGEST_LENGTH_MAX) continue;
    const d = levenshtein(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      isTied = false;
    } else if (d === bestDistance) {
      isTied = true;
    }
  }
  if (best === undefined || isTied || bestDistance > 2 || bestDistance >= input.length) return undefined;
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
export function levenshtein(a: string, b: string): number {
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
