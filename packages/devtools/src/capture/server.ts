/// <reference types="node" />
/**
 * The development capture server: a `CaptureHook` for adapters, and a Server-Sent Events endpoint
 * the panel subscribes to. No dependencies; listens on loopback by default.
 *
 *   GET /captures   text/event-stream: `event: capture` + `data: <CaptureMessage JSON>` per capture
 *                   (the retained history first, then live), `event: dropped` for captures over
 *                   `maxCaptureBytes`. CORS-open, so a panel served from another dev origin can read it.
 *   GET /           JSON: { protocol, captures: "/captures", retained }
 */
import type { CaptureHook, PayloadCapture } from '@ferry/core';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CAPTURE_PROTOCOL_VERSION, toCaptureMessage } from './protocol.js';

export interface CaptureServerOptions {
  /** Default 0 (an ephemeral port: read `url`). */
  port?: number;
  /** Default '127.0.0.1': captures are your traffic, keep them off the network. */
  host?: string;
  /** Captures kept for subscribers that connect later. Default 100. */
  history?: number;
  /** Bytes of retained history (encoded JSON) before the oldest captures are forgotten. Default 64 MiB. */
  historyBytes?: number;
  /** Captures larger than this (payload + buffers) are announced as `dropped`, not sent. Default 16 MiB. */
  maxCaptureBytes?: number;
  /** A subscriber that falls this many bytes behind is disconnected (it can reconnect). Default 64 MiB. */
  maxBacklogBytes?: number;
}

export interface CaptureServer {
  /** Give this to `FerryModule.forRoot({ capture })`, `ferryTransformer(fory, { capture })`, … */
  readonly hook: CaptureHook;
  /** Base URL, e.g. `http://127.0.0.1:4319`. */
  readonly url: string;
  /** The SSE endpoint the panel subscribes to (`<FerryPanel captureUrl={…} />`). */
  readonly capturesUrl: string;
  /** Connected subscribers. */
  readonly subscribers: number;
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS' };

export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const historyLimit = options.history ?? 100;
  const historyBytesLimit = options.historyBytes ?? 64 * 1024 * 1024;
  const maxCaptureBytes = options.maxCaptureBytes ?? 16 * 1024 * 1024;
  const maxBacklog = options.maxBacklogBytes ?? 64 * 1024 * 1024;
  const history: string[] = [];
  let historyBytes = 0;
  const clients = new Set<ServerResponse>();
  let seq = 0;

  const send = (event: string) => {
    for (const res of clients) {
      if (res.writableLength > maxBacklog) {
        clients.delete(res);
        res.end();
        continue;
      }
      res.write(event);
    }
  };

  const hook: CaptureHook = (capture: PayloadCapture) => {
    seq += 1;
    let size = capture.bytes.byteLength;
    for (const b of capture.buffers ?? []) size += b.byteLength;
    if (size > maxCaptureBytes) {
      const note = { seq, source: capture.source, direction: capture.direction, label: capture.label, byteLength: size, limit: maxCaptureBytes };
      send(`event: dropped\ndata: ${JSON.stringify(note)}\n\n`);
      return;
    }
    // Encoding here copies the bytes, as the hook contract asks (they may be reused after the call).
    const event = `event: capture\nid: ${seq}\ndata: ${JSON.stringify(toCaptureMessage(capture, seq))}\n\n`;
    if (historyLimit > 0) {
      history.push(event);
      historyBytes += event.length;
      while (history.length > historyLimit || (historyBytes > historyBytesLimit && history.length > 0)) historyBytes -= history.shift()!.length;
    }
    send(event);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://capture').pathname;
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    if (req.method !== 'GET') return void res.writeHead(405, { ...CORS, allow: 'GET, OPTIONS' }).end();
    if (path === '/captures') {
      res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`: ferry capture protocol ${CAPTURE_PROTOCOL_VERSION}\n\n`);
      for (const event of history) res.write(event);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/') {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ protocol: CAPTURE_PROTOCOL_VERSION, captures: '/captures', retained: history.length }));
    }
    res.writeHead(404, CORS).end();
  });
  // Proxies close idle streams: a comment line every 15 s keeps them open (and is ignored by EventSource).
  const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    hook,
    url,
    capturesUrl: `${url}/captures`,
    get subscribers() {
      return clients.size;
    },
    close() {
      clearInterval(keepAlive);
      for (const res of clients) res.end();
      clients.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
