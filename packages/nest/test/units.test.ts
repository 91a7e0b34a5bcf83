/** Unit tests: negotiation, the streamed frame layout, the codec, the microservice envelope and framing. */
import { Fory, Type, decodeFrames, encodeFrames, typed } from '@ferry/core';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { buffer as streamToBuffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { frameChunks } from '@ferry/core';
import { FerryCodec, negotiate, readBody } from '../src/index.js';
import { foryMediaType, varyWith } from '../src/negotiation.js';
import { FerryDeserializer, FerrySerializer, FerryTcpSocket } from '../src/microservices/index.js';
import { Person, Samples } from './fixtures/schemas.js';

describe('negotiate', () => {
  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['application/json', 'json'],
    ['*/*', 'json'],
    ['text/html', 'json'],
    ['application/fory', 'fory'],
    ['APPLICATION/FORY', 'fory'],
    ['application/fory-frames', 'frames'],
    ['application/fory-frames, application/fory', 'frames'],
    ['application/fory, application/fory-frames', 'fory'],
    ['application/fory;q=0.4, application/fory-frames;q=0.5', 'frames'],
    ['application/fory;q=0.9, application/json', 'json'],
    ['application/json;q=0.9, application/fory', 'fory'],
    ['application/fory;q=0', 'json'],
    ['application/fory, */*;q=0.1', 'fory'],
    ['application/*;q=0.5, application/fory;q=0.2', 'json'],
    ['text/html, application/fory;q=0.8, */*;q=0.5', 'fory'],
    ['application/fory; charset=x; q=1', 'fory'],
    ['garbage, application/fory', 'fory'],
  ] as const)('%j → %s', (accept, expected) => {
    expect(negotiate(accept)).toBe(expected);
  });

  it('reads Fory content types by their essence', () => {
    expect(foryMediaType('application/fory')).toBe('application/fory');
    expect(foryMediaType('Application/Fory; version=1')).toBe('application/fory');
    expect(foryMediaType('application/fory-frames')).toBe('application/fory-frames');
    expect(foryMediaType('application/foryx')).toBeUndefined();
    expect(foryMediaType(undefined)).toBeUndefined();
  });

  it('adds Accept to Vary once', () => {
    expect(varyWith(undefined, 'Accept')).toBe('Accept');
    expect(varyWith('Origin', 'Accept')).toBe('Origin, Accept');
    expect(varyWith('origin, accept', 'Accept')).toBeUndefined();
    expect(varyWith('*', 'Accept')).toBeUndefined();
  });
});

describe('frameChunks', () => {
  const sizes = [0, 1, 7, 8, 9, 100];
  it('concatenates to exactly what encodeFrames writes', () => {
    for (const p of sizes) {
      for (const lens of [[], [0], [3], [8, 13], [1, 0, 17]]) {
        const payload = new Uint8Array(p).map((_, i) => i + 1);
        const buffers = lens.map((n, k) => new Uint8Array(n).map((_, i) => 200 - i - k));
        const { length, chunks } = frameChunks(payload, buffers);
        const joined = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
        expect(new Uint8Array(joined)).toEqual(encodeFrames(payload, buffers));
        expect(length).toBe(joined.length);
      }
    }
  });

  it('references the parts instead of copying them', () => {
    const big = new Uint8Array(1024);
    const { chunks } = frameChunks(new Uint8Array(3), [big]);
    expect(chunks.some((c) => c === big)).toBe(true);
  });
});

