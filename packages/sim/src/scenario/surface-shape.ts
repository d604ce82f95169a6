// The keys a scenario file may contain, position by position: the single list the parser checks
// unknown keys against, and the one the schema test walks beside `scenarios/scenario.schema.json` so the
// two cannot drift apart. It says which keys exist and how they nest, not what their values mean (the
// readers do that).

/**
 * What may appear at one position: a mapping with these `keys`, a list of `item`, a mapping from any
 * name to `values`, or (when none is given, or as well) a plain scalar.
 */
export interface Shape {
  readonly keys?: Readonly<Record<string, Shape>>;
  readonly item?: Shape;
  readonly values?: Shape;
}

const LEAF: Shape = {};
const NAME_LIST: Shape = { item: LEAF };
const GROUP_LIST: Shape = { item: NAME_LIST };

export const EXPONENTIAL_SHAPE: Shape = { keys: { mean: LEAF, floor: LEAF } };
export const LOGNORMAL_SHAPE: Shape = { keys: { median: LEAF, sigma: LEAF, floor: LEAF } };

/** `{ constant }`, `{ uniform }`, `{ exponential }` or `{ lognormal }` (or a bare duration). */
export const DISTRIBUTION_SHAPE: Shape = {
  keys: { constant: LEAF, uniform: NAME_LIST, exponential: EXPONENTIAL_SHAPE, lognormal: LOGNORMAL_SHAPE },
};

export const DATAGRAM_SHAPE: Shape = { keys: { drop: LEAF, duplicate: LEAF } };

export const CLUSTER_SHAPE: Shape = {
  keys: {
    servers: LEAF,
    tickTime: LEAF,
    initLimit: LEAF,
    syncLimit: LEAF,
    minSessionTimeout: LEAF,
    maxSessionTimeout: LEAF,
    commitLogCount: LEAF,
    groups: GROUP_LIST,
    weights: { values: LEAF },
  },
};

export const CLOCK_SHAPE: Shape = { keys: { drift: LEAF, monotonicOrigin: LEAF, wallOrigin: LEAF } };

export const LINK_SHAPE: Shape = {
  keys: { between: NAME_LIST, from: LEAF, to: LEAF, latency: DISTRIBUTION_SHAPE, loss: LEAF, datagram: DATAGRAM_SHAPE },
};

export const NETWORK_SHAPE: Shape = {
  keys: { latency: DISTRIBUTION_SHAPE, loss: LEAF, datagram: DATAGRAM_SHAPE, links: { item: LINK_SHAPE } },
};

export const CLIENT_SHAPE: Shape = { keys: { id: LEAF, connect: LEAF, timeout: LEAF, version: LEAF, start: LEAF } };

const READ_SHAPE: Shape = { keys: { client: LEAF, path: LEAF, watch: LEAF, id: LEAF } };
const HOLD_SHAPE: Shape = { keys: { from: LEAF, to: LEAF, between: NAME_LIST } };

/** The value of each timeline action key (a scalar action names a node or a partition). */
export const ACTION_SHAPES: Readonly<Record<string, Shape>> = {
  'create': { keys: { client: LEAF, path: LEAF, data: LEAF, mode: LEAF, id: LEAF } },
  'delete': { keys: { client: LEAF, path: LEAF, version: LEAF, id: LEAF } },
  'set-data': { keys: { client: LEAF, path: LEAF, data: LEAF, version: LEAF, id: LEAF } },
  'get-data': READ_SHAPE,
  'exists': READ_SHAPE,
  'get-children': READ_SHAPE,
  'sync': { keys: { client: LEAF, path: LEAF, id: LEAF } },
  'start': LEAF,
  'silent': LEAF,
  'resume': LEAF,
  'crash': LEAF,
  'close': LEAF,
  'restart': LEAF,
  'freeze': LEAF,
  'partition': { keys: { name: LEAF, groups: GROUP_LIST, oneWay: LEAF, only: LEAF } },
  'heal': LEAF,
  'hold': HOLD_SHAPE,
  'release': HOLD_SHAPE,
  'latency': { keys: { from: LEAF, to: LEAF, between: NAME_LIST, value: DISTRIBUTION_SHAPE } },
  'drift': { keys: { node: LEAF, ppm: LEAF } },
  'wall-jump': { keys: { node: LEAF, by: LEAF } },
};

export const STEP_SHAPE: Shape = { keys: { at: LEAF, ...ACTION_SHAPES } };

/** The value of each expectation check key. */
export const CHECK_SHAPES: Readonly<Record<string, Shape>> = {
  'leader': LEAF,
  'session-at-leader': { keys: { client: LEAF, state: LEAF } },
  'client-state': { keys: { client: LEAF, state: LEAF } },
  'znode': { keys: { path: LEAF, present: LEAF, on: NAME_LIST } },
  'client-events': { keys: { client: LEAF, events: NAME_LIST, exact: LEAF } },
  'result': { keys: { id: LEAF, code: LEAF } },
  'same-session': LEAF,
  'no-violations': LEAF,
  violation: LEAF,
};

export const EXPECTATION_SHAPE: Shape = { keys: { at: LEAF, ...CHECK_SHAPES } };

/** The whole document. `$schema` lets JSON files name their schema (YAML files use a comment). */
export const SCENARIO_SHAPE: Shape = {
  keys: {
    $schema: LEAF,
    version: LEAF,
    description: LEAF,
    seed: LEAF,
    until: LEAF,
    cluster: CLUSTER_SHAPE,
    clocks: { values: CLOCK_SHAPE },
    network: NETWORK_SHAPE,
    clients: { item: CLIENT_SHAPE },
    timeline: { item: STEP_SHAPE },
    expect: { item: EXPECTATION_SHAPE },
    bugs: NAME_LIST,
  },
};

/** The keys a shape allows, in declaration order. */
export function keysOf(shape: Shape): readonly string[] {
  return shape.keys === undefined ? [] : Object.keys(shape.keys);
}
