/**
 * `npm run demo:smoke`: starts the whole demo headless, drives one request through each path, checks
 * the answers, stops everything, checks that nothing is left running, and exits non-zero on any
 * failure. Bounded: the whole run is abandoned (and fails) after DEMO_SMOKE_TIMEOUT_S (default 150 s).
 *
 * DEMO_KAFKA=0 skips the Kafka checks on purpose; otherwise Kafka being unavailable is a failure.
 */
import { spawn } from 'node:child_process';
import { Fory, decodeFrames, encodeFrames, outOfBandAbove, isOfType, type BufferObject } from '@ferry/core';
import { withSchema } from '@ferry/trpc';
import { kafkaPythonInterpreter, pythonInterpreter, pythonServiceScript, startDemo, type RunningDemo } from './demo.js';
import { COMPANION_TOPIC_SUFFIX } from '@ferry/kafka';
import { Topics } from '../kafka/topics.js';
import { demoKafka } from '../kafka/transport.js';
import { collectBursts, demoTrpcClients } from '../trpc/client.js';
import { demoFory, makeTelemetry, Order, summarize, Telemetry, TelemetrySummary } from '../shared/schemas.js';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const results: { name: string; ok: boolean; detail: string }[] = [];

class CheckFailed extends Error {}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

async function check(name: string, body: () => Promise<string>): Promise<void> {
  const t0 = Date.now();
  try {
    const detail = await body();
    results.push({ name, ok: true, detail });
    console.log(`ok    ${name} — ${detail} (${Date.now() - t0} ms)`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, detail });
    console.log(`FAIL  ${name} — ${detail}`);
  }
}

async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new CheckFailed(`${init?.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

function sameSummary(got: TelemetrySummary, want: TelemetrySummary): boolean {
  return got.count === want.count && got.min === want.min && got.max === want.max && Math.abs(got.mean - want.mean) < 1e-9 && Number(got.seq) === Number(want.seq);
}

function runPython(gatewayUrl: string, brokers: string[] | undefined): Promise<Record<string, unknown>> {
  let interpreter: string | undefined;
  if (brokers === undefined) {
    interpreter = pythonInterpreter();
    if (interpreter === undefined) throw new CheckFailed('no pyfory venv: run `npm run peers:setup` (or set FERRY_PEER_PYTHON)');
  } else {
    const kafkaPython = kafkaPythonInterpreter();
    if ('unavailable' in kafkaPython) throw new CheckFailed(kafkaPython.unavailable);
    interpreter = kafkaPython.python;
  }
  const args = [pythonServiceScript, '--gateway', gatewayUrl, '--once', ...(brokers === undefined ? [] : ['--expect-pipeline', '--kafka', brokers[0]!])];
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        const parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, unknown>;
        if (code !== 0 || parsed['ok'] !== true) reject(new CheckFailed(`python exited ${code}: ${String(parsed['error'] ?? out)}`));
        else resolve(parsed);
      } catch {
        reject(new CheckFailed(`python exited ${code} without a JSON result: ${out}`));
      }
    });
  });
}

/** Polls (bounded) the pipeline's latest summary of a device until it has `seq`. */
async function pipelineSummary(base: string, fory: Fory, deviceId: string, seq: number): Promise<TelemetrySummary> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/api/telemetry/${deviceId}/latest`, { headers: { accept: 'application/fory' } });
    if (res.ok) {
      const summary = fory.deserialize<TelemetrySummary>(new Uint8Array(await res.arrayBuffer()), { expect: TelemetrySummary });
      if (Number(summary.seq) === seq) return summary;
      last = `seq ${summary.seq}`;
    } else {
      last = `HTTP ${res.status} ${await res.text()}`;
      if (res.status !== 404) break;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new CheckFailed(`no pipeline summary of ${deviceId} seq ${seq} (last answer: ${last})`);
}

/**
 * Loads the page once in Debian's Chromium: it talks to the API and both tRPC paths, and its devtools
 * panel shows live captures — of the page's own request, of a request made after the page loaded,
 * of the tRPC calls, and (relayed from the worker's process) of the Kafka pipeline.
 */
