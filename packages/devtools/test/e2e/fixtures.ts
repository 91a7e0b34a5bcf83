/**
 * What the browser tests run against: payloads made with @ferry/core, a real Nest app and a real
 * tRPC server that publish their captures to a real capture server, and the panel pages bundled
 * with vite from the built package.
 */
import 'reflect-metadata';
import { Fory, Timestamp, Type } from '@ferry/core';
import { FerryBody, FerryModule, FerryResponse } from '@ferry/nest';
import { ferryTransformer } from '@ferry/trpc';
import { Controller, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { CaptureHook } from '@ferry/core';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));

export const Customer = Type.struct({ typeName: 'shop.Customer' }, { name: Type.string(), email: Type.string() });
export const Item = Type.struct({ typeName: 'shop.Item' }, { sku: Type.string(), qty: Type.int32(), price: Type.float64() });
export const Order = Type.struct(
  { typeName: 'shop.Order' },
  { id: Type.int64(), customer: Customer, items: Type.list(Item), tags: Type.set(Type.string()), created: Type.timestamp() },
);
export const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });

/** Compatible mode: the payload carries its TypeDefs, so the inspector needs no schemas. */
export const shopFory = new Fory({ compatible: true }).register(Customer, Item, Order);

export function order(qtyOfSecond = 2, items = 4) {
  return {
    id: 90210n,
    customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    items: Array.from({ length: items }, (_, i) => ({ sku: `sku-${i}`, qty: i === 1 ? qtyOfSecond : i + 1, price: 9.5 + i })),
    tags: new Set(['priority', 'gift']),
    created: new Timestamp(1_700_000_000n, 0),
  };
}

export function orderBytes(qtyOfSecond?: number, items?: number): Uint8Array {
  return shopFory.serialize(order(qtyOfSecond, items), Order);
}

/** A list of `count` items of ~75 bytes each: `bigPayload(70_000)` is about 5 MB. */
export function bigPayload(count: number): Uint8Array {
  const pad = 'x'.repeat(48);
  const items = Array.from({ length: count }, (_, i) => ({ sku: `sku-${String(i).padStart(6, '0')}-${pad}`, qty: i, price: i / 4 }));
  return shopFory.serialize(items, Type.list(Item));
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A Nest app on Express whose FerryModule publishes to `capture`. */
export async function startNest(capture: CaptureHook): Promise<{ app: INestApplication; url: string }> {
  @Controller('people')
  class PeopleController {
    @Post()
    @HttpCode(200)
    @FerryResponse(Person)
    birthday(@FerryBody(Person) person: { name: string; age: number }) {
      return { name: person.name, age: person.age + 1 };
    }
  }
  @Module({ imports: [FerryModule.forRoot({ types: [Person], capture })], controllers: [PeopleController] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** The tRPC router the browser client calls; its transformer publishes to `capture`. */
export function greetRouter(capture: CaptureHook) {
  const t = initTRPC.create({ transformer: ferryTransformer(new Fory({ maps: 'object', undefined: 'preserve' }), { capture }) });
  return t.router({
    greet: t.procedure
      .input((v: unknown) => v as { name: string; visits: bigint })
      .query(({ input }) => ({ message: `Hello, ${input.name}`, visits: input.visits + 1n, at: new Date(1_700_000_000_000) })),
  });
}
export type GreetRouter = ReturnType<typeof greetRouter>;

export function trpcHandler(capture: CaptureHook) {
  return createHTTPHandler({ router: greetRouter(capture), basePath: '/trpc/' });
}

/** Bundles the test pages (test/e2e/page/*.html) with vite; `@ferry/devtools/react` resolves to the built package. */
export async function buildPages(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'ferry-devtools-e2e-'));
  const root = join(HERE, 'page');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: { index: join(root, 'index.html'), devtools: join(root, 'devtools.html'), client: join(root, 'client.html') } },
    },
  });
  return outDir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves the built pages, and the tRPC handler under /trpc (same origin as the pages). */
export async function servePages(dir: string, trpc: ReturnType<typeof trpcHandler>): Promise<{ server: Server; origin: string }> {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/trpc/')) return void trpc(req, res);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
