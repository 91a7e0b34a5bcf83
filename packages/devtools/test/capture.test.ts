/**
 * The capture protocol and its transports: the Node capture server over real HTTP (Server-Sent
 * Events read with fetch), the BroadcastChannel hook (Node has BroadcastChannel too), and the
 * base64/hex text forms.
 */
import type { PayloadCapture } from '@ferry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BytesTextError, fromBase64, fromHex, parseBytesText, toBase64 } from '../src/bytes/text.js';
import { CaptureProtocolError, fromCaptureMessage, toCaptureMessage } from '../src/capture/protocol.js';
import { startCaptureServer, type CaptureServer } from '../src/capture/server.js';
import { broadcastCapture, subscribeBroadcast } from '../src/capture/subscribe.js';

/** Reads SSE events from a fetch response body until `count` events of interest have arrived. */
async function readEvents(res: Response, count: number): Promise<Array<{ event: string; data: string; id?: string }>> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: string; id?: string }> = [];
  let buffered = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // comment
        const colon = line.indexOf(':');
        fields[line.slice(0, colon)] = line.slice(colon + 2);
      }
      if (fields['event']) events.push({ event: fields['event'], data: fields['data'] ?? '', ...(fields['id'] ? { id: fields['id'] } : {}) });
    }
  }
  await reader.cancel();
  return events;
}

function capture(bytes: number[], extra: Partial<PayloadCapture> = {}): PayloadCapture {
  return { source: 'test', direction: 'encode', bytes: new Uint8Array(bytes), time: 1700000000000, ...extra };
}

describe('bytes as text', () => {
  it('base64 round-trips every length and byte value', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
    }
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('parses pasted hex and base64, and says where bad text is', () => {
    expect(parseBytesText('02 ff 0x10\n41')).toEqual({ bytes: new Uint8Array([2, 255, 16, 65]), format: 'hex' });
    expect(parseBytesText('Av8QQQ==')).toEqual({ bytes: new Uint8Array([2, 255, 16, 65]), format: 'base64' });
    expect(parseBytesText('{"$ferry":"Av8QQQ"}').bytes).toEqual(new Uint8Array([2, 255, 16, 65]));
    expect(fromBase64('-_8')).toEqual(new Uint8Array([0xfb, 0xff])); // url-safe letters
    expect(() => fromHex('0g')).toThrow(BytesTextError);
    expect(() => fromHex('abc')).toThrow(/odd number of hex digits/);
    expect(() => fromBase64('AB$D')).toThrow(/not a base64 character "\$" at offset 2/);
    expect(() => fromBase64('ABCDE')).toThrow(/truncated/);
    expect(() => parseBytesText('   ')).toThrow(/empty/);
  });
});

describe('capture messages', () => {
  it('round-trip through JSON with buffers and meta', () => {
    const c = capture([2, 0xff, 1], { label: 'GET /x', format: 'fory', meta: { contentType: 'application/fory' }, buffers: [new Uint8Array([9, 8])] });
    const back = fromCaptureMessage(JSON.stringify(toCaptureMessage(c, 5)));
    expect(back).toEqual({ ...c, seq: 5 });
  });

  it('reject messages that do not follow the protocol, naming the field', () => {
    const good = toCaptureMessage(capture([1]), 1);
    expect(() => fromCaptureMessage({ ...good, v: 2 })).toThrow(/unsupported protocol version 2/);
    expect(() => fromCaptureMessage({ ...good, direction: 'sideways' })).toThrow(/"direction"/);
    expect(() => fromCaptureMessage({ ...good, bytes: 5 })).toThrow(/"bytes" must be a string/);
    expect(() => fromCaptureMessage({ ...good, buffers: [1] })).toThrow(/"buffers"/);
    expect(() => fromCaptureMessage({ ...good, meta: { a: 1 } })).toThrow(/"meta"/);
    expect(() => fromCaptureMessage([])).toThrow(CaptureProtocolError);
  });
});

describe('startCaptureServer', () => {
  let server: CaptureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('streams captures to subscribers as SSE, after replaying its history', async () => {
    server = await startCaptureServer({ history: 2 });
    server.hook(capture([1]));
    server.hook(capture([2]));
    server.hook(capture([3])); // history keeps the last two
    const res = await fetch(server.capturesUrl);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const reading = readEvents(res, 3);
    // The subscriber is registered once the response headers are out; a live capture follows.
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => i & 0xff);
    server.hook(capture([...bytes], { label: 'live', buffers: [new Uint8Array([7])] }));
    const events = await reading;
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['capture', '2'],
      ['capture', '3'],
      ['capture', '4'],
    ]);
    const live = fromCaptureMessage(events[2]!.data);
    expect(live.label).toBe('live');
    expect(live.bytes).toEqual(bytes);
    expect(live.buffers).toEqual([new Uint8Array([7])]);
    expect(fromCaptureMessage(events[0]!.data).bytes).toEqual(new Uint8Array([2]));
  });

  it('copies the bytes during the hook call (callers may reuse their memory)', async () => {
    server = await startCaptureServer();
    const reused = new Uint8Array([1, 2, 3]);
    server.hook(capture([...reused], { bytes: reused }));
    reused.fill(0);
    const events = await readEvents(await fetch(server.capturesUrl), 1);
    expect(fromCaptureMessage(events[0]!.data).bytes).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('announces captures over maxCaptureBytes instead of sending them', async () => {
    server = await startCaptureServer({ maxCaptureBytes: 4 });
    const res = await fetch(server.capturesUrl);
    const reading = readEvents(res, 2);
    server.hook(capture([1, 2, 3, 4, 5], { label: 'big' }));
    server.hook(capture([1], { label: 'small' }));
    const [dropped, sent] = await reading;
    expect(dropped!.event).toBe('dropped');
    expect(JSON.parse(dropped!.data)).toMatchObject({ label: 'big', byteLength: 5, limit: 4 });
    expect(fromCaptureMessage(sent!.data).label).toBe('small');
  });

  it('answers its info document and 404s elsewhere', async () => {
    server = await startCaptureServer();
    server.hook(capture([1]));
    expect(await (await fetch(server.url)).json()).toEqual({ protocol: 1, captures: '/captures', retained: 1 });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(server.capturesUrl, { method: 'POST' })).status).toBe(405);
  });
});

describe('broadcastCapture', () => {
  it('delivers captures to subscribers of the same channel', async () => {
    const name = `ferry-test-${process.pid}`;
    const received = new Promise<ReturnType<typeof fromCaptureMessage>>((resolve, reject) => {
      const stop = subscribeBroadcast(
        name,
        (c) => {
          stop();
          resolve(c);
        },
        reject,
      );
    });
    const hook = broadcastCapture(name);
    hook(capture([4, 5, 6], { label: 'from the page' }));
    const c = await received;
    hook.close();
    expect(c.bytes).toEqual(new Uint8Array([4, 5, 6]));
    expect(c.label).toBe('from the page');
    expect(c.seq).toBe(1);
  });
});
