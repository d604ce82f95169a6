// Keeps scenarios/scenario.schema.json and the parser's key table (SCENARIO_SHAPE) in step: the schema
// is read as JSON, then both trees are walked together. At each position the schema's properties
// (gathered through $ref, allOf, anyOf and oneOf) must be exactly the keys the parser accepts, lists and
// free-form mappings must line up, and every property must carry a description for editors to show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SHAPE, type Shape } from './surface-shape.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { readonly [key: string]: Json };

const SCHEMA_URL = new URL('../../../../scenarios/scenario.schema.json', import.meta.url);

function loadSchema(): Schema {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Schema;
}

function isSchema(v: Json | undefined): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every schema that applies at this position: follows $ref and flattens allOf/anyOf/oneOf. */
function alternatives(root: Schema, s: Schema, depth = 0): Schema[] {
  if (depth > 20) throw new Error('schema $ref chain too deep');
  const out: Schema[] = [s];
  const ref = s['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/definitions/', '');
    const defs = root['definitions'];
    const target = isSchema(defs) ? defs[name] : undefined;
    if (!isSchema(target)) throw new Error(`unresolved $ref ${ref}`);
    out.push(...alternatives(root, target, depth + 1));
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[k];
    if (Array.isArray(list)) for (const sub of list) if (isSchema(sub)) out.push(...alternatives(root, sub, depth + 1));
  }
  return out;
}

interface Position {
  readonly properties: Map<string, Schema[]>;
  readonly items: Schema[];
  readonly values: Schema[];
}

function positionOf(root: Schema, schemas: readonly Schema[]): Position {
  const properties = new Map<string, Schema[]>();
  const items: Schema[] = [];
  const values: Schema[] = [];
  for (const s of schemas.flatMap((x) => alternatives(root, x))) {
    const props = s['properties'];
    if (isSchema(props)) {
      for (const [k, v] of Object.entries(props)) if (isSchema(v)) properties.set(k, [...(properties.get(k) ?? []), v]);
    }
    if (isSchema(s['items'])) items.push(s['items']);
    if (isSchema(s['additionalProperties'])) values.push(s['additionalProperties']);
  }
  return { properties, items, values };
}

/** Walks shape and schema together; returns mismatches as readable lines. */
function compare(root: Schema, shape: Shape, schemas: readonly Schema[], path: string, out: string[]): void {
  const here = positionOf(root, schemas);
  const parserKeys = Object.keys(shape.keys ?? {});
  for (const k of parserKeys) if (!here.properties.has(k)) out.push(`${path}: the parser accepts '${k}' but the schema does not`);
  for (const k of here.properties.keys()) if (!parserKeys.includes(k)) out.push(`${path}: the schema allows '${k}' but the parser does not`);
  for (const [k, sub] of Object.entries(shape.keys ?? {})) {
    const subSchemas = here.properties.get(k);
    if (subSchemas !== undefined) compare(root, sub, subSchemas, path === '' ? k : `${path}.${k}`, out);
  }
  if (shape.item !== undefined && here.items.length === 0) out.push(`${path}: the parser reads a list here but the schema has no items`);
  if (shape.item === undefined && here.items.length > 0) out.push(`${path}: the schema has list items here but the parser reads none`);
  if (shape.item !== undefined && here.items.length > 0) compare(root, shape.item, here.items, `${path}[]`, out);
  if (shape.values !== undefined && here.values.length === 0) out.push(`${path}: the parser reads a name → value mapping but the schema has no additionalProperties`);
  if (shape.values === undefined && here.values.length > 0) out.push(`${path}: the schema allows free-form keys but the parser does not`);
  if (shape.values !== undefined && here.values.length > 0) compare(root, shape.values, here.values, `${path}.*`, out);
}

/** Every `properties` entry anywhere in the schema, with its path. */
function allProperties(s: Json, path: string, out: [string, Schema][]): void {
  if (Array.isArray(s)) s.forEach((x, i) => allProperties(x, `${path}[${i}]`, out));
  if (!isSchema(s)) return;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && isSchema(v)) {
      for (const [name, p] of Object.entries(v)) if (isSchema(p)) out.push([`${path}.${name}`, p]);
    }
    allProperties(v, `${path}.${k}`, out);
  }
}

describe('scenario.schema.json', () => {
  it('is a JSON object declaring its draft', () => {
    const schema = loadSchema();
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['type']).toBe('object');
  });

  it('allows exactly the keys the parser accepts, at every position', () => {
    const schema = loadSchema();
    const mismatches: string[] = [];
    compare(schema, SCENARIO_SHAPE, [schema], '', mismatches);
    expect(mismatches).toEqual([]);
  });

  it('describes every property and resolves every $ref', () => {
    const schema = loadSchema();
    const props: [string, Schema][] = [];
    allProperties(schema, '#', props);
    expect(props.length).toBeGreaterThan(80);
    const undescribed = props.filter(([, p]) => typeof p['description'] !== 'string').map(([path]) => path);
    expect(undescribed).toEqual([]);
    for (const [, p] of props) expect(() => alternatives(schema, p)).not.toThrow();
  });

  it('closes every mapping that the parser closes', () => {
    const schema = loadSchema();
    const open: string[] = [];
    const visit = (s: Json, path: string): void => {
      if (Array.isArray(s)) s.forEach((x, i) => visit(x, `${path}[${i}]`));
      if (!isSchema(s)) return;
      if (isSchema(s['properties']) && s['additionalProperties'] !== false) open.push(path);
      for (const [k, v] of Object.entries(s)) visit(v, `${path}.${k}`);
    };
    visit(schema, '#');
    expect(open).toEqual([]);
  });
});
