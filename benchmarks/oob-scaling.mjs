// Out-of-band scaling: serialize + deserialize time of a struct holding a large Float64Array,
// out-of-band vs in-band, as the array grows. Out-of-band time should stay flat (no copy).
// Run: npm run bench   (or node benchmarks/oob-scaling.mjs --quick)
import { Fory, Type } from '@ferry/core';

const quick = process.argv.includes('--quick');
const sizesMiB = quick ? [1, 16] : [1, 16, 64, 128];
const Samples = Type.struct({ id: 900 }, { name: Type.string(), samples: Type.float64Array() });
const fory = new Fory().register(Samples);

function time(fn, minMs = quick ? 200 : 600) {
  fn();
  const runs = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || runs.length < 5) {
    const s = performance.now();
    fn();
    runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[runs.length >> 1], min: runs[0], max: runs[runs.length - 1], n: runs.length };
}

const fmt = (t) => `${t.median.toFixed(3)} ms (min ${t.min.toFixed(3)}, max ${t.max.toFixed(3)}, n=${t.n})`;
const rows = [];
for (const mib of sizesMiB) {
  const value = { name: 'sensor-7', samples: new Float64Array((mib * 1024 * 1024) / 8).fill(0.25) };
  const oob = time(() => {
    const buffers = [];
    const bytes = fory.serialize(value, Samples, { bufferCallback: (o) => (buffers.push(o.toBuffer()), false) });
    fory.deserialize(bytes, { buffers });
  });
  const inband = time(() => fory.deserialize(fory.serialize(value, Samples)));
  const mem = process.memoryUsage();
  rows.push({ mib, oob, inband, rssMiB: Math.round(mem.rss / 2 ** 20) });
  console.log(`${String(mib).padStart(4)} MiB  out-of-band ${fmt(oob)}  |  in-band ${fmt(inband)}  |  rss ${Math.round(mem.rss / 2 ** 20)} MiB`);
}
export default rows;
