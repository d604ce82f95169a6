// The public face of the client (ZooKeeper.java): options, operations with callbacks, chroot on the way
// out and back (R82), watch registration, close (R81) and the process-level faults a scenario can apply.
// The read-only getters come from ClientView, the connection state machine lives in ClientCnxn; this
// class builds packets and turns replies into results.
import { assert } from '@zksim/kernel';
import type { Kernel, NodeId } from '@zksim/kernel';
import type { Network } from '@zksim/network';
import type { CreateMode, ErrorCode, Op, OpResult, Stat, ZkMessage } from '@zksim/protocol';
import { ClientCnxn } from './client-cnxn.ts';
import { CLIENT_TIMER_TAG, type ClientBug } from './send-thread.ts';
import { parseConnectString, prependChroot, validatePath } from './chroot.ts';
import type { KeeperState, StateEventRecord, Watcher } from './client-state.ts';
import { ClientView } from './client-view.ts';
import type { ClientParts } from './client-view.ts';
import { EventThread } from './event-thread.ts';
import { HostProvider } from './host-provider.ts';
import type { ClientVersion } from './send-timing.ts';
import { WatchManager } from './watch-manager.ts';
import type { WatchRegistration } from './watch-manager.ts';
import { extractCreate, extractData, extractChildren, extractStat, extractSync, extractNone } from './results.ts';
import type { DataResult, ZkCallback, ZkResult } from './results.ts';

/** Construction options of a ZkClient. */
export interface ZkClientOptions {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  /** The client's own node (kind 'client'): its clock, timers and network endpoint. */
  readonly node: NodeId;
  /** Name in trace records and of the random stream (`client/<name>`). Default: the node's name. */
  readonly name?: string;
  /** `s1,s2,s3` or `s1,s2,s3/app/a` (R82); host names are server node names (`:port` is ignored). */
  readonly connectString: string;
  /** The requested session timeout, sent in every ConnectRequest (R29). */
  readonly sessionTimeoutMs: number;
  /** '3.9' (default: client-side expiry, R76) or '3.8' (none, R89). */
  readonly clientVersion?: ClientVersion;
  /** Host name → node id. Default: the kernel's node registry. */
  readonly resolve?: (host: string) => NodeId;
  /** The default watcher: every session event, and node events of reads made with `watch: true`. */
  readonly onEvent?: Watcher;
  /** Install the client as the node's timer handler (default true); if false, forward `onTimer`. */
  readonly installTimerHandler?: boolean;
  /** Bound on queued plus pending requests (default 100 000). */
  readonly maxQueuedRequests?: number;
  /** Re-introduced bugs (the bug zoo); default none. */
  readonly bugs?: readonly ClientBug[];
}

/** How a read watches its path: false, true (the default watcher) or a watcher of its own. */
export type WatchArg = boolean | Watcher;

/**
 * A ZooKeeper client on one node of the simulation.
 *
 * @example
 * const zk = new ZkClient({ kernel, network, node: c1, connectString: 's1,s2,s3/app', sessionTimeoutMs: 30000 });
 * zk.start();
 * zk.create('/lock', '', 'ephemeral', (r) => { if (r.code === 'ok') console.log(r.result); });
 */
export class ZkClient extends ClientView {
  private closeWaiters: ((r: { readonly code: ErrorCode }) => void)[] | null = null;

  constructor(options: ZkClientOptions) {
    super(assemble(options));
    const { kernel, node, cnxn } = this.parts;
    options.network.attach(node, cnxn, { listening: false });
    if (options.installTimerHandler ?? true) kernel.setTimerHandler(node, cnxn);
  }

  /** Starts connecting (ZooKeeper's constructor starts the SendThread; here it is explicit). */
  start(): void {
    this.parts.cnxn.start();
    this.parts.events.drain();
  }

  /** Forwards a timer when the node's timer handler is someone else's (`installTimerHandler: false`). */
  onTimer(tag: string): void {
    if (tag === CLIENT_TIMER_TAG) this.parts.cnxn.onTimer(tag);
  }

