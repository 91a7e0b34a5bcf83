/**
 * Hostile requests in bulk (docs/security.md): the standalone tRPC HTTP server with the Ferry
 * transformer, on loopback, gets 10,000 malformed, truncated, oversize, hostile and
 * wrong-content-type requests (8 at a time). (tRPC hands `application/octet-stream` and form-data
 * bodies to procedures without any transformer: procedures validate those themselves.) Every one must be answered 4xx with an error the
 * client decodes into a clear message and a code matching the status; the server must still answer
 * a good call afterwards, and its heap after a full GC must not have grown by more than
 * HEAP_GROWTH_BOUND.
 */
import { Fory, Type } from '@ferry/core';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst, garbage, heapAfterGc, nestedLists } from '../../../tools/burst.mjs';
import { ENVELOPE_KEY, type FerryPayload } from '../src/index.js';
import { toBase64Url } from '../src/base64.js';
import { makeRouter, makeTransformer, startHttp, within, type AppRouter, type RunningHttp } from './fixtures.js';

const REQUESTS = 10_000;
const CONCURRENCY = 8;
const MAX_BODY = 64 * 1024;
/** Heap growth allowed across the burst (after a full GC on both sides): no per-request leak. */
const HEAP_GROWTH_BOUND = 16 * 1024 * 1024;

const serverTransformer = makeTransformer();
const clientTransformer = makeTransformer();
let server: RunningHttp;

beforeAll(async () => {
  server = await startHttp(makeRouter(serverTransformer), { maxBodySize: MAX_BODY, recordRequests: false });
});
afterAll(async () => {
  await server?.close();
});

const envelope = (bytes: Uint8Array) => ({ [ENVELOPE_KEY]: toBase64Url(bytes) });
const q = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;
const valid = (clientTransformer.input.serialize({ a: 1n, b: 2n }) as FerryPayload).toBytes();

const deep = new Fory({ limits: { maxDepth: 2000 } }).serialize(nestedLists(1000));
const Thing = Type.struct({ typeName: 'evil.Thing' }, { x: Type.int32() });
const unregistered = new Fory().register(Thing).serialize({ x: 1 }, Thing);

interface BadRequest {
  readonly name: string;
  readonly request: (i: number) => { path: string; init?: RequestInit };
  readonly status: number;
  /** What the decoded error message must say. */
  readonly message: RegExp;
}

const post = (path: string, body: string, contentType = 'application/json') => ({ path, init: { method: 'POST', body, headers: { 'content-type': contentType } } });

const BAD: BadRequest[] = [
  { name: 'input not JSON', request: () => ({ path: 'add?input=%7Bnot-json' }), status: 400, message: /JSON|Unexpected|parse/i },
  { name: 'not an envelope', request: () => ({ path: `add?${q({ json: { a: 1 } })}` }), status: 400, message: /Malformed Ferry input: expected exactly one property "\$ferry"/ },
  { name: 'not base64url', request: () => ({ path: `add?${q({ [ENVELOPE_KEY]: '%%%' })}` }), status: 400, message: /not base64url/ },
  { name: 'truncated payload', request: () => ({ path: `add?${q(envelope(valid.subarray(0, valid.length - 3)))}` }), status: 400, message: /does not decode \(TRUNCATED/ },
  { name: 'garbage payload', request: (i) => ({ path: `add?${q(envelope(garbage(i, 40)))}` }), status: 400, message: /Malformed Ferry input: the payload does not decode/ },
  { name: 'nesting 1000 deep', request: () => ({ path: `add?${q(envelope(deep))}` }), status: 400, message: /LIMIT_EXCEEDED: Limit maxDepth exceeded/ },
  { name: 'a list declaring 2^32-1 elements', request: () => ({ path: `add?${q(envelope(new Uint8Array([1, 0xff, 0x16, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x08, 0x07])))}` }), status: 400, message: /maxCollectionSize/ },
  { name: 'a frame with 2^32-1 parts', request: () => ({ path: `add?${q(envelope(new Uint8Array([0x46, 0x59, 0x46, 0x52, 0xff, 0xff, 0xff, 0xff])))}` }), status: 400, message: /LIMIT_EXCEEDED: Limit maxParts exceeded/ },
  { name: 'mutation body not JSON', request: () => post('store', '{"$ferry":'), status: 400, message: /JSON|Unexpected|parse/i },
  { name: 'mutation body oversize', request: () => post('store', JSON.stringify({ [ENVELOPE_KEY]: 'A'.repeat(MAX_BODY + 10) })), status: 413, message: /./ },
  { name: 'mutation body as text/plain', request: () => post('store', JSON.stringify(envelope(valid)), 'text/plain'), status: 415, message: /./ },
  { name: 'an unregistered struct', request: () => post('store', JSON.stringify(envelope(unregistered))), status: 400, message: /TYPE_NOT_REGISTERED: Type not registered: NAMED_COMPATIBLE_STRUCT evil\.Thing/ },
  { name: 'batch with one bad input', request: () => ({ path: `add,add?batch=1&${q({ 0: envelope(valid), 1: { [ENVELOPE_KEY]: '!' } })}` }), status: 400, message: /not base64url/ },
];

interface ErrorShape {
  message: string;
  data: { code: string; httpStatus: number };
}

async function send(i: number): Promise<{ status: number; problem: string | null }> {
  const bad = BAD[i % BAD.length]!;
  const { path, init } = bad.request(i);
  const res = await fetch(`${server.url}/${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== bad.status) return { status: res.status, problem: `${bad.name}: status ${res.status}, expected ${bad.status}: ${text.slice(0, 200)}` };
  let errors: ErrorShape[];
  try {
    const body = JSON.parse(text) as { error?: unknown } | Array<{ error?: unknown }>;
    errors = (Array.isArray(body) ? body : [body]).map((b) => clientTransformer.output.deserialize(b.error) as ErrorShape);
  } catch (err) {
    return { status: res.status, problem: `${bad.name}: body does not decode (${(err as Error).message}): ${text.slice(0, 200)}` };
  }
  for (const e of errors) {
    if (e.data.httpStatus !== bad.status) return { status: res.status, problem: `${bad.name}: error says ${e.data.httpStatus}` };
    if (!bad.message.test(e.message)) return { status: res.status, problem: `${bad.name}: message ${JSON.stringify(e.message)} does not match ${bad.message}` };
  }
  return { status: res.status, problem: null };
}

describe('the HTTP server under a burst of hostile requests', () => {
  it(`answers ${REQUESTS} hostile requests 4xx with clear, decodable errors, stays up, and keeps its heap`, async () => {
    await burst(500, CONCURRENCY, send); // warm-up: JIT, connection pool
    const before = heapAfterGc();
    const result = await burst(REQUESTS, CONCURRENCY, send);
    const growth = heapAfterGc() - before;
    console.log(`trpc: ${JSON.stringify(result.statuses)}; heap growth after GC ${(growth / 1024 / 1024).toFixed(2)} MiB`);
    expect(result.failures).toEqual([]);
    expect(result.sent).toBe(REQUESTS);
    expect(Object.keys(result.statuses).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
    // Still serving.
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: server.url, transformer: clientTransformer })] });
    expect(await within(client.add.query({ a: 2n ** 64n, b: 1n }))).toBe(2n ** 64n + 1n);
  }, 300_000);
});
