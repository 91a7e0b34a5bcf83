/**
 * A real tRPC websocket server (applyWSSHandler on a `ws` WebSocketServer, loopback, port 0) and a
 * real @trpc/client (createWSClient + wsLink) with the Ferry encoder: binary frames end to end.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { applyWSSHandler, type CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from '@trpc/client';
import { decodeFrames } from '@ferry/core';
import { ENVELOPE_KEY, FerryPayload, ferryWsEncoder, type FerryTransformer } from '../src/index.js';
import { type AppRouter, type Ctx, expectSamePayload, largeArrays, makeRouter, makeTransformer, superjsonPayload, within } from './fixtures.js';

interface RunningWs {
  url: string;
  wss: WebSocketServer;
  /** Every frame the server received: binary or text. */
  received: Array<{ data: Buffer; isBinary: boolean }>;
  handler: ReturnType<typeof applyWSSHandler>;
  close(): Promise<void>;
}

function wsContext(opts: CreateWSSContextFnOptions): Ctx {
  const user = opts.info.connectionParams?.['user'];
  return { user: typeof user === 'string' ? user : null };
}

async function startWs(transformer: FerryTransformer, binary: boolean): Promise<RunningWs> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const handler = applyWSSHandler({
    wss,
    router: makeRouter(transformer),
    createContext: wsContext,
    ...(binary ? { experimental_encoder: ferryWsEncoder() } : {}),
  });
  const received: RunningWs['received'] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data: RawData, isBinary: boolean) => received.push({ data: data as Buffer, isBinary }));
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    wss,
    received,
    handler,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The Ferry encoder, recording what the client sends and receives. */
function spyEncoder() {
  const inner = ferryWsEncoder();
  const sent: Uint8Array[] = [];
  const received: Array<string | ArrayBuffer | Uint8Array> = [];
  return {
    sent,
    received,
    encoder: {
      encode(data: unknown) {
        const frame = inner.encode(data);
        sent.push(frame);
        return frame;
      },
      decode(data: string | ArrayBuffer | Uint8Array) {
        received.push(data);
        return inner.decode(data);
      },
    },
  };
}

function connect(url: string, transformer: FerryTransformer, encoder?: ReturnType<typeof spyEncoder>['encoder'], user = 'lin') {
  const wsClient = createWSClient({
    url,
    // Keep-alive PING/PONG are text frames that tRPC handles before the encoder.
    keepAlive: { enabled: true, intervalMs: 50, pongTimeoutMs: 5000 },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { user },
    retryDelayMs: () => 100,
    ...(encoder ? { experimental_encoder: encoder } : {}),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer })] });
  return { wsClient, client };
}

/** Collect a subscription until it completes or errors (bounded by `within`). */
function collect<T>(
  start: (handlers: { onData(d: T): void; onError(e: unknown): void; onComplete(): void }) => { unsubscribe(): void },
): Promise<{ data: T[]; error?: unknown }> {
  return within(
    new Promise((resolve) => {
      const data: T[] = [];
      start({
        onData: (d) => data.push(d),
        onError: (error) => resolve({ data, error }),
        onComplete: () => resolve({ data }),
      });
    }),
    10_000,
    'subscription',
  );
}

const ASCII_KEY = new TextEncoder().encode(ENVELOPE_KEY);
function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
const asBytes = (d: string | ArrayBuffer | Uint8Array) => (typeof d === 'string' ? new TextEncoder().encode(d) : d instanceof Uint8Array ? d : new Uint8Array(d));

