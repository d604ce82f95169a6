// The sweep's progress bar on stderr: redrawn in place on a terminal, one line per tenth of the work
// otherwise (so logs stay short). Never on stdout, which carries the table or the JSON.

/** A progress bar for `total` seeds. */
export class ProgressBar {
  private readonly total: number;
  private readonly isTty: boolean;
  private readonly write: (s: string) => void;
  private readonly startedMs = performance.now();
  private lastTenth = -1;
  private lastDrawMs = 0;

  constructor(total: number, write: (s: string) => void, isTty: boolean) {
    this.total = total;
    this.write = write;
    this.isTty = isTty;
  }

  /** Shows `done` seeds finished, `failing` of them failing. */
  update(done: number, failing: number): void {
    const now = performance.now();
    const tenth = Math.floor((done * 10) / Math.max(1, this.total));
    if (this.isTty) {
      if (now - this.lastDrawMs < 80 && done < this.total) return;
      this.lastDrawMs = now;
      this.write(`\r${this.line(done, failing, now)}\u001b[K`);
    } else if (tenth !== this.lastTenth || done === this.total) {
      this.lastTenth = tenth;
      this.write(`${this.line(done, failing, now)}\n`);
    }
  }

  /** Ends the bar (a newline on a terminal). */
  done(): void {
    if (this.isTty) this.write('\n');
  }

  private line(done: number, failing: number, now: number): string {
    const width = 30;
    const filled = Math.round((done / Math.max(1, this.total)) * width);
    const secs = (now - this.startedMs) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} seeds  ${secs.toFixed(1)} s  ${rate.toFixed(0)}/s  ${failing} failing`;
  }
}
