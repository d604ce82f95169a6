// The page's address says what is on screen, so a link reproduces the view: which scenario (a bundled
// name, or the file's text itself, base64url-encoded), the seed and end time, the event position, the
// what-if actions and, for a trace file, the hash the run must reproduce. Pure: text in, text out.
import { decodeActions, encodeActions, type WhatIfAction } from './what-if.ts';

/** Where the scenario comes from. */
export type SourceRef =
  | { readonly kind: 'bundled'; readonly name: string }
  | { readonly kind: 'text'; readonly name: string; readonly text: string };

/** Everything the hash holds. */
export interface UrlState {
  readonly source: SourceRef | null;
  readonly seed?: string | number;
  readonly untilMs?: number;
  /** Event position (events applied). */
  readonly position?: number;
  readonly actions: readonly WhatIfAction[];
  /** Trace hash the run should reproduce (set when a trace file was opened). */
  readonly expectHash?: string;
  /** Which run is on screen when there is a what-if: the original or the what-if. */
  readonly show?: 'original' | 'what-if';
}

/** UTF-8 text → base64url (no padding). */
export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url → UTF-8 text; throws RangeError on bad input. */
export function fromBase64Url(b64: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(b64)) throw new RangeError('not base64url text');
  const std = b64.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The hash for a state, beginning with '#' (or '' for an empty state). */
export function encodeHash(s: UrlState): string {
  const p = new URLSearchParams();
  if (s.source?.kind === 'bundled') p.set('scenario', s.source.name);
  else if (s.source?.kind === 'text') {
    p.set('name', s.source.name);
    p.set('text', toBase64Url(s.source.text));
  }
  if (s.seed !== undefined) p.set('seed', String(s.seed));
  if (s.untilMs !== undefined) p.set('until', String(s.untilMs));
  if (s.actions.length > 0) p.set('whatif', encodeActions(s.actions));
  if (s.show === 'original' && s.actions.length > 0) p.set('show', 'original');
  if (s.expectHash !== undefined) p.set('hash', s.expectHash);
  if (s.position !== undefined) p.set('e', String(s.position));
  const q = p.toString();
  return q === '' ? '' : `#${q}`;
}

/** Reads a hash (with or without '#'); returns the state or the problems found. */
export function decodeHash(hash: string): { readonly ok: true; readonly state: UrlState } | { readonly ok: false; readonly problems: readonly string[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const problems: string[] = [];
  let source: SourceRef | null = null;
  const scenario = p.get('scenario');
  const text = p.get('text');
  if (scenario !== null) source = { kind: 'bundled', name: scenario };
  else if (text !== null) {
    try {
      source = { kind: 'text', name: p.get('name') ?? 'scenario.yaml', text: fromBase64Url(text) };
    } catch {
      problems.push('text: not valid base64url-encoded UTF-8');
    }
  }
  const seedText = p.get('seed');
  const seed = seedText === null ? undefined : /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
  const untilMs = intParam(p, 'until', problems);
  const position = intParam(p, 'e', problems);
  let actions: WhatIfAction[] = [];
  try {
    actions = decodeActions(p.get('whatif') ?? '');
  } catch (e) {
    problems.push(`whatif: ${(e as Error).message}`);
  }
  const hashParam = p.get('hash');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    state: {
      source, actions,
      ...(seed !== undefined ? { seed } : {}),
      ...(untilMs !== undefined ? { untilMs } : {}),
      ...(position !== undefined ? { position } : {}),
      ...(hashParam !== null ? { expectHash: hashParam } : {}),
      ...(p.get('show') === 'original' ? { show: 'original' as const } : {}),
    },
  };
}

function intParam(p: URLSearchParams, name: string, problems: string[]): number | undefined {
  const v = p.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) {
    problems.push(`${name}: '${v}' is not a whole number`);
    return undefined;
  }
  return Number(v);
}
