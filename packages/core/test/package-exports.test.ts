// Smoke test for the published shape of @ferry/core. It loads the BUILT package
// (dist/), not the sources, so `nx run core:test` depends on `core:build`.
// Guards: ESM and CommonJS builds expose the same exports, package "exports"
// resolve to dist/esm and dist/cjs, and the ESM build has no Node-only globals
// (it must run in browsers).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const esmDir = join(pkgDir, 'dist', 'esm');
const cjsDir = join(pkgDir, 'dist', 'cjs');
const require = createRequire(import.meta.url);
// A variable specifier keeps the type checker from needing dist/ to exist.
const pkgName: string = '@ferry/core';

function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();
}

function exportNames(mod: object): string[] {
  return Object.keys(mod).sort();
}

describe('@ferry/core package', () => {
  it('ESM import and CommonJS require expose the same exports', async () => {
    const esm = (await import(pkgName)) as Record<string, unknown>;
    const cjs = require(pkgName) as Record<string, unknown>;
    const names = exportNames(esm);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toContain('VERSION');
    expect(exportNames(cjs)).toEqual(names);
    expect(cjs['VERSION']).toBe(esm['VERSION']);
  });

  it('resolves to dist/esm for import and dist/cjs for require in plain Node', () => {
    expect(require.resolve(pkgName)).toBe(join(cjsDir, 'index.js'));
    // Ask a real Node process (not vitest's resolver) how it resolves the package.
    const script = [
      `const m = await import(${JSON.stringify(pkgName)});`,
      `const url = import.meta.resolve(${JSON.stringify(pkgName)});`,
      'console.log(JSON.stringify({ url, names: Object.keys(m).sort() }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: pkgDir,
      encoding: 'utf8',
    });
    const { url, names } = JSON.parse(out) as { url: string; names: string[] };
    expect(fileURLToPath(url)).toBe(join(esmDir, 'index.js'));
    expect(names).toEqual(exportNames(require(pkgName) as object));
  });

  it('marks dist/esm as ESM and dist/cjs as CommonJS', () => {
    expect(JSON.parse(readFileSync(join(esmDir, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    expect(JSON.parse(readFileSync(join(cjsDir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    for (const dir of [esmDir, cjsDir]) {
      expect(listFiles(dir, '.d.ts').map((f) => relative(dir, f))).toContain('index.d.ts');
    }
  });

  it('ESM build references no require, process, Buffer or node: modules', () => {
    const banned = new Set(['require', 'process', 'Buffer', '__dirname', '__filename']);
    const globalObjects = new Set(['globalThis', 'window', 'self', 'global']);
    const findings: string[] = [];
    const files = listFiles(esmDir, '.js');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const report = (node: ts.Node, what: string): void => {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        findings.push(`${relative(pkgDir, file).split(sep).join('/')}:${line + 1}: ${what}`);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && banned.has(node.text)) {
          const p = node.parent;
          const isMemberName =
            (ts.isPropertyAccessExpression(p) && p.name === node) ||
            ((ts.isPropertyAssignment(p) ||
              ts.isMethodDeclaration(p) ||
              ts.isPropertyDeclaration(p) ||
              ts.isGetAccessorDeclaration(p) ||
              ts.isSetAccessorDeclaration(p)) &&
              p.name === node);
          const onGlobal =
            ts.isPropertyAccessExpression(p) &&
            p.name === node &&
            ts.isIdentifier(p.expression) &&
            globalObjects.has(p.expression.text);
          if (!isMemberName || onGlobal) report(node, `uses ${node.text}`);
        }
        if (
          ts.isElementAccessExpression(node) &&
          ts.isStringLiteral(node.argumentExpression) &&
          banned.has(node.argumentExpression.text)
        ) {
          report(node, `uses [${JSON.stringify(node.argumentExpression.text)}]`);
        }
        const specifier =
          (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
            ? node.moduleSpecifier
            : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
              ? node.arguments[0]
              : undefined;
        if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('node:')) {
          report(node, `imports ${specifier.text}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(findings).toEqual([]);
  });
});
