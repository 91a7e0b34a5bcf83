// A real tRPC client in the browser (same-origin /trpc) whose transformer publishes what it encodes
// and decodes on a BroadcastChannel: a panel in another tab receives it.
import { Fory } from '@ferry/core';
import { broadcastCapture } from '@ferry/devtools';
import { ferryTransformer } from '@ferry/trpc';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { GreetRouter } from '../fixtures.js';

const params = new URLSearchParams(location.search);
const capture = broadcastCapture(params.get('channel') ?? 'ferry-devtools');
const transformer = ferryTransformer(new Fory({ maps: 'object', undefined: 'preserve' }), { capture });
const client = createTRPCClient<GreetRouter>({ links: [httpLink({ url: '/trpc', transformer })] });
const out = document.getElementById('out')!;
client.greet
  .query({ name: params.get('name') ?? 'Ada', visits: 3n })
  .then((r) => (out.textContent = `done ${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`))
  .catch((e: Error) => (out.textContent = `error ${e.message}`));
