// The NDJSON trace file: a header line (format, zksim version, scenario text, seed, until), one line per
// trace record, and a footer (trace hash, counts). Written to a temporary file and renamed at the end, so a
// failed run never leaves a half-written trace behind; lines are buffered and flushed in chunks so memory
// stays flat however long the run is.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { TraceRecord, TraceSink } from '@zksim/kernel';
import type { TraceFooter, TraceHeader } from '@zksim/sim';

/** A sink that streams records to `path` (via `path.tmp`, renamed on `commit`). */
export class TraceFileWriter implements TraceSink {
  private readonly fd: number;
  private readonly tmp: string;
  private readonly path: string;
  private buf: string[] = [];
  private size = 0;

  constructor(path: string, header: TraceHeader) {
    this.path = path;
    this.tmp = `${path}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    this.push(JSON.stringify(header));
  }

  write(_record: TraceRecord, json: string): void {
    this.push(json);
  }

  /** Writes the footer, closes and renames into place. */
  commit(footer: TraceFooter): void {
    this.push(JSON.stringify(footer));
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  /** Closes and deletes the temporary file (the run failed). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }

  private push(line: string): void {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
  }
}
