/**
 * Opt-in payload capture: a real Nest app (Express and Fastify) with `capture` set hands the hook
 * exactly the bytes that crossed the wire — request bodies before decoding, responses as encoded —
 * labelled `METHOD /path`; the microservice serializer and deserializer capture each user payload.
 */
import { Fory, decodeFrames, type PayloadCapture } from '@ferry/core';
import { Body, Controller, Get, HttpCode, Module, Post, Query, type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryBody, FerryModule, FerryResponse } from '../src/index.js';
import { FerryDeserializer, FerrySerializer } from '../src/microservices/index.js';
import { ADAPTERS, startApp } from './fixtures/http-app.js';
import { Person, Samples, asBody, clientFory, type Person as PersonValue } from './fixtures/schemas.js';

/** Captures keep copies: the hook contract says the bytes may be reused after the call. */
const captured: PayloadCapture[] = [];
function record(capture: PayloadCapture): void {
  // Uint8Array.from: plain copies (Node hands Buffers), so they compare equal to Uint8Arrays.
  captured.push({ ...capture, bytes: Uint8Array.from(capture.bytes), ...(capture.buffers ? { buffers: capture.buffers.map((b) => Uint8Array.from(b)) } : {}) });
}

@Controller('capture')
@FerryResponse()
class CaptureController {
  @Post('birthday')
  @HttpCode(200)
  @FerryResponse(Person)
  birthday(@FerryBody(Person) person: PersonValue) {
    return { name: person.name, age: person.age + 1 };
  }

  @Post('raw')
  @HttpCode(200)
  raw(@Body() body: unknown) {
    return { ok: body !== undefined };
  }

  @Get('samples')
  @FerryResponse(Samples)
  samples(@Query('n') n: string) {
    return { label: 'big', values: new Float64Array(Number(n)).fill(1.5) };
  }
}

@Module({
  imports: [FerryModule.forRoot({ types: [Person, Samples], capture: record, outOfBandAbove: 1024 })],
  controllers: [CaptureController],
})
class CaptureAppModule {}

const fory = clientFory();

describe.each(ADAPTERS)('%s adapter', (kind) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await startApp(kind, CaptureAppModule));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('captures the request body as received and the response as encoded', async () => {
    captured.length = 0;
    const sent = fory.serialize({ name: 'Ann', age: 41 }, Person);
    const res = await fetch(`${url}/capture/birthday?secret=1`, {
      method: 'POST',
      body: asBody(sent),
      headers: { 'content-type': 'application/fory', accept: 'application/fory' },
    });
    expect(res.status).toBe(200);
    const answer = new Uint8Array(await res.arrayBuffer());
    expect(captured.map((c) => [c.source, c.direction, c.label, c.format, c.meta?.['contentType']])).toEqual([
      ['nest', 'decode', 'POST /capture/birthday', 'fory', 'application/fory'],
      ['nest', 'encode', 'POST /capture/birthday', 'fory', 'application/fory'],
    ]);
    expect(captured[0]!.bytes).toEqual(sent);
    expect(captured[1]!.bytes).toEqual(answer);
    expect({ ...fory.deserialize<PersonValue>(captured[1]!.bytes) }).toEqual({ name: 'Ann', age: 42 });
    expect(typeof captured[0]!.time).toBe('number');
  });

  it('captures a request body that fails to decode, with its exact bytes', async () => {
    captured.length = 0;
    const garbage = new Uint8Array([0x02, 0xff, 0xff, 0xff, 0x7f]);
    const res = await fetch(`${url}/capture/raw`, { method: 'POST', body: asBody(garbage), headers: { 'content-type': 'application/fory' } });
    expect(res.status).toBe(400);
    await res.arrayBuffer();
    expect(captured).toHaveLength(1);
    expect(captured[0]!.bytes).toEqual(garbage);
    expect(captured[0]!.label).toBe('POST /capture/raw');
  });

  it('captures a frames response as its payload plus the out-of-band buffers', async () => {
    captured.length = 0;
    const res = await fetch(`${url}/capture/samples?n=4096`, { headers: { accept: 'application/fory-frames' } });
    expect(res.status).toBe(200);
    const { payload, buffers } = decodeFrames(new Uint8Array(await res.arrayBuffer()));
    expect(captured).toHaveLength(1);
    const [c] = captured;
    expect(c!.label).toBe('GET /capture/samples');
    expect(c!.meta?.['contentType']).toBe('application/fory-frames');
    expect(c!.bytes).toEqual(Uint8Array.from(payload));
    expect(c!.buffers).toHaveLength(1);
    expect(c!.buffers![0]).toEqual(Uint8Array.from(buffers[0]!));
    expect(c!.buffers![0]!.byteLength).toBe(4096 * 8);
  });

  it('JSON requests and responses are not captured', async () => {
    captured.length = 0;
    const res = await fetch(`${url}/capture/raw`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await res.json()).toEqual({ ok: true });
    expect(captured).toEqual([]);
  });
});

describe('microservice serializer and deserializer', () => {
  it('capture each user payload with the pattern (requests) or the request id (replies)', () => {
    const seen: PayloadCapture[] = [];
    const hook = (c: PayloadCapture) => void seen.push({ ...c, bytes: Uint8Array.from(c.bytes) });
    const userFory = new Fory({ maps: 'object' }).register(Person);
    const serializer = new FerrySerializer(userFory, { capture: hook });
    const deserializer = new FerryDeserializer(userFory, { capture: hook });

    const request = serializer.serialize({ pattern: { cmd: 'birthday' }, id: 'r1', data: { name: 'Bo', age: 3 } }) as Buffer;
    const decoded = deserializer.deserialize(request) as { data: PersonValue };
    expect({ ...decoded.data }).toEqual({ name: 'Bo', age: 3 });
    const reply = serializer.serialize({ id: 'r1', response: 'ok', isDisposed: true }) as Buffer;
    deserializer.deserialize(reply);

    // The envelope keeps each user value as its own payload: that payload is what is captured.
    const envelope = new Fory({ maps: 'object' });
    const requestBody = (envelope.deserialize(request) as { data: Uint8Array }).data;
    const replyBody = (envelope.deserialize(reply) as { response: Uint8Array }).response;
    expect(seen.map((c) => [c.direction, c.label, c.meta])).toEqual([
      ['encode', '{"cmd":"birthday"}', { part: 'data', id: 'r1' }],
      ['decode', '{"cmd":"birthday"}', { part: 'data', id: 'r1' }],
      ['encode', 'reply r1', { part: 'response', id: 'r1' }],
      ['decode', 'reply r1', { part: 'response', id: 'r1' }],
    ]);
    expect(seen[0]!.bytes).toEqual(new Uint8Array(requestBody));
    expect(seen[1]!.bytes).toEqual(new Uint8Array(requestBody));
    expect(seen[2]!.bytes).toEqual(new Uint8Array(replyBody));
    expect(userFory.deserialize(seen[3]!.bytes)).toBe('ok');
  });
});