describe('FerryCodec', () => {
  const fory = new Fory({ maps: 'object' }).register(Samples, Person);
  const codec = new FerryCodec(fory, { outOfBandAbove: 1024 });

  it('encodes frames whose out-of-band parts share memory with the value (no copy)', async () => {
    const values = new Float64Array(10_000).map((_, i) => i);
    const body = codec.encode({ label: 'x', values }, 'frames', Samples);
    expect(body.mediaType).toBe('application/fory-frames');
    expect(body.buffers).toHaveLength(1);
    expect(body.buffers[0]!.buffer).toBe(values.buffer);
    expect(body.payload.length).toBeLessThan(64);
    const streamed = new Uint8Array(await streamToBuffer(body.stream()));
    expect(streamed).toEqual(encodeFrames(body.payload, body.buffers));
    expect(streamed.length).toBe(body.length);
    const back = codec.decode(streamed, 'application/fory-frames') as { values: Float64Array };
    expect(back.values).toEqual(values);
  });

  it('keeps small buffers in-band and encodes application/fory whole', async () => {
    const small = codec.encode({ label: 'x', values: new Float64Array(4) }, 'frames', Samples);
    expect(small.buffers).toHaveLength(0);
    const inBand = codec.encode({ name: 'A', age: 1 }, 'fory', Person);
    expect(new Uint8Array(await streamToBuffer(inBand.stream()))).toEqual(inBand.payload);
  });

  it('maps decoder failures to 400 problems and leaves other errors alone', () => {
    try {
      codec.decode(new Uint8Array([0x02]), 'application/fory');
      expect.unreachable();
    } catch (e) {
      const r = (e as { getStatus(): number; getResponse(): Record<string, unknown> });
      expect(r.getStatus()).toBe(400);
      expect(r.getResponse()).toMatchObject({ code: 'INVALID_HEADER', offset: 0, status: 400 });
    }
  });

  it('validates its options', () => {
    expect(() => new FerryCodec(fory, { bodyLimit: -1 })).toThrow(RangeError);
    expect(new FerryCodec(fory, { bodyLimit: 10 }).options.framesBodyLimit).toBe(10);
  });
});

describe('readBody', () => {
  it('joins chunks into one aligned buffer', async () => {
    const s = new PassThrough();
    const p = readBody(s, {}, 100, 'application/fory');
    s.write(Buffer.from([1, 2, 3]));
    s.end(Buffer.from([4]));
    const out = await p;
    expect([...out]).toEqual([1, 2, 3, 4]);
    expect(out.byteOffset % 8).toBe(0);
  });

  it('rejects with 413 past the limit and keeps draining', async () => {
    const s = new PassThrough();
    const p = readBody(s, {}, 4, 'application/fory');
    s.write(Buffer.alloc(5));
    await expect(p).rejects.toMatchObject({ status: 413 });
    s.end(Buffer.alloc(1000));
    await once(s, 'end');
  });

  it('rejects at once when Content-Length is over the limit', async () => {
    const s = new PassThrough();
    await expect(readBody(s, { 'content-length': '5' }, 4, 'application/fory')).rejects.toMatchObject({ status: 413 });
    s.end();
  });

  it('rejects with 400 when the stream is destroyed mid-body', async () => {
    const s = new PassThrough();
    const p = readBody(s, {}, 100, 'application/fory');
    s.write(Buffer.alloc(3));
    s.destroy(new Error('aborted'));
    await expect(p).rejects.toMatchObject({ status: 400 });
  });
});

describe('FerrySerializer / FerryDeserializer', () => {
  const fory = new Fory({ maps: 'object' }).register(Person);

  it('round-trips requests and responses, leaving out undefined entries as JSON does', () => {
    const ser = new FerrySerializer(fory);
    const de = new FerryDeserializer(fory);
    const req = de.deserialize(ser.serialize({ pattern: { cmd: 'x', n: 1 }, data: typed(Person, { name: 'A', age: 2 }), id: 'id-1' }));
    expect(req.pattern).toEqual({ cmd: 'x', n: 1 });
    expect(req.id).toBe('id-1');
    expect({ ...req.data }).toEqual({ name: 'A', age: 2 });
    const res = de.deserialize(ser.serialize({ id: 'id-1', response: undefined, isDisposed: true }));
    expect(res).toEqual({ id: 'id-1', isDisposed: true });
    expect('response' in res).toBe(false);
  });

  it('turns Error instances into plain objects', () => {
    const ser = new FerrySerializer(fory);
    const de = new FerryDeserializer(fory);
    const res = de.deserialize(ser.serialize({ id: '1', err: new TypeError('bad') }));
    expect(res.err).toEqual({ name: 'TypeError', message: 'bad' });
  });

  it('speaks base64 and accepts the JSON form of a Buffer', () => {
    const ser = new FerrySerializer(fory, { encoding: 'base64' });
    const de = new FerryDeserializer(fory);
    const text = ser.serialize({ pattern: 'p', data: [1, 'two'] });
    expect(typeof text).toBe('string');
    expect(de.deserialize(text)).toEqual({ pattern: 'p', data: [1, 'two'] });
    const json = JSON.parse(JSON.stringify(new FerrySerializer(fory).serialize({ pattern: 'p', data: 3 })));
    expect(de.deserialize(json)).toEqual({ pattern: 'p', data: 3 });
  });

  it('works with an instance that decodes maps as Map', () => {
    const mapFory = new Fory();
    const de = new FerryDeserializer(mapFory);
    const got = de.deserialize(new FerrySerializer(mapFory).serialize({ pattern: 'p', data: { a: 1 } }));
    expect(got.pattern).toBe('p');
    expect(got.data).toEqual(new Map([['a', 1]]));
  });

  it('throws for requests it cannot encode, answers an error for responses', () => {
    const ser = new FerrySerializer(fory);
    const de = new FerryDeserializer(fory);
    expect(() => ser.serialize({ pattern: 'p', data: Symbol('x') })).toThrow();
    const res = de.deserialize(ser.serialize({ id: '7', response: Symbol('x') }));
    expect(res).toMatchObject({ id: '7', isDisposed: true, err: { status: 'error' } });
  });
});

