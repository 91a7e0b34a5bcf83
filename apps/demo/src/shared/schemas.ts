/**
 * The demo's one set of schemas. Every part of the demo — the Nest API, the tRPC router, the Kafka
 * pipeline, the browser page — registers exactly these, and the Python service declares the same
 * structs under the same names (python/demo_service.py), so any of them can read what another wrote.
 *
 * Field names are camelCase here and snake_case on the wire (the xlang TypeDef rule), which is what
 * the Python dataclasses use.
 */
import { Fory, Type, type Infer } from '@ferry/core';

export const OrderLine = Type.struct(
  { typeName: 'demo.OrderLine' },
  { sku: Type.string(), quantity: Type.int32(), unitPrice: Type.float64() },
);
export type OrderLine = Infer<typeof OrderLine>;

export const Order = Type.struct(
  { typeName: 'demo.Order' },
  {
    id: Type.string(),
    customer: Type.string(),
    lines: Type.list(OrderLine),
    total: Type.float64(),
    placedAt: Type.timestamp(),
  },
);
export type Order = Infer<typeof Order>;

/** One burst of sensor readings; `samples` is the large part that travels out-of-band. */
export const Telemetry = Type.struct(
  { typeName: 'demo.Telemetry' },
  {
    deviceId: Type.string(),
    seq: Type.int64(),
    takenAt: Type.timestamp(),
    sampleRateHz: Type.float32(),
    samples: Type.float32Array(),
  },
);
export type Telemetry = Infer<typeof Telemetry>;

/** What the API and the pipeline compute from a Telemetry burst. */
export const TelemetrySummary = Type.struct(
  { typeName: 'demo.TelemetrySummary' },
  {
    deviceId: Type.string(),
    seq: Type.int64(),
    count: Type.int32(),
    min: Type.float64(),
    max: Type.float64(),
    mean: Type.float64(),
    /** Which component computed it: 'api', 'trpc', 'pipeline'. */
    computedBy: Type.string(),
  },
);
export type TelemetrySummary = Infer<typeof TelemetrySummary>;

export const demoTypes = [OrderLine, Order, Telemetry, TelemetrySummary] as const;

/** A Fory with the demo's types registered (`maps: 'object'`, as Nest and tRPC need). */
export function demoFory(): Fory {
  const fory = new Fory({ maps: 'object' });
  for (const type of demoTypes) fory.register(type);
  return fory;
}

/** min / max / mean of a burst, one pass, no allocation. */
export function summarize(telemetry: Telemetry, computedBy: string): TelemetrySummary {
  const { samples } = telemetry;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const count = samples.length;
  return {
    deviceId: telemetry.deviceId,
    seq: telemetry.seq,
    count,
    min: count === 0 ? 0 : min,
    max: count === 0 ? 0 : max,
    mean: count === 0 ? 0 : sum / count,
    computedBy,
  };
}

/** A deterministic burst: a sine wave whose phase depends on `seq`, so every reader can verify it. */
export function makeTelemetry(deviceId: string, seq: number, count: number): Telemetry {
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = Math.sin((i + seq) / 50);
  return { deviceId, seq, takenAt: new Date(Date.UTC(2026, 0, 1) + seq * 1000), sampleRateHz: 1000, samples };
}
