// Trace records and sinks. Every handled event becomes a JSON-serialisable record
// `{ time, seq, node, type, ... }`; the Tracer stamps time/seq from the kernel, feeds each record's JSON
// into the rolling trace hash and hands it to a sink (memory, NDJSON lines, or none). When neither a sink
// nor the hash is wanted, `enabled` is false and callers skip building records altogether.
import { RollingHash } from './hash.ts';

/** One trace record. Extra fields depend on `type`. */
export interface TraceRecord {
  readonly time: number;
  readonly seq: number;
  readonly node: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Where records go. */
export interface TraceSink {
  write(record: TraceRecord, json: string): void;
}

/** Keeps every record in an array. */
export class MemorySink implements TraceSink {
  readonly records: TraceRecord[] = [];
  write(record: TraceRecord): void {
    this.records.push(record);
  }
}

/** Calls `writeLine` with one JSON line per record (a CLI passes a file writer). */
export class NdjsonSink implements TraceSink {
  private readonly writeLine: (line: string) => void;
  constructor(writeLine: (line: string) => void) {
    this.writeLine = writeLine;
  }
  write(_record: TraceRecord, json: string): void {
    this.writeLine(json);
  }
}

/** Calls several sinks in order. */
export class TeeSink implements TraceSink {
  private readonly sinks: readonly TraceSink[];
  constructor(sinks: readonly TraceSink[]) {
    this.sinks = sinks;
  }
  write(record: TraceRecord, json: string): void {
    for (const s of this.sinks) s.write(record, json);
  }
}

/** Source of the stamp for each record. */
export interface TraceClock {
  readonly now: number;
  readonly currentSeq: number;
}

/** Stamps, hashes and forwards trace records. */
export class Tracer {
  /** False when records are neither hashed nor stored: callers should not build them. */
  readonly enabled: boolean;
  private readonly hash = new RollingHash();
  private count = 0;
  private readonly clock: TraceClock;
  private readonly sink: TraceSink | null;
  private readonly hashing: boolean;

  constructor(clock: TraceClock, sink: TraceSink | null, hashing: boolean) {
    this.clock = clock;
    this.sink = sink;
    this.hashing = hashing;
    this.enabled = sink !== null || hashing;
  }

  /** Records an event at the kernel's current time and seq. No-op when disabled. */
  emit(node: string, type: string, fields?: Record<string, unknown>): void {
    if (!this.enabled) return;
    const record: TraceRecord = fields === undefined
      ? { time: this.clock.now, seq: this.clock.currentSeq, node, type }
      : { time: this.clock.now, seq: this.clock.currentSeq, node, type, ...fields };
    this.write(record);
  }

  /** Records a pre-built record (header lines, records replayed from elsewhere). */
  write(record: TraceRecord): void {
    if (!this.enabled) return;
    const json = JSON.stringify(record);
    if (this.hashing) this.hash.update(json);
    this.count++;
    this.sink?.write(record, json);
  }

  /** Number of records emitted. */
  get recordCount(): number {
    return this.count;
  }

  /** The trace hash so far (16 hex digits). */
  get hashHex(): string {
    return this.hash.hex();
  }
}
