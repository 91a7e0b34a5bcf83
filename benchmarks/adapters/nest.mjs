// Nest: requests/s of one endpoint (POST /echo, the MediaContent data set) with Fory bodies vs JSON
// bodies, measured by autocannon on 127.0.0.1 against a Nest app in a child process (Express and
// Fastify adapters). Bounded: fixed duration per run, fixed connection count.
// Run: node benchmarks/adapters/nest.mjs [--quick]   (packages must be built)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Fory } from '@ferry/core';
import { DATASETS } from '../codec/datasets.mjs';
import { ferrySchemas, ferryValue } from '../codec/codecs.mjs';
import { median, mediaContent, sig } from './common.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const CONNECTIONS = 10;

function startServer(adapter) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./nest-server.mjs', import.meta.url)), adapter], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Nest (${adapter}) did not start within 30 s`));
    }, 30_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}/echo`, stop: () => new Promise((r) => (child.once('exit', r), child.stdin.end())) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Nest (${adapter}) exited with ${code}`));
    });
  });
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function runNestBench({ quick = false, log = console.log } = {}) {
  const fory = new Fory({ compatible: false }).register(...ferrySchemas.enums, ...Object.values(ferrySchemas.structs));
  const MediaContent = ferrySchemas.structs.MediaContent;
  const dataset = DATASETS.find((d) => d.name === 'MediaContent');
  const foryBody = Buffer.from(fory.serialize(ferryValue(dataset), MediaContent));
  const jsonBody = JSON.stringify(mediaContent());
  const bodies = {
    fory: { body: foryBody, headers: { 'content-type': 'application/fory', accept: 'application/fory' } },
    json: { body: jsonBody, headers: { 'content-type': 'application/json', accept: 'application/json' } },
  };
  const duration = quick ? 1 : 3;
  const rounds = quick ? 1 : 3;
  const results = [];
  for (const adapter of ['express', 'fastify']) {
    const server = await startServer(adapter);
    try {
      // Each representation answers in kind, with the same value.
      const sizes = {};
      for (const [name, { body, headers }] of Object.entries(bodies)) {
        const res = await fetch(server.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`${adapter} ${name}: HTTP ${res.status} ${await res.text()}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const back = name === 'fory' ? fory.deserialize(bytes) : JSON.parse(Buffer.from(bytes).toString('utf8'));
        if (back.media.uri !== 'http://javaone.com/keynote.ogg' || back.images.length !== 3) throw new Error(`${adapter} ${name}: wrong echo`);
        sizes[name] = { request: Buffer.byteLength(body), response: bytes.length };
      }
      // Warm-up (two interleaved passes: the Fory path's JIT needs a few thousand requests), then
      // interleaved runs.
      for (let w = 0; w < 2; w++) {
        for (const { body, headers } of Object.values(bodies)) {
          await cannon({ url: server.url, method: 'POST', body, headers, connections: CONNECTIONS, duration: quick ? 1 : 2 });
        }
      }
      const runs = { fory: [], json: [] };
      for (let r = 0; r < rounds; r++) {
        for (const [name, { body, headers }] of Object.entries(bodies)) {
          const res = await cannon({ url: server.url, method: 'POST', body, headers, connections: CONNECTIONS, duration });
          if (res.non2xx || res.errors) throw new Error(`${adapter} ${name}: ${res.non2xx} non-2xx, ${res.errors} errors`);
          runs[name].push({ rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99 });
        }
      }
      const summary = Object.fromEntries(
        Object.entries(runs).map(([name, xs]) => [
          name,
          {
            requestsPerSec: { median: sig(median(xs.map((x) => x.rps))), min: sig(Math.min(...xs.map((x) => x.rps))), max: sig(Math.max(...xs.map((x) => x.rps))) },
            latencyMs: { p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) },
            ...sizes[name],
          },
        ]),
      );
      results.push({ adapter, ...summary });
      log(
        `  ${adapter}: Fory ${summary.fory.requestsPerSec.median} req/s (${sizes.fory.request} B body) vs JSON ${summary.json.requestsPerSec.median} req/s (${sizes.json.request} B)`,
      );
    } finally {
      await server.stop();
    }
  }
  return {
    note: `NestJS 11 app in a child process, POST /echo (@Body() in, @FerryResponse(MediaContent) out) with the MediaContent data set; autocannon ${require('autocannon/package.json').version}, ${CONNECTIONS} connections, ${duration} s per run, ${rounds} interleaved run(s) per body type after two interleaved warm-up passes of ${quick ? 1 : 2} s each, 127.0.0.1 only. Fory: Content-Type and Accept application/fory (schema-consistent struct); JSON: application/json both ways.`,
    results,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runNestBench({ quick: process.argv.includes('--quick') }), null, 1));
}
