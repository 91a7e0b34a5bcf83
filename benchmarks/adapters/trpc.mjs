// tRPC: @ferry/trpc's ferryTransformer vs superjson.
//  1. Transformer round trip (what a call costs besides the network): client serialize + JSON body,
//     then server JSON.parse + deserialize — ops/s and body size, per payload.
//  2. Real HTTP round trips: a tRPC standalone server on 127.0.0.1 and @trpc/client httpLink, one
//     echo mutation at a time — calls/s, per payload, both transformers interleaved.
// Run: node benchmarks/adapters/trpc.mjs [--quick]   (packages must be built)
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Fory } from '@ferry/core';
import { ferryTransformer } from '@ferry/trpc';
import { interleaved, interleavedAsync, mediaContent, richObject, utf8Bytes } from './common.mjs';

const require = createRequire(import.meta.url);
const superjsonModule = require('superjson');
const superjson = superjsonModule.default ?? superjsonModule;

const ARRAY_ELEMENTS = 32 * 1024; // 256 KiB of float64

/** Payloads: name → [value for Ferry, value for superjson] (superjson has no typed arrays: number[]). */
function payloads() {
  const samples = Float64Array.from({ length: ARRAY_ELEMENTS }, (_, i) => Math.sin(i) * 1e3);
  return {
    'rich object': [richObject(), richObject()],
    MediaContent: [mediaContent(), mediaContent()],
    '256 KiB Float64Array': [{ samples }, { samples: Array.from(samples) }],
  };
}

function makeTransformers() {
  // As the @ferry/trpc README recommends for tRPC: objects as objects, undefined kept.
  const fory = () => new Fory({ maps: 'object', undefined: 'preserve' });
  return { ferry: ferryTransformer(fory()), superjson };
}

async function startServer(transformer) {
  const t = initTRPC.create({ transformer });
  const router = t.router({ echo: t.procedure.input((v) => v).mutation(({ input }) => input) });
  const handler = createHTTPHandler({ router, basePath: '/trpc/' });
  const server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/trpc`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function runTrpcBench({ quick = false, log = console.log } = {}) {
  const transformers = makeTransformers();
  const clientTransformers = makeTransformers(); // each side its own instance, as across a network
  const results = [];
  const servers = {};
  for (const [name, tr] of Object.entries(transformers)) servers[name] = await startServer(tr);
  try {
    const clients = Object.fromEntries(
      Object.entries(servers).map(([name, s]) => [
        name,
        createTRPCClient({ links: [httpLink({ url: s.url, transformer: clientTransformers[name] })] }),
      ]),
    );
    for (const [payloadName, [ferryValue, superjsonValue]] of Object.entries(payloads())) {
      const value = { ferry: ferryValue, superjson: superjsonValue };
      const sizes = {};
      const roundTrip = {};
      for (const [name, tr] of Object.entries(transformers)) {
        // superjson is a plain transformer, ferryTransformer a combined one (input/output).
        const client = clientTransformers[name].input ?? clientTransformers[name];
        const server = tr.input ?? tr;
        const body = JSON.stringify(client.serialize(value[name]));
        sizes[name] = utf8Bytes(body);
        roundTrip[name] = () => server.deserialize(JSON.parse(JSON.stringify(client.serialize(value[name]))));
      }
      const big = payloadName.includes('KiB');
      const codec = interleaved(roundTrip, quick ? { warmupMs: 150, rounds: 3, roundMs: 50 } : { warmupMs: 500, rounds: 7, roundMs: big ? 200 : 100 });
      const http = await interleavedAsync(
        Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, () => c.echo.mutate(value[name])])),
        quick ? { warmupMs: 150, rounds: 3, roundMs: 150 } : { warmupMs: 400, rounds: 5, roundMs: 400 },
      );
      results.push({ payload: payloadName, sizes, transformerRoundTrip: codec, httpCalls: http });
      log(
        `  ${payloadName}: body ${sizes.ferry} B vs ${sizes.superjson} B; transformer round trip ${codec.ferry.median} vs ${codec.superjson.median} ops/s; ` +
          `HTTP ${http.ferry.median} vs ${http.superjson.median} calls/s`,
      );
    }
  } finally {
    for (const s of Object.values(servers)) await s.close();
  }
  return {
    note:
      'ferryTransformer(new Fory({ maps: "object", undefined: "preserve" })) vs superjson 2.2.6; tRPC 11.25.2 standalone HTTP server on 127.0.0.1, @trpc/client httpLink, one echo mutation at a time. Transformer round trip = client input.serialize + JSON.stringify + JSON.parse + server input.deserialize. The array payload is a Float64Array for Ferry and a number[] for superjson (it has no typed arrays).',
    results,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runTrpcBench({ quick: process.argv.includes('--quick') }), null, 1));
}
