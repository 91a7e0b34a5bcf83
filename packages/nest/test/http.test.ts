/**
 * Real Nest applications on Express and on Fastify, on loopback port 0, called over HTTP with
 * Node's fetch: negotiation, Fory request bodies, out-of-band frames, error statuses.
 */
import { decodeFrames, encodeFrames, outOfBandAbove, type BufferObject } from '@ferry/core';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemType } from '../src/index.js';
import { ADAPTERS, BODY_LIMIT, HttpAppModule, pipeLog, startApp } from './fixtures/http-app.js';
import { Address, Person, Samples, Unregistered, asBody, clientFory, type Samples as SamplesValue } from './fixtures/schemas.js';

const fory = clientFory();
const FORY = 'application/fory';
const FRAMES = 'application/fory-frames';

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

function post(url: string, body: Uint8Array | string, contentType: string, accept = 'application/json'): Promise<Response> {
  return fetch(url, { method: 'POST', body: typeof body === 'string' ? body : asBody(body), headers: { 'content-type': contentType, accept } });
}

describe.each(ADAPTERS)('%s adapter', (kind) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await startApp(kind, HttpAppModule));
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('content negotiation', () => {
    it('answers JSON without an Accept header, with Vary: Accept', async () => {
      const res = await fetch(`${url}/people/7`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('vary')).toMatch(/\bAccept\b/i);
      expect(await res.json()).toEqual({ name: 'Person 7', age: 7 });
    });

    it('answers application/fory when Accept asks for it', async () => {
      const res = await fetch(`${url}/people/7`, { headers: { accept: FORY } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(FORY);
      expect(res.headers.get('vary')).toMatch(/\bAccept\b/i);
      const bytes = await bytesOf(res);
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      const person = fory.deserialize<Record<string, unknown>>(bytes);
      expect({ ...person }).toEqual({ name: 'Person 7', age: 7 });
      expect(person.constructor.name).toBe('Person'); // decoded as the registered struct
    });

    it('follows q-values and specificity', async () => {
      const cases: Array<[string, string]> = [
        ['application/json', 'application/json'],
        ['*/*', 'application/json'],
        ['application/*', 'application/json'],
        [`${FORY};q=0.5, application/json`, 'application/json'],
        [`application/json;q=0.5, ${FORY}`, FORY],
        [`application/json;q=0.5, ${FRAMES}`, FRAMES],
        [`${FORY}, */*;q=0.1`, FORY],
        [`${FORY};q=0`, 'application/json'],
      ];
      for (const [accept, expected] of cases) {
        const res = await fetch(`${url}/people/3`, { headers: { accept } });
        expect(res.status, accept).toBe(200);
        expect(res.headers.get('content-type'), accept).toContain(expected);
        await res.arrayBuffer();
      }
    });

    it('leaves undecorated routes alone when the interceptor is not global', async () => {
      const res = await fetch(`${url}/plain`, { headers: { accept: FORY } });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ name: 'Plain', age: 1 });
    });

    it('injects the shared Fory instance', async () => {
      expect(await (await fetch(`${url}/people/instance`)).json()).toEqual({ shared: true });
    });
  });

  describe('Fory request bodies', () => {
    it('decodes into the registered struct before pipes run, and encodes the typed response', async () => {
      pipeLog.length = 0;
      const res = await post(`${url}/people`, fory.serialize({ name: 'Ada', age: 36 }, Person), FORY, FORY);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(FORY);
      const back = fory.deserialize<Record<string, unknown>>(await bytesOf(res));
      expect({ ...back }).toEqual({ name: 'Ada', age: 37 });
      // The pipe saw the decoded struct, not bytes.
      expect(pipeLog).toHaveLength(1);
      expect(pipeLog[0]).toMatchObject({ name: 'Ada', age: 36 });
      expect((pipeLog[0] as object).constructor.name).toBe('Person');
    });

    it('keeps JSON bodies working on the same route', async () => {
      const res = await post(`${url}/people`, JSON.stringify({ name: 'Bob', age: 20 }), 'application/json');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: 'Bob', age: 21, kind: 'plain' });
    });

    it('lets pipes reject a decoded value as usual', async () => {
      const res = await post(`${url}/people`, fory.serialize({ street: 'Main St', city: 'X' }, Address), FORY);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ statusCode: 400, message: 'person must have a string name and an integer age' });
    });

    it('@FerryBody(Person) rejects another registered struct with a problem body', async () => {
      const ok = await post(`${url}/people/typed`, fory.serialize({ name: 'Cy', age: 5 }, Person), FORY);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ name: 'Cy', age: 5 });
      const res = await post(`${url}/people/typed`, fory.serialize({ street: 'Main St', city: 'X' }, Address), FORY);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        statusCode: 400,
        type: ProblemType.unexpectedType,
        expected: 'example.Person',
        got: 'Address',
      });
    });

    it('decodes in-band dense arrays (at any offset of the body)', async () => {
      for (const label of ['a', 'ab', 'abc', 'abcd']) {
        const values = new Float64Array(1000).map((_, i) => i);
        const res = await post(`${url}/people/samples/sum`, fory.serialize({ label, values }, Samples), FORY);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ label, count: 1000, sum: (999 * 1000) / 2, type: 'Samples', view: false });
      }
    });

    it('decodes dynamic (unregistered) maps as plain objects', async () => {
      const value = { tags: ['a', 'b'], nested: { x: 1, y: 'z' }, n: 2.5 };
      const res = await post(`${url}/people/dynamic`, fory.serialize(value), FORY);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: value, kind: 'plain', nested: 'plain' });
    });
  });

  describe('errors', () => {
    it('answers 400 naming the ForyError code and offset for a malformed body', async () => {
      const bytes = fory.serialize({ name: 'Ada', age: 36 }, Person);
      const res = await post(`${url}/people`, bytes.subarray(0, bytes.length - 2), FORY);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body).toMatchObject({ statusCode: 400, status: 400, type: ProblemType.malformedBody, code: 'TRUNCATED', mediaType: FORY });
      expect(body.offset).toBeTypeOf('number');
      expect(body.detail).toMatch(/Truncated payload/);
      const header = await post(`${url}/people`, new Uint8Array([0x02, 0x00]), FORY);
      expect(header.status).toBe(400);
      expect(await header.json()).toMatchObject({ code: 'INVALID_HEADER', offset: 0 });
    });

    it('ignores the Content-Type of a GET without a body; an empty POST body is malformed', async () => {
      const get = await fetch(`${url}/people/5`, { headers: { 'content-type': FORY } });
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ name: 'Person 5', age: 5 });
      const empty = await post(`${url}/people`, new Uint8Array(0), FORY);
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ code: 'TRUNCATED', offset: 0 });
    });

    it('answers 400 naming an unregistered type', async () => {
      const res = await post(`${url}/people`, fory.serialize({ x: 1 }, Unregistered), FORY);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ statusCode: 400, type: ProblemType.unregisteredType, code: 'TYPE_NOT_REGISTERED', typeName: 'example.Unregistered' });
      expect(body.message).toContain('example.Unregistered');
    });

    it('answers 413 for a body over the limit (Content-Length and chunked)', async () => {
      const big = fory.serialize({ name: 'x'.repeat(BODY_LIMIT + 10), age: 1 }, Person);
      const res = await post(`${url}/people`, big, FORY);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ statusCode: 413, type: ProblemType.bodyTooLarge, limit: BODY_LIMIT });
      // Without Content-Length the limit applies while reading.
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < big.length; i += 16 * 1024) c.enqueue(big.slice(i, i + 16 * 1024));
          c.close();
        },
      });
      const chunked = await fetch(`${url}/people`, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': FORY } } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toMatchObject({ statusCode: 413, type: ProblemType.bodyTooLarge });
      // The server is still fine afterwards.
      expect((await fetch(`${url}/people/1`)).status).toBe(200);
    });

    it('answers 415 for a compressed Fory body', async () => {
      const res = await fetch(`${url}/people`, {
        method: 'POST',
        body: asBody(fory.serialize({ name: 'A', age: 1 }, Person)),
        headers: { 'content-type': FORY, 'content-encoding': 'gzip' },
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ type: ProblemType.unsupportedEncoding });
    });

    it('keeps Nest error responses for handler exceptions, also when Fory was asked for', async () => {
      const missing = await fetch(`${url}/people/missing`, { headers: { accept: FORY } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      expect(missing.headers.get('vary')).toMatch(/\bAccept\b/i);
      expect(await missing.json()).toEqual({ statusCode: 404, message: 'no such person', error: 'Not Found' });
      const boom = await fetch(`${url}/people/boom`, { headers: { accept: FORY } });
      expect(boom.status).toBe(500);
      expect(await boom.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    });
  });

  describe('out-of-band frames', () => {
    it('sends a 64 MiB Float64Array as its own frame part, outside the payload', async () => {
      const n = (64 * 1024 * 1024) / 8;
      const res = await fetch(`${url}/people/samples?n=${n}`, { headers: { accept: FRAMES } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(FRAMES);
      const frame = await bytesOf(res);
      expect(Number(res.headers.get('content-length'))).toBe(frame.length);
      const { payload, buffers } = decodeFrames(frame);
      expect(payload.length).toBeLessThan(256); // the array is not in the payload
      expect(buffers).toHaveLength(1);
      expect(buffers[0]!.byteLength).toBe(n * 8);
      const value = fory.deserialize<SamplesValue>(payload, { buffers });
      expect(value.label).toBe(`samples-${n}`);
      expect(value.values).toBeInstanceOf(Float64Array);
      expect(value.values.length).toBe(n);
      expect(value.values.buffer).toBe(frame.buffer); // a view into the response body: no copy here either
      expect(value.values[1]).toBe(0.5);
      expect(value.values[n - 1]).toBe((n - 1) * 0.5);
    });

    it('sends the same value in-band for application/fory', async () => {
      const n = 1024;
      const res = await fetch(`${url}/people/samples?n=${n}`, { headers: { accept: FORY } });
      const bytes = await bytesOf(res);
      expect(res.headers.get('content-type')).toBe(FORY);
      expect(bytes.length).toBeGreaterThan(n * 8);
      const value = fory.deserialize<SamplesValue>(bytes);
      expect(Array.from(value.values.subarray(0, 3))).toEqual([0, 0.5, 1]);
    });

    it('decodes a frames request body; its out-of-band array is a view into the body', async () => {
      const values = new Float64Array(1 << 20).map((_, i) => i % 7);
      const objects: BufferObject[] = [];
      const keep = outOfBandAbove(1024);
      const payload = fory.serialize({ label: 'upload', values }, Samples, {
        bufferCallback: (o) => (keep(o) ? true : (objects.push(o), false)),
      });
      const frame = encodeFrames(payload, objects.map((o) => o.toBuffer()));
      const res = await post(`${url}/people/samples/sum`, frame, FRAMES);
      expect(res.status).toBe(200);
      let sum = 0;
      for (const v of values) sum += v;
      expect(await res.json()).toEqual({ label: 'upload', count: values.length, sum, type: 'Samples', view: true });
    });

    it('rejects a malformed frame with a problem body', async () => {
      const res = await post(`${url}/people/samples/sum`, new TextEncoder().encode('not a frame'), FRAMES);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_HEADER', mediaType: FRAMES, type: ProblemType.malformedBody });
    });
  });
});
