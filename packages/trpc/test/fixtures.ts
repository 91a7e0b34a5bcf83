/**
 * Shared test fixtures: the payload set (every type superjson carries, plus large typed arrays),
 * an app router served with the Ferry transformer, and bounded server helpers on loopback.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Fory, Type, type Infer } from '@ferry/core';
import { ferryTransformer, withSchema, type FerryTransformer } from '../src/index.js';
import { expect } from 'vitest';

/** A registered struct schema, for the "schemas" path (same registration on both sides). */
export const Person = Type.struct(
  { namespace: 'example', typeName: 'Person' },
  {
    name: Type.string(),
    age: Type.int32(),
    tags: Type.list(Type.string()),
    born: Type.timestamp(),
  },
);
export type Person = Infer<typeof Person>;

/** A Fory as recommended in the README: objects as objects, undefined kept, refs tracked. */
export function makeFory(): Fory {
  return new Fory({ maps: 'object', undefined: 'preserve', ref: true }).register(Person);
}

export function makeTransformer(): FerryTransformer {
  return ferryTransformer(makeFory());
}

/** Every value type superjson carries (and a few it does not), in one object. */
export function superjsonPayload() {
  return {
    date: new Date('2024-02-29T12:34:56.789Z'),
    epoch: new Date(0),
    map: new Map<unknown, unknown>([
      ['b', 1],
      ['a', { nested: new Date(5) }],
      [3, 'three'],
      [7n, null],
    ]),
    set: new Set<unknown>([3, 'two', 1n, new Date(9)]),
    bigint: 12345678901234567890123456789n,
    negBigint: -(2n ** 70n),
    smallBigint: 7n,
    int64Bigint: -(2n ** 63n),
    undef: undefined,
    nul: null,
    arrayHoles: [1, undefined, null, 3],
    nan: NaN,
    inf: Infinity,
    negInf: -Infinity,
    negZero: -0,
    float: 0.1 + 0.2,
    maxSafe: Number.MAX_SAFE_INTEGER,
    beyondSafe: 2 ** 60,
    regexp: /^f(o+)\/bar$/gimsu,
    error: new RangeError('out of range'),
    url: new URL('https://example.com/a/b?q=1&r=%20#frag'),
    string: 'Zoë — ☃ — \u{1F600} — 中文',
    latin1: 'caf\u00e9',
    emptyString: '',
    bool: true,
    emptyObject: {},
    emptyArray: [] as unknown[],
    emptyMap: new Map(),
    emptySet: new Set(),
    nested: { list: [{ when: new Date(1_000), tags: new Set(['x', 'y']), counts: new Map([['k', 2n]]) }] },
    typed: {
      int8: new Int8Array([-128, 0, 127]),
      uint8: new Uint8Array([0, 1, 255]),
      uint8Clamped: new Uint8ClampedArray([0, 128, 255]),
      int16: new Int16Array([-32768, 32767]),
      uint16: new Uint16Array([0, 65535]),
      int32: new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      uint32: new Uint32Array([0, 2 ** 32 - 1]),
      float32: new Float32Array([1.5, -0, Infinity]),
      float64: new Float64Array([Math.PI, NaN, -Infinity]),
      bigInt64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      bigUint64: new BigUint64Array([0n, 2n ** 64n - 1n]),
    },
  };
}
export type SuperjsonPayload = ReturnType<typeof superjsonPayload>;

/** Large typed arrays (out-of-band on the websocket path). */
export function largeArrays(n: number) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = Math.sin(i) * 1e3;
  const bytes = new Uint8Array(n * 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
  const ids = new BigInt64Array(n / 4);
  for (let i = 0; i < ids.length; i++) ids[i] = BigInt(i) * 1_000_000_007n;
  return { samples, bytes, ids, label: `n=${n}` };
}

/** A value with a cycle and shared identity (needs `ref: true`). */
export function cyclicPayload() {
  const shared = { id: 'shared', at: new Date(3) };
  const node: { name: string; self?: unknown; children: unknown[]; shared: typeof shared; again: typeof shared } = {
    name: 'root',
    children: [],
    shared,
    again: shared,
  };
  node.self = node;
  node.children.push({ parent: node, shared });
  return node;
}

export interface Ctx {
  user: string | null;
}

