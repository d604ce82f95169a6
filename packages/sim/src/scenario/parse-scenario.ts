// Turns the text of a scenario file (YAML, or JSON, which YAML contains) into the normalised `Scenario`
// the runner consumes, or into every issue found, each with file, line, column and path. It reads only
// the text it is given (no file system, no clock), so the CLI and the browser viewer share it. The
// sections are read in declaration order: cluster and clients first, since they declare the node names.
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { SCENARIO_VERSION, type ClientSpec, type Scenario } from './scenario-types.ts';
import type { ScenarioIssue } from './scenario-issues.ts';
import { readClients, readClocks, readCluster } from './read-cluster.ts';
import { readExpect } from './read-expect.ts';
import { readNetwork } from './read-network.ts';
import { readTimeline } from './read-timeline.ts';
import { SCENARIO_SHAPE } from './surface-shape.ts';
import { durationOf, nameOf, stringOf } from './value-readers.ts';
import {
  describeNode, fieldOf, listOf, mapOf, report, scalarOf,
  type Field, type MapView, type ReadContext,
} from './yaml-reader.ts';

/** The outcome of parsing: a scenario, or the issues that prevent one (never both, never a throw). */
export type ParseResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** Most issues reported for one file; the rest are counted in a final issue. */
export const ISSUES_MAX = 200;
/** Most bug-zoo names a scenario may list. */
const BUGS_MAX = 100;

/**
 * Parses and validates a scenario file's text. `fileName` only labels the issues.
 * @example
 * const r = parseScenario(text, 'scenarios/leader-crash.yaml');
 * if (!r.ok) for (const i of r.issues) console.error(formatIssue(i));
 */
export function parseScenario(text: string, fileName: string): ParseResult {
  const lineCounter = new LineCounter();
  const ctx: ReadContext = { file: fileName, lineCounter, issues: [] };
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    for (const e of [...doc.errors, ...doc.warnings]) reportYamlError(ctx, e);
    return { ok: false, issues: finish(ctx.issues) };
  }
  const root = doc.contents;
  if (root === null) {
    report(ctx, { path: '', offset: 0 }, 'the file is empty; a scenario needs at least version, until and cluster');
    return { ok: false, issues: finish(ctx.issues) };
  }
  const scenario = readScenario(ctx, fieldOf(root, '', 0));
  if (ctx.issues.length > 0 || scenario === undefined) return { ok: false, issues: finish(ctx.issues) };
  return { ok: true, scenario };
}

function reportYamlError(ctx: ReadContext, e: YAMLError): void {
  // The yaml package's messages sometimes carry a source excerpt after the first line; keep the sentence.
  const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
  report(ctx, { path: '', offset: e.pos[0] }, `YAML syntax: ${message}`);
}

/** Sorts issues by position (stable) and caps their number. */
function finish(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= ISSUES_MAX) return sorted;
  const last = sorted[ISSUES_MAX - 1] as ScenarioIssue;
  const kept = sorted.slice(0, ISSUES_MAX - 1);
  kept.push({ ...last, path: '', message: `… and ${sorted.length - kept.length} more issues` });
  return kept;
}

function readScenario(ctx: ReadContext, rootField: Field): Scenario | undefined {
  const m = mapOf(ctx, rootField, SCENARIO_SHAPE, 'a mapping with version, until, cluster, …');
  if (m === undefined) return undefined;
  readVersion(ctx, m);
  stringOf(ctx, m.get('$schema'), 'a schema path');
  const untilMs = durationOf(ctx, m.require('until'), { minMs: 1 });
  const cluster = readCluster(ctx, m.require('cluster'));
  const { clients, ids } = readClients(ctx, m.get('clients'), cluster.servers, untilMs);
  const names = { servers: cluster.servers, clients: ids };
  const clocks = readClocks(ctx, m.get('clocks'), names);
  const network = readNetwork(ctx, m.get('network'), names);
  const timeline = readTimeline(ctx, m.get('timeline'), names, untilMs);
  const expect = readExpect(ctx, m.get('expect'), names, timeline.opIds, untilMs);
  return {
    version: SCENARIO_VERSION,
    description: (stringOf(ctx, m.get('description')) ?? '').trim(),
    seed: readSeed(ctx, m.get('seed')) ?? 1,
    untilMs: untilMs ?? 1,
    cluster: cluster.spec,
    clocks,
    network,
    clients: clients.map((c): ClientSpec => (clocks[c.id] === undefined ? c : { ...c, clock: clocks[c.id] as NonNullable<ClientSpec['clock']> })),
    timeline: timeline.steps,
    expect,
    bugs: readBugs(ctx, m.get('bugs')),
  };
}

function readVersion(ctx: ReadContext, m: MapView): void {
  const f = m.require('version');
  if (f === undefined) return;
  const v = scalarOf(ctx, f, `the format version (${SCENARIO_VERSION})`);
  if (v !== undefined && v !== SCENARIO_VERSION) {
    report(ctx, f, `unsupported version ${describeNode(f.node)}; this build reads version ${SCENARIO_VERSION}`);
  }
}

/** A seed is an integer or non-empty text; both are passed to the Rng as written. */
function readSeed(ctx: ReadContext, f: Field | undefined): string | number | undefined {
  if (f === undefined) return undefined;
  const v = scalarOf(ctx, f, 'an integer or text');
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (v !== undefined) report(ctx, f, `must be an integer or text, got ${describeNode(f.node)}`);
  return undefined;
}

/** Bug-zoo names: unique names (whether each exists is the runner's check). */
function readBugs(ctx: ReadContext, f: Field | undefined): string[] {
  const bugs: string[] = [];
  for (const item of listOf(ctx, f, 'a list of bug names', BUGS_MAX) ?? []) {
    const name = nameOf(ctx, item, 'bug name');
    if (name === undefined) continue;
    if (bugs.includes(name)) report(ctx, item, `bug '${name}' is listed twice`);
    else bugs.push(name);
  }
  return bugs;
}
