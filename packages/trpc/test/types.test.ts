/**
 * Type-level tests (checked by `tsc` in the typecheck target; vitest runs them as no-ops): the
 * transformer does not widen procedure types — the client sees the server's input and output
 * types exactly, with Date, Map, Set, bigint, typed arrays and `undefined` intact, where tRPC
 * without a transformer would give their JSON forms.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { initTRPC, type inferRouterInputs, type inferRouterOutputs } from '@trpc/server';
import { createTRPCClient, createWSClient, httpBatchLink, httpBatchStreamLink, httpLink, wsLink, type TRPCClientError } from '@trpc/client';
import type { CombinedDataTransformer } from '@trpc/server';
import { ferryTransformer, ferryWsEncoder, withSchema, type FerryTransformer } from '../src/index.js';
import type { Encoder as ServerEncoder } from '@trpc/server/adapters/ws';
import type { Encoder as ClientEncoder } from '@trpc/client';
import type { Timestamp } from '@ferry/core';
import { Person, type AppRouter, type SuperjsonPayload } from './fixtures.js';

interface Rich {
  when: Date;
  tags: Set<string>;
  scores: Map<string, bigint>;
  samples: Float64Array;
  maybe: string | undefined;
  nothing: null;
}

function buildRouter() {
  const t = initTRPC.create({ transformer: ferryTransformer() });
  return t.router({
    rich: t.procedure.input((v: unknown) => v as { id: bigint; since: Date }).query(({ input }): Rich => ({
      when: input.since,
      tags: new Set(),
      scores: new Map([['a', input.id]]),
      samples: new Float64Array(1),
      maybe: undefined,
      nothing: null,
    })),
    person: t.procedure.query(() => withSchema(Person, { name: 'a', age: 1, tags: [], born: new Date() })),
    events: t.procedure.subscription(async function* () {
      yield { at: new Date(), n: 1n };
    }),
  });
}
type Router = ReturnType<typeof buildRouter>;

function buildJsonRouter() {
  const t = initTRPC.create();
  return t.router({ rich: t.procedure.query((): Rich => null as unknown as Rich) });
}

describe('types', () => {
  it('the transformer and the encoder fit tRPC’s own interfaces', () => {
    expectTypeOf(ferryTransformer()).toMatchTypeOf<CombinedDataTransformer>();
    expectTypeOf<FerryTransformer>().toMatchTypeOf<CombinedDataTransformer>();
    expectTypeOf(ferryWsEncoder()).toMatchTypeOf<ServerEncoder>();
    expectTypeOf(ferryWsEncoder()).toMatchTypeOf<ClientEncoder>();
  });

  it('router inputs and outputs are not widened', () => {
    expectTypeOf<inferRouterOutputs<Router>['rich']>().toEqualTypeOf<Rich>();
    expectTypeOf<inferRouterInputs<Router>['rich']>().toEqualTypeOf<{ id: bigint; since: Date }>();
    // Contrast: without a transformer tRPC types the output as its JSON form.
    expectTypeOf<inferRouterOutputs<ReturnType<typeof buildJsonRouter>>['rich']['when']>().toEqualTypeOf<string>();
  });

  it('client procedures keep the exact types over every link', () => {
    const transformer = ferryTransformer();
    for (const link of [
      httpLink<Router>({ url: 'http://127.0.0.1:1', transformer }),
      httpBatchLink<Router>({ url: 'http://127.0.0.1:1', transformer }),
      httpBatchStreamLink<Router>({ url: 'http://127.0.0.1:1', transformer }),
    ]) {
      const client = createTRPCClient<Router>({ links: [link] });
      expectTypeOf(client.rich.query).parameter(0).toEqualTypeOf<{ id: bigint; since: Date }>();
      expectTypeOf(client.rich.query).returns.resolves.toEqualTypeOf<Rich>();
      expectTypeOf(client.person.query).returns.resolves.toEqualTypeOf<{ name: string; age: number; tags: string[]; born: Date | Timestamp }>();
    }
  });

  it('subscriptions over wsLink keep the event type', () => {
    // Only type-checked: never called (there is no server here).
    const typeOnly = (wsClient: ReturnType<typeof createWSClient>) => {
      const client = createTRPCClient<Router>({ links: [wsLink<Router>({ client: wsClient, transformer: ferryTransformer() })] });
      client.events.subscribe(undefined, {
        onData(data) {
          expectTypeOf(data).toEqualTypeOf<{ at: Date; n: bigint }>();
        },
        onError(err) {
          expectTypeOf(err).toEqualTypeOf<TRPCClientError<Router>>();
        },
      });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('the shared test router keeps the superjson payload type end to end', () => {
    expectTypeOf<inferRouterOutputs<AppRouter>['echo']>().toEqualTypeOf<SuperjsonPayload>();
    expectTypeOf<inferRouterOutputs<AppRouter>['add']>().toEqualTypeOf<bigint>();
    expectTypeOf<inferRouterOutputs<AppRouter>['nothing']>().toEqualTypeOf<undefined>();
  });

  it('a link without the transformer is a type error when the server has one', () => {
    // @ts-expect-error transformer is required: the router was created with one
    httpLink<Router>({ url: 'http://127.0.0.1:1' });
  });
});
