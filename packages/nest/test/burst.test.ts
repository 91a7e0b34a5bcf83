/**
 * Hostile requests in bulk (docs/security.md): a real Nest application on Express and on Fastify,
 * on loopback, gets 10,000 malformed, truncated, oversize, hostile and wrong-content-type requests
 * (8 at a time). Every one must be answered 4xx with a JSON body that says what is wrong; the
 * server must still serve a good request afterwards, and its heap after a full GC must not have
 * grown by more than HEAP_GROWTH_BOUND.
 */
import { Fory } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { burst, garbage, heapAfterGc, nestedLists } from '../../../tools/burst.mjs';
import { ProblemType } from '../src/index.js';
import { ADAPTERS, BODY_LIMIT, HttpAppModule, useApp, type AdapterKind } from './fixtures/http-app.js';
import { Person, Unregistered, asBody, clientFory } from './fixtures/schemas.js';

const REQUESTS = 10_000;
const CONCURRENCY = 8;
/** Heap growth allowed across the burst (after a full GC on both sides): no per-request leak. */
const HEAP_GROWTH_BOUND = 16 * 1024 * 1024;
const FORY = 'application/fory';
const FRAMES = 'application/fory-frames';

const fory = clientFory();

interface BadRequest {
  readonly name: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: (i: number) => Uint8Array;
  readonly headers?: Record<string, string>;
  /** The status each adapter must answer. */
  readonly status: Record<AdapterKind, number>;
  /** Fields the JSON body must have (beyond a non-empty `message`). */
  readonly expect?: Record<string, unknown>;
}

const both = (status: number): Record<AdapterKind, number> => ({ express: status, fastify: status });

const person = fory.serialize({ name: 'Ada', age: 36 }, Person);
const deep = new Fory({ limits: { maxDepth: 2000 } }).serialize(nestedLists(1000));
const unregistered = fory.serialize({ x: 1 }, Unregistered);
const oversize = fory.serialize({ name: 'x'.repeat(BODY_LIMIT + 100), age: 1 }, Person);
const encoder = new TextEncoder();
/**
 * Zero-width bomb: 2,000 lists of 50,000 NONE (no bytes per element) plus 50,000 bytes of padding,
 * so each list passes its own "one byte per element" check: 100 M element slots from 60 KB without
 * a payload-wide bound. The module derives maxPayloadElements from bodyLimit.
 */
function zeroWidthBomb(): Uint8Array {
  const head = [0x01, 0xff, 0x16, 0xd0, 0x0f, 0x08, 0x16]; // a list of 2,000 lists
  for (let i = 0; i < 2000; i++) head.push(0xd0, 0x86, 0x03, 0x08, 0x24); // 50,000 × NONE
  const out = new Uint8Array(head.length + 50_000);
  out.set(head);
  return out;
}
const bomb = zeroWidthBomb();