  // ---------------------------------------------------------------------------------------------
  // Operations (results arrive through callbacks, in request order)

  /** Creates a znode; the result is the created path as the client sees it (sequential suffix included). */
  create(path: string, data: string, mode: CreateMode, cb?: ZkCallback<string>): void {
    validatePath(path, mode === 'persistent-sequential' || mode === 'ephemeral-sequential');
    this.submit({ op: 'create', path: this.serverPath(path), data, mode }, path, null, cb, extractCreate(this.chroot));
  }

  /** Deletes a znode (version −1: any version). */
  delete(path: string, version: number, cb?: ZkCallback<null>): void {
    validatePath(path, false);
    this.submit({ op: 'delete', path: this.serverPath(path), version }, path, null, cb, extractNone);
  }

  /** Sets a znode's data (version −1: any version); the result is the new Stat. */
  setData(path: string, data: string, version: number, cb?: ZkCallback<Stat>): void {
    validatePath(path, false);
    this.submit({ op: 'set-data', path: this.serverPath(path), data, version }, path, null, cb, extractStat);
  }

  /** Stat of a znode (code 'no-node' when absent); a watch fires on create, change or delete. */
  exists(path: string, watch: WatchArg, cb?: ZkCallback<Stat>): void {
    validatePath(path, false);
    this.submit({ op: 'exists', path: this.serverPath(path), watch: watch !== false }, path, this.watchOf('exists', watch), cb, extractStat);
  }

  /** Data and Stat of a znode; a watch fires on change or delete. */
  getData(path: string, watch: WatchArg, cb?: ZkCallback<DataResult>): void {
    validatePath(path, false);
    this.submit({ op: 'get-data', path: this.serverPath(path), watch: watch !== false }, path, this.watchOf('data', watch), cb, extractData);
  }

  /** Children names of a znode; a watch fires when children change or the node is deleted. */
  getChildren(path: string, watch: WatchArg, cb?: ZkCallback<readonly string[]>): void {
    validatePath(path, false);
    this.submit({ op: 'get-children', path: this.serverPath(path), watch: watch !== false }, path, this.watchOf('child', watch), cb, extractChildren);
  }

  /** Waits until the server this client talks to has caught up with the leader. */
  sync(path: string, cb?: ZkCallback<string>): void {
    validatePath(path, false);
    this.submit({ op: 'sync', path: this.serverPath(path) }, path, null, cb, extractSync(this.chroot));
  }

  /**
   * Closes the session (R81): closeSession goes out after the queued requests; whatever its outcome the
   * client ends in CLOSED with a Closed event, and later requests fail with session-expired. On a client
   * that is no longer alive it does nothing but call back with the code a request would get.
   */
  close(cb?: (r: { readonly code: ErrorCode }) => void): void {
    const cnxn = this.parts.cnxn;
    if (this.closeWaiters !== null) {
      // ZooKeeper.close is synchronized: a second caller returns when the first close is done.
      if (cb !== undefined) this.closeWaiters.push(cb);
      return;
    }
    if (cnxn.state === 'CLOSED' || cnxn.state === 'AUTH_FAILED') {
      const code: ErrorCode = cnxn.state === 'CLOSED' ? 'session-expired' : 'auth-failed';
      if (cb !== undefined) this.parts.events.queueCallback(() => cb({ code }));
      this.parts.events.drain();
      return;
    }
    const waiters: ((r: { readonly code: ErrorCode }) => void)[] = cb === undefined ? [] : [cb];
    this.closeWaiters = waiters;
    const finish = (code: ErrorCode): void => {
      this.closeWaiters = null; // a later close finds the client CLOSED
      for (const w of waiters) this.parts.events.queueCallback(() => w({ code }));
    };
    if (cnxn.phase === 'idle') {
      cnxn.closeUnstarted(); // fails what was queued first, in order
      finish('ok');
    } else {
      cnxn.submit({ xid: 0, request: { op: 'close-session' }, finish });
    }
    this.parts.events.drain();
  }

