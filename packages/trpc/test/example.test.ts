/** The README's runnable example stays runnable (it starts and stops its own servers). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('examples/http-and-ws.mjs runs and prints the decoded values', async () => {
  const script = fileURLToPath(new URL('../examples/http-and-ws.mjs', import.meta.url));
  // No colours in console.log output, whatever the runner (Nx sets FORCE_COLOR).
  const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 30_000, env });
  expect(stdout.split('\n').filter(Boolean)).toStrictEqual([
    "http: bigint 2024-01-02T00:00:00.000Z Map(2) { 'apple' => 3, 'pear' => undefined } Set(1) { 'express' } 100000",
    "ws:   bigint 2024-01-02T00:00:00.000Z Map(2) { 'apple' => 3, 'pear' => undefined } Set(1) { 'express' } 100000",
    'tick: 0 1970-01-01T00:00:00.000Z',
    'tick: 1 1970-01-01T00:00:01.000Z',
    'tick: 2 1970-01-01T00:00:02.000Z',
    'done',
  ]);
});
