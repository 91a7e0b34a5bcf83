/**
 * @ferry/core in a real browser: headless Debian Chromium (installed by .ci/run) loads the built
 * ESM files as-is, encodes a set of values and must produce exactly the bytes Node produces, and
 * decode Node's bytes back to equal values.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import * as core from '../src/index.js';
import { hex } from './helpers.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/esm');
const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the same values in Node and in the page (its source is sent to the browser). */
function buildValues(m: typeof core): Array<[string, unknown, core.TypeSpec | undefined]> {
  const { Type, typed, Decimal, Duration, LocalDate, Timestamp, BoolArray, Float16Array } = m;
  const cyclic: unknown[] = ['self'];
  cyclic.push(cyclic);
  return [
    ['scalars', [true, 0, -1, 2 ** 40, 1.5, NaN, -0, Infinity, 2n ** 63n - 1n, 2n ** 64n - 1n], undefined],
    ['strings', ['', 'hello', 'héllo', '你好', 'a😀', 'lone \ud800', 'x'.repeat(5000)], undefined],
    ['map', new Map<unknown, unknown>([['a', 1], [2, 'b'], ['n', null], [null, 3]]), undefined],
    ['object', { name: 'Zoë', nested: { list: [1, 'a', null], set: new Set([1, 2]) } }, undefined],
    ['binary', new Uint8Array([0, 1, 254, 255]), undefined],
    ['arrays', [new Int16Array([1, -2]), new Float32Array([1.5]), new BigInt64Array([-1n]), new BoolArray([true]), new Float16Array([0.5])], undefined],
    ['temporal', [new Date(1700000000123), new Timestamp(1n, 5), LocalDate.of(2024, 2, 29), new Duration(-2, 500000000), Decimal.parse('-12345678901234567890.125')], undefined],
    ['typed', [typed(Type.int8(), -5), typed(Type.uint64({ encoding: 'tagged' }), 2 ** 31), typed(Type.bfloat16(), 1.5)], undefined],
    ['typed list', [1, 2, 3], Type.list(Type.int32({ encoding: 'fixed' }))],
    ['cycle', cyclic, undefined],
  ];
}

/** Runs under the CSP page: registers a struct and round-trips it, reporting through the DOM. */
const CSP_PROBE = `
import { Fory, Type } from '/core/index.js';
let evalBlocked = false;
try { new Function('return 1')(); } catch { evalBlocked = true; }
const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });
const fory = new Fory().register(Person);
const bytes = fory.serialize({ name: 'Bob', age: 25 }, Person);
const back = fory.deserialize(bytes);
document.title = JSON.stringify({ evalBlocked, hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''), back });
`;

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>ferry</title>');
      return;
    }
    if (url.pathname === '/csp') {
      // No 'unsafe-eval': `new Function` throws, so struct serializers must fall back to the interpreter.
      res
        .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "script-src 'self'" })
        .end('<!doctype html><title>ferry csp</title><script type="module" src="/core/csp-probe.js"></script>');
      return;
    }
    if (url.pathname === '/core/csp-probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(CSP_PROBE);
      return;
    }
    const file = normalize(join(DIST, url.pathname.replace(/^\/core\//, '')));
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe('@ferry/core in Chromium', () => {
  it('encodes byte-identically to Node and decodes Node bytes', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(origin + '/');
    const fory = new core.Fory({ ref: true });
    const nodeCases = buildValues(core).map(([name, value, type]) => [name, hex(type ? fory.serialize(value as never, type) : fory.serialize(value))]);
    // Sent as source text: the test runner must not rewrite the page's dynamic import().
    const script = `(async () => {
      const m = await import(${JSON.stringify(`${origin}/core/index.js`)});
      const build = (${buildValues.toString()});
      const nodeHex = ${JSON.stringify(nodeCases)};
      const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      const fromHex = (s) => new Uint8Array(s.match(/../g).map((x) => parseInt(x, 16)));
      const f = new m.Fory({ ref: true });
      const encoded = build(m).map(([name, value, type]) => [name, toHex(type ? f.serialize(value, type) : f.serialize(value))]);
      // Decode Node's bytes in the browser and re-encode: a full round trip across environments.
      const reencoded = nodeHex.map(([name, h]) => [name, toHex(f.serialize(f.deserialize(fromHex(h))))]);
      return { encoded, reencoded, hasProcess: typeof globalThis.process, hasBuffer: typeof globalThis.Buffer };
    })()`;
    const result = (await page.evaluate(script)) as {
      encoded: string[][];
      reencoded: string[][];
      hasProcess: string;
      hasBuffer: string;
    };
    expect(errors).toEqual([]);
    expect(result.hasProcess).toBe('undefined');
    expect(result.hasBuffer).toBe('undefined');
    expect(result.encoded).toEqual(nodeCases);
    // Node's own decode → re-encode gives the reference for the browser's.
    const nodeReencoded = nodeCases.map(([name, h]) => [name, hex(fory.serialize(fory.deserialize(Uint8Array.from(Buffer.from(h!, 'hex')))))]);
    expect(result.reencoded).toEqual(nodeReencoded);
    await page.close();
  });

  it('falls back to the interpreted struct path under a CSP without unsafe-eval, with identical bytes', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(origin + '/csp');
    await page.waitForFunction(() => document.title.startsWith('{'), undefined, { timeout: 10_000 });
    const result = JSON.parse(await page.title()) as { evalBlocked: boolean; hex: string; back: unknown };
    expect(errors).toEqual([]);
    expect(result.evalBlocked).toBe(true);
    const Person = core.Type.struct({ typeName: 'example.Person' }, { name: core.Type.string(), age: core.Type.int32() });
    const node = new core.Fory().register(Person);
    expect(result.hex).toBe(hex(node.serialize({ name: 'Bob', age: 25 }, Person)));
    expect(result.back).toEqual({ name: 'Bob', age: 25 });
    await page.close();
  });
});
