// The client's EventThread: one FIFO of session events, watch events and request callbacks, delivered
// in the order they were queued. It keeps ZooKeeper's two rules about session events: a session event
// equal to the previous one is dropped (EventThread.queueEvent, R74; the previous state starts as
// Disconnected, so a first failed attempt reports nothing), and after the "event of death" (Expired,
// end of the SendThread) no more watcher events are delivered — callbacks still are, as in queuePacket.
// Delivery is deferred to `drain`, which each entry point calls last, so user code never runs in the
// middle of a state change.
import type { KeeperState, Watcher, WatchedEvent } from './client-state.ts';
import type { WatchManager } from './watch-manager.ts';

/** Upper bound on queued deliveries; reaching it means a runaway loop. */
const MAX_QUEUED = 1_000_000;

/** Ordered delivery of events and callbacks for one client. */
export class EventThread {
  private readonly watches: WatchManager;
  private readonly onStateEvent: (state: KeeperState) => void;
  private readonly queue: (() => void)[] = [];
  private head = 0;
  private lastState: KeeperState = 'Disconnected';
  private isKilled = false;
  private isDraining = false;
  /** Called whenever something is queued (the SendThread uses it to skip `drain` when nothing is). */
  onQueued: (() => void) | null = null;

  /** `onStateEvent` is told of every session event that will be delivered (for the log and trace). */
  constructor(watches: WatchManager, onStateEvent: (state: KeeperState) => void) {
    this.watches = watches;
    this.onStateEvent = onStateEvent;
  }

  /** True once the event of death was queued: watcher events are no longer delivered. */
  get isDead(): boolean {
    return this.isKilled;
  }

  /** Queues a session event for the default watcher and every registered watcher, unless repeated. */
  queueStateEvent(state: KeeperState): void {
    if (this.isKilled || state === this.lastState) return;
    this.lastState = state;
    this.onStateEvent(state);
    const event: WatchedEvent = { type: 'none', state, path: null };
    this.push(deliverTo(this.watches.materialize('none', null), event));
  }

  /** Queues a node event (from a server notification) for the watchers it fires. */
  queueWatchEvent(event: WatchedEvent): void {
    if (this.isKilled) return;
    this.lastState = event.state;
    this.push(deliverTo(this.watches.materialize(event.type, event.path), event));
  }

  /** Queues a request callback (always delivered, even after the event of death). */
  queueCallback(callback: () => void): void {
    this.push(callback);
  }

  /** Queues the event of death: later session and watch events are dropped. */
  kill(): void {
    this.isKilled = true;
  }

  /** Runs everything queued, in order, including what the callbacks queue; re-entrant calls return. */
  drain(): void {
    if (this.isDraining || this.queue.length === 0) return;
    this.isDraining = true;
    try {
      while (this.head < this.queue.length) {
        const fn = this.queue[this.head] as () => void;
        this.queue[this.head++] = noop;
        fn();
      }
      this.queue.length = 0;
      this.head = 0;
    } finally {
      this.isDraining = false;
    }
  }

  private push(fn: () => void): void {
    if (this.queue.length - this.head >= MAX_QUEUED) throw new RangeError(`EventThread: more than ${MAX_QUEUED} queued deliveries`);
    this.queue.push(fn);
    if (this.onQueued !== null) this.onQueued();
  }
}

function noop(): void {}

function deliverTo(watchers: readonly Watcher[], event: WatchedEvent): () => void {
  return () => {
    for (const w of watchers) w(event);
  };
}
