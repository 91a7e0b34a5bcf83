/**
 * The built package (the `test` target runs after `build`): ESM and CommonJS entry points, and
 * the two builds interoperating (a payload made by one copy is recognised by the other).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('@ferry/trpc build', () => {
  it('ESM and CommonJS entry points export the same API', async () => {
    const esm = (await import('@ferry/trpc')) as Record<string, unknown>;
    const cjs = require('@ferry/trpc') as Record<string, unknown>;
    for (const name of ['ferryTransformer', 'ferryWsEncoder', 'withSchema', 'defaultFory', 'FerryPayload', 'parseEnvelope', 'isFerryPayload', 'ENVELOPE_KEY']) {
      expect(esm[name], `esm ${name}`).toBeDefined();
      expect(cjs[name], `cjs ${name}`).toBeDefined();
    }
  });

  it('a websocket frame from the CJS build decodes with the ESM build, payloads included', async () => {
    const esm = await import('@ferry/trpc');
    const cjs = require('@ferry/trpc') as typeof esm;
    const t1 = cjs.ferryTransformer();
    const t2 = esm.ferryTransformer();
    const frame = cjs.ferryWsEncoder().encode({ id: 1, result: { type: 'data', data: t1.output.serialize(new Map([[1n, new Date(5)]])) } });
    const msg = esm.ferryWsEncoder().decode(frame) as { result: { data: unknown } };
    expect(esm.isFerryPayload(msg.result.data)).toBe(true);
    expect(t2.output.deserialize(msg.result.data)).toStrictEqual(new Map([[1n, new Date(5)]]));
  });

  it('the browser-facing ESM build refers to no Node module and no unguarded Node global', () => {
    const files = readdirSync(join(dist, 'esm')).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const src = readFileSync(join(dist, 'esm', f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(src, f).not.toMatch(/from ['"]node:|require\(|process\./);
      // Buffer is only reached through `globalThis` after a feature check (base64 fast path).
      expect(src.replace(/host\.Buffer|NodeBuffer/g, ''), f).not.toMatch(/\bBuffer\b/);
    }
  });
});