describe('FerryTcpSocket', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.destroy());
    if (server) await new Promise((r) => server!.close(r));
    server = undefined;
  });

  async function pair(socketClass: typeof FerryTcpSocket = FerryTcpSocket) {
    const accepted = new Promise<Socket>((resolve) => {
      server = createServer((s) => {
        sockets.push(s);
        resolve(s);
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server!.address() as { port: number }).port;
    const raw = createConnection(port, '127.0.0.1');
    sockets.push(raw);
    await once(raw, 'connect');
    const framed = new socketClass(await accepted);
    const messages: Buffer[] = [];
    framed.on('message', (m: unknown) => messages.push(m as Buffer));
    return { raw, framed, messages };
  }

  const frame = (body: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (body.length >>> (24 - 8 * i)) & 0xff)), body]);

  it('reassembles messages split across reads and splits pipelined ones', async () => {
    const { raw, messages } = await pair();
    const a = Buffer.from('hello');
    const b = Buffer.alloc(70_000, 7);
    const c = Buffer.alloc(0);
    const wire = Buffer.concat([frame(a), frame(b), frame(c)]);
    for (let i = 0; i < wire.length; i += 3333) {
      raw.write(wire.subarray(i, i + 3333));
      await new Promise((r) => setTimeout(r, 1));
    }
    await expect.poll(() => messages.length, { timeout: 10_000 }).toBe(3);
    expect(messages[0]!.toString()).toBe('hello');
    expect(messages[1]!.equals(b)).toBe(true);
    expect(messages[2]!.length).toBe(0);
  });

  it('sends length-prefixed bytes', async () => {
    const { raw, framed } = await pair();
    const got: Buffer[] = [];
    raw.on('data', (d: Buffer) => got.push(d));
    framed.sendMessage(Buffer.from('abc'));
    await expect.poll(() => Buffer.concat(got).length, { timeout: 10_000 }).toBe(7);
    expect([...Buffer.concat(got)]).toEqual([0, 0, 0, 3, 0x61, 0x62, 0x63]);
  });

  it('drops a peer that announces a message over maxMessageBytes', async () => {
    const { raw, framed } = await pair(FerryTcpSocket.configure({ maxMessageBytes: 10 }));
    const errors: unknown[] = [];
    framed.on('error', (e) => errors.push(e));
    raw.write(frame(Buffer.alloc(11)));
    await once(raw, 'close');
    expect(String(errors[0])).toMatch(/maxMessageBytes/);
  });

  it('drops a peer that goes silent mid-message', async () => {
    const { raw, framed } = await pair(FerryTcpSocket.configure({ incompleteMessageTimeout: 50 }));
    framed.on('error', () => undefined);
    raw.write(frame(Buffer.alloc(100)).subarray(0, 20));
    await once(raw, 'close');
  });
});
