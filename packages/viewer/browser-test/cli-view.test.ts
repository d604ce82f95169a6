// `zksim view` as a learner starts it: it builds the page when needed, serves it on 127.0.0.1, prints the
// address with FILE in its hash, the page opens FILE, and Ctrl-C (SIGINT) stops it cleanly.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, waitReady, watchErrors, type Launched } from './browser.ts';
import { REPO, ZKSIM, cliTraceHash, zksim } from './cli.ts';

let browser: Launched;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

describe('zksim view', () => {
  it('prints help with examples', () => {
    const r = zksim(['view', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: zksim view [FILE] [options]');
    expect(r.stdout).toContain('zksim view scenarios/01-leader-client-expires.yaml');
    expect(zksim(['view', '--port', 'x']).status).toBe(2);
    expect(zksim(['--help']).stdout).toContain('view [FILE]');
  });

  it('serves the page on 127.0.0.1, opens FILE from the printed address, and stops on Ctrl-C', async () => {
    const port = await freePort();
    const file = 'scenarios/03-explicit-close.yaml';
    const child = spawn(process.execPath, [ZKSIM, 'view', file, '--port', String(port)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const url = await new Promise<string>((ok, fail) => {
      const timer = setInterval(() => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
        if (m !== null) {
          clearInterval(timer);
          ok(m[1] as string);
        }
      }, 100);
      child.on('exit', () => {
        clearInterval(timer);
        fail(new Error(`zksim view exited early:\n${out}`));
      });
    });
    expect(url).toBe(`http://127.0.0.1:${port}/#scenario=03-explicit-close`);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    await waitReady(page);
    expect(await page.locator('[data-testid="trace-hash"]').textContent()).toBe(cliTraceHash(join(REPO, file)));
    await page.screenshot({ path: join(ARTIFACTS, '07-zksim-view.png') });
    expect(errors).toEqual([]);
    await page.close();
    const exit = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out).toContain('zksim view: stopped');
  });
});
