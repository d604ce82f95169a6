// ZooKeeper's result codes (KeeperException.Code) as data. Outcomes a client must handle are replies
// carrying one of these codes, never exceptions. `definite` says whether the operation certainly did not
// happen (true) or may have happened (false: connection-loss, operation-timeout, request-timeout).

/** A ZooKeeper result code, in zksim's kebab-case spelling. */
export type ErrorCode =
  | 'ok'
  | 'system-error'
  | 'connection-loss'
  | 'marshalling-error'
  | 'unimplemented'
  | 'operation-timeout'
  | 'bad-arguments'
  | 'unknown-session'
  | 'api-error'
  | 'no-node'
  | 'no-auth'
  | 'bad-version'
  | 'no-children-for-ephemerals'
  | 'node-exists'
  | 'not-empty'
  | 'session-expired'
  | 'auth-failed'
  | 'session-moved'
  | 'not-read-only'
  | 'ephemeral-on-local-session'
  | 'request-timeout';

interface CodeInfo {
  readonly zk: number;
  readonly name: string;
  readonly definite: boolean;
}

/** Numeric ZooKeeper code, Java constant name and definiteness of every code. */
export const ERROR_CODES: Readonly<Record<ErrorCode, CodeInfo>> = {
  'ok': { zk: 0, name: 'OK', definite: true },
  'system-error': { zk: -1, name: 'SYSTEMERROR', definite: true },
  'connection-loss': { zk: -4, name: 'CONNECTIONLOSS', definite: false },
  'marshalling-error': { zk: -5, name: 'MARSHALLINGERROR', definite: true },
  'unimplemented': { zk: -6, name: 'UNIMPLEMENTED', definite: true },
  'operation-timeout': { zk: -7, name: 'OPERATIONTIMEOUT', definite: false },
  'bad-arguments': { zk: -8, name: 'BADARGUMENTS', definite: true },
  'unknown-session': { zk: -12, name: 'UNKNOWNSESSION', definite: true },
  'api-error': { zk: -100, name: 'APIERROR', definite: true },
  'no-node': { zk: -101, name: 'NONODE', definite: true },
  'no-auth': { zk: -102, name: 'NOAUTH', definite: true },
  'bad-version': { zk: -103, name: 'BADVERSION', definite: true },
  'no-children-for-ephemerals': { zk: -108, name: 'NOCHILDRENFOREPHEMERALS', definite: true },
  'node-exists': { zk: -110, name: 'NODEEXISTS', definite: true },
  'not-empty': { zk: -111, name: 'NOTEMPTY', definite: true },
  'session-expired': { zk: -112, name: 'SESSIONEXPIRED', definite: true },
  'auth-failed': { zk: -115, name: 'AUTHFAILED', definite: true },
  'session-moved': { zk: -118, name: 'SESSIONMOVED', definite: true },
  'not-read-only': { zk: -119, name: 'NOTREADONLY', definite: true },
  'ephemeral-on-local-session': { zk: -120, name: 'EPHEMERALONLOCALSESSION', definite: true },
  'request-timeout': { zk: -122, name: 'REQUESTTIMEOUT', definite: false },
};

/** Every code, in declaration order. */
export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.keys(ERROR_CODES) as ErrorCode[];

/** True when a reply with this code proves the operation did not happen (or happened, for 'ok'). */
export function isDefinite(code: ErrorCode): boolean {
  return ERROR_CODES[code].definite;
}
