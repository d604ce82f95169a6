// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core (never a downloaded
// browser), headless, with a fresh profile per launch; a static server for the built page on 127.0.0.1;
// and a collector of console errors and page errors, which every test expects to stay empty.
import { mkdtempSync, rmSync } from 'node:fs';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The viewer package directory. */
export const VIEWER_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Where screenshots go (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/viewer/', import.meta.url));

/** Chromium from the system; the tests never download one. */
export function chromiumPath(): string {
  for (const p of [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p !== undefined && existsSync(p)) return p;
  }
  throw new Error('no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
}

/** A launched browser (one persistent context on a throwaway profile). */
export interface Launched {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the flags the project uses everywhere. The fresh profile directory is
 * Chromium's --user-data-dir; playwright-core takes it as launchPersistentContext's first argument.
 */
export async function launch(viewport = { width: 1600, height: 1000 }): Promise<Launched> {
  const profile = mkdtempSync(join(tmpdir(), 'zksim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves `root` (the built page) on 127.0.0.1 at a free port, under `prefix` (to prove relative paths). */
export function serveStatic(root: string, prefix = '/'): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const rel = path.slice(prefix.length);
    const file = normalize(join(root, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      ok({ url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Collects console errors, failed requests and uncaught page errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  return errors;
}

/** Waits until the page has loaded and run its scenario. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset['status'] === 'ready' || document.body.dataset['status'] === 'error', undefined, { timeout: 60_000 });
}