async function browserCheck(base: string, kafka: boolean): Promise<string> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env['FERRY_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${base}/`);
    const log = page.getByTestId('log');
    const ui = { timeout: 20_000 };
    const waitForLine = (text: string) => log.getByText(text).first().waitFor(ui);
    const entry = (source: string, text?: string) =>
      page.locator(`[data-testid=ferry-panel] [data-entry][data-source=${source}]`, text === undefined ? {} : { hasText: text }).first();

    await waitForLine('GET /api/orders/o-1001 → demo.Order');
    await page.getByTestId('ferry-panel').waitFor(ui);
    await entry('nest', 'GET /api/orders/o-1001').waitFor(ui);

    // A request made now, from outside the page, must show up live.
    const fory = demoFory();
    const placed = await fetchOk(`${base}/api/orders`, {
      method: 'POST',
      body: fory.serialize({ id: '', customer: 'Panel', lines: [{ sku: 'P', quantity: 1, unitPrice: 1 }], total: 0, placedAt: new Date() }, Order) as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/fory', accept: 'application/fory' },
    });
    const { id } = fory.deserialize<Order>(new Uint8Array(await placed.arrayBuffer()), { expect: Order });
    await fetchOk(`${base}/api/orders/${id}`, { headers: { accept: 'application/fory' } });
    await entry('nest', `GET /api/orders/${id}`).waitFor(ui);
    // Selecting it inspects the payload (in the panel's Web Worker): the tree names the struct and its fields.
    await entry('nest', `GET /api/orders/${id}`).click();
    await page.locator('[data-testid=ferry-panel] [role=treeitem]', { hasText: 'demo.Order' }).first().waitFor(ui);
    await page.locator('[data-testid=ferry-panel] [role=treeitem]', { hasText: '"Panel"' }).first().waitFor(ui);

    await page.getByRole('button', { name: 'tRPC: order over HTTP' }).click();
    await waitForLine("tRPC order.query('o-1001') over HTTP → demo.Order");
    await page.getByRole('button', { name: 'tRPC: bursts subscription' }).click();
    await waitForLine('3 Float32Arrays of 100000, 100000, 100000 samples');
    await entry('trpc').waitFor(ui);
    if (kafka) await entry('kafka', Topics.summaries).waitFor(ui); // published by the worker, relayed by the gateway

    const failures = await log.locator('.err').allTextContents();
    expect(failures.length === 0 && errors.length === 0, `page errors: ${[...failures, ...errors].join('; ')}`);
    const count = await page.locator('[data-testid=ferry-panel] [data-entry]').count();
    return `Nest and both tRPC paths from the page; the panel lists ${count} captures, live ones included (nest, trpc${kafka ? ', kafka from the worker' : ''}), and inspects a live demo.Order`;
  } finally {
    await browser.close();
  }
}

