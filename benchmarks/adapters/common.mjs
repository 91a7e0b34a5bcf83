// Shared helpers of the adapter benchmarks: timing loops, medians, and the payloads they send.
import { DATASETS, buildValue } from '../codec/datasets.mjs';

export const now = () => performance.now();
export const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
export const sig = (x) => (x >= 100 ? Math.round(x) : Number(x.toPrecision(3)));

/** Calls `fn` (sync) in interleaved rounds with the other entries; returns median/min/max ops/s per name. */
export function interleaved(fns, { warmupMs = 200, rounds = 7, roundMs = 100 } = {}) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  let sink;
  const run = (fn, ms) => {
    let n = 0;
    const t0 = now();
    let t;
    do {
      sink = fn();
      n++;
      t = now();
    } while (t - t0 < ms);
    return (n * 1000) / (t - t0);
  };
  for (const fn of Object.values(fns)) run(fn, warmupMs);
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(fns)) out[k].push(run(fn, roundMs));
  if (sink === Symbol.for('never')) console.log('');
  return Object.fromEntries(
    Object.entries(out).map(([k, xs]) => [k, { median: sig(median(xs)), min: sig(Math.min(...xs)), max: sig(Math.max(...xs)) }]),
  );
}

/** Async variant: sequential awaited calls for `roundMs` per round, interleaved across entries. */
export async function interleavedAsync(fns, { warmupMs = 300, rounds = 5, roundMs = 300 } = {}) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const run = async (fn, ms) => {
    let n = 0;
    const t0 = now();
    let t;
    do {
      await fn();
      n++;
      t = now();
    } while (t - t0 < ms);
    return (n * 1000) / (t - t0);
  };
  for (const fn of Object.values(fns)) await run(fn, warmupMs);
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(fns)) out[k].push(await run(fn, roundMs));
  return Object.fromEntries(
    Object.entries(out).map(([k, xs]) => [k, { median: sig(median(xs)), min: sig(Math.min(...xs)), max: sig(Math.max(...xs)) }]),
  );
}

/** The MediaContent data set as plain objects (enum ordinals as numbers). */
export function mediaContent() {
  return buildValue(DATASETS.find((d) => d.name === 'MediaContent'));
}

/** An API-style object with the types superjson exists for: dates, maps, sets, bigints, undefined. */
export function richObject() {
  return {
    id: 'order-1842',
    createdAt: new Date('2026-11-21T09:30:00.000Z'),
    updatedAt: new Date('2026-11-21T10:02:13.120Z'),
    total: 12345678901234567890n,
    note: undefined,
    tags: new Set(['priority', 'gift', 'eu']),
    quantities: new Map([['sku-1', 2], ['sku-2', 1], ['sku-3', 12]]),
    lines: Array.from({ length: 8 }, (_, i) => ({
      sku: `sku-${i}`,
      title: `Item number ${i} with a medium length title`,
      price: 19.99 + i,
      shippedAt: i % 2 ? new Date(1_700_000_000_000 + i * 1000) : null,
    })),
  };
}

/** Bytes of a string as UTF-8 (HTTP body size). */
export const utf8Bytes = (s) => Buffer.byteLength(s, 'utf8');
