import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AssertionError, SimulationLimitError, ZksimError } from './errors.ts';
import { Kernel, type NodeId } from './kernel.ts';

/** A kernel with `names` nodes, a 'note' channel and a log of (time, node name, what) per handled event. */
function loggingKernel(names: readonly string[], options: { maxEvents?: number; maxTimeMs?: number } = {}) {
  const kernel = new Kernel({ seed: 'kernel-test', ...options });
  const log: Array<[number, string, string]> = [];
  const nodes = names.map((name) => {
    const node = kernel.addNode(name, 'server');
    kernel.setTimerHandler(node, { onTimer: (tag) => log.push([kernel.now, name, tag]) });
    return node;
  });
  const note = kernel.registerChannel('note', (node, _arg, payload) => log.push([kernel.now, kernel.nodeName(node), String(payload)]));
  return { kernel, nodes, note, log };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('Kernel.run', () => {
  it('handles events in (time, seq) order up to and including `until`, then sets now to `until`', () => {
    const { kernel, nodes, note, log } = loggingKernel(['a', 'b']);
    const [a, b] = nodes as [NodeId, NodeId];
    kernel.post(20, b, note, 0, 'b@20');
    kernel.post(10, a, note, 0, 'a@10');
    kernel.setTimer(a, 20, 'a-timer@20');
    kernel.post(30, a, note, 0, 'a@30');
    expect(kernel.run(20)).toEqual({ stoppedBy: 'until', events: 3, timeMs: 20 });
    expect(log).toEqual([[10, 'a', 'a@10'], [20, 'b', 'b@20'], [20, 'a', 'a-timer@20']]);
    expect(kernel.now).toBe(20);
    expect(kernel.pendingCount).toBe(1);
    expect(kernel.nextEventTime()).toBe(30);
    expect(kernel.run(25)).toEqual({ stoppedBy: 'until', events: 0, timeMs: 25 });
    expect(kernel.run()).toEqual({ stoppedBy: 'idle', events: 1, timeMs: 30 });
    expect(kernel.eventCount).toBe(4);
  });

  it('handles an event posted at now in the same run, after those already due', () => {
    const { kernel, nodes, note, log } = loggingKernel(['a']);
    const a = nodes[0] as NodeId;
    const chain = kernel.registerChannel('chain', () => kernel.post(kernel.now, a, note, 0, 'posted-at-now'));
    kernel.post(5, a, chain, 0, undefined);
    kernel.post(5, a, note, 0, 'already-due');
    kernel.run(5);
    expect(log).toEqual([[5, 'a', 'already-due'], [5, 'a', 'posted-at-now']]);
  });

  it('cancels a pending event and not one that already ran', () => {
    const { kernel, nodes, note, log } = loggingKernel(['a']);
    const a = nodes[0] as NodeId;
    const ran = kernel.post(1, a, note, 0, 'ran');
    const cancelled = kernel.setTimer(a, 2, 'cancelled');
    kernel.run(1);
    expect(kernel.cancel(ran)).toBe(false);
    expect(kernel.cancel(cancelled)).toBe(true);
    expect(kernel.pendingCount).toBe(0);
    kernel.run();
    expect(log).toEqual([[1, 'a', 'ran']]);
  });

  it('asserts on posts in the past or at fractional times, runs into the past and unknown nodes', () => {
    const { kernel, nodes, note } = loggingKernel(['a']);
    const a = nodes[0] as NodeId;
    kernel.run(100);
    const past = catchError(() => kernel.post(99, a, note, 0, undefined));
    expect(past).toBeInstanceOf(AssertionError);
    expect((past as AssertionError).code).toBe('ZKSIM_ASSERTION');
    expect((past as AssertionError).message).toContain('99');
    expect(() => kernel.post(100.5, a, note, 0, undefined)).toThrow(AssertionError);
    expect(() => kernel.run(50)).toThrow(AssertionError);
    expect(() => kernel.post(200, 7, note, 0, undefined)).toThrow(AssertionError);
    expect(() => kernel.addNode('a', 'server')).toThrow(AssertionError);
    expect(kernel.post(100, a, note, 0, undefined)).toBeTypeOf('number'); // now itself is fine
  });

  // Regression: `post` once accepted any channel, so an unregistered one failed only when the event was
  // handled, with a TypeError instead of an AssertionError at the post.
  it('asserts on a post to an unregistered channel', () => {
    const { kernel, nodes } = loggingKernel(['a']);
    expect(() => kernel.post(1, nodes[0] as NodeId, 99, 0, undefined)).toThrow(AssertionError);
    expect(() => kernel.post(1, nodes[0] as NodeId, 0, 0, undefined)).toThrow(AssertionError); // the kernel's own timer channel
  });
});

describe('Kernel guards', () => {
  test.prop([fc.integer({ min: 1, max: 300 })])('stops at maxEvents with ZKSIM_EVENT_LIMIT', (maxEvents) => {
    const { kernel, nodes, log } = loggingKernel(['a'], { maxEvents });
    const a = nodes[0] as NodeId;
    const loop = kernel.registerChannel('loop', () => {
      log.push([kernel.now, 'a', 'loop']);
      kernel.post(kernel.now + 1, a, loop, 0, undefined);
    });
    kernel.post(0, a, loop, 0, undefined);
    const error = catchError(() => kernel.run());
    expect(error).toBeInstanceOf(SimulationLimitError);
    expect(error).toBeInstanceOf(ZksimError);
    expect((error as SimulationLimitError).code).toBe('ZKSIM_EVENT_LIMIT');
    expect((error as SimulationLimitError).message).toMatch(new RegExp(`event limit.*\\b${maxEvents}\\b`));
    expect(log).toHaveLength(maxEvents);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 })])(
    'stops at maxTimeMs with ZKSIM_TIME_LIMIT, after handling events at exactly the limit',
    (maxTimeMs, stepMs) => {
      const { kernel, nodes, log } = loggingKernel(['a'], { maxTimeMs });
      const a = nodes[0] as NodeId;
      const loop = kernel.registerChannel('loop', () => {
        log.push([kernel.now, 'a', 'loop']);
        kernel.post(kernel.now + stepMs, a, loop, 0, undefined);
      });
      kernel.post(0, a, loop, 0, undefined);
      const error = catchError(() => kernel.run());
      expect(error).toBeInstanceOf(SimulationLimitError);
      expect((error as SimulationLimitError).code).toBe('ZKSIM_TIME_LIMIT');
      expect((error as SimulationLimitError).message).toContain(`maxTimeMs ${maxTimeMs}`);
      expect(log.at(-1)?.[0]).toBe(Math.floor(maxTimeMs / stepMs) * stepMs);
      expect(kernel.now).toBeLessThanOrEqual(maxTimeMs);
    },
  );
});

