// Small integers standing for session ids inside the servers of one simulation. A session id is a
// string (64 bits do not fit a JS number); a hash-map lookup by string reads the string and probes a
// table, and on the ping path of 10k sessions each of those is a cache miss. The trackers index their
// per-session state by handle instead, in dense arrays, and a connection keeps its session's handle.
//
// A handle is a representation, never a behaviour: it is the order in which this table first saw an id,
// nothing iterates in handle order, and whatever a tracker reports (expired sessions, buckets, touch
// tables) is in the order the reference fixes, by id. Every server of one simulation shares the table
// (it is keyed by the kernel), so a handle sent in a touch table means the same session at the leader.
import { weakMemo } from '@zksim/kernel';
import type { SessionId } from '@zksim/protocol';

/** The interning table: id ↔ handle, handles counting up from 0, never reused. */
export class SessionHandles {
  private readonly byId = new Map<SessionId, number>();
  private readonly ids: SessionId[] = [];

  /** The handle of `id`, allocated on first sight. */
  of(id: SessionId): number {
    let h = this.byId.get(id);
    if (h === undefined) {
      h = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, h);
    }
    return h;
  }

  /** The handle of `id`, or −1 if this table never saw it (nothing is allocated). */
  find(id: SessionId): number {
    return this.byId.get(id) ?? -1;
  }

  /** The id a handle stands for. */
  idOf(handle: number): SessionId {
    return this.ids[handle] as SessionId;
  }

  /** Number of handles handed out. */
  get size(): number {
    return this.ids.length;
  }
}

/** The table shared by everything built on `owner` (the simulation's kernel). */
export const sessionHandlesFor: (owner: object) => SessionHandles = weakMemo(() => new SessionHandles());
