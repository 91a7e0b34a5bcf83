/**
 * The demo's tRPC router. Served by the gateway over HTTP (ferryTransformer: Fory payloads in tRPC's
 * JSON envelopes) and over a websocket (ferryWsEncoder: binary frames, typed arrays out-of-band).
 * Results use the registered demo schemas (withSchema), so a Python or Java client could read them.
 */
import { isOfType, type CaptureHook } from '@ferry/core';
import { withSchema } from '@ferry/trpc';
import { initTRPC, TRPCError } from '@trpc/server';
import { InvalidOrderError, type OrderBook } from '../shared/orders.js';
import { makeTelemetry, Order, OrderLine, summarize, Telemetry, TelemetrySummary } from '../shared/schemas.js';
import type { DemoEvents } from '../kafka/events.js';
import { demoTransformer } from './transformer.js';

export interface RouterContext {
  book: OrderBook;
  events: DemoEvents;
}


function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: `${what} must be a non-empty string` });
  return value;
}

function expectTelemetry(value: unknown): Telemetry {
  if (!isOfType(Telemetry, value)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'input must be a demo.Telemetry struct' });
  return value as Telemetry;
}

function expectNewOrder(value: unknown): { customer: string; lines: OrderLine[] } {
  if (typeof value !== 'object' || value === null) throw new TRPCError({ code: 'BAD_REQUEST', message: 'input must be { customer, lines }' });
  const { customer, lines } = value as { customer?: unknown; lines?: unknown };
  return { customer: expectString(customer, 'customer'), lines: Array.isArray(lines) ? (lines as OrderLine[]) : [] };
}

/** The router; `capture` receives every payload its transformer encodes or decodes. */
export function createDemoRouter(capture?: CaptureHook) {
  const t = initTRPC.context<RouterContext>().create({ transformer: demoTransformer(capture) });
  return t.router({
    /** An order by id (null when unknown). */
    order: t.procedure.input((v) => expectString(v, 'order id')).query(({ input, ctx }) => {
      const order = ctx.book.get(input);
      return order === undefined ? null : withSchema(Order, order);
    }),

    /** Places an order (the same book and Kafka event as POST /api/orders). */
    placeOrder: t.procedure.input(expectNewOrder).mutation(async ({ input, ctx }) => {
      let order: Order;
      try {
        order = ctx.book.place(input);
      } catch (error) {
        if (error instanceof InvalidOrderError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
      await ctx.events.orderPlaced(order);
      return withSchema(Order, order);
    }),

    /** Summarizes a burst and hands it to the Kafka pipeline, like POST /api/telemetry. */
    summarize: t.procedure.input(expectTelemetry).mutation(async ({ input, ctx }) => {
      await ctx.events.telemetryReceived(input);
      return withSchema(TelemetrySummary, summarize(input, 'trpc'));
    }),

    /** Streams `count` bursts of `samples` readings: over the websocket each array is one out-of-band part. */
    bursts: t.procedure
      .input((v) => {
        const { deviceId, count, samples } = (v ?? {}) as { deviceId?: unknown; count?: unknown; samples?: unknown };
        const n = typeof count === 'number' && Number.isInteger(count) && count > 0 && count <= 20 ? count : 3;
        const size = typeof samples === 'number' && Number.isInteger(samples) && samples >= 0 && samples <= 4_000_000 ? samples : 100_000;
        return { deviceId: expectString(deviceId, 'deviceId'), count: n, samples: size };
      })
      .subscription(async function* ({ input }) {
        for (let seq = 0; seq < input.count; seq++) yield withSchema(Telemetry, makeTelemetry(input.deviceId, seq, input.samples));
      }),
  });
}

export type DemoRouter = ReturnType<typeof createDemoRouter>;
