/**
 * The published shape of @ferry/nest, from the BUILT package (dist/): ESM and CommonJS expose the
 * same exports for both entry points, and a CommonJS Nest application works with the CJS build on
 * both adapters (many Nest apps are CommonJS).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);
// Variable specifiers keep the type checker from needing dist/ to exist.
const entries: string[] = ['@ferry/nest', '@ferry/nest/microservices'];

describe('@ferry/nest package', () => {
  it.each(entries)('%s: ESM import and CommonJS require expose the same exports', async (name) => {
    const esm = (await import(name)) as Record<string, unknown>;
    const cjs = require(name) as Record<string, unknown>;
    const names = Object.keys(esm).sort();
    expect(names.length).toBeGreaterThan(2);
    expect(Object.keys(cjs).sort()).toEqual(names);
  });

  it('resolves import to dist/esm and require to dist/cjs', async () => {
    expect(require.resolve('@ferry/nest')).toBe(join(pkgDir, 'dist/cjs/index.js'));
    expect(require.resolve('@ferry/nest/microservices')).toBe(join(pkgDir, 'dist/cjs/microservices/index.js'));
    const script = "console.log(import.meta.resolve('@ferry/nest'), import.meta.resolve('@ferry/nest/microservices'))";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir });
    const [a, b] = stdout.trim().split(' ').map((u) => fileURLToPath(u));
    expect(a).toBe(join(pkgDir, 'dist/esm/index.js'));
    expect(b).toBe(join(pkgDir, 'dist/esm/microservices/index.js'));
  });

  it.each(['express', 'fastify'])('runs in a CommonJS Nest application on %s', async (kind) => {
    const { stdout } = await run(process.execPath, [join(here, 'fixtures/cjs-app.cjs'), kind], { cwd: pkgDir, timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toEqual({
      status: 200,
      contentType: 'application/fory',
      value: { name: 'Cjs', age: 2 },
      nest: join(pkgDir, 'dist/cjs/index.js'),
      microservices: 'function',
    });
  });
});
