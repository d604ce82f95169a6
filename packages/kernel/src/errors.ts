// Error classes of the kernel. Few of them, each with a stable `code` that tests and the CLI match on.
// Bugs stop the run through `assert`; limits (too many events, too much virtual time) are their own class
// so a caller can tell "the model is wrong" from "the run was asked to do too much".

/** Base class: every zksim error carries a stable machine-readable `code`. */
export class ZksimError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'ZksimError';
  }
}

/** A broken invariant inside the simulator: a bug, never a user mistake. */
export class AssertionError extends ZksimError {
  constructor(message: string) {
    super('ZKSIM_ASSERTION', message);
    this.name = 'AssertionError';
  }
}

/** A run hit one of its guards (maximum events or maximum virtual time). */
export class SimulationLimitError extends ZksimError {
  constructor(code: 'ZKSIM_EVENT_LIMIT' | 'ZKSIM_TIME_LIMIT', message: string) {
    super(code, message);
    this.name = 'SimulationLimitError';
  }
}

/** Throws an AssertionError when `condition` is false. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}
