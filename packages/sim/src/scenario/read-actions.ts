// Reads the value of one timeline action key into a `TimelineAction`: client operations (create, delete,
// set-data, reads, sync), node lifecycle (start, silent, resume, crash, close, restart, freeze) and
// network and clock faults. Checks that need the whole timeline (op ids, partition names, time order)
// are left to read-timeline.ts.
import { validatePath } from '@zksim/client';
import type { CreateMode } from '@zksim/protocol';
import type { TimelineAction } from './scenario-types.ts';
import { checkNodeName, kindOfName, nodeRefOf, type NodeNames } from './node-names.ts';
import { ppmOf } from './read-cluster.ts';
import { distributionOf, endpointsOf } from './read-network.ts';
import { ACTION_SHAPES, type Shape } from './surface-shape.ts';
import { boolOf, durationOf, enumOf, intOf, nameOf, stringOf } from './value-readers.ts';
import { listOf, mapOf, report, type Field, type MapView, type ReadContext } from './yaml-reader.ts';

/** Every action key, in the order the reference lists them. */
export const ACTION_KEYS = Object.keys(ACTION_SHAPES);
const CREATE_MODES: readonly CreateMode[] = ['persistent', 'ephemeral', 'persistent-sequential', 'ephemeral-sequential'];
/** Most groups (and members per group) a partition may list. */
const PARTITION_GROUPS_MAX = 1000;

/** What the timeline reader needs beyond the action: names to cross-check later. */
export interface ReadAction {
  readonly action: TimelineAction;
  /** Op id of a client operation, with its field. */
  readonly opId?: { readonly id: string; readonly field: Field };
  /** The partition a `partition` step declares, with the field its name came from. */
  readonly partition?: { readonly name: string; readonly field: Field };
  /** The partition a `heal` step names (absent for `heal: all`). */
  readonly heal?: { readonly name: string; readonly field: Field };
}

/** Reads the action `key` with value `f`; `index` is the step's position in the file (default names). */
export function readAction(ctx: ReadContext, key: string, f: Field, names: NodeNames, index: number): ReadAction | undefined {
  switch (key) {
    case 'create': case 'delete': case 'set-data': case 'get-data': case 'exists': case 'get-children': case 'sync':
      return readOperation(ctx, key, f, names);
    case 'start': case 'silent': case 'resume': case 'crash': case 'close': case 'restart': case 'freeze':
      return readNodeAction(ctx, key, f, names);
    case 'partition':
      return readPartition(ctx, f, names, index);
    case 'heal':
      return readHeal(ctx, f);
    case 'hold': case 'release':
      return readHold(ctx, key, f, names);
    case 'latency':
      return readLatency(ctx, f, names);
    case 'drift': {
      const m = mapOf(ctx, f, shapeOf('drift'), 'a mapping { node, ppm }');
      const node = nodeRefOf(ctx, m?.require('node'), names, 'node');
      const ppm = ppmOf(ctx, m?.require('ppm'));
      return node === undefined || ppm === undefined ? undefined : { action: { do: 'drift', node, ppm } };
    }
    case 'wall-jump': {
      const m = mapOf(ctx, f, shapeOf('wall-jump'), 'a mapping { node, by }');
      const node = nodeRefOf(ctx, m?.require('node'), names, 'node');
      const deltaMs = durationOf(ctx, m?.require('by'), { minMs: -Number.MAX_SAFE_INTEGER });
      return node === undefined || deltaMs === undefined ? undefined : { action: { do: 'wall-jump', node, deltaMs } };
    }
    default:
      return undefined;
  }
}

function shapeOf(key: string): Shape {
  return ACTION_SHAPES[key] ?? {};
}

/** Reads a znode path (PathUtils.validatePath rules; a sequential create may end in '/'). */
export function pathOf(ctx: ReadContext, f: Field | undefined, isSequential: boolean): string | undefined {
  const path = stringOf(ctx, f, 'a znode path like /app/lock');
  if (path === undefined || f === undefined) return undefined;
  try {
    validatePath(path, isSequential);
  } catch (e) {
    report(ctx, f, e instanceof Error ? e.message : String(e));
    return undefined;
  }
  return path;
}

