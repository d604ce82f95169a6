// Connect strings and chroot paths (R82): `s1,s2,s3/app/a` names three servers (node names, an optional
// `:port` is ignored) and roots every path of the client at `/app/a`. Owns the translation between the
// client's view of a path and the server's (ZooKeeper.prependChroot, ClientCnxn.stripChroot) and the
// path validation the client does before sending (PathUtils.validatePath). Bad input throws ZksimError.
import { ZksimError } from '@zksim/kernel';

/** A parsed connect string. */
export interface ConnectString {
  /** Server node names, in the order written (the host provider shuffles them). */
  readonly hosts: readonly string[];
  /** The chroot path, or null when none was given (or it was just "/"). */
  readonly chroot: string | null;
}

/** Thrown for a malformed connect string or znode path (Java: IllegalArgumentException). */
export class BadPathError extends ZksimError {
  constructor(message: string) {
    super('ZKSIM_CLIENT_BAD_PATH', message);
    this.name = 'BadPathError';
  }
}

/** Parses `host[:port][,host[:port]…][/chroot]` (ConnectStringParser). */
export function parseConnectString(text: string): ConnectString {
  const slash = text.indexOf('/');
  const hostPart = slash === -1 ? text : text.slice(0, slash);
  let chroot: string | null = null;
  if (slash !== -1) {
    const c = text.slice(slash);
    if (c.length > 1) {
      validatePath(c, false);
      chroot = c;
    }
  }
  const hosts: string[] = [];
  for (const raw of hostPart.split(',')) {
    const h = raw.trim();
    if (h === '') continue;
    const colon = h.lastIndexOf(':');
    hosts.push(colon !== -1 && /^\d+$/.test(h.slice(colon + 1)) ? h.slice(0, colon) : h);
  }
  if (hosts.length === 0) throw new BadPathError(`connect string "${text}" names no host`);
  return { hosts, chroot };
}

/** The server's path for a client path: the chroot is prepended, client "/" becomes the chroot itself. */
export function prependChroot(chroot: string | null, clientPath: string): string {
  if (chroot === null) return clientPath;
  return clientPath.length === 1 ? chroot : chroot + clientPath;
}

/**
 * The client's path for a server path: the chroot is removed ("/" when the path is the chroot). A path
 * outside the chroot is returned unchanged (ZooKeeper logs a warning and does the same). Unlike
 * ClientCnxn.stripChroot this checks the `/` boundary, so chroot `/a` does not strip `/ab`.
 */
export function stripChroot(chroot: string | null, serverPath: string): string {
  if (chroot === null) return serverPath;
  if (serverPath === chroot) return '/';
  if (serverPath.startsWith(chroot) && serverPath.charCodeAt(chroot.length) === 47 /* '/' */) {
    return serverPath.slice(chroot.length);
  }
  return serverPath;
}

/**
 * Checks a znode path (PathUtils.validatePath): absolute, no empty, "." or ".." segment, no NUL, no
 * trailing "/" except for the root — or for a sequential create, whose name the server completes.
 */
export function validatePath(path: string, isSequential: boolean): void {
  if (path.length === 0 || path.charCodeAt(0) !== 47) throw new BadPathError(`path "${path}" must start with /`);
  if (path.length === 1) return;
  const body = isSequential && path.endsWith('/') ? path.slice(0, -1) : path;
  if (body.endsWith('/')) throw new BadPathError(`path "${path}" must not end with /`);
  if (body.includes('\u0000')) throw new BadPathError(`path "${path}" contains a NUL character`);
  const segments = body.slice(1).split('/');
  for (const s of segments) {
    if (s === '') throw new BadPathError(`path "${path}" has an empty segment`);
    if (s === '.' || s === '..') throw new BadPathError(`path "${path}" has a relative segment "${s}"`);
  }
}
