// `zksim view [FILE]`: serves the teaching viewer (packages/viewer, built with Vite) on 127.0.0.1 and prints
// its address. The page runs the simulation itself; FILE (a scenario or a trace written by run --trace) is
// handed over in the address's hash, the same way the page's own "copy link" does, so nothing but static
// files is served. The build is made on demand when dist/ is missing or older than its sources.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, parseArgs } from '../args.ts';
import { paint, type Out } from '../output.ts';
import { BadInputError, readText } from '../scenario-file.ts';

export const VIEW_HELP = `Usage: zksim view [FILE] [options]

Serves the zksim viewer — a web page that runs scenarios in the browser and shows them as a space-time
diagram with per-server and per-client panels, narration, time travel and what-if forks — on
127.0.0.1 only, and prints its address. Open the address in a browser; Ctrl-C stops the server.

FILE, if given, opens in the page: a scenario (.yaml, .json) or a trace written by zksim run --trace
(the page re-runs the trace's scenario and checks its hash).

Options:
  --port N          port to listen on (default: 5173, or the first free port after it)
  --rebuild         build the page again even if the build looks current
  --build-only      build the page (if needed) and exit without serving
  -h, --help        this help

The page is also plain static files: after a build, packages/viewer/dist/ works from any static server.

Examples:
  zksim view
  zksim view scenarios/01-leader-client-expires.yaml
  zksim run scenarios/01-leader-client-expires.yaml --trace out.ndjson && zksim view out.ndjson
  zksim view --port 8080`;

const SPECS = [
  { name: 'port', takesValue: true }, { name: 'rebuild', takesValue: false }, { name: 'build-only', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' }, { name: 'color', takesValue: false }, { name: 'no-color', takesValue: false },
] as const;

const DEFAULT_PORT = 5173;
/** Ports tried after the default one when it is taken. */
const PORT_TRIES = 20;

const HERE = dirname(fileURLToPath(import.meta.url));
/** The viewer package (a directory we read files from; the CLI does not import it). */
const VIEWER_DIR = resolve(HERE, '../../../viewer');
const REPO_DIR = resolve(VIEWER_DIR, '../..');
/** Sources whose change makes the build stale: the page, the engine it bundles, the scenarios. */
const SOURCE_DIRS = ['packages/viewer/src', 'packages/kernel/src', 'packages/protocol/src', 'packages/network/src', 'packages/server/src', 'packages/client/src', 'packages/sim/src', 'scenarios'];
const SOURCE_FILES = ['packages/viewer/index.html', 'packages/viewer/vite.config.ts', 'packages/viewer/package.json'];

/** Runs `zksim view`; returns the exit code (0 while the server keeps running in the background). */
export function cmdView(argv: readonly string[], out: Out): number {
  const args = parseArgs(argv, SPECS, 'view');
  if (args.flags.has('help')) {
    out.line(VIEW_HELP);
    return 0;
  }
  if (args.positionals.length > 1) throw new UsageError('zksim view: expected at most one FILE (see zksim view --help)');
  const portFlag = args.flags.get('port');
  let port: number | null = null;
  if (typeof portFlag === 'string') {
    if (!/^\d+$/.test(portFlag) || Number(portFlag) < 1 || Number(portFlag) > 65535) throw new UsageError(`zksim view: --port: '${portFlag}' is not a port number (1-65535)`);
    port = Number(portFlag);
  }
  const file = args.positionals[0];
  const hash = file === undefined ? '' : hashForFile(file);
  const buildOnly = args.flags.has('build-only');
  void startViewer({ port, hash, rebuild: args.flags.has('rebuild'), buildOnly, out }).catch((e: unknown) => {
    out.err(paint(out, 'red', `zksim view: ${(e as Error).message}`));
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
  });
  return 0;
}

/** What `startViewer` needs. */
export interface ViewerOptions {
  /** A port to use, or null for the default or the first free one after it. */
  readonly port: number | null;
  /** Hash (with '#') appended to the printed address, or ''. */
  readonly hash: string;
  readonly rebuild: boolean;
  readonly buildOnly: boolean;
  readonly out: Out;
}

/** Builds the page if needed, then serves it; resolves with the server (null with buildOnly). */
export async function startViewer(o: ViewerOptions): Promise<Server | null> {
  const dist = join(VIEWER_DIR, 'dist');
  const why = o.rebuild ? 'as asked (--rebuild)' : staleReason(dist);
  if (why !== null) {
    o.out.line(`zksim view: building the page (${why})…`);
    await buildViewer();
  }
  if (o.buildOnly) {
    o.out.line(`zksim view: the page is built in ${relative(process.cwd(), dist) || '.'}`);
    return null;
  }
  const server = await listen(dist, o.port);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  o.out.line(`zksim view: serving the viewer on ${paint(o.out, 'bold', `http://127.0.0.1:${port}/${o.hash}`)}`);
  o.out.line('zksim view: open that address in a browser; press Ctrl-C to stop.');
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    o.out.line('zksim view: stopped');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

/** Why the build in `dist` is missing or stale, or null when it is current. */
function staleReason(dist: string): string | null {
  const built = join(dist, 'index.html');
  if (!existsSync(built)) return 'no build yet';
  const builtAt = statSync(built).mtimeMs;
  for (const f of SOURCE_FILES) {
    const p = join(REPO_DIR, f);
    if (existsSync(p) && statSync(p).mtimeMs > builtAt) return `${f} changed`;
  }
  for (const d of SOURCE_DIRS) {
    const newer = newerFile(join(REPO_DIR, d), builtAt, 0);
    if (newer !== null) return `${relative(REPO_DIR, newer)} changed`;
  }
  return null;
}

function newerFile(dir: string, than: number, depth: number): string | null {
  if (depth > 8 || !existsSync(dir)) return null;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      const hit = newerFile(p, than, depth + 1);
      if (hit !== null) return hit;
    } else if (!name.endsWith('.test.ts') && st.mtimeMs > than) return p;
  }
  return null;
}

/** Builds the page with Vite's JavaScript API (Vite is the viewer package's dev dependency). */
async function buildViewer(): Promise<void> {
  let entry: string;
  try {
    entry = createRequire(join(VIEWER_DIR, 'package.json')).resolve('vite');
  } catch {
    throw new Error('cannot find Vite in packages/viewer (run pnpm install first)');
  }
  const vite = (await import(pathToFileURL(entry).href)) as { build: (config: Record<string, unknown>) => Promise<unknown> };
  await vite.build({ configFile: join(VIEWER_DIR, 'vite.config.ts'), root: VIEWER_DIR, logLevel: 'warn' });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json',
};

/** Serves `root` as static files on 127.0.0.1. */
function listen(root: string, port: number | null): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    const path = normalize(join(root, rel.endsWith('/') ? `${rel}index.html` : rel));
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path).pipe(res);
  });
  const tries = port === null ? Array.from({ length: PORT_TRIES }, (_, i) => DEFAULT_PORT + i) : [port];
  return new Promise((ok, fail) => {
    const attempt = (i: number): void => {
      const p = tries[i] as number;
      server.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE' && i + 1 < tries.length) attempt(i + 1);
        else fail(Object.assign(new Error(e.code === 'EADDRINUSE' ? `port ${p} is in use${port === null ? ` (tried ${tries[0]}–${p})` : ''}; choose another with --port` : e.message), { exitCode: 2 }));
      });
      server.listen(p, '127.0.0.1', () => ok(server));
    };
    attempt(0);
  });
}

