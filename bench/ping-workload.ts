// Benchmark `ping-workload`: the reference workload with the full model — 5 servers (real election, ZAB,
// pipelines, trackers), N ZooKeeper clients (real ZkClient state machines), session timeout 30 000 ms,
// tickTime 2 000 ms, idle clients pinging, latency 0.2 ms + uniform(0, 0.8 ms), churn 1e-4 per heartbeat
// with 45 s of silence (the client freezes; its session expires; it then starts a new session on a random
// server), one hour of virtual time, trace off. Clients start at uniformly random times over the first
// heartbeat period, as the yardstick's first heartbeats are spread, so their pings stay spread over each
// period (started together, all N would ping in the same few milliseconds every 10 s). Compared with the
// yardstick `sim-ping.mjs --variant=soa-map` run in the same command. Targets: speedup ≥ 0.5 × the
// yardstick's at 10k sessions; 100k sessions complete with a heap under 2 GiB.
import { ZkClient } from '../packages/client/src/index.ts';
import type { NodeId } from '../packages/kernel/src/index.ts';
import { Cluster } from '../packages/sim/src/index.ts';
import { type Benchmark, type CaseParams, type ResultLine, numberParam } from './benchmark.ts';
import { collectGarbage, median, nowNs, progress, round, usedBytes } from './harness.ts';
import { runNodeChild } from './subprocess.ts';
import { join } from 'node:path';

const SERVERS = 5;
const TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 10_000;
const CHURN_PER_HEARTBEAT = 1e-4;
const SILENCE_MS = 45_000;
/** Clients start at 500 ms + uniform [0, this): spread over one heartbeat period, like the yardstick's. */
const START_SPREAD_MS = HEARTBEAT_MS;
/** Measuring starts once every client has started and had 5 s to connect. */
const WARMUP_MS = 500 + START_SPREAD_MS + 5_000;

interface Workload {
  readonly cluster: Cluster;
  /** Runs the measured part; returns events handled and the peak heap seen. */
  run(virtualMs: number): { events: number; peakHeapBytes: number; churned: number; expired: number };
}

