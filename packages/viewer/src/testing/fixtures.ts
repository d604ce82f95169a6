// Test helpers for the viewer's unit tests (Node only): the repository's scenario files and finished runs
// of them, built once per test file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FullRun, parseSpec, type RunData, type RunSpec } from '../sim-run.ts';

/** The repository's scenarios/ folder. */
export const SCENARIOS_DIR = join(import.meta.dirname, '../../../../scenarios');

/** Names (without .yaml) of every scenario file in scenarios/. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
}

/** The spec of a scenario file by name. */
export function specOf(name: string): RunSpec {
  return { text: readFileSync(join(SCENARIOS_DIR, `${name}.yaml`), 'utf8'), file: `scenarios/${name}.yaml` };
}

/** Runs a spec to the end in the viewer's engine; throws on a scenario that does not parse. */
export function runSpec(spec: RunSpec): RunData {
  const p = parseSpec(spec);
  if (!p.ok) throw new Error(`${spec.file} does not parse:\n${p.issues.join('\n')}`);
  return new FullRun(spec, p.scenario).runToEnd();
}

/** The bundled first scenario: a frozen client's session expires at the leader. */
export const LEADER_EXPIRES = '01-leader-client-expires';