function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runChecks(demo: RunningDemo, kafkaExpected: boolean): Promise<void> {
  const base = demo.gateway.ready.urls['page']!.replace(/\/$/, '');
  const fory = demoFory();

  await check('kafka broker', async () => {
    if ('brokers' in demo.kafka) return `running at ${demo.kafka.brokers.join(',')}`;
    expect(!kafkaExpected, `Kafka is unavailable: ${demo.kafka.unavailable} (set DEMO_KAFKA=0 to skip the Kafka checks)`);
    return `skipped on purpose (DEMO_KAFKA=0)`;
  });

  await check('nest: GET order as JSON', async () => {
    const res = await fetchOk(`${base}/api/orders/o-1001`);
    expect(res.headers.get('content-type')?.startsWith('application/json') === true, `content-type ${res.headers.get('content-type')}`);
    const order = (await res.json()) as { customer: string; total: number };
    expect(order.customer === 'Ada Lovelace' && order.total === 1852.5, `unexpected order ${JSON.stringify(order)}`);
    return 'application/json, Ada Lovelace, total 1852.5';
  });

  await check('nest: GET order as Fory (content negotiation)', async () => {
    const res = await fetchOk(`${base}/api/orders/o-1001`, { headers: { accept: 'application/fory' } });
    expect(res.headers.get('content-type') === 'application/fory', `content-type ${res.headers.get('content-type')}`);
    expect((res.headers.get('vary') ?? '').toLowerCase().includes('accept'), 'no Vary: Accept');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const order = fory.deserialize<Order>(bytes, { expect: Order });
    expect(order.lines.length === 2 && order.placedAt instanceof Date, `unexpected order ${JSON.stringify(order)}`);
    return `application/fory, ${bytes.length} bytes, demo.Order with ${order.lines.length} lines`;
  });

  await check('nest: POST a Fory order body', async () => {
    const body = fory.serialize(
      { id: '', customer: 'Smoke Test', lines: [{ sku: 'A', quantity: 3, unitPrice: 2.5 }], total: 0, placedAt: new Date() },
      Order,
    );
    const res = await fetchOk(`${base}/api/orders`, {
      method: 'POST',
      body: body as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/fory', accept: 'application/fory' },
    });
    expect(res.status === 201, `status ${res.status}`);
    const order = fory.deserialize<Order>(new Uint8Array(await res.arrayBuffer()), { expect: Order });
    expect(order.id.startsWith('o-') && order.total === 7.5, `unexpected order ${JSON.stringify(order)}`);
    return `201, ${order.id}, total ${order.total}`;
  });

  await check('nest: malformed Fory body is a 400 problem', async () => {
    const res = await fetch(`${base}/api/orders`, { method: 'POST', body: new Uint8Array([2, 0xff, 0x7f]), headers: { 'content-type': 'application/fory' } });
    const problem = (await res.json()) as { type?: string; code?: string };
    expect(res.status === 400 && typeof problem.type === 'string' && problem.type.startsWith('urn:ferry:problem:'), `got ${res.status} ${JSON.stringify(problem)}`);
    return `400 ${problem.type} (${problem.code})`;
  });

  const httpDevice = 'smoke-http';
  const burst = makeTelemetry(httpDevice, 7, 1_000_000);
  await check('nest: POST 1M samples as fory-frames (samples out-of-band)', async () => {
    const buffers: BufferObject[] = [];
    const keep = outOfBandAbove(64 * 1024);
    const payload = fory.serialize(burst, Telemetry, { bufferCallback: (o) => keep(o) || (buffers.push(o), false) });
    expect(buffers.length === 1, `expected the samples out-of-band, got ${buffers.length} buffers`);
    const res = await fetchOk(`${base}/api/telemetry`, {
      method: 'POST',
      body: encodeFrames(payload, buffers.map((b) => b.toBuffer())) as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/fory-frames', accept: 'application/fory' },
    });
    const summary = fory.deserialize<TelemetrySummary>(new Uint8Array(await res.arrayBuffer()), { expect: TelemetrySummary });
    expect(sameSummary(summary, summarize(burst, 'api')), `summary differs: ${JSON.stringify(summary)}`);
    return `payload ${payload.length} B + 1 buffer of ${buffers[0]!.totalBytes} B; count ${summary.count}, mean ${summary.mean.toFixed(6)}`;
  });

  const clients = demoTrpcClients(base);
  try {
    await check('trpc over HTTP: query and mutation', async () => {
      const order = await clients.http.order.query('o-1001');
      expect(order !== null && isOfType(Order, order) && order.customer === 'Ada Lovelace', `order ${JSON.stringify(order)}`);
      const placed = await clients.http.placeOrder.mutate({ customer: 'tRPC', lines: [{ sku: 'B', quantity: 2, unitPrice: 4 }] });
      expect(placed.total === 8, `placed ${JSON.stringify(placed)}`);
      const telemetry = makeTelemetry('smoke-trpc-http', 2, 200_000);
      const summary = await clients.http.summarize.mutate(withSchema(Telemetry, telemetry));
      expect(sameSummary(summary, summarize(telemetry, 'trpc')), `summary ${JSON.stringify(summary)}`);
      return `order.query → demo.Order, placeOrder → ${placed.id} total ${placed.total}, summarize(200k samples in a frames envelope) matches`;
    });

    await check('trpc over websocket: mutation with 250k samples, subscription of 3 bursts', async () => {
      const telemetry = makeTelemetry('smoke-ws', 3, 250_000);
      const summary = await clients.ws.summarize.mutate(withSchema(Telemetry, telemetry));
      expect(sameSummary(summary, summarize(telemetry, 'trpc')) && summary.computedBy === 'trpc', `summary ${JSON.stringify(summary)}`);
      const bursts = await collectBursts(clients.ws, 'smoke-ws', 3, 100_000);
      expect(bursts.length === 3, `${bursts.length} bursts`);
      bursts.forEach((b, seq) => {
        const want = makeTelemetry('smoke-ws', seq, 100_000).samples;
        expect(b.samples instanceof Float32Array && b.samples.length === want.length, `burst ${seq}: ${b.samples?.constructor?.name}`);
        for (let i = 0; i < want.length; i++) expect(b.samples[i] === want[i], `burst ${seq} sample ${i} differs`);
      });
      return 'summary matches; 3 × Float32Array(100000) identical to the server’s';
    });
  } finally {
    await clients.close();
  }

  if ('brokers' in demo.kafka) {
    await check('kafka: API → demo.telemetry (+ companion topic) → pipeline → Nest Kafka microservice', async () => {
      const summary = await pipelineSummary(base, fory, httpDevice, 7);
      expect(summary.computedBy === 'pipeline' && sameSummary(summary, summarize(burst, 'pipeline')), `summary ${JSON.stringify(summary)}`);
      // The 4 MB sample array cannot fit a 1 MiB record: it must have gone to the companion topic in chunks.
      const companion = `${Topics.telemetry}${COMPANION_TOPIC_SUFFIX}`;
      const admin = demoKafka((demo.kafka as { brokers: string[] }).brokers, 'demo-smoke').admin();
      await admin.connect();
      let chunks: number;
      try {
        chunks = (await admin.fetchTopicOffsets(companion)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      } finally {
        await admin.disconnect();
      }
      expect(chunks >= 4, `expected the samples in ${companion}, found ${chunks} records`);
      return `the pipeline summarized the 1M-sample burst (mean ${summary.mean.toFixed(6)}; samples in ${chunks} ${companion} records), answered over Kafka`;
    });
  }

  await check('browser page in Chromium with the devtools panel', () => browserCheck(base, 'brokers' in demo.kafka));

  await check('python (pyfory) service against the API', async () => {
    const result = await runPython(base, 'brokers' in demo.kafka ? demo.kafka.brokers : undefined);
    const summary = result['summary'] as { count: number; computed_by: string };
    const placed = result['placed'] as { total: number };
    expect(summary.count === 20000 && summary.computed_by === 'api' && placed.total === 16.5, `python saw ${JSON.stringify(result)}`);
    if ('brokers' in demo.kafka) {
      const viaKafka = result['kafka'] as { count?: number; computed_by?: string } | undefined;
      expect(viaKafka?.count === 20000 && viaKafka.computed_by === 'pipeline', `python read from Kafka: ${JSON.stringify(viaKafka)}`);
    }
    return `decoded demo.Order, placed ${(result['placed'] as { id: string }).id} (total 16.5), summary of 20000 samples` +
      ('pipeline' in result ? '; the pipeline’s summary came back through the API' : '') +
      ('kafka' in result ? ` and was read from ${Topics.summaries} with kafka-python` : '');
  });
}

async function main(): Promise<number> {
  const kafkaExpected = process.env['DEMO_KAFKA'] !== '0';
  let stopDemo: (() => Promise<void>) | undefined;
  const timeoutS = Number(process.env['DEMO_SMOKE_TIMEOUT_S'] ?? 150);
  const watchdog = setTimeout(() => {
    console.log(`FAIL  demo:smoke did not finish within ${timeoutS} s; stopping`);
    void (stopDemo?.() ?? Promise.resolve()).finally(() => process.exit(1));
  }, timeoutS * 1000);

  const logLines: string[] = [];
  let demo: RunningDemo;
  try {
    demo = await startDemo({
      kafka: kafkaExpected,
      python: 'off',
      log: (line) => logLines.push(line),
      onStop: (stop) => {
        stopDemo = stop;
      },
    });
  } catch (error) {
    console.log(logLines.join('\n'));
    console.log(`FAIL  demo start — ${error instanceof Error ? error.message : String(error)}`);
    clearTimeout(watchdog);
    return 1;
  }
  console.log(`demo started in ${elapsed()}: ${demo.gateway.ready.urls['page']}`);

  try {
    await runChecks(demo, kafkaExpected);
  } finally {
    const groups = demo.processGroups();
    await demo.stop();
    await check('clean shutdown: no service process left', async () => {
      const alive = groups.filter(groupAlive);
      expect(alive.length === 0, `process groups still alive: ${alive.join(', ')}`);
      return `all ${groups.length} process groups (services and broker) are gone`;
    });
  }
  clearTimeout(watchdog);

  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) console.log(`\n--- demo log ---\n${logLines.slice(-60).join('\n')}`);
  console.log(`demo:smoke: ${results.length - failed.length} passed, ${failed.length} failed (${elapsed()})`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('demo:smoke crashed:', error);
    process.exit(1);
  },
);