  /** Adds a listener that sees every event the default watcher sees; returns its remover. */
  addWatcher(watcher: Watcher): () => void {
    this.parts.watches.addListener(watcher);
    return () => {
      this.parts.watches.removeListener(watcher);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // What a scenario can do to the client's process (each distinct from `close`)

  /** The process stops (SIGSTOP): no pings, no reads, sockets stay open; its events wait. */
  freeze(): void {
    this.parts.kernel.freeze(this.node);
  }

  /** The frozen process continues: everything that became due is handled now, in order. */
  resume(): void {
    this.parts.kernel.resume(this.node);
  }

  /** The process dies: sockets are reset, no closeSession is sent; the session lives until expiry. */
  crash(): void {
    this.parts.kernel.crash(this.node);
  }

  // ---------------------------------------------------------------------------------------------

  private serverPath(clientPath: string): string {
    return prependChroot(this.chroot, clientPath);
  }

  private watchOf(registration: WatchRegistration, watch: WatchArg): { registration: WatchRegistration; watcher: Watcher } | null {
    if (watch === false) return null;
    return { registration, watcher: watch === true ? this.parts.watches.defaultWatcher : watch };
  }

  private submit<T>(
    request: Op,
    clientPath: string,
    watch: { registration: WatchRegistration; watcher: Watcher } | null,
    cb: ZkCallback<T> | undefined,
    extract: (r: OpResult) => T | undefined,
  ): void {
    const finish = (code: ErrorCode, reply: OpResult | null): void => {
      let value: T | undefined;
      if (code === 'ok') {
        if (!(reply !== null)) assert(false, `client ${this.name}: ok reply without a result for ${request.op}`);
        value = extract(reply);
        if (value === undefined) code = 'no-node'; // exists answered ok with a null Stat
      }
      if (watch !== null) this.parts.watches.register(watch.registration, clientPath, watch.watcher, code);
      if (cb === undefined) return;
      const r: ZkResult<T> = code === 'ok' ? { code, path: clientPath, result: value as T } : { code, path: clientPath };
      this.parts.events.queueCallback(() => cb(r));
    };
    this.parts.cnxn.submit({ xid: 0, request, finish });
    this.parts.events.drain();
  }
}

/** Builds a client's parts from its options (the EventThread reports session events to the log and trace). */
function assemble(options: ZkClientOptions): ClientParts {
  const kernel = options.kernel;
  const node = options.node;
  const name = options.name ?? kernel.nodeName(node);
  const sessionTimeoutMs = options.sessionTimeoutMs;
  const clientVersion = options.clientVersion ?? '3.9';
  if (!(Number.isInteger(sessionTimeoutMs) && sessionTimeoutMs >= 10)) assert(false, `client ${name}: sessionTimeoutMs must be an integer ≥ 10`);
  const cs = parseConnectString(options.connectString);
  const rng = kernel.rng.fork(`client/${name}`);
  const hosts = new HostProvider(cs.hosts, rng);
  const watches = new WatchManager(options.onEvent ?? null);
  const log: StateEventRecord[] = [];
  const events = new EventThread(watches, (state: KeeperState) => {
    log.push({ timeMs: kernel.now, state });
    if (kernel.trace.enabled) kernel.trace.emit(name, 'client-event', { state });
  });
  const resolve = options.resolve ?? ((host: string): NodeId => {
    const id = kernel.nodeId(host);
    if (!(id !== undefined)) assert(false, `client ${name}: unknown host ${host}`);
    return id;
  });
  const cnxn = new ClientCnxn({
    kernel, network: options.network, node, name, hosts, chroot: cs.chroot, sessionTimeoutMs, version: clientVersion,
    resolve, rng, events, watches, maxQueuedRequests: options.maxQueuedRequests ?? 100_000,
    bugs: new Set(options.bugs ?? []),
  });
  return { kernel, node, name, chroot: cs.chroot, sessionTimeoutMs, clientVersion, cnxn, hosts, watches, events, log };
}
