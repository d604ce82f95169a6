// The node names a scenario declares (servers s1..sN, then its clients) and the readers that check a
// reference to one of them. Everything after `cluster` and `clients` refers to nodes through here, so an
// unknown name is reported the same way everywhere: with the names that do exist.
import { suggest } from './scenario-issues.ts';
import { stringOf } from './value-readers.ts';
import { report, type Field, type ReadContext } from './yaml-reader.ts';

/** The declared nodes. */
export interface NodeNames {
  readonly servers: readonly string[];
  readonly clients: readonly string[];
}

/** Which nodes a reference may name. */
export type NodeKind = 'server' | 'client' | 'node';

/** Server names for an ensemble of `count`: s1..sN (myid 1..N). */
export function serverNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `s${i + 1}`);
}

/** Whether `name` is a server or client, or neither. */
export function kindOfName(names: NodeNames, name: string): 'server' | 'client' | null {
  if (names.servers.includes(name)) return 'server';
  if (names.clients.includes(name)) return 'client';
  return null;
}

function candidates(names: NodeNames, kind: NodeKind): readonly string[] {
  if (kind === 'server') return names.servers;
  if (kind === 'client') return names.clients;
  return [...names.servers, ...names.clients];
}

/** The known names for a message: servers as a range (s1..s3), clients listed (at most 12). */
function listed(names: NodeNames, kind: NodeKind): string {
  const parts: string[] = [];
  if (kind !== 'client' && names.servers.length > 0) {
    parts.push(names.servers.length === 1 ? 's1' : `s1..s${names.servers.length}`);
  }
  if (kind !== 'server') parts.push(...names.clients.slice(0, 12), ...(names.clients.length > 12 ? ['…'] : []));
  return parts.length === 0 ? `no ${kind}s are declared` : `known: ${parts.join(', ')}`;
}

/** Checks a name already read as text; reports an unknown one with the known names. */
export function checkNodeName(ctx: ReadContext, f: Field, name: string, names: NodeNames, kind: NodeKind): string | undefined {
  const all = candidates(names, kind);
  if (all.includes(name)) return name;
  const other = kindOfName(names, name);
  if (other !== null && kind !== 'node') {
    report(ctx, f, `'${name}' is a ${other}; a ${kind} is needed here`);
    return undefined;
  }
  report(ctx, f, `unknown ${kind} '${name}' (${listed(names, kind)})`, suggest(name, all));
  return undefined;
}

/** Reads a reference to a declared node of the given kind. */
export function nodeRefOf(ctx: ReadContext, f: Field | undefined, names: NodeNames, kind: NodeKind): string | undefined {
  const name = stringOf(ctx, f, `a ${kind} name`);
  if (name === undefined || f === undefined) return undefined;
  return checkNodeName(ctx, f, name, names, kind);
}
