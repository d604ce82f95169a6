// Small helpers for tests that read a memory trace: pick records by type and fields.
import type { MemorySink, TraceRecord } from '@zksim/kernel';

/** Records of one type whose fields match `where` (shallow equality). */
export function recordsOf(sink: MemorySink, type: string, where: Record<string, unknown> = {}): TraceRecord[] {
  return sink.records.filter((r) => r.type === type && Object.entries(where).every(([k, v]) => r[k] === v));
}

/** The first matching record, or undefined. */
export function firstOf(sink: MemorySink, type: string, where: Record<string, unknown> = {}): TraceRecord | undefined {
  return sink.records.find((r) => r.type === type && Object.entries(where).every(([k, v]) => r[k] === v));
}