describe('Kernel freeze and resume', () => {
  // Goal: a frozen node handles nothing; what became due while it was frozen is handled at the resume
  // time in its original order, and other nodes are not held up. Approach: random timers and posts for a
  // node `f` and a bystander `o`; a control node freezes `f` at one time and resumes it at a later one
  // (its events were scheduled first, so they come first among equal times). The expected log follows
  // from each event's time alone.
  // Times are drawn from a narrow range so that events at exactly the freeze and resume times are common.
  const eventArb = fc.record({ timeMs: fc.integer({ min: 0, max: 40 }), toF: fc.boolean(), isTimer: fc.boolean() });
  test.prop([fc.array(eventArb, { maxLength: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 })], { numRuns: 300 })(
    'hands due events to a resumed node at resume time in their original order',
    (events, freezeAt, frozenForMs) => {
      const { kernel, nodes, note, log } = loggingKernel(['f', 'o', 'ctl']);
      const [f, o, ctl] = nodes as [NodeId, NodeId, NodeId];
      const resumeAt = freezeAt + frozenForMs;
      const control = kernel.registerChannel('control', (_node, arg) => (arg === 0 ? kernel.freeze(f) : kernel.resume(f)));
      kernel.post(freezeAt, ctl, control, 0, undefined);
      kernel.post(resumeAt, ctl, control, 1, undefined);
      events.forEach((e, i) => {
        const node = e.toF ? f : o;
        if (e.isTimer) kernel.setTimer(node, e.timeMs, `e${i}`);
        else kernel.post(e.timeMs, node, note, 0, `e${i}`);
      });
      kernel.run();
      const handledAt = (e: { timeMs: number; toF: boolean }): number =>
        e.toF && e.timeMs >= freezeAt && e.timeMs <= resumeAt ? resumeAt : e.timeMs;
      // Per node, the original order is (time, push order), and the handling time never decreases in it.
      const expectedFor = (who: string): Array<[number, string]> =>
        events
          .map((e, i) => ({ ...e, i }))
          .filter((e) => (e.toF ? 'f' : 'o') === who)
          .sort((x, y) => x.timeMs - y.timeMs || x.i - y.i)
          .map((e): [number, string] => [handledAt(e), `e${e.i}`]);
      const logOf = (who: string): Array<[number, string]> => log.filter((r) => r[1] === who).map((r): [number, string] => [r[0], r[2]]);
      expect(logOf('f')).toEqual(expectedFor('f'));
      expect(logOf('o')).toEqual(expectedFor('o'));
      expect(kernel.isFrozen(f)).toBe(false);
    },
  );

  it('queues events that fall due at the resume time behind the backlog', () => {
    const { kernel, nodes, log } = loggingKernel(['f', 'ctl']);
    const [f, ctl] = nodes as [NodeId, NodeId];
    const control = kernel.registerChannel('control', (_node, arg) => (arg === 0 ? kernel.freeze(f) : kernel.resume(f)));
    kernel.post(0, ctl, control, 0, undefined);
    kernel.post(10, ctl, control, 1, undefined);
    kernel.setTimer(f, 5, 'due-while-frozen');
    kernel.setTimer(f, 10, 'due-at-resume');
    kernel.setTimer(f, 11, 'after');
    kernel.run();
    expect(log).toEqual([[10, 'f', 'due-while-frozen'], [10, 'f', 'due-at-resume'], [11, 'f', 'after']]);
  });

  it('stops draining when the node is frozen again, and finishes at the next resume', () => {
    const { kernel, nodes, log } = loggingKernel(['f']);
    const f = nodes[0] as NodeId;
    kernel.setTimerHandler(f, {
      onTimer: (tag) => {
        log.push([kernel.now, 'f', tag]);
        if (tag === 't1') kernel.freeze(f);
      },
    });
    for (const [t, tag] of [[10, 't1'], [20, 't2'], [30, 't3']] as const) kernel.setTimer(f, t, tag);
    kernel.freeze(f);
    kernel.run(50);
    expect(log).toEqual([]);
    kernel.resume(f);
    kernel.run(60);
    expect(log).toEqual([[50, 'f', 't1']]);
    kernel.resume(f);
    kernel.run();
    expect(log).toEqual([[50, 'f', 't1'], [60, 'f', 't2'], [60, 'f', 't3']]);
  });

  // Regression: events popped while a node is frozen wait in its backlog; cancelling one of them once
  // decremented the pending count a second time and left channel −1 in the slot, so draining it threw a
  // TypeError. A heartbeat handled on resume that cancels the due session timer does exactly this.
  it('lets a handler cancel a timer that became due while its node was frozen', () => {
    const { kernel, nodes, note, log } = loggingKernel(['f']);
    const f = nodes[0] as NodeId;
    const timer = kernel.setTimer(f, 20, 'session-timeout');
    const cancelling = kernel.registerChannel('heartbeat', () => {
      log.push([kernel.now, 'f', 'heartbeat']);
      kernel.cancel(timer);
    });
    kernel.post(10, f, cancelling, 0, undefined);
    kernel.post(30, f, note, 0, 'later');
    kernel.freeze(f);
    kernel.run(100);
    kernel.resume(f);
    kernel.run();
    expect(log).toEqual([[100, 'f', 'heartbeat'], [100, 'f', 'later']]);
    expect(kernel.pendingCount).toBe(0);
  });
});

