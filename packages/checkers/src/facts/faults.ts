// The network and fault history the liveness checks need: which partitions and holds were active when
// (from `partition`/`heal` and `link-held`/`link-released` records), which messages were slower than the
// delay bound (`message-delivered` carries `sentAt`), freezes per node, and when the last server or
// network fault step of the scenario ran (`scenario-step`), after which the system should settle.
import { FAULT_ACTIONS } from '../scenario-shape.ts';
import { num, str, strings, type TraceRecord } from '../trace-record.ts';

interface PartitionRule {
  readonly id: number;
  readonly groupA: readonly string[];
  /** Null: everyone not in groupA. */
  readonly groupB: readonly string[] | null;
  readonly oneWay: boolean;
  readonly scope: string;
  readonly fromMs: number;
  toMs: number;
}

interface Interval {
  readonly key: string;
  readonly fromMs: number;
  toMs: number;
}

/** Fault and delay history of one run. */
export class FaultBook {
  /** Time of the last server or network fault step (0 when there was none). */
  lastFaultMs = 0;
  private readonly rules: PartitionRule[] = [];
  private readonly holds: Interval[] = [];
  private readonly freezes: Interval[] = [];
  private readonly slow: { time: number; a: string; b: string }[] = [];
  private readonly delayBoundMs: number;
  private readonly isServer: (node: string) => boolean;

  constructor(delayBoundMs: number, isServer: (node: string) => boolean) {
    this.delayBoundMs = delayBoundMs;
    this.isServer = isServer;
  }

  /** Notes one record. */
  onRecord(r: TraceRecord): void {
    switch (r.type) {
      case 'message-delivered': {
        const sentAt = num(r, 'sentAt');
        if (sentAt !== undefined && r.time - sentAt > this.delayBoundMs) this.slow.push({ time: r.time, a: str(r, 'from') ?? '', b: str(r, 'to') ?? '' });
        return;
      }
      case 'scenario-step':
        if (FAULT_ACTIONS.includes(str(r, 'action') ?? '')) this.lastFaultMs = r.time;
        return;
      case 'partition': {
        const id = num(r, 'id');
        const groupA = strings(r, 'groupA');
        if (id === undefined || groupA === undefined) return;
        const b = r['groupB'];
        this.rules.push({
          id, groupA, groupB: Array.isArray(b) ? (strings(r, 'groupB') ?? []) : null,
          oneWay: str(r, 'direction') === 'a-to-b', scope: str(r, 'scope') ?? 'all', fromMs: r.time, toMs: Infinity,
        });
        return;
      }
      case 'heal': {
        const ids = r['ids'];
        if (!Array.isArray(ids)) return;
        for (const rule of this.rules) if (rule.toMs === Infinity && ids.includes(rule.id)) rule.toMs = r.time;
        return;
      }
      case 'link-held':
      case 'link-released': {
        const key = `${str(r, 'from') ?? ''}>${str(r, 'to') ?? ''}`;
        if (r.type === 'link-held') this.holds.push({ key, fromMs: r.time, toMs: Infinity });
        else for (const h of this.holds) if (h.key === key && h.toMs === Infinity) h.toMs = r.time;
        return;
      }
      case 'node-frozen':
        this.freezes.push({ key: r.node, fromMs: r.time, toMs: Infinity });
        return;
      case 'node-resumed':
      case 'node-crashed':
        for (const f of this.freezes) if (f.key === r.node && f.toMs === Infinity) f.toMs = r.time;
        return;
      default:
    }
  }

  /** True when messages a → b are cut by a partition or held at any moment of [t1, t2]. */
  isDisturbed(a: string, b: string, t1: number, t2: number): boolean {
    const overlaps = (from: number, to: number): boolean => from <= t2 && to >= t1;
    for (const rule of this.rules) if (overlaps(rule.fromMs, rule.toMs) && this.cuts(rule, a, b)) return true;
    const key = `${a}>${b}`;
    return this.holds.some((h) => h.key === key && overlaps(h.fromMs, h.toMs));
  }

  /** True when a → b is cut or held at the end of the run (time `t`). */
  isCutAt(a: string, b: string, t: number): boolean {
    return this.isDisturbed(a, b, t, t);
  }

  /** True when some message between a and b (either way) took longer than the bound during [t1, t2]. */
  wasSlow(a: string, b: string, t1: number, t2: number): boolean {
    return this.slow.some((s) => s.time >= t1 && s.time <= t2 && ((s.a === a && s.b === b) || (s.a === b && s.b === a)));
  }

  /** True when the node was frozen at any moment of [t1, t2]. */
  wasFrozen(node: string, t1: number, t2: number): boolean {
    return this.freezes.some((f) => f.key === node && f.fromMs <= t2 && f.toMs >= t1);
  }

  private cuts(rule: PartitionRule, a: string, b: string): boolean {
    const aServer = this.isServer(a);
    const bServer = this.isServer(b);
    if (rule.scope === 'server-server' && !(aServer && bServer)) return false;
    if (rule.scope === 'client-server' && aServer === bServer) return false;
    const inA = (n: string): boolean => rule.groupA.includes(n);
    const inB = (n: string): boolean => (rule.groupB === null ? !inA(n) : rule.groupB.includes(n));
    if (inA(a) && inB(b)) return true;
    return !rule.oneWay && inB(a) && inA(b);
  }
}