const BAD: BadRequest[] = [
  { name: 'truncated', path: 'people', contentType: FORY, body: () => person.subarray(0, person.length - 2), status: both(400), expect: { code: 'TRUNCATED', type: ProblemType.malformedBody } },
  { name: 'garbage', path: 'people', contentType: FORY, body: (i) => garbage(i, 48), status: both(400) },
  { name: 'native-mode header', path: 'people', contentType: FORY, body: () => new Uint8Array([0x02, 0xff, 0x07, 0x02]), status: both(400), expect: { code: 'INVALID_HEADER' } },
  { name: 'nesting 1000 deep', path: 'people', contentType: FORY, body: () => deep, status: both(400), expect: { code: 'LIMIT_EXCEEDED', limit: 'maxDepth' } },
  { name: 'a list declaring 2^32-1 elements', path: 'people', contentType: FORY, body: () => new Uint8Array([0x01, 0xff, 0x16, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x08, 0x07]), status: both(400), expect: { code: 'LIMIT_EXCEEDED', limit: 'maxCollectionSize' } },
  { name: 'zero-width element bomb', path: 'people', contentType: FORY, body: () => bomb, status: both(400), expect: { code: 'LIMIT_EXCEEDED', limit: 'maxPayloadElements', max: BODY_LIMIT } },
  { name: 'an unregistered type', path: 'people', contentType: FORY, body: () => unregistered, status: both(400), expect: { code: 'TYPE_NOT_REGISTERED', type: ProblemType.unregisteredType } },
  { name: 'oversize', path: 'people', contentType: FORY, body: () => oversize, status: both(413), expect: { type: ProblemType.bodyTooLarge } },
  { name: 'empty', path: 'people', contentType: FORY, body: () => new Uint8Array(0), status: both(400), expect: { code: 'TRUNCATED' } },
  { name: 'gzip-encoded', path: 'people', contentType: FORY, headers: { 'content-encoding': 'gzip' }, body: () => person, status: both(415), expect: { type: ProblemType.unsupportedEncoding } },
  { name: 'Fory bytes sent as JSON', path: 'people', contentType: 'application/json', body: () => person, status: both(400) },
  // Express has no parser for text/plain (the pipe sees no person); Fastify's reads it as UTF-8 and finds the length wrong.
  { name: 'Fory bytes sent as text/plain', path: 'people', contentType: 'text/plain', body: () => person, status: both(400) },
  { name: 'not a frame', path: 'people/samples/sum', contentType: FRAMES, body: () => encoder.encode('not a frame at all'), status: both(400), expect: { code: 'INVALID_HEADER' } },
  { name: 'a frame with 2^32-1 parts', path: 'people/samples/sum', contentType: FRAMES, body: () => new Uint8Array([0x46, 0x59, 0x46, 0x52, 0xff, 0xff, 0xff, 0xff]), status: both(400), expect: { code: 'LIMIT_EXCEEDED' } },
];

describe.each(ADAPTERS)('%s adapter under a burst of hostile requests', (kind) => {
  const appUrl = useApp(kind, HttpAppModule);

  const send = async (i: number) => {
    const bad = BAD[i % BAD.length]!;
    const res = await fetch(`${appUrl()}/${bad.path}`, {
      method: 'POST',
      body: asBody(bad.body(i)),
      headers: { 'content-type': bad.contentType, ...bad.headers },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const want = bad.status[kind];
    if (res.status !== want) return { status: res.status, problem: `${bad.name}: status ${res.status}, expected ${want}: ${text.slice(0, 200)}` };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { status: res.status, problem: `${bad.name}: body is not JSON: ${text.slice(0, 200)}` };
    }
    if (typeof body.message !== 'string' || body.message.length === 0) return { status: res.status, problem: `${bad.name}: no message in ${text.slice(0, 200)}` };
    for (const [k, v] of Object.entries(bad.expect ?? {})) {
      if (body[k] !== v) return { status: res.status, problem: `${bad.name}: ${k} is ${String(body[k])}, expected ${String(v)}` };
    }
    return { status: res.status, problem: null };
  };

  it(`answers ${REQUESTS} hostile requests 4xx with clear JSON bodies, stays up, and keeps its heap`, async () => {
    await burst(500, CONCURRENCY, send); // warm-up: JIT, connection pool, lazily built serializers
    const before = heapAfterGc();
    const result = await burst(REQUESTS, CONCURRENCY, send);
    const growth = heapAfterGc() - before;
    console.log(`${kind}: ${JSON.stringify(result.statuses)}; heap growth after GC ${(growth / 1024 / 1024).toFixed(2)} MiB`);
    expect(result.failures).toEqual([]);
    expect(result.sent).toBe(REQUESTS);
    expect(Object.keys(result.statuses).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
    // Still serving.
    const ok = await fetch(`${appUrl()}/people`, { method: 'POST', body: asBody(person), headers: { 'content-type': FORY, accept: 'application/json' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name: 'Ada', age: 37, kind: 'Person' });
  }, 300_000);
});
