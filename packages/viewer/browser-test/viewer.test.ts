// The viewer in a real browser, as a learner uses it: open the leader-expiry scenario, step to the moment
// the leader expires the frozen client's session, watch the closeSession proposal collect its ACKs and the
// ephemeral disappear, step back, fork a what-if by freezing the leader, compare the outcomes, save the
// what-if as a scenario the CLI reproduces, and reopen the view from its link. No console errors allowed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, serveStatic, VIEWER_DIR, waitReady, watchErrors, type Launched } from './browser.ts';
import { cliTraceHash } from './cli.ts';

let browser: Launched;
let site: { url: string; close(): Promise<void> };
let page: Page;
let errors: string[];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  // Served under a sub-path: the build must use relative asset paths to work as static files.
  site = await serveStatic(join(VIEWER_DIR, 'dist'), '/some/where/');
});

afterAll(async () => {
  await browser.close();
  await site.close();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await page.close();
});

async function open(hash: string): Promise<void> {
  page = await browser.newPage();
  errors = watchErrors(page);
  await page.goto(`${site.url}${hash}`);
  await waitReady(page);
  expect(await page.evaluate(() => document.body.dataset['status'])).toBe('ready');
}

const text = async (testid: string): Promise<string> => (await page.locator(`[data-testid="${testid}"]`).first().textContent()) ?? '';

/** Presses "step ▶" until the narration of the current event matches `re`. */
async function stepUntil(re: RegExp, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (re.test(await text('narration'))) return;
    await page.click('[data-testid="fwd"]');
  }
  throw new Error(`no event matching ${re} within ${max} steps; now: ${await text('narration')}`);
}

async function jump(to: string): Promise<void> {
  await page.fill('[data-testid="jump"]', to);
  await page.press('[data-testid="jump"]', 'Enter');
}

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

const SCENARIO = join(VIEWER_DIR, '../../scenarios/01-leader-client-expires.yaml');