export function makeRouter(transformer: FerryTransformer) {
  const t = initTRPC.context<Ctx>().create({
    transformer,
    errorFormatter({ shape, error }) {
      // Custom error data with non-JSON types: they survive too.
      return { ...shape, data: { ...shape.data, at: new Date(0), tags: new Set(['e', error.code]) } };
    },
  });
  return t.router({
    echo: t.procedure.input((v: unknown) => v as SuperjsonPayload).query(({ input }) => input),
    echoAny: t.procedure.input((v: unknown) => v).query(({ input }) => ({ input, kind: typeof input })),
    store: t.procedure
      .input((v: unknown) => v as { key: string; value: SuperjsonPayload })
      .mutation(({ input }) => ({ stored: input.key, value: input.value, at: new Date(42) })),
    add: t.procedure.input((v: unknown) => v as { a: bigint; b: bigint }).query(({ input }) => input.a + input.b),
    nothing: t.procedure.query((): undefined => undefined),
    nullish: t.procedure.query((): null => null),
    whoami: t.procedure.query(({ ctx }) => ctx.user),
    fail: t.procedure.input((v: unknown) => v as { reason: string }).query(({ input }): never => {
      throw new TRPCError({ code: 'FORBIDDEN', message: `no: ${input.reason}` });
    }),
    crash: t.procedure.query((): never => {
      throw new Error('unexpected');
    }),
    large: t.procedure.input((v: unknown) => v as { n: number }).query(({ input }) => largeArrays(input.n)),
    cyclic: t.procedure.query(() => cyclicPayload()),
    person: t.procedure
      .input((v: unknown) => v as { name: string })
      .query(({ input }) => withSchema(Person, { name: input.name, age: 42, tags: ['a', 'b'], born: new Date(86_400_000) })),
    ticks: t.procedure.input((v: unknown) => v as { count: number }).subscription(async function* ({ input }) {
      for (let i = 0; i < input.count; i++) {
        yield { i, at: new Date(i * 1000), big: BigInt(i) ** 20n, seen: new Set([i]), m: new Map([[i, `v${i}`]]) };
      }
    }),
    failingTicks: t.procedure.subscription(async function* () {
      yield { ok: true };
      throw new TRPCError({ code: 'CONFLICT', message: 'stream broke' });
    }),
    largeTicks: t.procedure.input((v: unknown) => v as { n: number; count: number }).subscription(async function* ({ input }) {
      for (let i = 0; i < input.count; i++) yield { i, data: largeArrays(input.n) };
    }),
  });
}
export type AppRouter = ReturnType<typeof makeRouter>;

export function createContext(opts: { req: IncomingMessage }): Ctx {
  const header = opts.req.headers['x-user'];
  return { user: typeof header === 'string' ? header : null };
}

export interface RunningHttp {
  url: string;
  server: Server;
  requests: string[];
  close(): Promise<void>;
}

/** The standalone adapter's handler on an ephemeral loopback port; records each request URL. */
export async function startHttp(router: AppRouter, options: { maxBodySize?: number; recordRequests?: boolean } = {}): Promise<RunningHttp> {
  const handler = createHTTPHandler({ router, createContext, basePath: '/trpc/', ...(options.maxBodySize === undefined ? {} : { maxBodySize: options.maxBodySize }) });
  const requests: string[] = [];
  const record = options.recordRequests ?? true;
  const server = createServer((req, res) => {
    if (record) requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/trpc`,
    server,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reject after `ms`: every await on the network in these tests is bounded. */
export function within<T>(promise: Promise<T>, ms = 10_000, what = 'operation'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Assert that a decoded payload equals the original, including the parts toStrictEqual misses. */
export function expectSamePayload(back: SuperjsonPayload, original: SuperjsonPayload): void {
  expect(back).toStrictEqual(original);
  expect([...back.map.keys()]).toStrictEqual([...original.map.keys()]); // Map order
  expect([...back.set]).toStrictEqual([...original.set]); // Set order
  expect(Object.is(back.negZero, -0)).toBe(true);
  expect('undef' in back).toBe(true);
  expect(back.undef).toBeUndefined();
  expect(back.nul).toBeNull();
  expect(1 in back.arrayHoles && back.arrayHoles[1] === undefined).toBe(true);
  expect(typeof back.bigint).toBe('bigint');
  expect(typeof back.smallBigint).toBe('bigint');
  expect(typeof back.maxSafe).toBe('number');
  expect(back.regexp).toBeInstanceOf(RegExp);
  expect(back.regexp.source).toBe(original.regexp.source);
  expect(back.regexp.flags).toBe(original.regexp.flags);
  expect(back.error).toBeInstanceOf(RangeError);
  expect(back.error.message).toBe('out of range');
  expect(back.url).toBeInstanceOf(URL);
  expect(back.url.href).toBe(original.url.href);
  expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(back.nested.list[0])).toBe(Object.prototype);
  expect(back.typed.uint8).toBeInstanceOf(Uint8Array);
  expect(back.typed.uint8Clamped).toBeInstanceOf(Uint8ClampedArray);
  expect(back.typed.bigUint64).toBeInstanceOf(BigUint64Array);
}
