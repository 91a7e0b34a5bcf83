// Runnable example: one tRPC router served over HTTP (standalone adapter) and over a websocket
// (ws adapter) with Ferry, and a client on each path.
//   npm run build && node packages/trpc/examples/http-and-ws.mjs
import { once } from 'node:events';
import { Fory } from '@ferry/core';
import { ferryTransformer, ferryWsEncoder } from '@ferry/trpc';
import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocket, WebSocketServer } from 'ws';

// ---- shared: one Fory configuration on both sides ----
const makeFory = () => new Fory({ maps: 'object', undefined: 'preserve', ref: true });

// ---- server ----
const t = initTRPC.create({ transformer: ferryTransformer(makeFory()) });
const appRouter = t.router({
  order: t.procedure
    .input((v) => v) // use your validator here (zod, valibot, …)
    .query(({ input }) => ({
      id: input.id, // a bigint stays a bigint
      placedAt: new Date(Date.UTC(2024, 0, 2)),
      items: new Map([['apple', 3], ['pear', undefined]]),
      tags: new Set(['express']),
      samples: new Float64Array(100_000).fill(0.5), // travels out-of-band on the websocket
    })),
  ticks: t.procedure.subscription(async function* () {
    for (let i = 0; i < 3; i++) yield { i, at: new Date(i * 1000) };
  }),
});

const httpServer = createHTTPServer({ router: appRouter });
httpServer.listen(0, '127.0.0.1');
await once(httpServer, 'listening');

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await once(wss, 'listening');
applyWSSHandler({ wss, router: appRouter, experimental_encoder: ferryWsEncoder() });

// ---- clients (each with its own transformer, as in a browser) ----
const httpClient = createTRPCClient({
  links: [httpBatchLink({ url: `http://127.0.0.1:${httpServer.address().port}`, transformer: ferryTransformer(makeFory()) })],
});
const wsClient = createWSClient({
  url: `ws://127.0.0.1:${wss.address().port}`,
  WebSocket, // Node 20 has no global WebSocket; browsers do
  experimental_encoder: ferryWsEncoder(),
});
const socketClient = createTRPCClient({ links: [wsLink({ client: wsClient, transformer: ferryTransformer(makeFory()) })] });

const viaHttp = await httpClient.order.query({ id: 2n ** 64n });
console.log('http:', typeof viaHttp.id, viaHttp.placedAt.toISOString(), viaHttp.items, viaHttp.tags, viaHttp.samples.length);

const viaWs = await socketClient.order.query({ id: 7n });
console.log('ws:  ', typeof viaWs.id, viaWs.placedAt.toISOString(), viaWs.items, viaWs.tags, viaWs.samples.length);

await new Promise((resolve, reject) => {
  socketClient.ticks.subscribe(undefined, {
    onData: (tick) => console.log('tick:', tick.i, tick.at.toISOString()),
    onError: reject,
    onComplete: resolve,
  });
});

// ---- shut down ----
await wsClient.close();
for (const c of wss.clients) c.terminate();
await new Promise((resolve) => wss.close(resolve));
httpServer.closeAllConnections();
await new Promise((resolve) => httpServer.close(resolve));
console.log('done');
