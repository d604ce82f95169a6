// What-if actions: the faults a learner adds by clicking (crash, restart, freeze, resume or close a node;
// cut a link; isolate nodes; heal), how each reads in words and as a timeline step of the scenario format,
// and how they are added to a scenario's text. A what-if run is the scenario text with these steps added,
// parsed and run like any file, so the saved file reproduces exactly what the viewer showed.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { durationText, formatTime } from './format.ts';

/** A fault added to a run at `atMs`. Partitions are named `whatif-1`, `whatif-2`, … in order. */
export type WhatIfAction =
  | { readonly atMs: number; readonly kind: 'crash' | 'restart' | 'freeze' | 'resume' | 'close'; readonly node: string }
  | { readonly atMs: number; readonly kind: 'cut'; readonly nodes: readonly [string, string] }
  | { readonly atMs: number; readonly kind: 'isolate'; readonly nodes: readonly string[] }
  | { readonly atMs: number; readonly kind: 'heal'; readonly name: string | null };

/** Every action kind, in menu order. */
export const WHAT_IF_KINDS = ['freeze', 'resume', 'crash', 'restart', 'close', 'cut', 'isolate', 'heal'] as const;
export type WhatIfKind = (typeof WHAT_IF_KINDS)[number];

/** Name of the partition made by the i-th partitioning action (cut or isolate) of a list. */
export function partitionName(actions: readonly WhatIfAction[], index: number): string | null {
  let n = 0;
  for (let i = 0; i <= index && i < actions.length; i++) {
    const a = actions[i] as WhatIfAction;
    if (a.kind === 'cut' || a.kind === 'isolate') {
      n++;
      if (i === index) return `whatif-${n}`;
    }
  }
  return null;
}

/** The action in words: "freeze s2 at 10.001s". */
export function describeAction(a: WhatIfAction, actions: readonly WhatIfAction[] = [a]): string {
  const at = `at ${formatTime(a.atMs)}`;
  switch (a.kind) {
    case 'cut': return `cut the link ${a.nodes[0]} ↔ ${a.nodes[1]} (${partitionName(actions, actions.indexOf(a)) ?? 'partition'}) ${at}`;
    case 'isolate': return `isolate ${a.nodes.join(', ')} from everyone else (${partitionName(actions, actions.indexOf(a)) ?? 'partition'}) ${at}`;
    case 'heal': return `heal ${a.name ?? 'every partition'} ${at}`;
    default: return `${a.kind} ${a.node} ${at}`;
  }
}

/** The action as one flow-style timeline step: `{ at: 10.001s, freeze: s2 }`. */
export function stepText(a: WhatIfAction, actions: readonly WhatIfAction[]): string {
  const at = `at: ${durationText(a.atMs)}`;
  switch (a.kind) {
    case 'cut': return `{ ${at}, partition: { name: ${partitionName(actions, actions.indexOf(a)) ?? 'whatif'}, groups: [[${a.nodes[0]}], [${a.nodes[1]}]] } }`;
    case 'isolate': return `{ ${at}, partition: { name: ${partitionName(actions, actions.indexOf(a)) ?? 'whatif'}, groups: [[${a.nodes.join(', ')}]] } }`;
    case 'heal': return `{ ${at}, heal: ${a.name ?? 'all'} }`;
    default: return `{ ${at}, ${a.kind}: ${a.node} }`;
  }
}

/** The action as a plain object (for JSON scenario files). */
function stepObject(a: WhatIfAction, actions: readonly WhatIfAction[]): Record<string, unknown> {
  const at = durationText(a.atMs);
  switch (a.kind) {
    case 'cut': return { at, partition: { name: partitionName(actions, actions.indexOf(a)), groups: [[a.nodes[0]], [a.nodes[1]]] } };
    case 'isolate': return { at, partition: { name: partitionName(actions, actions.indexOf(a)), groups: [[...a.nodes]] } };
    case 'heal': return { at, heal: a.name ?? 'all' };
    default: return { at, [a.kind]: a.node };
  }
}

/**
 * The scenario text with `actions` appended to its timeline (after the existing steps, so at equal times
 * they run last), keeping every other byte of the file: comments, layout, the description. A JSON file
 * is re-printed as JSON with the steps added.
 * @example addWhatIfSteps(text, [{ atMs: 10_001, kind: 'freeze', node: 's2' }])
 */
