// The scripted server's data: a flat map of znodes with just enough of ZooKeeper's rules (parent must
// exist, versions, sequential suffixes, ephemeral owners, one zxid per write) for client tests to get
// believable answers. It is not the server's DataTree and keeps no watches.
import { NO_SESSION } from '@zksim/protocol';
import type { ErrorCode, Op, OpResult, SessionId, Stat, Zxid } from '@zksim/protocol';

interface Znode {
  data: string;
  stat: Stat;
  readonly children: Set<string>;
}

/** Outcome of applying one operation. */
export interface Applied {
  readonly err: ErrorCode;
  readonly result: OpResult | null;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** A flat znode map with a zxid counter. */
export class ZnodeMap {
  /** Last zxid handed out (the reply-header zxid of the scripted server). */
  zxid: Zxid = 0;
  private readonly nodes = new Map<string, Znode>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    this.nodes.set('/', { data: '', stat: this.stat(0, NO_SESSION, 0), children: new Set() });
  }

  /** True when the path exists. */
  has(path: string): boolean {
    return this.nodes.has(path);
  }

  /** Data of a znode, or undefined. */
  dataOf(path: string): string | undefined {
    return this.nodes.get(path)?.data;
  }

  /** Applies a client operation on behalf of a session. */
  apply(op: Op, sessionId: SessionId): Applied {
    switch (op.op) {
      case 'create': return this.create(op.path, op.data, op.mode === 'ephemeral' || op.mode === 'ephemeral-sequential' ? sessionId : NO_SESSION, op.mode.endsWith('sequential'));
      case 'delete': return this.remove(op.path, op.version);
      case 'set-data': {
        const n = this.nodes.get(op.path);
        if (n === undefined) return fail('no-node');
        if (op.version !== -1 && op.version !== n.stat.version) return fail('bad-version');
        n.data = op.data;
        n.stat = { ...n.stat, mzxid: ++this.zxid, mtime: this.now(), version: n.stat.version + 1, dataLength: op.data.length };
        return { err: 'ok', result: { op: 'set-data', stat: n.stat } };
      }
      case 'exists': {
        const n = this.nodes.get(op.path);
        return n === undefined ? fail('no-node') : { err: 'ok', result: { op: 'exists', stat: n.stat } };
      }
      case 'get-data': {
        const n = this.nodes.get(op.path);
        return n === undefined ? fail('no-node') : { err: 'ok', result: { op: 'get-data', data: n.data, stat: n.stat } };
      }
      case 'get-children': {
        const n = this.nodes.get(op.path);
        return n === undefined ? fail('no-node') : { err: 'ok', result: { op: 'get-children', children: [...n.children].sort() } };
      }
      case 'sync': return { err: 'ok', result: { op: 'sync', path: op.path } };
      case 'ping': return { err: 'ok', result: null };
      case 'set-watches': return { err: 'ok', result: { op: 'set-watches' } };
      case 'close-session':
        this.killSession(sessionId);
        this.zxid++;
        return { err: 'ok', result: { op: 'close-session' } };
    }
  }

  /** Deletes every ephemeral owned by the session. */
  killSession(sessionId: SessionId): void {
    for (const [path, n] of [...this.nodes]) {
      if (n.stat.ephemeralOwner === sessionId && sessionId !== NO_SESSION) this.remove(path, -1);
    }
  }

  private create(path: string, data: string, owner: SessionId, isSequential: boolean): Applied {
    const parentPath = parentOf(path.endsWith('/') ? path + 'x' : path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) return fail('no-node');
    if (parent.stat.ephemeralOwner !== NO_SESSION) return fail('no-children-for-ephemerals');
    const full = isSequential ? path + String(parent.stat.cversion).padStart(10, '0') : path;
    if (this.nodes.has(full)) return fail('node-exists');
    const zxid = ++this.zxid;
    this.nodes.set(full, { data, stat: this.stat(zxid, owner, data.length), children: new Set() });
    parent.children.add(full.slice(parentPath.length === 1 ? 1 : parentPath.length + 1));
    parent.stat = { ...parent.stat, cversion: parent.stat.cversion + 1, pzxid: zxid, numChildren: parent.children.size };
    return { err: 'ok', result: { op: 'create', path: full } };
  }

  private remove(path: string, version: number): Applied {
    const n = this.nodes.get(path);
    if (n === undefined || path === '/') return fail('no-node');
    if (version !== -1 && version !== n.stat.version) return fail('bad-version');
    if (n.children.size > 0) return fail('not-empty');
    const zxid = ++this.zxid;
    this.nodes.delete(path);
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent !== undefined) {
      parent.children.delete(path.slice(parentPath.length === 1 ? 1 : parentPath.length + 1));
      parent.stat = { ...parent.stat, cversion: parent.stat.cversion + 1, pzxid: zxid, numChildren: parent.children.size };
    }
    return { err: 'ok', result: { op: 'delete' } };
  }

  private stat(zxid: Zxid, owner: SessionId, dataLength: number): Stat {
    const t = this.now();
    return {
      czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: t, mtime: t, version: 0, cversion: 0,
      ephemeralOwner: owner, dataLength, numChildren: 0,
    };
  }
}

function fail(err: ErrorCode): Applied {
  return { err, result: null };
}
