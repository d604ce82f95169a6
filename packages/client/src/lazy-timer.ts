// The client's single kernel timer. The SendThread's deadlines mostly move later (every packet sent or
// received pushes them back), so the timer is rescheduled lazily: a request for a later time leaves the
// pending timer alone — it fires early, the client re-evaluates and asks again — and only a request for
// an earlier time cancels it. At most one timer is pending per client at any time.
import type { EventId, Kernel, NodeId } from '@zksim/kernel';

/** One lazily rescheduled timer on a node's local monotonic clock. */
export class LazyTimer {
  private readonly kernel: Kernel;
  private readonly node: NodeId;
  private readonly tag: string;
  private id: EventId | null = null;
  private atMs = 0;

  constructor(kernel: Kernel, node: NodeId, tag: string) {
    this.kernel = kernel;
    this.node = node;
    this.tag = tag;
  }

  /** Local time at which the pending timer fires, or null. */
  get pendingAtMs(): number | null {
    return this.id === null ? null : this.atMs;
  }

  /** Makes sure the timer fires at `localMs` or earlier. */
  notLaterThan(localMs: number): void {
    if (this.id !== null) {
      if (this.atMs <= localMs) return;
      this.kernel.cancel(this.id);
    }
    this.atMs = localMs;
    this.id = this.kernel.setTimerAt(this.node, localMs, this.tag);
  }

  /** To be called when the timer fired (the kernel has dropped it). */
  fired(): void {
    this.id = null;
  }

  /** Cancels the pending timer, if any. */
  cancel(): void {
    if (this.id !== null) this.kernel.cancel(this.id);
    this.id = null;
  }
}
