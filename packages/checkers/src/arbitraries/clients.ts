// Arbitraries for clients and their workload. A client connects to every server, to one, or to two (so
// scenarios place sessions on the leader and on followers), requests a timeout of 2–10 ticks, and is a
// 3.9 client (client-side expiry) or, sometimes, a 3.8 one. Operations work on a handful of shared paths —
// ephemeral, persistent and sequential creates, deletes, writes, reads with watches — so clients contend;
// `create-then-close` sends an ephemeral create and the session's close a few ms apart (R58's race).
import fc from 'fast-check';

/** How a client is configured, before the ensemble size is known. */
export interface ClientDraft {
  readonly connect: 'all' | 'one' | 'two';
  /** Server pick (see `pickServer`). */
  readonly server: number;
  readonly timeoutTicks: number;
  readonly version: '3.8' | '3.9';
  readonly startMs: number;
}

/** Operation kinds of the workload. */
export const OP_KINDS = [
  'create-ephemeral', 'create-persistent', 'create-sequential', 'delete', 'set-data', 'get-data', 'exists', 'get-children',
  'create-then-close',
] as const;

/** One operation kind. */
export type OpKind = (typeof OP_KINDS)[number];

/** One operation, before names are known. */
export interface OpDraft {
  readonly client: number;
  readonly kind: OpKind;
  readonly path: number;
  readonly atMs: number;
  /** Snap the time to a tick boundary plus `offsetMs` (to land next to expiry buckets). */
  readonly align: boolean;
  readonly offsetMs: number;
  readonly watch: boolean;
  /** create-then-close: ms between the create and the close. */
  readonly closeAfterMs: number;
}

/** A client draft. */
export function clientDraftArb(): fc.Arbitrary<ClientDraft> {
  return fc.record({
    connect: fc.constantFrom('all', 'all', 'one', 'two'),
    server: fc.nat({ max: 9 }),
    timeoutTicks: fc.integer({ min: 2, max: 10 }),
    version: fc.constantFrom('3.9', '3.9', '3.9', '3.8'),
    startMs: fc.integer({ min: 0, max: 3000 }),
  });
}

/** An operation draft for one of `clientsMax` clients, in [0, untilMs]. */
export function opDraftArb(clientsMax: number, untilMs: number): fc.Arbitrary<OpDraft> {
  return fc.record({
    client: fc.nat({ max: Math.max(0, clientsMax - 1) }),
    kind: fc.constantFrom(...OP_KINDS),
    path: fc.nat({ max: 2 }),
    atMs: fc.integer({ min: 500, max: untilMs }),
    align: fc.boolean(),
    offsetMs: fc.nat({ max: 8 }),
    watch: fc.boolean(),
    closeAfterMs: fc.nat({ max: 4 }),
  });
}

/**
 * Server number (1..n) for a pick: picks below 4 name the highest myid — the first leader at equal zxids
 * (R65) — so faults hit leaders often; others spread over all servers. Small picks shrink to the leader.
 */
export function pickServer(pick: number, n: number): number {
  return pick < 4 ? n : ((pick - 4) % n) + 1;
}
