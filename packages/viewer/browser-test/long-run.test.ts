// A long run stays smooth: a scenario of about 100k events loads, the diagram draws only the rows in its
// window (a bounded number of SVG elements wherever it is scrolled), scrolling and stepping stay fast,
// and a far jump back replays in well under a second.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, serveStatic, VIEWER_DIR, waitReady, watchErrors, type Launched } from './browser.ts';

let browser: Launched;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  browser = await launch();
  site = await serveStatic(join(VIEWER_DIR, 'dist'));
});

afterAll(async () => {
  await browser.close();
  await site.close();
});

const clients = Array.from({ length: 10 }, (_, i) => `  - { id: c${i + 1}, timeout: 6s }`).join('\n');
const LONG = `version: 1
description: A long quiet run, for the viewer's smoothness test.
seed: 11
until: 60m
cluster:
  servers: 5
clients:
${clients}
timeline:
  - { at: 2s, create: { client: c1, path: /lock, mode: ephemeral } }
  - { at: 30m, crash: s5 }
  - { at: 31m, restart: s5 }
`;

describe('a long run', () => {
  it('loads about 100k events and draws only the visible window', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const t0 = Date.now();
    await page.goto(`${site.url}#name=long.yaml&text=${Buffer.from(LONG).toString('base64url')}`);
    await waitReady(page);
    const loadMs = Date.now() - t0;
    const events = await page.evaluate(() => Number(/of (\d+)/.exec(document.querySelector('#eventno')?.textContent ?? '')?.[1]));
    expect(events).toBeGreaterThan(80_000);
    // Show everything: every heartbeat and every plumbing event gets a row.
    await page.check('input[data-flag="heartbeats"]');
    await page.check('input[data-flag="detail"]');
    const stats = await page.evaluate(async () => {
      const scroller = document.querySelector('.diagram-scroll') as HTMLElement;
      const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      await frame();
      const counts: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        scroller.scrollTop = (scroller.scrollHeight * i) / 30;
        await frame();
        await frame();
        times.push(performance.now() - t);
        counts.push(scroller.querySelectorAll('svg *').length);
      }
      return { maxElements: Math.max(...counts), height: scroller.scrollHeight, slowestMs: Math.max(...times), medianMs: times.sort((a, b) => a - b)[15] };
    });
    expect(stats.height).toBeGreaterThan(1_000_000);
    expect(stats.maxElements).toBeLessThan(3000);
    expect(stats.medianMs).toBeLessThan(250);
    await page.fill('[data-testid="jump"]', '59m');
    await page.press('[data-testid="jump"]', 'Enter');
    const t1 = Date.now();
    await page.fill('[data-testid="jump"]', '1m');
    await page.press('[data-testid="jump"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="clock"]')?.textContent?.startsWith('60.000s'));
    const backMs = Date.now() - t1;
    await page.screenshot({ path: join(ARTIFACTS, '08-long-run.png') });
    console.log(`long run: ${events} events, loaded in ${loadMs} ms; scroll: median ${stats.medianMs.toFixed(0)} ms, slowest ${stats.slowestMs.toFixed(0)} ms per jump of the window, at most ${stats.maxElements} SVG elements; jump back 58 min: ${backMs} ms`);
    expect(backMs).toBeLessThan(5000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
