// Reading a parsed YAML tree with positions: fields (a node, its path and its place in the file),
// mappings checked against the key table, free-form mappings and lists. Every reader returns the value
// or undefined and records an issue instead of throwing; a reader given undefined (a missing field,
// already reported or optional) returns undefined, so callers chain readers and fall back to defaults
// while the issue list decides whether the file is good. Scalar readers live in value-readers.ts.
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type ParsedNode } from 'yaml';
import { suggest, type ScenarioIssue } from './scenario-issues.ts';
import { keysOf, type Shape } from './surface-shape.ts';

/** Where issues go and how offsets become lines. */
export interface ReadContext {
  readonly file: string;
  readonly lineCounter: LineCounter;
  readonly issues: ScenarioIssue[];
}

/** A value in the document: the node (null when empty), its path and the offset issues point at. */
export interface Field {
  readonly node: ParsedNode | null;
  readonly path: string;
  readonly offset: number;
}

/** A mapping whose keys were checked against a shape. */
export interface MapView {
  readonly field: Field;
  /** The value of `key`; undefined when absent or empty (`key:` with nothing after it). */
  get(key: string): Field | undefined;
  /** Like get, but a missing or empty key is an issue. */
  require(key: string): Field | undefined;
  /** The allowed keys present, in file order. */
  readonly presentKeys: readonly string[];
  /** Some key was not allowed (and was reported). */
  readonly hasUnknownKeys: boolean;
}

/** Joins a path and a key: `cluster` + `servers` → `cluster.servers`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The 1-based line of an offset. */
export function lineOf(ctx: ReadContext, offset: number): number {
  return ctx.lineCounter.linePos(offset).line;
}

/** Records an issue at a field (or any path and offset). */
export function report(ctx: ReadContext, at: { readonly path: string; readonly offset: number }, message: string, suggestion?: string): void {
  const { line, col } = ctx.lineCounter.linePos(at.offset);
  ctx.issues.push({ file: ctx.file, line, column: col, path: at.path, message, ...(suggestion !== undefined ? { suggestion } : {}) });
}

/** A field for a node. */
export function fieldOf(node: ParsedNode | null, path: string, fallbackOffset: number): Field {
  return { node, path, offset: node?.range[0] ?? fallbackOffset };
}

/** How a node looks, for "got …" in messages. */
export function describeNode(node: ParsedNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return 'an alias';
  const v = node.value;
  if (v === null) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return String(v);
}

/** Reports an alias (`*name`) once: the tree is read node by node, so aliases are not followed. */
function rejectAlias(ctx: ReadContext, f: Field): boolean {
  if (f.node === null || !isAlias(f.node)) return false;
  report(ctx, f, 'aliases (*name) are not supported here; write the value out');
  return true;
}

/** The scalar value of a field without reporting anything (undefined for mappings, lists, aliases). */
export function peekScalar(f: Field | undefined): unknown {
  if (f === undefined || f.node === null || !isScalar(f.node)) return undefined;
  return f.node.value;
}

/** The scalar value of a field, or undefined after reporting that it is a mapping, list or alias. */
export function scalarOf(ctx: ReadContext, f: Field, expected: string): unknown {
  if (rejectAlias(ctx, f)) return undefined;
  if (f.node === null || !isScalar(f.node) || f.node.value === null) {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  return f.node.value;
}

/** Reads a mapping and checks its keys against `shape` (unknown keys get a "did you mean"). */
export function mapOf(ctx: ReadContext, f: Field | undefined, shape: Shape, expected = 'a mapping'): MapView | undefined {
  if (f === undefined || rejectAlias(ctx, f)) return undefined;
  if (f.node === null || !isMap(f.node)) {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  const allowed = keysOf(shape);
  const values = new Map<string, Field | null>();
  const keyOffsets = new Map<string, number>();
  const presentKeys: string[] = [];
  let hasUnknownKeys = false;
  for (const pair of f.node.items) {
    const keyNode = pair.key;
    const keyOffset = keyNode?.range[0] ?? f.offset;
    if (keyNode === null || !isScalar(keyNode) || typeof keyNode.value !== 'string') {
      report(ctx, { path: f.path, offset: keyOffset }, `keys must be plain names, got ${describeNode(keyNode)}`);
      hasUnknownKeys = true;
      continue;
    }
    const key = keyNode.value;
    const path = childPath(f.path, key);
    if (!allowed.includes(key)) {
      hasUnknownKeys = true;
      const hint = suggest(key, allowed);
      report(ctx, { path, offset: keyOffset }, `unknown key '${key}'${hint === undefined ? ` (allowed: ${allowed.join(', ')})` : ''}`, hint);
      continue;
    }
    const valueNode = pair.value ?? null;
    const isEmpty = valueNode === null || (isScalar(valueNode) && valueNode.value === null);
    values.set(key, isEmpty ? null : fieldOf(valueNode, path, keyOffset));
    keyOffsets.set(key, keyOffset);
    presentKeys.push(key);
  }
  const mapField = f;
  return {
    field: mapField,
    presentKeys,
    hasUnknownKeys,
    get: (key) => values.get(key) ?? undefined,
    require: (key) => {
      const v = values.get(key);
      if (v !== undefined && v !== null) return v;
      const path = childPath(mapField.path, key);
      if (v === null) report(ctx, { path, offset: keyOffsets.get(key) ?? mapField.offset }, 'needs a value');
      else report(ctx, { path, offset: mapField.offset }, 'is required');
      return undefined;
    },
  };
}

/** One entry of a free-form mapping (node name → settings). */
export interface RecordEntry {
  readonly key: string;
  readonly keyField: Field;
  readonly value: Field;
}

/** Reads a mapping whose keys are names chosen by the user (checked by the caller). */
export function recordOf(ctx: ReadContext, f: Field | undefined, expected: string): RecordEntry[] | undefined {
  if (f === undefined || rejectAlias(ctx, f)) return undefined;
  if (f.node === null || !isMap(f.node)) {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  const entries: RecordEntry[] = [];
  for (const pair of f.node.items) {
    const keyNode = pair.key;
    const keyOffset = keyNode?.range[0] ?? f.offset;
    if (keyNode === null || !isScalar(keyNode) || typeof keyNode.value !== 'string') {
      report(ctx, { path: f.path, offset: keyOffset }, `keys must be names, got ${describeNode(keyNode)}`);
      continue;
    }
    const path = childPath(f.path, keyNode.value);
    entries.push({ key: keyNode.value, keyField: { node: keyNode, path, offset: keyOffset }, value: fieldOf(pair.value ?? null, path, keyOffset) });
  }
  return entries;
}

/** Reads a list; each item becomes a field `path[i]`. Lists longer than `lengthMax` are an issue. */
export function listOf(ctx: ReadContext, f: Field | undefined, expected: string, lengthMax: number): Field[] | undefined {
  if (f === undefined || rejectAlias(ctx, f)) return undefined;
  if (f.node === null || !isSeq(f.node)) {
    report(ctx, f, `must be ${expected}, got ${describeNode(f.node)}`);
    return undefined;
  }
  if (f.node.items.length > lengthMax) {
    report(ctx, f, `has ${f.node.items.length} items; at most ${lengthMax} are allowed`);
    return undefined;
  }
  return f.node.items.map((item, i) => fieldOf(item, childPath(f.path, i), f.offset));
}

/** True when the field holds a mapping. */
export function isMapField(f: Field): boolean {
  return f.node !== null && isMap(f.node);
}
