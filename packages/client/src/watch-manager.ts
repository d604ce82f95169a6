// The client's watch table (ZKWatchManager): one-shot data, exist and child watches by client path, the
// default watcher, and `materialize` — which watchers an event goes to. A node event removes the
// watches it fires (one-shot); a session event (type 'none') goes to the default watcher and every
// registered watcher without removing anything, so the watches survive a reconnect and are re-sent with
// SetWatches (auto watch reset is always on here). Delivery order is fixed: default, data, exist, child.
import type { ErrorCode, WatchEventType } from '@zksim/protocol';
import type { Watcher } from './client-state.ts';

/** Which table a watch lives in. */
export type WatchKind = 'data' | 'exist' | 'child';

/** How a read registers its watch once the reply is known (ZooKeeper's WatchRegistration classes). */
export type WatchRegistration = 'exists' | 'data' | 'child';

/** Watch paths to re-send after a reconnect (client paths, chroot not yet applied). */
export interface WatchLists {
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
}

/** Watches of one client. */
export class WatchManager {
  /** The default watcher plus listeners added with `addListener`, called in order. */
  readonly defaultWatcher: Watcher;
  private readonly listeners: Watcher[] = [];
  private readonly data = new Map<string, Set<Watcher>>();
  private readonly exist = new Map<string, Set<Watcher>>();
  private readonly child = new Map<string, Set<Watcher>>();

  constructor(defaultWatcher: Watcher | null) {
    if (defaultWatcher !== null) this.listeners.push(defaultWatcher);
    this.defaultWatcher = (event) => {
      for (const l of this.listeners.slice()) l(event);
    };
  }

  /** Adds a listener to the default watcher (it then sees every event the default watcher sees). */
  addListener(watcher: Watcher): void {
    this.listeners.push(watcher);
  }

  /** Removes a listener added with `addListener`; returns false if it was not there. */
  removeListener(watcher: Watcher): boolean {
    const i = this.listeners.indexOf(watcher);
    if (i === -1) return false;
    this.listeners.splice(i, 1);
    return true;
  }

  /**
   * Registers a read's watch after its reply: `exists` → data watch when the node exists, exist watch on
   * NONODE; `data` and `child` → only on success (WatchRegistration.shouldAddWatch).
   */
  register(registration: WatchRegistration, path: string, watcher: Watcher, code: ErrorCode): void {
    if (registration === 'exists') {
      if (code === 'ok') add(this.data, path, watcher);
      else if (code === 'no-node') add(this.exist, path, watcher);
    } else if (code === 'ok') {
      add(registration === 'data' ? this.data : this.child, path, watcher);
    }
  }

  /** True when any path watch is registered (then a reconnect sends SetWatches). */
  get hasWatches(): boolean {
    return this.data.size > 0 || this.exist.size > 0 || this.child.size > 0;
  }

  /** Number of (path, table) entries. */
  get watchCount(): number {
    return this.data.size + this.exist.size + this.child.size;
  }

  /** The watched paths per table, in registration order. */
  lists(): WatchLists {
    return { dataWatches: [...this.data.keys()], existWatches: [...this.exist.keys()], childWatches: [...this.child.keys()] };
  }

  /** The watchers an event goes to (ZKWatchManager.materialize); node events remove what they fire. */
  materialize(type: WatchEventType, path: string | null): Watcher[] {
    const out = new Set<Watcher>();
    if (type === 'none') {
      out.add(this.defaultWatcher);
      for (const table of [this.data, this.exist, this.child]) {
        for (const ws of table.values()) for (const w of ws) out.add(w);
      }
      return [...out];
    }
    const p = path ?? '';
    if (type === 'node-data-changed' || type === 'node-created') {
      take(this.data, p, out);
      take(this.exist, p, out);
    } else if (type === 'node-children-changed') {
      take(this.child, p, out);
    } else {
      take(this.data, p, out);
      take(this.exist, p, out);
      take(this.child, p, out);
    }
    return [...out];
  }
}

function add(table: Map<string, Set<Watcher>>, path: string, watcher: Watcher): void {
  let ws = table.get(path);
  if (ws === undefined) {
    ws = new Set();
    table.set(path, ws);
  }
  ws.add(watcher);
}

function take(table: Map<string, Set<Watcher>>, path: string, out: Set<Watcher>): void {
  const ws = table.get(path);
  if (ws === undefined) return;
  table.delete(path);
  for (const w of ws) out.add(w);
}
