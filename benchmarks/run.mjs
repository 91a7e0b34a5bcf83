// Benchmark entry point (`npm run bench`, `npm run bench -- --quick`).
//   --quick                 a short version (fewer, shorter rounds; noisier)
//   --only=codec|oob|adapters[,…]   run some parts; the others keep their numbers from results/latest.json
// Writes benchmarks/results/latest.json, then docs/benchmarks.md and docs/benchmarks.png from it.
import { existsSync, readFileSync } from 'node:fs';
import { runCodecBench, writeResults, DEFAULT_OUT } from './codec.mjs';
import { renderMarkdown, writeReport } from './report.mjs';
import { writeChart } from './chart.mjs';
import { runOobScaling } from './oob-scaling.mjs';

const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const wants = (part) => !only || only.has(part);
const quick = process.argv.includes('--quick');
const started = performance.now();
console.log(`Node ${process.version} on ${process.platform}/${process.arch}${quick ? ' (--quick)' : ''}`);

const previous = existsSync(DEFAULT_OUT) ? JSON.parse(readFileSync(DEFAULT_OUT, 'utf8')) : null;
let data = previous;

if (wants('codec')) {
  console.log('\n## Codec: serialize / deserialize ops/s and size on the standard data sets\n');
  const t0 = performance.now();
  const codec = await runCodecBench({ quick });
  console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log(renderMarkdown(codec, { summaryOnly: true }));
  data = { ...codec, oob: previous?.oob, adapters: previous?.adapters };
}
if (!data) throw new Error('No codec results yet: run without --only (or with --only=codec) first');
data.partsQuick = { ...(data.partsQuick ?? {}) };

/** Runs one part; a failure is recorded (and shown in the doc) instead of ending the run. */
async function part(name, fn) {
  const t0 = performance.now();
  try {
    const r = await fn();
    console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return r;
  } catch (e) {
    console.log(`  FAILED: ${e?.stack ?? e}`);
    return { error: String(e?.message ?? e).split('\n')[0].slice(0, 300) };
  }
}

if (wants('oob')) {
  console.log('\n## Out-of-band scaling (serialize + deserialize, struct with a Float64Array)\n');
  data.oob = await part('oob', () => runOobScaling({ quick }));
  data.partsQuick.oob = quick;
}
if (wants('adapters')) {
  data.adapters = { ...(data.adapters ?? {}) };
  console.log('\n## tRPC: ferryTransformer vs superjson\n');
  data.adapters.trpc = await part('trpc', async () => (await import('./adapters/trpc.mjs')).runTrpcBench({ quick }));
  console.log('\n## NestJS: Fory vs JSON bodies (autocannon)\n');
  data.adapters.nest = await part('nest', async () => (await import('./adapters/nest.mjs')).runNestBench({ quick }));
  console.log('\n## Kafka: produce + consume on a real broker\n');
  data.adapters.kafka = await part('kafka', async () => (await import('./adapters/kafka.mjs')).runKafkaBench({ quick }));
  data.partsQuick.adapters = quick;
}

console.log(`\nwrote ${writeResults(data)}`);
console.log(`wrote ${writeReport(data)}`);
try {
  console.log(`wrote ${await writeChart(data)}`);
} catch (e) {
  console.log(`chart not written (needs chromium at /usr/bin/chromium or $CHROMIUM_PATH): ${e.message.split('\n')[0]}`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
