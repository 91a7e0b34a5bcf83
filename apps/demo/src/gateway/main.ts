/**
 * The gateway process: the Nest HTTP API (/api), the tRPC router over HTTP (/trpc) and over a
 * websocket (ws://…/trpc), and the browser page (/), all on one port.
 *
 * Environment: DEMO_GATEWAY_PORT, DEMO_CAPTURE_PORT (0 = any free port), KAFKA_BROKERS (comma-separated;
 * unset = run without Kafka, KAFKA_UNAVAILABLE says why), DEMO_WORKER_CAPTURES (the worker's capture
 * server, relayed into this one).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CaptureHook } from '@ferry/core';
import { startCaptureServer } from '@ferry/devtools/server';
import { ferryWsEncoder } from '@ferry/trpc';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { ApiModule } from '../api/app.module.js';
import { kafkaUnavailable, type DemoEvents } from '../kafka/events.js';
import { OrderBook } from '../shared/orders.js';
import { announceReady, onShutdown, portFromEnv } from '../shared/ready.js';
import { createDemoRouter, type RouterContext } from '../trpc/router.js';
import { relayCaptures } from '../devtools/relay.js';

const webRoot = fileURLToPath(new URL('../web/', import.meta.url));

async function connectEvents(capture: CaptureHook): Promise<DemoEvents> {
  const brokers = process.env['KAFKA_BROKERS'];
  if (brokers === undefined || brokers === '') return kafkaUnavailable(process.env['KAFKA_UNAVAILABLE'] ?? 'no KAFKA_BROKERS given');
  const { kafkaEvents } = await import('../kafka/producer.js');
  return kafkaEvents(brokers.split(','), capture);
}

async function main(): Promise<void> {
  // The devtools capture server: every adapter of this process reports to its hook, and the worker's
  // captures are relayed into it, so the page's panel shows the whole demo from one SSE endpoint.
  const captures = await startCaptureServer({ port: portFromEnv('DEMO_CAPTURE_PORT'), history: 200 });
  const workerCaptures = process.env['DEMO_WORKER_CAPTURES'];
  const relay = workerCaptures ? relayCaptures(workerCaptures, captures.hook, (line) => console.error(line)) : undefined;

  const events = await connectEvents(captures.hook);
  const book = new OrderBook();
  const context: RouterContext = { book, events };
  const router = createDemoRouter(captures.hook);

  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot({ events, book, capture: captures.hook, capturesUrl: captures.capturesUrl }),
    { logger: ['error', 'warn'] },
  );
  app.enableShutdownHooks();
  // tRPC over HTTP carries Fory payloads in JSON envelopes (base64): allow bursts of a few MB.
  app.useBodyParser('json', { limit: '16mb' });
  app.use('/trpc', createExpressMiddleware({ router, createContext: () => context }));
  if (existsSync(webRoot)) app.useStaticAssets(webRoot);
  await app.listen(portFromEnv('DEMO_GATEWAY_PORT'), '127.0.0.1');

  // The websocket shares the HTTP port: upgrades of /trpc go to tRPC's ws handler, with binary frames.
  const server = app.getHttpServer() as import('node:http').Server;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const wsHandler = applyWSSHandler({ wss, router, createContext: () => context, experimental_encoder: ferryWsEncoder({ capture: captures.hook }) });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/trpc') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  announceReady({
    service: 'gateway',
    urls: { page: `${base}/`, api: `${base}/api`, trpc: `${base}/trpc`, trpcWs: `ws://127.0.0.1:${port}/trpc`, captures: captures.capturesUrl },
    notes: events.unavailable === null ? [] : [`Kafka unavailable: ${events.unavailable}`],
  });

  onShutdown(async () => {
    wsHandler.broadcastReconnectNotification();
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await app.close();
    await events.close();
    relay?.close();
    await captures.close();
  });
}

main().catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`gateway: port ${process.env['DEMO_GATEWAY_PORT']} is in use; pick another with DEMO_PORT=<port> (0 = any free port)`);
  } else {
    console.error('gateway failed to start:', error);
  }
  process.exit(1);
});
