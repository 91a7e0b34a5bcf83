// Benchmark entry point (`npm run bench`, `npm run bench -- --quick`).
//   --quick         ~1 minute instead of ~5
//   --only=codec    just the codec benchmark (or --only=oob for just the out-of-band scaling)
// The codec benchmark writes benchmarks/results/latest.json and regenerates docs/benchmarks.md from it.
import { runCodecBench, writeResults } from './codec.mjs';
import { renderMarkdown, writeReport } from './report.mjs';

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const quick = process.argv.includes('--quick');
console.log(`Node ${process.version} on ${process.platform}/${process.arch}${quick ? ' (--quick)' : ''}`);

if (!only || only === 'codec') {
  console.log('\n## Codec: serialize / deserialize ops/s and size on the standard data sets\n');
  const t0 = performance.now();
  const data = await runCodecBench({ quick });
  console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log(renderMarkdown(data, { summaryOnly: true }));
  console.log(`wrote ${writeResults(data)}`);
  console.log(`wrote ${writeReport(data)}`);
}

if (!only || only === 'oob') {
  console.log('\n## Out-of-band scaling (serialize + deserialize, struct with a Float64Array)\n');
  await import('./oob-scaling.mjs');
}