describe('websocket with ferryWsEncoder (binary frames)', () => {
  const serverTransformer = makeTransformer();
  const clientTransformer = makeTransformer();
  let server: RunningWs;
  let spy: ReturnType<typeof spyEncoder>;
  let conn: ReturnType<typeof connect>;

  beforeAll(async () => {
    server = await startWs(serverTransformer, true);
    spy = spyEncoder();
    conn = connect(server.url, clientTransformer, spy.encoder);
  });
  afterAll(async () => {
    await conn?.wsClient.close();
    await server?.close();
  });

  it('query and mutation: every superjson type both ways', async () => {
    expectSamePayload(await within(conn.client.echo.query(superjsonPayload())), superjsonPayload());
    const res = await within(conn.client.store.mutate({ key: 'w', value: superjsonPayload() }));
    expect(res.at).toStrictEqual(new Date(42));
    expectSamePayload(res.value, superjsonPayload());
  });

  it('bigints, undefined/null results, connectionParams reach createContext', async () => {
    expect(await within(conn.client.add.query({ a: -(2n ** 80n), b: 1n }))).toBe(-(2n ** 80n) + 1n);
    expect(await within(conn.client.nothing.query())).toBeUndefined();
    expect(await within(conn.client.nullish.query())).toBeNull();
    expect(await within(conn.client.whoami.query())).toBe('lin');
    expect(await within(conn.client.echoAny.query(undefined))).toStrictEqual({ input: undefined, kind: 'undefined' });
  });

  it('cycles and registered struct schemas', async () => {
    const back = await within(conn.client.cyclic.query());
    expect(back.self).toBe(back);
    expect(back.shared).toBe(back.again);
    const p = await within(conn.client.person.query({ name: 'Hopper' }));
    expect({ ...p }).toStrictEqual({ name: 'Hopper', age: 42, tags: ['a', 'b'], born: new Date(86_400_000) });
  });

  it('batches calls made in the same tick into one frame', async () => {
    const before = spy.sent.length;
    const [a, b, c] = await within(Promise.all([conn.client.add.query({ a: 1n, b: 1n }), conn.client.nullish.query(), conn.client.echo.query(superjsonPayload())]));
    expect(a).toBe(2n);
    expect(b).toBeNull();
    expectSamePayload(c, superjsonPayload());
    const frames = spy.sent.slice(before).map((f) => ferryWsEncoder().decode(f));
    expect(frames).toHaveLength(1);
    const batch = frames[0] as Array<{ method: string; params: { path: string; input: unknown } }>;
    expect(batch.map((m) => [m.method, m.params.path])).toStrictEqual([
      ['query', 'add'],
      ['query', 'nullish'],
      ['query', 'echo'],
    ]);
    expect(batch[0]!.params.input).toBeInstanceOf(FerryPayload);
    expect(batch[1]!.params.input).toBeUndefined();
  });

  it('errors keep code, message and data', async () => {
    const err = (await within(conn.client.fail.query({ reason: 'ws' }).then(() => null, (e: unknown) => e))) as TRPCClientError<AppRouter>;
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(err.message).toBe('no: ws');
    expect(err.data?.code).toBe('FORBIDDEN');
    expect(err.data?.at).toStrictEqual(new Date(0));
    expect(err.data?.tags).toStrictEqual(new Set(['e', 'FORBIDDEN']));
  });

  it('subscriptions: typed events in order, then completion', async () => {
    const { data, error } = await collect<{ i: number; at: Date; big: bigint; seen: Set<number>; m: Map<number, string> }>((h) =>
      conn.client.ticks.subscribe({ count: 5 }, h),
    );
    expect(error).toBeUndefined();
    expect(data).toStrictEqual([0, 1, 2, 3, 4].map((i) => ({ i, at: new Date(i * 1000), big: BigInt(i) ** 20n, seen: new Set([i]), m: new Map([[i, `v${i}`]]) })));
  });

  it('subscriptions: an error thrown mid-stream reaches onError with its code', async () => {
    const { data, error } = await collect<{ ok: boolean }>((h) => conn.client.failingTicks.subscribe(undefined, h));
    expect(data).toStrictEqual([{ ok: true }]);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('CONFLICT');
    expect((error as TRPCClientError<AppRouter>).message).toBe('stream broke');
  });

  it('large typed arrays travel out-of-band as aligned frame parts and decode as zero-copy views', async () => {
    const before = spy.received.length;
    const back = await within(conn.client.large.query({ n: 1 << 16 }));
    expect(back).toStrictEqual(largeArrays(1 << 16));
    const frames = spy.received.slice(before);
    expect(frames).toHaveLength(1);
    const frame = frames[0]!;
    expect(frame).toBeInstanceOf(ArrayBuffer); // binaryType 'arraybuffer': a binary frame
    // skeleton + payload + 3 out-of-band buffers (512 KiB float64, 128 KiB bytes, 128 KiB int64)
    expect(decodeFrames(new Uint8Array(frame as ArrayBuffer)).buffers).toHaveLength(4);
    // zero copy: the typed arrays are views on the received frame itself
    expect(back.samples.buffer).toBe(frame);
    expect(back.bytes.buffer).toBe(frame);
    expect(back.ids.buffer).toBe(frame);
  });

  it('large typed arrays in subscription events and in inputs', async () => {
    const { data } = await collect<{ i: number; data: ReturnType<typeof largeArrays> }>((h) => conn.client.largeTicks.subscribe({ n: 1 << 15, count: 3 }, h));
    expect(data.map((d) => d.i)).toStrictEqual([0, 1, 2]);
    for (const d of data) expect(d.data).toStrictEqual(largeArrays(1 << 15));
    const input = { ...superjsonPayload(), typed: { ...superjsonPayload().typed, float64: new Float64Array(1 << 15).fill(0.5) } };
    const echoed = await within(conn.client.echo.query(input));
    expect(echoed.typed.float64).toStrictEqual(input.typed.float64);
  });

  it('every frame both ways is binary, a valid Ferry frame, and has no base64 envelope', async () => {
    await new Promise((r) => setTimeout(r, 120)); // let a keep-alive PING go out
    const text = server.received.filter((f) => !f.isBinary).map((f) => f.data.toString());
    expect(text.length).toBeGreaterThan(0);
    expect(new Set(text)).toStrictEqual(new Set(['PING'])); // the only text: keep-alive
    const binary = server.received.filter((f) => f.isBinary);
    expect(binary.length).toBeGreaterThan(5);
    for (const { data, isBinary } of binary) {
      expect(isBinary).toBe(true);
      expect(() => decodeFrames(new Uint8Array(data))).not.toThrow();
      expect(containsBytes(new Uint8Array(data), ASCII_KEY)).toBe(false);
    }
    expect(spy.received.length).toBeGreaterThan(5);
    for (const frame of spy.received) {
      expect(typeof frame).not.toBe('string');
      expect(containsBytes(asBytes(frame), ASCII_KEY)).toBe(false);
    }
  });

  it('survives a server-requested reconnect', async () => {
    server.handler.broadcastReconnectNotification();
    expect(await within(conn.client.add.query({ a: 40n, b: 2n }))).toBe(42n);
  });
});

