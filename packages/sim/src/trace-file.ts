// The NDJSON trace file format of `zksim run --trace` (written by the CLI, read by `zksim replay` and the viewer): a header line (scenario text, seed, end time),
// one line per trace record and a footer (trace hash, counts). The viewer re-runs the header's scenario
// and checks the hash; the records themselves are enough to draw the diagram when it cannot.
import type { TraceRecord } from '@zksim/kernel';

/** First line of a trace file. */
export interface TraceHeader {
  readonly type: 'zksim-trace';
  readonly format: 1;
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly seed: string | number;
  readonly untilMs: number;
}

/** Last line of a complete trace file. */
export interface TraceFooter {
  readonly type: 'zksim-trace-end';
  readonly traceHash: string;
  readonly records: number;
  readonly events: number;
}

/** A parsed trace file. */
export interface TraceFile {
  readonly header: TraceHeader;
  readonly records: readonly TraceRecord[];
  /** Null when the file was cut short. */
  readonly footer: TraceFooter | null;
}

/** True when `text` starts like a trace file (its first line is a zksim-trace header). */
export function looksLikeTrace(text: string): boolean {
  return /^\s*\{\s*"type"\s*:\s*"zksim-trace"/.test(text);
}

/** Parses a trace file; problems name the line. */
export function parseTraceFile(text: string): { readonly ok: true; readonly trace: TraceFile } | { readonly ok: false; readonly problems: readonly string[] } {
  const lines = text.split('\n');
  const problems: string[] = [];
  let header: TraceHeader | null = null;
  let footer: TraceFooter | null = null;
  const records: TraceRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      if (problems.length >= 20) break;
      continue;
    }
    const o = v as Record<string, unknown>;
    if (o['type'] === 'zksim-trace') {
      if (header !== null || records.length > 0) problems.push(`line ${i + 1}: a second header`);
      else if (o['format'] !== 1) problems.push(`line ${i + 1}: trace format ${String(o['format'])} (this viewer reads format 1)`);
      else if (typeof o['scenarioText'] !== 'string' || typeof o['untilMs'] !== 'number') problems.push(`line ${i + 1}: the header lacks scenarioText or untilMs`);
      else header = o as unknown as TraceHeader;
    } else if (o['type'] === 'zksim-trace-end') {
      footer = o as unknown as TraceFooter;
    } else if (typeof o['time'] === 'number' && typeof o['seq'] === 'number' && typeof o['node'] === 'string' && typeof o['type'] === 'string') {
      records.push(o as unknown as TraceRecord);
    } else {
      problems.push(`line ${i + 1}: not a trace record (needs time, seq, node, type)`);
    }
  }
  if (header === null && problems.length === 0) problems.push('line 1: no zksim-trace header (write traces with zksim run FILE --trace OUT)');
  if (problems.length > 0 || header === null) return { ok: false, problems };
  return { ok: true, trace: { header, records, footer } };
}