describe('the viewer page', () => {
  it('runs the bundled scenario in the page with the same trace hash as zksim run', async () => {
    await open('#scenario=01-leader-client-expires');
    expect(await text('trace-hash')).toBe(cliTraceHash(SCENARIO));
    expect(await page.locator('[data-testid="scenario"]').inputValue()).toBe('01-leader-client-expires');
    expect(await text('narration')).toMatch(/s\d starts .* looks for a leader/);
    expect(await text('expect')).toContain('pass');
    await shot('01-opened');
  });

  it('steps to the leader\'s expiry: ACK count in the panel and the diagram, then the ephemeral disappears', async () => {
    await open('#scenario=01-leader-client-expires');
    await jump('9.9s');
    await stepUntil(/leader s3 expires .* marks it closing and submits closeSession/);
    expect(await page.locator('[data-testid="server-s3"] tr.closing').textContent()).toContain('closing');
    await stepUntil(/leader s3 proposes closeSession .*deletes \/lock/);
    const proposal = page.locator('[data-testid="server-s3"] [data-testid="proposal"]');
    expect(await proposal.textContent()).toMatch(/close-session c1\s*ACKs 1\/2 needed \(s3\)/);
    expect(await page.locator('[data-testid="server-s1"]').textContent()).toContain('ephemeral of c1');
    await shot('02-leader-proposes-close-session');
    await stepUntil(/logs proposal .*close-session.* and ACKs/);
    const diagram = page.locator('[data-testid="diagram"]');
    expect(await diagram.locator('text.alabel', { hasText: 'PROPOSAL closeSession c1' }).count()).toBeGreaterThanOrEqual(2);
    expect(await diagram.locator('text.alabel', { hasText: /^ACK 0x/ }).count()).toBeGreaterThanOrEqual(2);
    await shot('03-follower-acks');
    await stepUntil(/leader s3 commits closeSession .*ACKs from s\d, s3, quorum 2/);
    expect(await diagram.locator('text.narr', { hasText: /gets ACK|commits closeSession/ }).count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid="server-s3"]').textContent()).toContain('none waiting for ACKs');
    expect(await page.locator('[data-testid="server-s3"] [data-path="/lock"]').count()).toBe(0);
    await stepUntil(/s[12] deletes ephemeral \/lock/);
    await stepUntil(/s[12] deletes ephemeral \/lock/);
    await page.click('[data-testid="fwd"]');
    for (const s of ['s1', 's2', 's3']) expect(await page.locator(`[data-testid="server-${s}"] [data-path="/lock"]`).count()).toBe(0);
    expect(await diagram.locator('text.narr', { hasText: 'deletes ephemeral /lock' }).count()).toBe(3);
    await shot('04-lock-deleted-everywhere');
  });

  it('shows a follower\'s touch table and the PING reply that hands it to the leader', async () => {
    await open('#scenario=02-follower-client-expires');
    await jump('4.1s');
    expect(await page.locator('[data-testid="server-s1"] [data-testid="touches"]').textContent()).toBe('c1');
    await stepUntil(/s1 hands its touch table to the leader/);
    expect(await page.locator('[data-testid="diagram"] text.alabel', { hasText: 'PING touches c1' }).count()).toBeGreaterThanOrEqual(1);
    await stepUntil(/leader s3 touches .*PING reply from s1.* expires at 12000/);
    expect(await page.locator('[data-testid="server-s1"] [data-testid="touches"]').count()).toBe(0);
    expect(await page.locator('[data-testid="server-s3"] tr[data-session]').textContent()).toContain('12.000s');
    await shot('09-follower-touch-table');
  });

  it('steps back to exactly the panels it showed before', async () => {
    await open('#scenario=01-leader-client-expires');
    await jump('10s');
    const before = await text('panels');
    const clock = await text('clock');
    for (let i = 0; i < 6; i++) await page.click('[data-testid="fwd"]');
    expect(await text('panels')).not.toBe(before);
    for (let i = 0; i < 6; i++) await page.click('[data-testid="back"]');
    await jump('10s');
    expect(await text('panels')).toBe(before);
    expect(await text('clock')).toBe(clock);
    // The slider scrubs; far back and forward again lands on the same picture.
    await page.locator('[data-testid="slider"]').evaluate((el: HTMLInputElement) => {
      el.value = '3';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await text('clock')).toMatch(/^0\.0/);
    await jump('10s');
    expect(await text('panels')).toBe(before);
  });

  it('forks a what-if by freezing the leader: the outcome changes and the saved file reproduces it', async () => {
    await open('#scenario=01-leader-client-expires');
    await jump('9.5s');
    await page.click('[data-testid="server-s3"] button[data-act="freeze"]');
    await page.waitForSelector('[data-testid="compare"]');
    const compare = await text('compare');
    expect(compare).toMatch(/leader at the end\s*s3\s*s[12]/);
    expect(compare).toContain('expectations of the scenario');
    expect(await page.locator('[data-testid="show-whatif"]').getAttribute('class')).toContain('on');
    expect(await text('whatif')).toContain('freeze s3 at 9.500s');
    await page.waitForFunction(() => location.hash.includes('whatif=')); // the address follows within 150 ms
    expect(await page.evaluate(() => location.hash)).toContain('whatif=9500%3Afreeze%3As3');
    expect(await text('narration')).toContain('s3 freezes');
    await shot('05-what-if-freeze-leader');
    const whatIfHash = await text('trace-hash');

    const download = page.waitForEvent('download');
    await page.click('[data-testid="save"]');
    const file = join(tmpdir(), `zksim-what-if-${process.pid}.yaml`);
    await (await download).saveAs(file);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toContain('- { at: 9.5s, freeze: s3 }');
    expect(cliTraceHash(file)).toBe(whatIfHash);

    // Undo removes the step; the original run is back on screen.
    await page.click('#whatif button[data-undo]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="whatif"]')?.textContent?.includes('freeze s3 at'));
    expect(await text('trace-hash')).toBe(cliTraceHash(SCENARIO));
  });

  it('reopens the same view from its link', async () => {
    await open('#scenario=01-leader-client-expires&whatif=9500%3Afreeze%3As3&e=140');
    const clock = await text('clock');
    const panels = await text('panels');
    const hash = await page.evaluate(() => location.hash);
    await page.close();
    await open(hash);
    expect(await text('clock')).toBe(clock);
    expect(await text('panels')).toBe(panels);
    expect(await text('whatif')).toContain('freeze s3 at 9.500s');
  });

  it('opens a scenario given as text in the link, and reports a broken one with line and column', async () => {
    const yaml = readFileSync(SCENARIO, 'utf8');
    await open(`#name=mine.yaml&text=${Buffer.from(yaml).toString('base64url')}`);
    expect(await text('trace-hash')).toBe(cliTraceHash(SCENARIO));
    await page.close();
    page = await browser.newPage();
    errors = watchErrors(page);
    const broken = yaml.replace('tickTime: 2000', 'tickTme: 2000');
    await page.goto(`${site.url}#name=broken.yaml&text=${Buffer.from(broken).toString('base64url')}`);
    await waitReady(page);
    expect(await text('errors')).toMatch(/broken\.yaml:\d+:\d+: cluster\.tickTme: unknown key 'tickTme' \(did you mean 'tickTime'\?\)/);
  });

  it('plays: the clock and the cursor move on their own, and pause stops them', async () => {
    await open('#scenario=01-leader-client-expires');
    await page.selectOption('#speed', '50');
    const start = await text('clock');
    await page.click('[data-testid="play"]');
    await page.waitForTimeout(1500);
    await page.click('[data-testid="play"]');
    const stopped = await text('clock');
    expect(stopped).not.toBe(start);
    await page.waitForTimeout(300);
    expect(await text('clock')).toBe(stopped);
  });
});