describe('websocket: malformed frames', () => {
  const transformer = makeTransformer();
  let server: RunningWs;
  beforeAll(async () => {
    server = await startWs(transformer, true);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Send one raw frame on a bare socket; return the server's first (decoded) answer. */
  async function answer(frame: string | Uint8Array): Promise<{ id: unknown; error: { code: number; message: string; data: { code: string } } }> {
    const socket = new WebSocket(`${server.url}?connectionParams=0`);
    try {
      await within(once(socket, 'open'), 5000, 'open');
      const reply = once(socket, 'message') as Promise<[Buffer, boolean]>;
      socket.send(frame);
      const [data, isBinary] = await within(reply, 5000, 'reply');
      expect(isBinary).toBe(true);
      const msg = ferryWsEncoder().decode(data) as { id: unknown; error: unknown };
      return { id: msg.id, error: transformer.output.deserialize(msg.error) as never };
    } finally {
      socket.terminate();
    }
  }

  it('garbage bytes → PARSE_ERROR naming the frame problem', async () => {
    const { id, error } = await answer(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(id).toBeNull();
    expect(error.data.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(/Not a Ferry frame/);
  });

  it('a text frame → PARSE_ERROR saying binary frames are expected', async () => {
    const { error } = await answer(JSON.stringify({ id: 1, method: 'query', params: { path: 'nullish' } }));
    expect(error.data.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(/expects binary frames but got a text frame/);
  });

  it('a valid frame whose input is not a Ferry payload → the malformed-input message', async () => {
    const frame = ferryWsEncoder().encode({ id: 7, method: 'query', params: { path: 'add', input: { a: 1, b: 2 } } });
    const { error } = await answer(frame);
    expect(error.data.code).toBe('PARSE_ERROR'); // the ws adapter reports any unparsable message so
    expect(error.message).toMatch(/Malformed Ferry input: expected exactly one property "\$ferry", got "a", "b"/);
  });

  it('a frame referencing parts it does not have → PARSE_ERROR', async () => {
    const good = ferryWsEncoder().encode({ id: 8, method: 'query', params: { path: 'nullish', input: new FerryPayload(new Uint8Array([2, 0]), []) } });
    const { payload } = decodeFrames(good);
    const { encodeFrames } = await import('@ferry/core');
    const { error } = await answer(encodeFrames(payload, [])); // skeleton only, payload part dropped
    expect(error.data.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(/frame parts/);
  });
});

describe('websocket without ferryWsEncoder (JSON text frames)', () => {
  it('the transformer alone works over wsLink with the default JSON encoder', async () => {
    const server = await startWs(makeTransformer(), false);
    const conn = connect(server.url, makeTransformer());
    try {
      expectSamePayload(await within(conn.client.echo.query(superjsonPayload())), superjsonPayload());
      const { data } = await collect<{ i: number }>((h) => conn.client.ticks.subscribe({ count: 2 }, h));
      expect(data.map((d) => d.i)).toStrictEqual([0, 1]);
      expect(server.received.every((f) => !f.isBinary)).toBe(true);
    } finally {
      await conn.wsClient.close();
      await server.close();
    }
  });
});
