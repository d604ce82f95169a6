// Enforces the package layout of STYLE.md: imports flow one way (kernel and protocol at the bottom,
// nothing imports cli or viewer), and the core packages read no real clock or randomness and import no
// Node built-ins, so they run unchanged in a browser. It parses every source file with the TypeScript
// compiler (not regexes), so comments and strings never trigger it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Which workspace packages each package's source may import (tsconfig references say the same). */
const ALLOWED: Record<string, readonly string[]> = {
  kernel: [],
  protocol: [],
  network: ['kernel'],
  server: ['kernel', 'protocol', 'network'],
  client: ['kernel', 'protocol', 'network'],
  sim: ['kernel', 'protocol', 'network', 'server', 'client'],
  checkers: ['protocol'],
  cli: ['kernel', 'protocol', 'sim', 'checkers'],
  viewer: ['protocol', 'sim', 'kernel', 'checkers'],
};
/** Extra packages a package's tests may import (dev-only edges). */
const TEST_ALLOWED: Record<string, readonly string[]> = {
  sim: ['checkers'],
  checkers: ['sim', 'kernel', 'network', 'server', 'client'],
  server: ['client'],
  client: ['server'],
};
const CORE = ['kernel', 'protocol', 'network', 'server', 'client', 'sim', 'checkers'];
const FORBIDDEN_GLOBALS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'process', 'crypto', 'require']);
const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'net', 'url', 'util', 'events', 'stream', 'timers']);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.tsbuild' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Module specifiers and forbidden constructs of one file. */
function scan(file: string, text: string): { imports: { spec: string; line: number }[]; findings: Finding[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const imports: { spec: string; line: number }[] = [];
  const findings: Finding[] = [];
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      imports.push({ spec: n.moduleSpecifier.text, line: lineOf(n) });
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      findings.push({ file, line: lineOf(n), what: 'dynamic import()' });
    }
    if (ts.isAwaitExpression(n)) findings.push({ file, line: lineOf(n), what: 'await' });
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Date') {
      findings.push({ file, line: lineOf(n), what: 'new Date()' });
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) {
      const full = `${n.expression.text}.${n.name.text}`;
      if (full === 'Date.now' || full === 'Math.random') findings.push({ file, line: lineOf(n), what: full });
    }
    if (ts.isIdentifier(n) && FORBIDDEN_GLOBALS.has(n.text)) {
      const p = n.parent;
      const isMemberName = p !== undefined && ts.isPropertyAccessExpression(p) && p.name === n;
      const isDeclName = p !== undefined && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isPropertySignature(p) || ts.isParameter(p) || ts.isVariableDeclaration(p)) && (p as { name?: ts.Node }).name === n;
      if (!isMemberName && !isDeclName) findings.push({ file, line: lineOf(n), what: `global ${n.text}` });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { imports, findings };
}

const packages = readdirSync(join(ROOT, 'packages')).filter((p) => statSync(join(ROOT, 'packages', p)).isDirectory());

describe('package architecture', () => {
  it('knows every package', () => {
    expect(packages.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  for (const pkg of packages) {
    const files = walk(join(ROOT, 'packages', pkg)).filter((f) => !f.includes('node_modules') && !f.includes('.tsbuild') && !f.includes('/dist/'));

    it(`${pkg}: imports only the packages it may depend on`, () => {
      const bad: string[] = [];
      for (const file of files) {
        const isTest = file.endsWith('.test.ts') || file.includes('/test/') || file.includes('/testing/');
        const allowed = new Set([...(ALLOWED[pkg] ?? []), ...(isTest ? TEST_ALLOWED[pkg] ?? [] : [])]);
        for (const { spec, line } of scan(file, readFileSync(file, 'utf8')).imports) {
          const m = /^@zksim\/([a-z-]+)/.exec(spec);
          if (m && m[1] !== pkg && !allowed.has(m[1] as string)) bad.push(`${relative(ROOT, file)}:${line} imports ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });

    if (CORE.includes(pkg)) {
      it(`${pkg}: reads no real clock or randomness and imports no Node built-ins`, () => {
        const bad: string[] = [];
        for (const file of files) {
          if (file.endsWith('.test.ts') || file.includes('/test/')) continue;
          const { imports, findings } = scan(file, readFileSync(file, 'utf8'));
          for (const f of findings) bad.push(`${relative(ROOT, f.file)}:${f.line} uses ${f.what}`);
          for (const { spec, line } of imports) {
            if (spec.startsWith('node:') || NODE_BUILTINS.has(spec)) bad.push(`${relative(ROOT, file)}:${line} imports ${spec}`);
          }
        }
        expect(bad).toEqual([]);
      });
    }
  }

  it('flags the constructs it is meant to flag', () => {
    const sample = [
      "import { readFileSync } from 'node:fs';",
      'const a = Date.now();',
      'const b = Math.random();',
      'setTimeout(() => 0, 1);',
      'const d = new Date();',
      'async function f() { await g(); }',
      "const ok = { setTimeout: 1 }; ok.setTimeout; // names as properties are fine",
    ].join('\n');
    const { imports, findings } = scan('sample.ts', sample);
    expect(imports.map((i) => i.spec)).toEqual(['node:fs']);
    expect(findings.map((f) => f.what).sort()).toEqual(['Date.now', 'Math.random', 'await', 'global setTimeout', 'new Date()'].sort());
  });
});