describe('Kernel crash and restart', () => {
  it("never fires a crashed node's timers or events, and fires those set after restart", () => {
    const { kernel, nodes, note, log } = loggingKernel(['a', 'b']);
    const [a, b] = nodes as [NodeId, NodeId];
    const lifecycle: string[] = [];
    kernel.onLifecycle((node, event) => lifecycle.push(`${kernel.nodeName(node)}:${event}`));
    kernel.setTimer(a, 100, 'old-100');
    kernel.setTimer(a, 300, 'old-300');
    kernel.post(250, a, note, 0, 'old-message');
    kernel.setTimer(b, 200, 'b-200');
    kernel.run(150);
    kernel.crash(a);
    expect(kernel.isUp(a)).toBe(false);
    expect(kernel.incarnation(a)).toBe(1);
    kernel.post(170, a, note, 0, 'to-the-dead');
    kernel.run(180);
    kernel.restart(a);
    kernel.setTimerHandler(a, { onTimer: (tag) => log.push([kernel.now, 'a', tag]) });
    kernel.setTimer(a, 70, 'new-250');
    kernel.run();
    expect(log).toEqual([[100, 'a', 'old-100'], [200, 'b', 'b-200'], [250, 'a', 'new-250']]);
    expect(lifecycle).toEqual(['a:crash', 'a:restart']);
  });

  it('discards the backlog of a node that crashes while frozen and restarts it unfrozen', () => {
    const { kernel, nodes, log } = loggingKernel(['a']);
    const a = nodes[0] as NodeId;
    kernel.setTimer(a, 10, 'due-while-frozen');
    kernel.freeze(a);
    kernel.run(20);
    kernel.crash(a);
    kernel.restart(a);
    expect(kernel.isFrozen(a)).toBe(false);
    kernel.setTimerHandler(a, { onTimer: (tag) => log.push([kernel.now, 'a', tag]) });
    kernel.setTimer(a, 5, 'after-restart');
    kernel.resume(a);
    kernel.run();
    expect(log).toEqual([[25, 'a', 'after-restart']]);
    // A later freeze of the new incarnation drains only its own events.
    kernel.freeze(a);
    kernel.setTimer(a, 5, 'second-freeze');
    kernel.run(40);
    kernel.resume(a);
    kernel.run();
    expect(log).toEqual([[25, 'a', 'after-restart'], [40, 'a', 'second-freeze']]);
  });

  it('ignores a freeze of a crashed node and a second crash', () => {
    const { kernel, nodes } = loggingKernel(['a']);
    const a = nodes[0] as NodeId;
    kernel.crash(a);
    kernel.crash(a);
    kernel.freeze(a);
    expect(kernel.isFrozen(a)).toBe(false);
    expect(kernel.incarnation(a)).toBe(1);
  });
});