/** Reads znode data: text; an empty value means "". */
function dataOf(ctx: ReadContext, m: MapView, isRequired: boolean): string | undefined {
  const f = m.get('data');
  if (f === undefined) {
    if (isRequired && !m.presentKeys.includes('data')) m.require('data');
    return '';
  }
  return stringOf(ctx, f, 'text');
}

function readOperation(ctx: ReadContext, key: string, f: Field, names: NodeNames): ReadAction | undefined {
  const m = mapOf(ctx, f, shapeOf(key), `a mapping { client, path, … }`);
  if (m === undefined) return undefined;
  const client = nodeRefOf(ctx, m.require('client'), names, 'client');
  const idField = m.get('id');
  const id = nameOf(ctx, idField, 'op id');
  const mode = key === 'create' ? (enumOf(ctx, m.get('mode'), CREATE_MODES, 'mode') ?? 'persistent') : 'persistent';
  const pathField = key === 'sync' ? m.get('path') : m.require('path');
  const path = key === 'sync' && pathField === undefined ? '/' : pathOf(ctx, pathField, mode.endsWith('-sequential'));
  const data = key === 'create' || key === 'set-data' ? dataOf(ctx, m, key === 'set-data') : '';
  const version = key === 'delete' || key === 'set-data' ? (intOf(ctx, m.get('version'), -1, 2 ** 31 - 1) ?? -1) : -1;
  const watch = boolOf(ctx, m.get('watch')) ?? false;
  if (client === undefined || path === undefined || data === undefined) return undefined;
  const opId = id !== undefined && idField !== undefined ? { opId: { id, field: idField } } : {};
  const withId = id !== undefined ? { id } : {};
  switch (key) {
    case 'create':
      return { action: { do: 'create', client, path, data, mode, ...withId }, ...opId };
    case 'delete':
      return { action: { do: 'delete', client, path, version, ...withId }, ...opId };
    case 'set-data':
      return { action: { do: 'set-data', client, path, data, version, ...withId }, ...opId };
    case 'sync':
      return { action: { do: 'sync', client, path, ...withId }, ...opId };
    default:
      return { action: { do: key as 'get-data' | 'exists' | 'get-children', client, path, watch, ...withId }, ...opId };
  }
}

const CLIENT_DO = {
  start: 'client-start', silent: 'client-silent', resume: 'client-resume', crash: 'client-crash',
  close: 'client-close', freeze: 'client-silent',
} as const;
const SERVER_DO = {
  silent: 'server-freeze', resume: 'server-resume', crash: 'server-crash', restart: 'server-restart', freeze: 'server-freeze',
} as const;
const WRONG_KIND: Readonly<Record<string, string>> = {
  start: 'servers run from time 0; use restart to bring a crashed server back',
  close: 'close ends a client session; use crash to stop a server',
  restart: 'restart applies to servers; start a client with start',
};

function readNodeAction(ctx: ReadContext, key: string, f: Field, names: NodeNames): ReadAction | undefined {
  const name = stringOf(ctx, f, 'a node name');
  if (name === undefined) return undefined;
  const kind = kindOfName(names, name);
  if (kind === null) {
    const allowedKind = key === 'start' || key === 'close' ? 'client' : key === 'restart' ? 'server' : 'node';
    checkNodeName(ctx, f, name, names, allowedKind);
    return undefined;
  }
  const table: Readonly<Record<string, string>> = kind === 'client' ? CLIENT_DO : SERVER_DO;
  const verb = table[key];
  if (verb === undefined) {
    report(ctx, f, `'${name}' is a ${kind}: ${WRONG_KIND[key] ?? 'not allowed here'}`);
    return undefined;
  }
  return kind === 'client'
    ? { action: { do: verb as (typeof CLIENT_DO)[keyof typeof CLIENT_DO], client: name } }
    : { action: { do: verb as (typeof SERVER_DO)[keyof typeof SERVER_DO], server: name } };
}