/** The page address's hash that opens `file`: its text, or for a trace its header's scenario, seed and hash. */
function hashForFile(file: string): string {
  const text = readText(file);
  const p = new URLSearchParams();
  const abs = resolve(file);
  if (dirname(abs) === join(REPO_DIR, 'scenarios') && abs.endsWith('.yaml')) {
    p.set('scenario', basename(abs, '.yaml')); // bundled into the page at build time
    return `#${p.toString()}`;
  }
  if (/^\s*\{\s*"type"\s*:\s*"zksim-trace"/.test(text)) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    let header: Record<string, unknown>;
    let footer: Record<string, unknown> | null = null;
    try {
      header = JSON.parse(lines[0] as string) as Record<string, unknown>;
      const last = JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
      if (last['type'] === 'zksim-trace-end') footer = last;
    } catch {
      throw new BadInputError([`${file}: not a trace file (a line is not JSON)`]);
    }
    if (typeof header['scenarioText'] !== 'string') throw new BadInputError([`${file}: the trace header has no scenarioText`]);
    p.set('name', String(header['scenarioFile'] ?? basename(file)));
    p.set('text', toBase64Url(header['scenarioText']));
    if (header['seed'] !== undefined) p.set('seed', String(header['seed']));
    if (typeof header['untilMs'] === 'number') p.set('until', String(header['untilMs']));
    if (footer !== null && typeof footer['traceHash'] === 'string') p.set('hash', footer['traceHash']);
  } else {
    p.set('name', file.split(sep).join('/'));
    p.set('text', toBase64Url(text));
  }
  return `#${p.toString()}`;
}

/** UTF-8 → base64url without padding (the page's url-state.ts reads the same). */
function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
