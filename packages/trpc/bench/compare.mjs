#!/usr/bin/env node
/**
 * Size and time of @ferry/trpc against superjson, the usual tRPC transformer, on what tRPC does
 * with a transformer's output:
 *  - HTTP (httpLink/httpBatchLink/…): value → transformer.serialize → JSON.stringify, and back.
 *  - websocket: the whole result message; superjson in tRPC's JSON text frame, Ferry in the
 *    binary frame of ferryWsEncoder().
 *
 * Run after a build:  npm run build && node packages/trpc/bench/compare.mjs
 * Not a test: numbers depend on the machine. Each timing is the median of 7 rounds of ≥ 100 ms.
 */
import { Fory } from '@ferry/core';
import { ferryTransformer, ferryWsEncoder } from '@ferry/trpc';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import superjson from 'superjson';
import { decodePure, encodePure } from '../dist/esm/base64.js';

const utf8 = new TextEncoder();

function datasets() {
  const day = 86_400_000;
  const records = Array.from({ length: 200 }, (_, i) => ({
    id: i + 1,
    name: `Customer ${i}`,
    email: `customer${i}@example.com`,
    createdAt: new Date(1_700_000_000_000 + i * day),
    updatedAt: new Date(1_700_000_000_000 + i * day + 3_600_000),
    score: i * 1.25,
    active: i % 3 !== 0,
    tags: ['alpha', i % 2 ? 'beta' : 'gamma'],
    balance: BigInt(i) * 1_000_000_007n,
  }));
  const samples = new Float64Array(1 << 16);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.sin(i) * 1e3;
  return {
    'small object (id, flag, Date)': { id: 42, ok: true, at: new Date(1_700_000_000_000) },
    '200 records (Dates, bigint, arrays)': records,
    'every superjson type (1 each)': {
      date: new Date(0),
      map: new Map([['a', 1], [2, 'b']]),
      set: new Set([1, 'two']),
      bigint: 2n ** 70n,
      undef: undefined,
      nul: null,
      nan: NaN,
      negZero: -0,
      inf: -Infinity,
      regexp: /ab+c/gi,
      error: new RangeError('bad'),
      url: new URL('https://example.com/x?y=1'),
      typed: new Int32Array([1, 2, 3]),
      nested: { list: [{ when: new Date(1), tags: new Set(['x']) }] },
    },
    'Map of 1,000 entries': new Map(Array.from({ length: 1000 }, (_, i) => [`key${i}`, { n: i, at: new Date(i) }])),
    'Float64Array, 65,536 elements (512 KiB)': { samples },
  };
}

/** Median µs per call over 7 rounds, each running `fn` for at least ~100 ms. */
function time(fn) {
  for (let i = 0; i < 20; i++) fn();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - t0 >= 100) break;
    n *= 2;
  }
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    rounds.push(((performance.now() - t0) * 1000) / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[3];
}

const fmtBytes = (n) => (n >= 10_240 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);
const fmtUs = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} ms` : `${n.toFixed(1)} µs`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

const ferry = ferryTransformer(new Fory({ maps: 'object', undefined: 'preserve' }));
const ferryRef = ferryTransformer(new Fory({ maps: 'object', undefined: 'preserve', ref: true }));
const encoder = ferryWsEncoder();
const sj = { serialize: (v) => superjson.serialize(v), deserialize: (v) => superjson.deserialize(v) };

const fyBytes = (value) => ferry.output.serialize(value).toBytes();

const rows = [];
for (const [name, value] of Object.entries(datasets())) {
  const sjText = JSON.stringify(sj.serialize(value));
  const fyText = JSON.stringify(ferry.output.serialize(value));
  // websocket: a tRPC result message
  const sjFrame = JSON.stringify({ id: 1, jsonrpc: '2.0', result: { type: 'data', data: sj.serialize(value) } });
  const fyFrame = encoder.encode({ id: 1, jsonrpc: '2.0', result: { type: 'data', data: ferry.output.serialize(value) } });

  const row = {
    name,
    httpBytes: [utf8.encode(sjText).length, utf8.encode(fyText).length],
    wsBytes: [utf8.encode(sjFrame).length, fyFrame.byteLength],
    encode: [time(() => JSON.stringify(sj.serialize(value))), time(() => JSON.stringify(ferry.output.serialize(value)))],
    decode: [time(() => sj.deserialize(JSON.parse(sjText))), time(() => ferry.output.deserialize(JSON.parse(fyText)))],
    wsRoundTrip: [
      time(() => {
        const msg = JSON.parse(JSON.stringify({ id: 1, result: { type: 'data', data: sj.serialize(value) } }));
        sj.deserialize(msg.result.data);
      }),
      time(() => {
        const msg = encoder.decode(encoder.encode({ id: 1, result: { type: 'data', data: ferry.output.serialize(value) } }));
        ferry.output.deserialize(msg.result.data);
      }),
    ],
    refEncode: time(() => JSON.stringify(ferryRef.output.serialize(value))),
    base64: name.startsWith('Float64Array') ? [time(() => encodePure(fyBytes(value))), time(() => decodePure(JSON.parse(fyText).$ferry))] : null,
  };
  rows.push(row);
}

const sjVersion = JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('superjson')), '..', 'package.json'), 'utf8')).version;
console.log(`@ferry/trpc vs superjson ${sjVersion} — Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`);
console.log('sizes: bytes on the wire. times: median per call (lower is better). ratio = superjson / Ferry (>1: Ferry wins)\n');
const header = ['payload', 'HTTP bytes sj → Ferry', 'WS bytes sj → Ferry', 'HTTP encode sj → Ferry', 'HTTP decode sj → Ferry', 'WS round trip sj → Ferry'];
const lines = rows.map((r) => [
  r.name,
  `${fmtBytes(r.httpBytes[0])} → ${fmtBytes(r.httpBytes[1])} (${ratio(r.httpBytes[0], r.httpBytes[1])})`,
  `${fmtBytes(r.wsBytes[0])} → ${fmtBytes(r.wsBytes[1])} (${ratio(r.wsBytes[0], r.wsBytes[1])})`,
  `${fmtUs(r.encode[0])} → ${fmtUs(r.encode[1])} (${ratio(r.encode[0], r.encode[1])})`,
  `${fmtUs(r.decode[0])} → ${fmtUs(r.decode[1])} (${ratio(r.decode[0], r.decode[1])})`,
  `${fmtUs(r.wsRoundTrip[0])} → ${fmtUs(r.wsRoundTrip[1])} (${ratio(r.wsRoundTrip[0], r.wsRoundTrip[1])})`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const print = (cols) => console.log(`| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
print(header);
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const l of lines) print(l);
console.log('\nFerry with ref: true (shared/cyclic references, as superjson always tracks), HTTP encode:');
for (const r of rows) console.log(`  ${r.name}: ${fmtUs(r.refEncode)}`);
for (const r of rows) {
  if (r.base64) {
    console.log(`\nBrowser base64 path (pure JavaScript; Node uses Buffer), ${r.name}: encode ${fmtUs(r.base64[0])}, decode ${fmtUs(r.base64[1])}`);
  }
}