function build(sessions: number): Workload {
  const cluster = new Cluster({
    seed: 'bench/ping-workload',
    servers: SERVERS,
    traceSink: null,
    traceHash: false,
    latency: { type: 'uniform', floorMs: 0.2, spreadMs: 0.8 },
    maxEvents: Number.MAX_SAFE_INTEGER,
    ensemble: { tickTimeMs: 2000 },
  }).start();
  const k = cluster.kernel;
  const rng = k.rng.fork('bench/churn');
  const driver = k.addNode('churn', 'other');
  const nodes: NodeId[] = [];
  let churned = 0;
  let expired = 0;
  const startClient = (i: number): void => {
    const server = 1 + rng.int(0, SERVERS - 1);
    const zk = new ZkClient({
      kernel: k, network: cluster.network, node: nodes[i] as NodeId, name: `c${i}`,
      connectString: `s${server}`, sessionTimeoutMs: TIMEOUT_MS,
    });
    zk.addWatcher((ev) => {
      if (ev.type === 'none' && ev.state === 'Expired') {
        expired++;
        k.post(k.now + 1, driver, channel, i, 'restart');
      }
    });
    zk.start();
    scheduleChurn(i);
  };
  // Churn: a geometric number of heartbeats until the client goes silent (p = 1e-4 per heartbeat).
  const scheduleChurn = (i: number): void => {
    const u = rng.next();
    const beats = Math.floor(Math.log(1 - u) / Math.log(1 - CHURN_PER_HEARTBEAT)) + 1;
    k.post(k.now + beats * HEARTBEAT_MS, driver, channel, i, 'silent');
  };
  const channel = k.registerChannel('bench-churn', (_n, i, what) => {
    const node = nodes[i] as NodeId;
    if (what === 'silent') {
      churned++;
      k.freeze(node);
      k.post(k.now + SILENCE_MS, driver, channel, i, 'resume');
    } else if (what === 'resume') {
      k.resume(node);
    } else if (what === 'start' || what === 'restart') {
      startClient(i);
    }
  });
  for (let i = 0; i < sessions; i++) nodes.push(cluster.addClientNode(`c${i}`));
  for (let i = 0; i < sessions; i++) k.post(500 + Math.floor(rng.next() * START_SPREAD_MS), driver, channel, i, 'start');
  cluster.runUntil(WARMUP_MS);
  return {
    cluster,
    run(virtualMs: number) {
      let peak = 0;
      const start = k.now;
      const e0 = k.eventCount;
      const c0 = churned;
      const x0 = expired;
      for (let t = start; t < start + virtualMs; ) {
        t = Math.min(start + virtualMs, t + 60_000);
        cluster.runUntil(t);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      return { events: k.eventCount - e0, peakHeapBytes: peak, churned: churned - c0, expired: expired - x0 };
    },
  };
}

function measureCase(params: CaseParams): ResultLine {
  const sessions = numberParam(params, 'sessions');
  const hours = numberParam(params, 'hours');
  const runs = numberParam(params, 'runs');
  const virtualMs = Math.round(hours * 3_600_000);
  const walls: number[] = [];
  let last: ReturnType<Workload['run']> | null = null;
  let heap = 0;
  for (let r = 0; r < runs; r++) {
    collectGarbage();
    const w = build(sessions);
    const t0 = nowNs();
    last = w.run(virtualMs);
    walls.push(Number(nowNs() - t0) / 1e6);
    heap = Math.max(heap, last.peakHeapBytes);
  }
  const wallMs = median(walls);
  const events = last?.events ?? 0;
  return {
    bench: 'ping-workload', model: 'full (servers + ZkClient)', sessions, virtualHours: hours, runs,
    wallMs: Math.round(wallMs), runsWallMs: walls.map(Math.round), events,
    eventsPerSec: Math.round(events / (wallMs / 1000)), speedup: round(virtualMs / wallMs, 1),
    churned: last?.churned ?? 0, expired: last?.expired ?? 0,
    peakHeapMB: Math.round(heap / 2 ** 20), usedMBAfter: Math.round(usedBytes() / 2 ** 20),
  };
}

/** The `ping-workload` benchmark. */
export const pingWorkload: Benchmark = {
  name: 'ping-workload',
  description: 'reference workload with the full model (5 servers, N clients, 30 s timeout, 1 h virtual), vs the yardstick sim-ping soa-map',
  cases: (selection) => {
    const sizes = selection.sizes ?? [10_000, 100_000];
    return sizes.map((n) => ({ label: `sessions=${n}`, params: { sessions: n, hours: n > 20_000 ? 1 : 1, runs: n > 20_000 ? 1 : 3 } }));
  },
  measureCase: (params, options) => {
    const p = options.isQuick ? { ...params, hours: Math.min(numberParam(params, 'hours'), numberParam(params, 'sessions') > 20_000 ? 0.05 : 0.2), runs: 1 } : params;
    return measureCase(p);
  },
  compare(params: CaseParams, result, context): void {
    const sessions = numberParam(params, 'sessions');
    const hours = Number(result['virtualHours']);
    const peak = Number(result['peakHeapMB']);
    if (sessions >= 100_000) {
      context.emit({ bench: 'target', subject: 'ping-workload', sessions, description: '100k sessions complete in under 2 GiB of heap', peakHeapMB: peak, met: peak < 2048 });
    }
    if (context.yardstick === null || sessions > 20_000) return;
    progress(`yardstick sim-ping --variant=soa-map --sessions=${sessions} --hours=${hours}`);
    const outcome = runNodeChild([join(context.yardstick.dir, 'sim-ping.mjs'), '--variant=soa-map', `--sessions=${sessions}`, `--hours=${hours}`, `--runs=${context.options.isQuick ? 1 : 3}`]);
    if (!outcome.ok) {
      context.emit({ bench: 'yardstick', script: 'sim-ping.mjs', error: outcome.reason });
      return;
    }
    const theirs = outcome.results[0] as ResultLine;
    context.emit({ ...theirs, bench: 'yardstick', script: 'sim-ping.mjs' });
    const ratio = round(Number(result['speedup']) / Number(theirs['speedup']), 3);
    context.emit({
      bench: 'compare', subject: 'ping-workload', against: 'yardstick sim-ping soa-map', sessions, virtualHours: hours,
      zksimSpeedup: result['speedup'], yardstickSpeedup: theirs['speedup'], ratio,
      target: { description: 'full model within 2x of the yardstick (speedup ratio >= 0.5) at 10k sessions', ratioMin: 0.5 },
      met: ratio >= 0.5,
    });
  },
};
