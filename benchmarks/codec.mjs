// Codec benchmark: serialize / deserialize ops/s and encoded size of Ferry and peer libraries on the
// standard data sets (NumericStruct, Sample, MediaContent and their 5-element lists).
//
// Method: one process; every (codec, data set, direction) cell is warmed up, then measured in
// interleaved rounds — each round visits every cell once, in a fresh shuffled order, for `roundMs` —
// and the median, min and max ops/s over the rounds are reported.
//
// Run: node benchmarks/codec.mjs [--quick] [--codecs=ferry,json] [--datasets=Sample] [--out=path.json]
// (npm run bench runs it too, then writes docs/benchmarks.md with benchmarks/report.mjs.)
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODECS, PACKAGES, versionOf } from './codec/codecs.mjs';
import { DATASETS } from './codec/datasets.mjs';

export const DEFAULT_OUT = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

export function settings(quick = process.argv.includes('--quick')) {
  return quick
    ? { quick: true, warmupMs: 50, rounds: 5, roundMs: 25 }
    : { quick: false, warmupMs: 250, rounds: 9, roundMs: 110 };
}

let sink; // results go here so the JIT cannot drop the work
const now = () => performance.now();

/** Ops in `batch`-sized steps until `ms` have passed; returns ops/s. */
function measure(fn, batch, ms) {
  let ops = 0;
  const t0 = now();
  let t = t0;
  do {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    t = now();
  } while (t - t0 < ms);
  return (ops * 1000) / (t - t0);
}

/** Warm up `fn` for about `ms` and pick a batch size of about 0.2 ms. */
function warmUp(fn, ms) {
  let batch = 1;
  const t0 = now();
  let rate = 0;
  while (now() - t0 < ms) {
    rate = measure(fn, batch, Math.min(20, ms / 4));
    batch = Math.max(1, Math.round(rate / 5000));
  }
  return batch;
}

function shuffled(items, seed) {
  const a = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const sig = (x) => (x >= 100 ? Math.round(x) : Number(x.toPrecision(3)));

export async function runCodecBench({ quick = process.argv.includes('--quick'), log = console.log } = {}) {
  const cfg = settings(quick);
  const onlyCodecs = arg('codecs')?.split(',');
  const onlyDatasets = arg('datasets')?.split(',');
  const codecs = CODECS.filter((c) => !onlyCodecs || onlyCodecs.includes(c.id));
  const datasets = DATASETS.filter((d) => !onlyDatasets || onlyDatasets.includes(d.name));

  // Prepare every cell (and record what fails, per codec and data set).
  const results = Object.fromEntries(datasets.map((d) => [d.name, {}]));
  const cells = [];
  for (const codec of codecs) {
    let prepare;
    try {
      prepare = await codec.load();
    } catch (e) {
      for (const d of datasets) results[d.name][codec.id] = { error: `load failed: ${e.message}` };
      log(`  ${codec.id}: load failed: ${e.message}`);
      continue;
    }
    for (const d of datasets) {
      try {
        const { value, encode, decode } = prepare(d);
        const bytes = encode(value);
        const size = bytes.length;
        // Sanity check: the decoded value encodes to the same number of bytes.
        const again = encode(decode(bytes)).length;
        if (again !== size) throw new Error(`round trip changed the size (${size} → ${again} bytes)`);
        results[d.name][codec.id] = { size, serialize: [], deserialize: [] };
        cells.push({ codec, dataset: d, dir: 'serialize', fn: () => (sink = encode(value)) });
        cells.push({ codec, dataset: d, dir: 'deserialize', fn: () => (sink = decode(bytes)) });
      } catch (e) {
        results[d.name][codec.id] = { error: String(e.message).split('\n')[0].slice(0, 200) };
        log(`  ${codec.id} / ${d.name}: ${results[d.name][codec.id].error}`);
      }
    }
  }

  const estimate = (cells.length * (cfg.warmupMs + cfg.rounds * cfg.roundMs)) / 1000;
  log(`  ${cells.length} cells (${codecs.length} codecs × ${datasets.length} data sets × 2), ~${Math.round(estimate)} s`);
  for (const cell of shuffled(cells, 7)) cell.batch = warmUp(cell.fn, cfg.warmupMs);
  for (let r = 0; r < cfg.rounds; r++) {
    for (const cell of shuffled(cells, 1000 + r)) {
      results[cell.dataset.name][cell.codec.id][cell.dir].push(measure(cell.fn, cell.batch, cfg.roundMs));
    }
  }
  if (sink === Symbol.for('never')) log('');

  // Summarize: median / min / max ops/s per cell.
  for (const byCodec of Object.values(results)) {
    for (const r of Object.values(byCodec)) {
      if (r.error) continue;
      for (const dir of ['serialize', 'deserialize']) {
        const xs = r[dir].sort((a, b) => a - b);
        r[dir] = { median: sig(xs[xs.length >> 1]), min: sig(xs[0]), max: sig(xs[xs.length - 1]) };
      }
    }
  }

  const cpu = cpus();
  return {
    format: 1,
    date: new Date().toISOString(),
    quick: cfg.quick,
    method: { warmupMs: cfg.warmupMs, rounds: cfg.rounds, roundMs: cfg.roundMs },
    machine: {
      cpu: cpu[0]?.model?.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      platform: `${process.platform}/${process.arch}`,
      node: process.version,
      v8: process.versions.v8,
    },
    codecs: codecs.map((c) => ({
      id: c.id,
      label: c.label,
      ferry: !!c.ferry,
      ...(c.note ? { note: c.note } : {}),
      ...(PACKAGES[c.id] ? { package: `${PACKAGES[c.id]}@${versionOf(PACKAGES[c.id])}` } : {}),
    })),
    datasets: datasets.map((d) => d.name),
    results,
  };
}

export function writeResults(data, out = arg('out') ?? DEFAULT_OUT) {
  mkdirSync(dirname(out), { recursive: true });
  // One line per result cell keeps the file short and its diffs readable.
  const cells = new Map();
  const json = JSON.stringify(
    data,
    (key, value) => {
      if (value && typeof value === 'object' && ('size' in value || 'error' in value || 'id' in value)) {
        const token = `@@${cells.size}@@`;
        cells.set(token, JSON.stringify(value));
        return token;
      }
      return value;
    },
    1,
  ).replace(/"(@@\d+@@)"/g, (_, t) => cells.get(t));
  writeFileSync(out, `${json}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = await runCodecBench();
  console.log(`wrote ${writeResults(data)}`);
}
