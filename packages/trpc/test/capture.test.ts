/**
 * Opt-in payload capture against a real tRPC server and client: what the client's transformer (or
 * websocket encoder) captures as encoded must be byte for byte what the server's captures as
 * received, and the other way round; websocket captures carry the procedure path.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import type { PayloadCapture } from '@ferry/core';
import { ferryTransformer, ferryWsEncoder } from '../src/index.js';
import { type AppRouter, largeArrays, makeFory, makeRouter, startHttp, within, type RunningHttp } from './fixtures.js';

type Seen = PayloadCapture & { readonly side: 'client' | 'server' };

/** Copies the bytes: the hook contract lets the adapter reuse them after the call. */
function recorder(seen: Seen[], side: Seen['side']) {
  return (c: PayloadCapture) =>
    void seen.push({ ...c, side, bytes: Uint8Array.from(c.bytes), ...(c.buffers ? { buffers: c.buffers.map((b) => Uint8Array.from(b)) } : {}) });
}

function pick(seen: Seen[], side: Seen['side'], direction: Seen['direction']): Seen[] {
  return seen.filter((c) => c.side === side && c.direction === direction);
}

describe('ferryTransformer({ capture }) over HTTP', () => {
  const seen: Seen[] = [];
  const serverTransformer = ferryTransformer(makeFory(), { capture: recorder(seen, 'server') });
  const clientTransformer = ferryTransformer(makeFory(), { capture: recorder(seen, 'client') });
  let server: RunningHttp;
  beforeAll(async () => {
    server = await startHttp(makeRouter(serverTransformer));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the input and output payloads, identical on both ends of the wire', async () => {
    seen.length = 0;
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: server.url, transformer: clientTransformer })] });
    expect(await within(client.add.query({ a: 2n ** 64n, b: 1n }))).toBe(2n ** 64n + 1n);

    const [sentInput] = pick(seen, 'client', 'encode');
    const [receivedInput] = pick(seen, 'server', 'decode');
    const [sentOutput] = pick(seen, 'server', 'encode');
    const [receivedOutput] = pick(seen, 'client', 'decode');
    expect(seen).toHaveLength(4);
    expect([sentInput!.meta, receivedInput!.meta, sentOutput!.meta, receivedOutput!.meta]).toEqual([
      { part: 'input' },
      { part: 'input' },
      { part: 'output' },
      { part: 'output' },
    ]);
    expect(receivedInput!.bytes).toEqual(sentInput!.bytes);
    expect(receivedOutput!.bytes).toEqual(sentOutput!.bytes);
    expect(clientTransformer.fory.deserialize(sentOutput!.bytes)).toBe(2n ** 64n + 1n); // its Fory has Ferry's ext types
    expect(seen.every((c) => c.source === 'trpc' && c.format === 'fory' && c.label === undefined)).toBe(true);
  });

  it('out-of-band buffers travel with the capture', async () => {
    seen.length = 0;
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: server.url, transformer: clientTransformer })] });
    expect(await within(client.large.query({ n: 1 << 15 }))).toStrictEqual(largeArrays(1 << 15));
    const [sentOutput] = pick(seen, 'server', 'encode');
    const [receivedOutput] = pick(seen, 'client', 'decode');
    expect(sentOutput!.buffers!.length).toBeGreaterThan(0);
    expect(receivedOutput!.buffers).toEqual(sentOutput!.buffers);
    expect(receivedOutput!.bytes).toEqual(sentOutput!.bytes);
  });
});

describe('ferryWsEncoder({ capture }) over a websocket', () => {
  const seen: Seen[] = [];
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    applyWSSHandler({
      wss,
      router: makeRouter(ferryTransformer(makeFory())),
      createContext: () => ({ user: null }),
      experimental_encoder: ferryWsEncoder({ capture: recorder(seen, 'server') }),
    });
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  it('labels requests with the procedure path and replies with the request id', async () => {
    seen.length = 0;
    const wsClient = createWSClient({
      url,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      experimental_encoder: ferryWsEncoder({ capture: recorder(seen, 'client') }),
    });
    try {
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: ferryTransformer(makeFory()) })] });
      expect(await within(client.add.query({ a: 40n, b: 2n }))).toBe(42n);
      expect(await within(client.large.query({ n: 1 << 14 }))).toStrictEqual(largeArrays(1 << 14));
    } finally {
      wsClient.close();
    }
    const requests = pick(seen, 'client', 'encode');
    const received = pick(seen, 'server', 'decode');
    const replies = pick(seen, 'server', 'encode');
    const answers = pick(seen, 'client', 'decode');
    expect(requests.map((c) => [c.label, c.meta?.['method']])).toEqual([
      ['add', 'query'],
      ['large', 'query'],
    ]);
    expect(received.map((c) => c.label)).toEqual(['add', 'large']);
    expect(received.map((c) => c.bytes)).toEqual(requests.map((c) => c.bytes));
    expect(replies.map((c) => c.label)).toEqual(requests.map((c) => `reply ${c.meta?.['id']}`));
    expect(answers.map((c) => c.bytes)).toEqual(replies.map((c) => c.bytes));
    expect(ferryTransformer(makeFory()).fory.deserialize(replies[0]!.bytes)).toBe(42n);
    // The large arrays' out-of-band parts are captured as the payload's buffers.
    expect(replies[1]!.buffers!.length).toBeGreaterThan(0);
    expect(answers[1]!.buffers).toEqual(replies[1]!.buffers);
  });
});
