import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { RollingHash, hashString } from './hash.ts';
import { Kernel } from './kernel.ts';
import { MemorySink, NdjsonSink, TeeSink, type TraceRecord, type TraceSink, Tracer } from './trace.ts';

/**
 * A small kernel-only simulation: three nodes whose timers reschedule themselves with delays drawn from
 * the run's Rng and send pings to each other on a channel, every step leaving a trace record.
 */
function runTinySim(seed: string | number, sink: TraceSink | null = null): Kernel {
  const kernel = new Kernel({ seed, traceSink: sink, traceHash: true });
  const rng = kernel.rng.fork('tiny-sim');
  const nodes = [0, 1, 2].map((i) => kernel.addNode(`s${i}`, 'server'));
  const ping = kernel.registerChannel('ping', (node, arg) => {
    kernel.trace.emit(kernel.nodeName(node), 'ping-received', { from: arg });
  });
  for (const node of nodes) {
    let fired = 0;
    kernel.setTimerHandler(node, {
      onTimer(tag) {
        fired++;
        const to = rng.pick(nodes);
        const delayMs = rng.int(0, 30);
        kernel.trace.emit(kernel.nodeName(node), 'tick', { tag, fired, to, delayMs });
        kernel.post(kernel.now + delayMs, to, ping, node, undefined);
        if (fired < 15) kernel.setTimer(node, rng.int(1, 100), tag);
      },
    });
    kernel.setTimer(node, rng.int(1, 100), 'heartbeat');
  }
  kernel.run();
  return kernel;
}

describe('trace hash', () => {
  test.prop([fc.oneof(fc.integer(), fc.string({ maxLength: 10 }))], { numRuns: 30 })('is the same for the same seed', (seed) => {
    const a = new MemorySink();
    const b = new MemorySink();
    const first = runTinySim(seed, a);
    const second = runTinySim(seed, b);
    expect(a.records.length).toBeGreaterThan(50);
    expect(b.records).toEqual(a.records);
    expect(second.trace.hashHex).toBe(first.trace.hashHex);
    expect(second.trace.recordCount).toBe(first.trace.recordCount);
  });

  test.prop([fc.integer(), fc.integer()], { numRuns: 30 })('differs for different seeds', (s1, s2) => {
    fc.pre(s1 !== s2);
    const a = new MemorySink();
    const b = new MemorySink();
    const first = runTinySim(s1, a);
    const second = runTinySim(s2, b);
    expect(b.records).not.toEqual(a.records); // the seeds really drive the run
    expect(second.trace.hashHex).not.toBe(first.trace.hashHex);
  });

  it('is computed without a sink when asked for', () => {
    const withSink = runTinySim('no-sink', new MemorySink());
    const withoutSink = runTinySim('no-sink', null);
    expect(withoutSink.trace.enabled).toBe(true);
    expect(withoutSink.trace.hashHex).toBe(withSink.trace.hashHex);
  });

  it('stamps each record with the kernel time and the seq of the event being handled', () => {
    const sink = new MemorySink();
    runTinySim(3, sink);
    const ticks = sink.records.filter((r) => r.type === 'tick');
    expect(ticks.length).toBeGreaterThan(0);
    for (let i = 1; i < sink.records.length; i++) {
      const prev = sink.records[i - 1] as TraceRecord;
      const next = sink.records[i] as TraceRecord;
      expect(next.time > prev.time || (next.time === prev.time && next.seq >= prev.seq)).toBe(true);
    }
  });
});

describe('RollingHash', () => {
  it('separates records, so ["ab", "c"] and ["a", "bc"] differ', () => {
    const a = new RollingHash();
    a.update('ab');
    a.update('c');
    const b = new RollingHash();
    b.update('a');
    b.update('bc');
    expect(a.hex()).not.toBe(b.hex());
    expect(a.length).toBe(2);
  });

  test.prop([fc.array(fc.string(), { maxLength: 20 })])('gives 16 hex digits and depends only on its input', (texts) => {
    const a = new RollingHash();
    const b = new RollingHash();
    for (const t of texts) {
      a.update(t);
      b.update(t);
    }
    expect(a.hex()).toMatch(/^[0-9a-f]{16}$/);
    expect(a.hex()).toBe(b.hex());
    expect(a.hex()).toBe(a.hex()); // reading does not change the state
  });

  test.prop([fc.string({ minLength: 1 }), fc.nat(), fc.integer({ min: 1, max: 0xffff })])('changes when one character changes', (text, at, delta) => {
    const i = at % text.length;
    const changed = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) + delta) % 0x10000) + text.slice(i + 1);
    fc.pre(changed !== text);
    expect(hashString(changed)).not.toBe(hashString(text));
  });
});

describe('Tracer and sinks', () => {
  const clock = { now: 7, currentSeq: 3 };

  it('does nothing when it neither hashes nor has a sink', () => {
    const tracer = new Tracer(clock, null, false);
    expect(tracer.enabled).toBe(false);
    tracer.emit('s0', 'tick');
    expect(tracer.recordCount).toBe(0);
    expect(tracer.hashHex).toBe(new RollingHash().hex());
  });

  it('feeds sinks without hashing when hashing is off', () => {
    const sink = new MemorySink();
    const tracer = new Tracer(clock, sink, false);
    tracer.emit('s0', 'tick', { n: 1 });
    expect(sink.records).toEqual([{ time: 7, seq: 3, node: 's0', type: 'tick', n: 1 }]);
    expect(tracer.hashHex).toBe(new RollingHash().hex());
  });

  it('writes NDJSON lines that parse back to the records, to every sink of a tee', () => {
    const lines: string[] = [];
    const memory = new MemorySink();
    const tracer = new Tracer(clock, new TeeSink([new NdjsonSink((l) => lines.push(l)), memory]), true);
    tracer.emit('s1', 'a');
    tracer.emit('s2', 'b', { x: [1, 2] });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(memory.records);
    expect(tracer.recordCount).toBe(2);
    const h = new RollingHash();
    for (const l of lines) h.update(l);
    expect(tracer.hashHex).toBe(h.hex());
  });
});
