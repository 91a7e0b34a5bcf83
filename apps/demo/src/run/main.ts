/**
 * `npm run demo`: starts everything, prints where to look, runs until Ctrl-C (or SIGTERM), then stops
 * every service and the broker. DEMO_PORT fixes the gateway port (default 3000), DEMO_KAFKA=0 skips Kafka.
 */
import { startDemo, type RunningDemo } from './demo.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let demo: RunningDemo | undefined;
  let stopDemo: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log(`\n${signal}: stopping the demo …`);
      await stopDemo?.();
      log('demo stopped; no services left running.');
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));

  demo = await startDemo({
    gatewayPort: Number(process.env['DEMO_PORT'] ?? 3000),
    kafka: process.env['DEMO_KAFKA'] !== '0',
    python: 'loop',
    log,
    onStop: (stopFn) => {
      stopDemo = stopFn;
    },
  });
  if (stopping !== undefined) return; // Ctrl-C arrived while starting

  const urls = demo.gateway.ready.urls;
  const lines = [
    '',
    'Ferry demo is running:',
    `  page (devtools panel)   ${urls['page']}`,
    `  Nest API                ${urls['api']}/orders/o-1001   (JSON; Accept: application/fory for Fory)`,
    `  tRPC over HTTP          ${urls['trpc']}`,
    `  tRPC over websocket     ${urls['trpcWs']}`,
    `  tRPC client             node apps/demo/dist/trpc/client.js ${urls['page']!.replace(/\/$/, '')}`,
    `  devtools captures (SSE) ${urls['captures']}`,
    'brokers' in demo.kafka
      ? `  Kafka                   ${demo.kafka.brokers.join(',')} (topics demo.telemetry + its companion demo.telemetry.ferry-oob, demo.orders, demo.telemetry.summaries)`
      : `  Kafka                   not running: ${demo.kafka.unavailable}`,
    demo.python === undefined || 'unavailable' in demo.python
      ? `  Python service          not running: ${demo.python?.unavailable ?? 'off'}`
      : '  Python service          running (pyfory; posts telemetry and orders every few seconds)',
    '',
    'Press Ctrl-C to stop.',
  ];
  log(lines.join('\n'));
}

main().catch(async (error: unknown) => {
  console.error('the demo failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