const SCOPES = { all: 'all', servers: 'server-server', clients: 'client-server' } as const;

function readPartition(ctx: ReadContext, f: Field, names: NodeNames, index: number): ReadAction | undefined {
  const m = mapOf(ctx, f, shapeOf('partition'), 'a mapping { name, groups, oneWay, only }');
  if (m === undefined) return undefined;
  const nameField = m.get('name');
  const name = nameField === undefined ? `p${index}` : nameOf(ctx, nameField, 'partition name');
  if (name === 'all' && nameField !== undefined) report(ctx, nameField, "'all' is reserved (heal: all heals every partition)");
  const isOneWay = boolOf(ctx, m.get('oneWay')) ?? false;
  const only = enumOf(ctx, m.get('only'), Object.keys(SCOPES) as (keyof typeof SCOPES)[], 'scope') ?? 'all';
  const groupsField = m.require('groups');
  const groups: string[][] = [];
  const seen = new Map<string, string>();
  const groupFields = listOf(ctx, groupsField, 'a list of groups, each a list of node names', PARTITION_GROUPS_MAX);
  if (groupFields !== undefined && groupFields.length === 0 && groupsField !== undefined) report(ctx, groupsField, 'needs at least one group');
  for (const g of groupFields ?? []) {
    const members: string[] = [];
    const items = listOf(ctx, g, 'a list of node names', PARTITION_GROUPS_MAX);
    if (items?.length === 0) report(ctx, g, 'a group needs at least one node');
    for (const item of items ?? []) {
      const node = nodeRefOf(ctx, item, names, 'node');
      if (node === undefined) continue;
      const first = seen.get(node);
      if (first !== undefined) report(ctx, item, `'${node}' is already in ${first}; a node belongs to one group`);
      else if (only === 'servers' && kindOfName(names, node) === 'client') report(ctx, item, `'${node}' is a client, but only: servers cuts server-server links only`);
      seen.set(node, g.path);
      members.push(node);
    }
    groups.push(members);
  }
  if (isOneWay && groupsField !== undefined && groups.length !== 2) report(ctx, groupsField, `oneWay needs exactly two groups (from the first to the second), got ${groups.length}`);
  if (name === undefined || groupsField === undefined) return undefined;
  return {
    action: { do: 'partition', name, groups, direction: isOneWay ? 'a-to-b' : 'both', scope: SCOPES[only] },
    partition: { name, field: nameField ?? f },
  };
}

function readHeal(ctx: ReadContext, f: Field): ReadAction | undefined {
  const name = stringOf(ctx, f, "a partition name or 'all'");
  if (name === undefined) return undefined;
  if (name === 'all') return { action: { do: 'heal', name: null } };
  const checked = nameOf(ctx, f, 'partition name');
  return checked === undefined ? undefined : { action: { do: 'heal', name: checked }, heal: { name: checked, field: f } };
}

function readHold(ctx: ReadContext, key: 'hold' | 'release', f: Field, names: NodeNames): ReadAction | undefined {
  const m = mapOf(ctx, f, shapeOf(key), 'a mapping { from, to } or { between: [a, b] }');
  if (m === undefined) return undefined;
  const ends = endpointsOf(ctx, m, names);
  if (ends === null) report(ctx, f, `${key} needs from and to, or between: [a, b]`);
  return ends === null || ends === undefined ? undefined : { action: { do: key, ...ends } };
}

function readLatency(ctx: ReadContext, f: Field, names: NodeNames): ReadAction | undefined {
  const m = mapOf(ctx, f, shapeOf('latency'), 'a mapping { value, between | from, to }');
  if (m === undefined) return undefined;
  const ends = endpointsOf(ctx, m, names);
  const latency = distributionOf(ctx, m.require('value'));
  if (ends === undefined || latency === undefined) return undefined;
  // Without endpoints the step changes the default latency of every link, in both directions.
  const where = ends ?? { from: null, to: null, bothWays: true };
  return { action: { do: 'latency', ...where, latency } };
}
