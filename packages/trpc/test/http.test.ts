/**
 * A real tRPC server (standalone HTTP adapter, loopback, port 0) and a real @trpc/client over
 * httpLink, httpBatchLink and httpBatchStreamLink, plus the SSE subscription endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, httpSubscriptionLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { MiniEventSource } from './event-source.js';
import { ENVELOPE_KEY, type FerryPayload } from '../src/index.js';
import { fromBase64Url, toBase64Url } from '../src/base64.js';
import {
  type AppRouter,
  expectSamePayload,
  largeArrays,
  makeRouter,
  makeTransformer,
  startHttp,
  superjsonPayload,
  within,
  type RunningHttp,
} from './fixtures.js';

const serverTransformer = makeTransformer();
// The client gets its own transformer (its own Fory), as a browser would.
const clientTransformer = makeTransformer();
let server: RunningHttp;

beforeAll(async () => {
  server = await startHttp(makeRouter(serverTransformer));
});
afterAll(async () => {
  await server?.close();
});

const links: Record<string, () => TRPCLink<AppRouter>> = {
  httpLink: () => httpLink({ url: server.url, transformer: clientTransformer, headers: { 'x-user': 'ada' } }),
  httpBatchLink: () => httpBatchLink({ url: server.url, transformer: clientTransformer, headers: { 'x-user': 'ada' } }),
  httpBatchStreamLink: () => httpBatchStreamLink({ url: server.url, transformer: clientTransformer, headers: { 'x-user': 'ada' } }),
};

describe.each(Object.keys(links))('over %s', (name) => {
  const client = () => createTRPCClient<AppRouter>({ links: [links[name]!()] });

  it('query: every superjson type as input and output', async () => {
    const original = superjsonPayload();
    const back = await within(client().echo.query(original));
    expectSamePayload(back, superjsonPayload());
  });

  it('mutation: input and output with Dates, Maps, bigints', async () => {
    const res = await within(client().store.mutate({ key: 'k1', value: superjsonPayload() }));
    expect(res.stored).toBe('k1');
    expect(res.at).toStrictEqual(new Date(42));
    expectSamePayload(res.value, superjsonPayload());
  });

  it('bigint arithmetic, undefined and null results, context', async () => {
    const c = client();
    expect(await within(c.add.query({ a: 2n ** 64n, b: 1n }))).toBe(2n ** 64n + 1n);
    expect(await within(c.nothing.query())).toBeUndefined();
    expect(await within(c.nullish.query())).toBeNull();
    expect(await within(c.whoami.query())).toBe('ada');
    expect(await within(c.echoAny.query(undefined))).toStrictEqual({ input: undefined, kind: 'undefined' });
    expect(await within(c.echoAny.query(null))).toStrictEqual({ input: null, kind: 'object' });
  });

  it('cycles and shared identity (ref: true)', async () => {
    const back = await within(client().cyclic.query());
    // httpBatchStreamLink: tRPC's JSON-lines producer shallow-copies the top-level object of each
    // result (looking for promises) before the transformer sees it, so `self` points at the
    // original root, which is itself cyclic. Below the top level identity is exact on every link.
    const root = (name === 'httpBatchStreamLink' ? back.self : back) as typeof back;
    expect(root.self).toBe(root);
    expect(back.shared).toBe(back.again);
    expect((back.children[0] as { parent: unknown }).parent).toBe(root);
  });

  it('large typed arrays', async () => {
    const back = await within(client().large.query({ n: 1 << 15 }));
    expect(back).toStrictEqual(largeArrays(1 << 15));
  });

  it('registered struct schema output', async () => {
    const p = await within(client().person.query({ name: 'Grace' }));
    expect({ ...p }).toStrictEqual({ name: 'Grace', age: 42, tags: ['a', 'b'], born: new Date(86_400_000) });
  });

  it('errors keep code, message and (non-JSON) data', async () => {
    const err = await within(client().fail.query({ reason: 'because' }).then(
      () => null,
      (e: unknown) => e,
    ));
    expect(err).toBeInstanceOf(TRPCClientError);
    const e = err as TRPCClientError<AppRouter>;
    expect(e.message).toBe('no: because');
    expect(e.data?.code).toBe('FORBIDDEN');
    expect(e.data?.httpStatus).toBe(403);
    expect(e.data?.at).toStrictEqual(new Date(0));
    expect(e.data?.tags).toStrictEqual(new Set(['e', 'FORBIDDEN']));
    expect(e.shape?.code).toBe(-32003);
    const crash = (await within(client().crash.query().then(() => null, (x: unknown) => x))) as TRPCClientError<AppRouter>;
    expect(crash.data?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(crash.message).toBe('unexpected');
  });
});

describe('batching', () => {
  it('httpBatchLink sends concurrent calls in one request and every result decodes', async () => {
    const client = createTRPCClient<AppRouter>({ links: [links.httpBatchLink!()] });
    const before = server.requests.length;
    const [a, b, c, d] = await within(
      Promise.all([
        client.add.query({ a: 1n, b: 2n }),
        client.echo.query(superjsonPayload()),
        client.fail.query({ reason: 'in a batch' }).catch((e: unknown) => e),
        client.nothing.query(),
      ]),
    );
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^GET \/trpc\/add,echo,fail,nothing\?batch=1&input=/);
    expect(a).toBe(3n);
    expectSamePayload(b, superjsonPayload());
    expect((c as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
    expect(d).toBeUndefined();
  });

  it('httpBatchStreamLink streams a batch as JSON lines in one request', async () => {
    const client = createTRPCClient<AppRouter>({ links: [links.httpBatchStreamLink!()] });
    const before = server.requests.length;
    const results = await within(Promise.all([client.add.query({ a: 5n, b: 5n }), client.large.query({ n: 4096 }), client.cyclic.query()]));
    expect(server.requests.slice(before)).toHaveLength(1);
    expect(results[0]).toBe(10n);
    expect(results[1]).toStrictEqual(largeArrays(4096));
    const streamedRoot = results[2].self as typeof results[2];
    expect(streamedRoot.self).toBe(streamedRoot); // see "cycles" above for the top level
  });

  it('batched mutations go in one POST', async () => {
    const client = createTRPCClient<AppRouter>({ links: [links.httpBatchLink!()] });
    const before = server.requests.length;
    const res = await within(Promise.all([1, 2, 3].map((i) => client.store.mutate({ key: `k${i}`, value: superjsonPayload() }))));
    expect(server.requests.slice(before)).toStrictEqual(['POST /trpc/store,store,store?batch=1']);
    expect(res.map((r) => r.stored)).toStrictEqual(['k1', 'k2', 'k3']);
  });
});

describe('subscriptions over SSE (httpSubscriptionLink)', () => {
  const client = () =>
    createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: server.url, transformer: clientTransformer, EventSource: MiniEventSource as never })],
    });

  function collect<T>(start: (h: { onData(d: T): void; onError(e: unknown): void; onComplete(): void }) => { unsubscribe(): void }) {
    let sub: { unsubscribe(): void } | undefined;
    return within(
      new Promise<{ data: T[]; error?: unknown }>((resolve) => {
        const data: T[] = [];
        sub = start({ onData: (d) => data.push(d), onError: (error) => resolve({ data, error }), onComplete: () => resolve({ data }) });
      }),
      10_000,
      'SSE subscription',
    ).finally(() => sub?.unsubscribe());
  }

  it('typed events with Dates, bigints, Sets and Maps, then completion', async () => {
    const { data, error } = await collect<unknown>((h) => client().ticks.subscribe({ count: 4 }, h));
    expect(error).toBeUndefined();
    expect(data).toStrictEqual([0, 1, 2, 3].map((i) => ({ i, at: new Date(i * 1000), big: BigInt(i) ** 20n, seen: new Set([i]), m: new Map([[i, `v${i}`]]) })));
  });

  it('an error thrown mid-stream reaches onError with its code and data', async () => {
    const { data, error } = await collect<unknown>((h) => client().failingTicks.subscribe(undefined, h));
    expect(data).toStrictEqual([{ ok: true }]);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('CONFLICT');
    expect((error as TRPCClientError<AppRouter>).data?.at).toStrictEqual(new Date(0));
  });
});

describe('wire format and malformed envelopes', () => {
  /** Raw request; returns status and the decoded error shape or data. */
  async function raw(path: string, init?: RequestInit) {
    const res = await within(fetch(`${server.url}/${path}`, init));
    const body = (await res.json()) as { error?: unknown; result?: { data?: unknown } };
    return {
      status: res.status,
      body,
      error: body.error === undefined ? undefined : (clientTransformer.output.deserialize(body.error) as { code: number; message: string; data: Record<string, unknown> }),
    };
  }
  /** A valid payload cut short. */
  function truncated(): string {
    const full = fromBase64Url((clientTransformer.input.serialize({ a: 1n, b: 2n }) as FerryPayload).toJSON()[ENVELOPE_KEY]);
    return toBase64Url(full.subarray(0, full.length - 3));
  }
  const q = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

  it('responses are JSON with the base64url envelope in result.data', async () => {
    const input = clientTransformer.input.serialize({ a: 1n, b: 2n });
    const { status, body } = await raw(`add?${q(input)}`);
    expect(status).toBe(200);
    expect(Object.keys(body.result!.data as object)).toStrictEqual([ENVELOPE_KEY]);
    expect(clientTransformer.output.deserialize(body.result!.data)).toBe(3n);
  });

  const cases: Array<[string, unknown, RegExp]> = [
    ['not an envelope (a superjson payload)', { json: { a: 1 }, meta: {} }, /exactly one property "\$ferry"/],
    ['not base64url', { [ENVELOPE_KEY]: '%%%' }, /not base64url \(invalid base64 character "%" at index 0\)/],
    ['not a Fory payload', { [ENVELOPE_KEY]: 'AAAA' }, /does not decode \(INVALID_HEADER/],
    ['a truncated Fory payload', { [ENVELOPE_KEY]: truncated() }, /does not decode \(TRUNCATED/],
    ['a non-string envelope', { [ENVELOPE_KEY]: 1 }, /must be a base64url string/],
  ];

  it.each(cases)('GET query with %s → 400 BAD_REQUEST', async (_what, input, message) => {
    const { status, error } = await raw(`add?${q(input)}`);
    expect(status).toBe(400);
    expect(error!.data.code).toBe('BAD_REQUEST');
    expect(error!.data.httpStatus).toBe(400);
    expect(error!.message).toMatch(/^Malformed Ferry input: /);
    expect(error!.message).toMatch(message);
  });

  it('POST mutation with a malformed body → 400 BAD_REQUEST', async () => {
    const { status, error } = await raw('store', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'x' }) });
    expect(status).toBe(400);
    expect(error!.data.code).toBe('BAD_REQUEST');
    expect(error!.message).toMatch(/Malformed Ferry input: expected exactly one property "\$ferry", got "key"/);
  });

  it('a malformed envelope in a batch: the batch answers 400 BAD_REQUEST for each call', async () => {
    // tRPC deserializes a batch's inputs together, so one bad input fails every call of the batch.
    const good = clientTransformer.input.serialize({ a: 1n, b: 1n });
    const res = await within(fetch(`${server.url}/add,add?batch=1&${q({ 0: good, 1: { [ENVELOPE_KEY]: '!' } })}`));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Array<{ error?: unknown }>;
    expect(body).toHaveLength(2);
    for (const item of body) {
      const err = clientTransformer.output.deserialize(item.error) as { data: { code: string }; message: string };
      expect(err.data.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(/Malformed Ferry input: the envelope is not base64url/);
    }
  });

  it('SSE subscription events carry envelopes (httpSubscriptionLink wire format)', async () => {
    const ac = new AbortController();
    try {
      const res = await within(fetch(`${server.url}/ticks?${q(clientTransformer.input.serialize({ count: 3 }))}`, { signal: ac.signal }));
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const events: unknown[] = [];
      while (events.length < 3) {
        const { done, value } = await within(reader.read(), 10_000, 'SSE read');
        if (done) break;
        text += decoder.decode(value, { stream: true });
        let idx: number;
        while ((idx = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, idx);
          text = text.slice(idx + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (data && !event) events.push(clientTransformer.output.deserialize(JSON.parse(data)));
        }
      }
      await reader.cancel();
      expect(events).toStrictEqual([0, 1, 2].map((i) => ({ i, at: new Date(i * 1000), big: BigInt(i) ** 20n, seen: new Set([i]), m: new Map([[i, `v${i}`]]) })));
    } finally {
      ac.abort();
    }
  });
});