describe('trace files', () => {
  it('opens a trace written by zksim run --trace and confirms its hash', async () => {
    const trace = join(tmpdir(), `zksim-trace-${process.pid}.ndjson`);
    const { zksim } = await import('./cli.ts');
    const r = zksim(['run', SCENARIO, '--trace', trace, '--quiet']);
    expect(r.status).toBe(0);
    await open('#scenario=03-explicit-close');
    await page.setInputFiles('#file', trace);
    await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('Trace reproduced'));
    await waitReady(page);
    expect(await text('notice')).toContain(cliTraceHash(SCENARIO));
    writeFileSync(join(ARTIFACTS, 'trace-opened.txt'), await text('notice'));
    await shot('06-trace-opened');
  });

  it('shows a trace whose scenario this build cannot run from its records alone', async () => {
    const trace = join(tmpdir(), `zksim-trace-${process.pid}.ndjson`);
    const { zksim } = await import('./cli.ts');
    expect(zksim(['run', SCENARIO, '--trace', trace, '--quiet']).status).toBe(0);
    const lines = readFileSync(trace, 'utf8').split('\n');
    const header = JSON.parse(lines[0] as string) as { scenarioText: string };
    header.scenarioText = header.scenarioText.replace('tickTime: 2000', 'tickTime: 2000\n  futureKnob: 3');
    const odd = join(tmpdir(), `zksim-odd-trace-${process.pid}.ndjson`);
    writeFileSync(odd, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    await open('#scenario=01-leader-client-expires');
    await page.setInputFiles('#file', odd);
    await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('only its records'));
    expect(await text('errors')).toContain("unknown key 'futureKnob'");
    expect(await text('panels')).toContain('Panels need the simulation');
    await jump('10.003s');
    expect(await page.locator('[data-testid="diagram"] text.narr', { hasText: 'deletes ephemeral /lock' }).count()).toBeGreaterThan(0);
    await page.click('[data-testid="fwd"]');
    expect(await text('narration')).toMatch(/\[\w+\]/);
  });
});