export function addWhatIfSteps(text: string, actions: readonly WhatIfAction[]): string {
  if (actions.length === 0) return text;
  const doc = parseDocument(text);
  const root = doc.contents;
  if (!isMap(root)) throw new RangeError('a scenario file is a mapping at the top level');
  if (root.flow === true) {
    const obj = doc.toJS() as Record<string, unknown>;
    const timeline = Array.isArray(obj['timeline']) ? [...(obj['timeline'] as unknown[])] : [];
    for (const a of actions) timeline.push(stepObject(a, actions));
    return `${JSON.stringify({ ...obj, timeline }, null, 2)}\n`;
  }
  const note = `# what-if steps added by zksim view: ${actions.map((a) => describeAction(a, actions)).join('; ')}`;
  const steps = actions.map((a) => stepText(a, actions));
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'timeline');
  const value = pair?.value;
  if (pair === undefined || value === null || value === undefined || (isScalar(value) && value.value === null)) {
    // No timeline (or an empty one): write a fresh block after the key, or at the end of the file.
    const block = `\n  ${note}\n${steps.map((s) => `  - ${s}`).join('\n')}\n`;
    if (pair !== undefined && isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null) {
      const lineEnd = endOfLine(text, pair.key.range[1]);
      return `${text.slice(0, lineEnd)}${block.replace(/\n$/, '')}${text.slice(lineEnd)}`;
    }
    return `${text}${text.endsWith('\n') ? '' : '\n'}timeline:${block}`;
  }
  if (!isSeq(value) || value.range === undefined || value.range === null) throw new RangeError('timeline is not a list');
  if (value.flow === true) {
    const close = text.lastIndexOf(']', value.range[1]);
    const sep = value.items.length > 0 ? ', ' : '';
    return `${text.slice(0, close)}${sep}${steps.join(', ')}${text.slice(close)}`;
  }
  const last = value.items[value.items.length - 1] as { range?: [number, number, number] | null } | undefined;
  const lastEnd = last?.range?.[1] ?? value.range[0];
  const lineEnd = endOfLine(text, lastEnd);
  const indent = indentAt(text, value.range[0]);
  const added = [`${indent}${note}`, ...steps.map((s) => `${indent}- ${s}`)].join('\n');
  return `${text.slice(0, lineEnd)}\n${added}${text.slice(lineEnd)}`;
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return ' '.repeat(offset - lineStart);
}

/** Encodes actions for a URL: `10001:freeze:s2;12000:cut:s1,s2;14000:heal:all`. */
export function encodeActions(actions: readonly WhatIfAction[]): string {
  return actions.map((a) => {
    switch (a.kind) {
      case 'cut':
      case 'isolate': return `${a.atMs}:${a.kind}:${a.nodes.join(',')}`;
      case 'heal': return `${a.atMs}:heal:${a.name ?? 'all'}`;
      default: return `${a.atMs}:${a.kind}:${a.node}`;
    }
  }).join(';');
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** Decodes `encodeActions` output; throws RangeError naming the bad part. */
export function decodeActions(text: string): WhatIfAction[] {
  if (text.trim() === '') return [];
  return text.split(';').map((part) => {
    const [at, kind, arg = ''] = part.split(':');
    const atMs = Number(at);
    if (!Number.isInteger(atMs) || atMs < 0) throw new RangeError(`what-if '${part}': bad time '${at}'`);
    const names = arg.split(',').filter((n) => n !== '');
    if (names.some((n) => !NAME.test(n))) throw new RangeError(`what-if '${part}': bad node name`);
    switch (kind) {
      case 'crash': case 'restart': case 'freeze': case 'resume': case 'close':
        if (names.length !== 1) throw new RangeError(`what-if '${part}': needs one node`);
        return { atMs, kind, node: names[0] as string };
      case 'cut':
        if (names.length !== 2) throw new RangeError(`what-if '${part}': a cut needs two nodes`);
        return { atMs, kind, nodes: [names[0] as string, names[1] as string] as const };
      case 'isolate':
        if (names.length < 1) throw new RangeError(`what-if '${part}': isolate needs nodes`);
        return { atMs, kind, nodes: names };
      case 'heal':
        if (names.length !== 1) throw new RangeError(`what-if '${part}': heal needs a name or all`);
        return { atMs, kind, name: names[0] === 'all' ? null : (names[0] as string) };
      default: throw new RangeError(`what-if '${part}': unknown action '${kind}'`);
    }
  });
}
