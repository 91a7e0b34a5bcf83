/**
 * What the page does against the gateway it was served from: the Nest API in Fory (fetch + @ferry/core)
 * and the tRPC router over HTTP and the browser's own WebSocket — the same schemas as every other part.
 */
import { decodeFrames, encodeFrames, outOfBandAbove, type BufferObject, type TypeSpec } from '@ferry/core';
import { broadcastCapture } from '@ferry/devtools';
import { ferryWsEncoder, withSchema } from '@ferry/trpc';
import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from '@trpc/client';
import { demoFory, makeTelemetry, Order, Telemetry, TelemetrySummary } from '../../src/shared/schemas.js';
import type { DemoRouter } from '../../src/trpc/router.js';
import { demoTransformer } from '../../src/trpc/transformer.js';

const fory = demoFory();
const FORY = 'application/fory';

export interface Status {
  kafka: string;
  /** The gateway's devtools capture server (SSE), or null when it has none. */
  capturesUrl: string | null;
}

/**
 * The page's own tRPC payloads go to the panel over a BroadcastChannel (the panel listens on
 * 'ferry-devtools' by default): the browser's side of each call, next to the servers' captures.
 */
const pageCapture = broadcastCapture();

export async function status(): Promise<Status> {
  const res = await fetch('/api/status');
  if (!res.ok) throw new Error(`GET /api/status: HTTP ${res.status}`);
  return (await res.json()) as Status;
}

async function foryResponse<T>(res: Response, what: string, expect: { expect: TypeSpec }): Promise<{ value: T; bytes: number }> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/fory-frames')) {
    const { payload, buffers } = decodeFrames(bytes);
    return { value: fory.deserialize<T>(payload, { ...expect, buffers }), bytes: bytes.length };
  }
  return { value: fory.deserialize<T>(bytes, expect), bytes: bytes.length };
}

export async function getOrder(id: string): Promise<string> {
  const res = await fetch(`/api/orders/${encodeURIComponent(id)}`, { headers: { accept: FORY } });
  const { value, bytes } = await foryResponse<Order>(res, `GET order ${id}`, { expect: Order });
  return `GET /api/orders/${id} → demo.Order (${bytes} B of Fory): ${value.customer}, ${value.lines.length} lines, total ${value.total}`;
}

export async function postTelemetry(deviceId: string, seq: number, samples: number): Promise<string> {
  const burst = makeTelemetry(deviceId, seq, samples);
  const objects: BufferObject[] = [];
  const keep = outOfBandAbove(64 * 1024);
  const payload = fory.serialize(burst, Telemetry, { bufferCallback: (o) => keep(o) || (objects.push(o), false) });
  const res = await fetch('/api/telemetry', {
    method: 'POST',
    body: encodeFrames(payload, objects.map((o) => o.toBuffer())) as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': 'application/fory-frames', accept: FORY },
  });
  const { value } = await foryResponse<TelemetrySummary>(res, 'POST telemetry', { expect: TelemetrySummary });
  return `POST /api/telemetry (${payload.length} B payload + ${objects.length} out-of-band buffer of ${samples * 4} B) → mean ${value.mean.toFixed(6)} over ${value.count} samples`;
}

export async function latestSummary(deviceId: string): Promise<string> {
  const res = await fetch(`/api/telemetry/${encodeURIComponent(deviceId)}/latest`, { headers: { accept: FORY } });
  const { value } = await foryResponse<TelemetrySummary>(res, 'GET latest summary', { expect: TelemetrySummary });
  return `GET /api/telemetry/${deviceId}/latest → computed by the ${value.computedBy} (seq ${value.seq}, ${value.count} samples) and answered by the Nest Kafka microservice`;
}

export function trpcClients() {
  const http = createTRPCClient<DemoRouter>({ links: [httpBatchLink({ url: '/trpc', transformer: demoTransformer(pageCapture) })] });
  const wsUrl = new URL('/trpc', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createTRPCClient<DemoRouter>({
    links: [
      wsLink({
        client: createWSClient({ url: wsUrl.href, experimental_encoder: ferryWsEncoder({ capture: pageCapture }) }),
        transformer: demoTransformer(pageCapture),
      }),
    ],
  });
  return {
    async order(id: string): Promise<string> {
      const order = await http.order.query(id);
      return `tRPC order.query('${id}') over HTTP → ${order === null ? 'null' : `demo.Order ${order.customer}, total ${order.total}`}`;
    },
    async summarize(samples: number): Promise<string> {
      const summary = await ws.summarize.mutate(withSchema(Telemetry, makeTelemetry('browser-ws', 1, samples)));
      return `tRPC summarize over the websocket (${samples} samples out-of-band) → mean ${summary.mean.toFixed(6)}`;
    },
    bursts(count: number, samples: number): Promise<string> {
      return new Promise((resolve, reject) => {
        const sizes: number[] = [];
        ws.bursts.subscribe(
          { deviceId: 'browser-ws', count, samples },
          {
            onData: (burst) => sizes.push(burst.samples.length),
            onError: reject,
            onComplete: () => resolve(`tRPC bursts subscription over the websocket → ${sizes.length} Float32Arrays of ${sizes.join(', ')} samples`),
          },
        );
      });
    },
  };
}
