/**
 * A small tRPC client of the demo router: one over HTTP (ferryTransformer) and one over the websocket
 * (ferryWsEncoder, binary frames). Run it against a running demo:
 *
 *   node apps/demo/dist/trpc/client.js http://127.0.0.1:3000
 */
import { createTRPCClient, createWSClient, httpBatchLink, wsLink, type TRPCClient } from '@trpc/client';
import { ferryWsEncoder, withSchema } from '@ferry/trpc';
import { WebSocket } from 'ws';
import { makeTelemetry, Telemetry } from '../shared/schemas.js';
import type { DemoRouter } from './router.js';
import { demoTransformer } from './transformer.js';

export interface DemoTrpcClients {
  http: TRPCClient<DemoRouter>;
  ws: TRPCClient<DemoRouter>;
  close(): Promise<void>;
}

/** `gatewayUrl` is the gateway's http://host:port; the websocket is ws://host:port/trpc. */
export function demoTrpcClients(gatewayUrl: string): DemoTrpcClients {
  const url = new URL('/trpc', gatewayUrl);
  const http = createTRPCClient<DemoRouter>({ links: [httpBatchLink({ url: url.href, transformer: demoTransformer() })] });
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const wsClient = createWSClient({ url: url.href, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, experimental_encoder: ferryWsEncoder() });
  const ws = createTRPCClient<DemoRouter>({ links: [wsLink({ client: wsClient, transformer: demoTransformer() })] });
  return { http, ws, close: () => wsClient.close() };
}

/** Collects every burst of the `bursts` subscription (over the websocket). */
export function collectBursts(client: TRPCClient<DemoRouter>, deviceId: string, count: number, samples: number): Promise<Telemetry[]> {
  return new Promise((resolve, reject) => {
    const received: Telemetry[] = [];
    client.bursts.subscribe(
      { deviceId, count, samples },
      { onData: (burst) => received.push(burst as Telemetry), onError: reject, onComplete: () => resolve(received) },
    );
  });
}

async function main(gatewayUrl: string): Promise<void> {
  const clients = demoTrpcClients(gatewayUrl);
  try {
    const order = await clients.http.order.query('o-1001');
    console.log('http  order o-1001:', order);
    const placed = await clients.http.placeOrder.mutate({ customer: 'Grace Hopper', lines: [{ sku: 'COBOL-BOOK', quantity: 2, unitPrice: 19.5 }] });
    console.log('http  placed:', placed.id, 'total', placed.total);
    const summary = await clients.ws.summarize.mutate(withSchema(Telemetry, makeTelemetry('ws-client', 1, 250_000)));
    console.log('ws    summary of 250k samples:', summary);
    const bursts = await collectBursts(clients.ws, 'ws-client', 3, 100_000);
    console.log('ws    bursts:', bursts.map((b) => `${b.seq}: ${b.samples.constructor.name}(${b.samples.length})`).join(', '));
  } finally {
    await clients.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2];
  if (url === undefined) {
    console.error('usage: node apps/demo/dist/trpc/client.js <gateway url, e.g. http://127.0.0.1:3000>');
    process.exit(2);
  }
  main(url).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
