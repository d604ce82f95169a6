import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySink } from '@zksim/kernel';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/parse-scenario.ts';
import { runScenario } from './scenario/run-scenario.ts';
import { looksLikeTrace, parseTraceFile } from './trace-file.ts';

const FILE = 'scenarios/01-leader-client-expires.yaml';

function runSpec(): { spec: { file: string; text: string }; run: { records: MemorySink['records']; traceHash: string; events: number } } {
  const text = readFileSync(join(import.meta.dirname, '../../..', FILE), 'utf8');
  const parsed = parseScenario(text, FILE);
  if (!parsed.ok) throw new Error('bundled scenario does not parse');
  const sink = new MemorySink();
  const result = runScenario(parsed.scenario, { traceSink: sink });
  return { spec: { file: FILE, text }, run: { records: sink.records, traceHash: result.traceHash, events: result.events } };
}

describe('parseTraceFile', () => {
  const { spec, run } = runSpec();
  const text = [
    JSON.stringify({ type: 'zksim-trace', format: 1, scenarioFile: spec.file, scenarioText: spec.text, seed: 42, untilMs: 30_000 }),
    ...run.records.map((r) => JSON.stringify(r)),
    JSON.stringify({ type: 'zksim-trace-end', traceHash: run.traceHash, records: run.records.length, events: run.events }),
  ].join('\n');

  it('reads header, records and footer as zksim run --trace writes them', () => {
    expect(looksLikeTrace(text)).toBe(true);
    expect(looksLikeTrace(spec.text)).toBe(false);
    const r = parseTraceFile(`${text}\n`);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.trace.header.scenarioText).toBe(spec.text);
    expect(r.trace.records).toEqual(JSON.parse(JSON.stringify(run.records)));
    expect(r.trace.footer?.traceHash).toBe(run.traceHash);
  });

  it('accepts a file cut short, without footer', () => {
    const r = parseTraceFile(text.split('\n').slice(0, 50).join('\n'));
    expect(r.ok && r.trace.footer === null && r.trace.records.length === 49).toBe(true);
  });

  it('names the line of a problem', () => {
    const r = parseTraceFile(`${text.split('\n')[0] as string}\nnot json\n{"x":1}`);
    expect(r.ok ? [] : r.problems).toEqual(['line 2: not JSON', 'line 3: not a trace record (needs time, seq, node, type)']);
    const none = parseTraceFile('{"time":0,"seq":0,"node":"s1","type":"x"}');
    expect(none.ok ? [] : none.problems).toEqual(['line 1: no zksim-trace header (write traces with zksim run FILE --trace OUT)']);
  });
});
