import { describe, expect, it } from 'vitest';
import { Kernel } from './kernel.ts';
import { selfCheck } from './self-check.ts';
import { MemorySink, type TraceSink } from './trace.ts';

/**
 * Two nodes ping-ponging with Rng-drawn delays. When `readOutside` is given, the sixth tick also records
 * what it returns: a value from outside the kernel, which is exactly what a deterministic model must not
 * read.
 */
function runPingPong(sink: TraceSink, readOutside?: () => number): void {
  const kernel = new Kernel({ seed: 'self-check', traceSink: sink });
  const rng = kernel.rng.fork('ping-pong');
  const a = kernel.addNode('a', 'server');
  const b = kernel.addNode('b', 'server');
  let ticks = 0;
  const ball = kernel.registerChannel('ball', (node, hits) => {
    ticks++;
    const fields: Record<string, unknown> = { hits };
    if (readOutside !== undefined && ticks === 6) fields['outside'] = readOutside();
    kernel.trace.emit(kernel.nodeName(node), 'tick', fields);
    if (hits < 20) kernel.post(kernel.now + rng.int(1, 10), node === a ? b : a, ball, hits + 1, undefined);
  });
  kernel.post(0, a, ball, 0, undefined);
  kernel.run();
}

describe('selfCheck', () => {
  it('finds two runs of a deterministic setup identical', () => {
    const result = selfCheck((sink) => runPingPong(sink));
    expect(result).toEqual({ identical: true, records: 21, divergence: null });
  });

  it('reports the first diverging record of a setup that reads a counter outside the kernel', () => {
    let counter = 0; // lives outside the kernel and survives between the two runs
    const result = selfCheck((sink) => runPingPong(sink, () => ++counter));
    expect(result.identical).toBe(false);
    // Which record carries the outside value: the sixth tick, at index 5 (one record per tick).
    const reference = new MemorySink();
    runPingPong(reference, () => 0);
    const at = reference.records.findIndex((r) => 'outside' in r);
    expect(at).toBe(5);
    expect(result.divergence?.index).toBe(at);
    expect(result.divergence?.first?.['outside']).toBe(1);
    expect(result.divergence?.second?.['outside']).toBe(2);
    expect({ ...result.divergence?.first, outside: 0 }).toEqual(reference.records[at]);
  });

  it('reports a run that ends early as a missing record', () => {
    let call = 0;
    const result = selfCheck((sink) => {
      call++;
      runPingPong(sink);
      if (call === 2) sink.write({ time: 999, seq: 999, node: 'a', type: 'extra' }, '{"extra":true}');
    });
    expect(result.identical).toBe(false);
    expect(result.records).toBe(22);
    expect(result.divergence?.index).toBe(21);
    expect(result.divergence?.first).toBeUndefined();
    expect(result.divergence?.second?.type).toBe('extra');
  });
});
