// Reading and validating scenario files at the edge: a missing file or an invalid scenario becomes a
// UsageError-like report (exit 2) listing every issue with file, line, column and field path.
import { readFileSync } from 'node:fs';
import { ZksimError } from '@zksim/kernel';
import { formatIssue, parseScenario, type Scenario } from '@zksim/sim';

/** A scenario file that could not be used; `lines` are ready to print. */
export class BadInputError extends ZksimError {
  readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    super('ZKSIM_BAD_INPUT', lines.join('\n'));
    this.name = 'BadInputError';
    this.lines = lines;
  }
}

/** Reads a file as text, or throws BadInputError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new BadInputError([`${file}: cannot read file${code === 'ENOENT' ? ' (no such file)' : code === 'EISDIR' ? ' (it is a directory)' : code !== undefined ? ` (${code})` : ''}`]);
  }
}

/** Parses and validates scenario text, or throws BadInputError with every issue. */
export function scenarioFromText(text: string, file: string): Scenario {
  const parsed = parseScenario(text, file);
  if (!parsed.ok) throw new BadInputError(parsed.issues.map(formatIssue));
  return parsed.scenario;
}

/** Reads, parses and validates a scenario file. */
export function loadScenario(file: string): { scenario: Scenario; text: string } {
  const text = readText(file);
  return { scenario: scenarioFromText(text, file), text };
}
