// Out-of-band scaling: serialize + deserialize time of a struct holding a large Float64Array, and the
// peak memory it takes, as the array grows — Ferry out-of-band, Ferry in-band, msgpackr, and JSON with
// the array as base64. Out-of-band time should stay flat (no copy of the array).
//
// Each (method, size) runs in a child process of its own, so its peak resident memory (maxRSS) is
// its own: reported as the peak above the process's RSS once the value exists.
// Run: node benchmarks/oob-scaling.mjs [--quick]   (npm run bench runs it too)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Fory, Type } from '@ferry/core';

const require = createRequire(import.meta.url);
export const METHODS = {
  'ferry-oob': 'Ferry out-of-band',
  'ferry-inband': 'Ferry in-band',
  msgpackr: 'msgpackr',
  'json-base64': 'JSON (base64)',
};

function makeRoundTrip(method) {
  switch (method) {
    case 'ferry-oob':
    case 'ferry-inband': {
      const Samples = Type.struct({ id: 900 }, { name: Type.string(), samples: Type.float64Array() });
      const fory = new Fory({ compatible: false }).register(Samples);
      if (method === 'ferry-inband') return (v) => fory.deserialize(fory.serialize(v, Samples));
      return (v) => {
        const buffers = [];
        const bytes = fory.serialize(v, Samples, { bufferCallback: (o) => (buffers.push(o.toBuffer()), false) });
        return fory.deserialize(bytes, { buffers });
      };
    }
    case 'msgpackr': {
      // moreTypes: typed arrays as msgpackr's typed-array extension (read back as Float64Array).
      const { Packr } = require('msgpackr');
      const packr = new Packr({ moreTypes: true });
      return (v) => packr.unpack(packr.pack(v));
    }
    case 'json-base64': {
      const utf8 = new TextEncoder();
      const fromUtf8 = new TextDecoder();
      return (v) => {
        const s = v.samples;
        const text = JSON.stringify({ name: v.name, samples: Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('base64') });
        const back = JSON.parse(fromUtf8.decode(utf8.encode(text)));
        const bytes = Buffer.from(back.samples, 'base64');
        // Buffer.from(base64) may start at any offset of Node's pool: copy into an aligned array.
        return { name: back.name, samples: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
      };
    }
    default:
      throw new Error(`unknown method ${method}`);
  }
}

/** In the child: time round trips of `mib` MiB for at least `minMs` (at least 3 runs), report JSON. */
function child(method, mib, minMs) {
  const n = (mib * 1024 * 1024) / 8;
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = i * 0.25;
  const value = { name: 'sensor-7', samples };
  const roundTrip = makeRoundTrip(method);
  const check = roundTrip(value);
  if (check.samples.length !== n || check.samples[n - 1] !== (n - 1) * 0.25) throw new Error(`${method}: wrong round trip`);
  const rssBefore = process.memoryUsage().rss;
  // Warm-up (the JIT tiers up), then rounds of k calls each, k sized so a round takes about 2 ms:
  // per-call times of microsecond operations are not lost in timer overhead.
  let sink;
  const w0 = performance.now();
  let warm = 0;
  while (warm < 3 || performance.now() - w0 < Math.min(200, minMs / 2)) {
    sink = roundTrip(value);
    warm++;
  }
  const perCall = (performance.now() - w0) / warm;
  const k = Math.max(1, Math.round(2 / Math.max(perCall, 1e-6)));
  const runs = [];
  const t0 = performance.now();
  while (runs.length < 5 || (performance.now() - t0 < minMs && runs.length < 5000)) {
    const s = performance.now();
    for (let i = 0; i < k; i++) sink = roundTrip(value);
    runs.push((performance.now() - s) / k);
    if (sink.samples.length !== n) throw new Error('wrong length');
  }
  runs.sort((a, b) => a - b);
  const peak = process.resourceUsage().maxRSS * 1024; // kB → bytes
  return {
    median: runs[runs.length >> 1],
    min: runs[0],
    max: runs[runs.length - 1],
    runs: runs.length,
    peakAboveValueMiB: Math.max(0, Math.round((peak - rssBefore) / 2 ** 20)),
  };
}

export function runOobScaling({ quick = false, log = console.log } = {}) {
  const sizesMiB = quick ? [1, 2, 16] : [1, 2, 16, 128];
  const minMs = quick ? 150 : 500;
  const script = fileURLToPath(import.meta.url);
  const rows = [];
  for (const mib of sizesMiB) {
    const row = { mib };
    for (const method of Object.keys(METHODS)) {
      const out = execFileSync(process.execPath, ['--max-old-space-size=4096', script, `--child=${method},${mib},${minMs}`], {
        encoding: 'utf8',
        timeout: 600_000,
        maxBuffer: 1 << 20,
      });
      row[method] = JSON.parse(out.trim().split('\n').pop());
    }
    rows.push(row);
    log(
      `  ${String(mib).padStart(4)} MiB  ` +
        Object.entries(METHODS)
          .map(([m, label]) => `${label} ${row[m].median.toFixed(3)} ms (+${row[m].peakAboveValueMiB} MiB)`)
          .join('  |  '),
    );
  }
  return {
    note: 'serialize + deserialize of { name, samples: Float64Array } per call (after a warm-up, the median of ≥5 rounds of k calls each, k sized for about 2 ms per round, at least ' +
      `${minMs} ms per cell), each method and size in its own child process; memory = peak RSS above the RSS once the value exists. ` +
      'msgpackr (`new Packr({ moreTypes: true })`) packs the Float64Array as its typed-array extension; JSON carries it as base64 text.',
    methods: METHODS,
    rows,
  };
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  const [method, mib, minMs] = childArg.slice(8).split(',');
  console.log(JSON.stringify(child(method, Number(mib), Number(minMs))));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(runOobScaling({ quick: process.argv.includes('--quick') }), null, 1));
}
