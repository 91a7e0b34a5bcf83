import { useEffect, useMemo, useState } from 'react';
import { FerryPanel } from '@ferry/devtools/react';
// The inspector runs in a Web Worker, so inspecting a 4 MB telemetry burst never blocks the page.
import InspectWorker from '@ferry/devtools/worker?worker';
import { getOrder, latestSummary, postTelemetry, status, trpcClients, type Status } from './api.js';

interface LogLine {
  id: number;
  text: string;
  error: boolean;
}

let nextLine = 0;

export function App() {
  const [info, setInfo] = useState<Status | undefined>();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [busy, setBusy] = useState(false);
  const trpc = useMemo(() => trpcClients(), []);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      const text = await action();
      setLines((l) => [{ id: nextLine++, text, error: false }, ...l]);
    } catch (error) {
      setLines((l) => [{ id: nextLine++, text: (error as Error).message, error: true }, ...l]);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    status().then(setInfo, (error: Error) => setLines((l) => [{ id: nextLine++, text: error.message, error: true }, ...l]));
    // One request at load, so there is something to look at in the panel right away.
    void run(() => getOrder('o-1001'));
  }, []);

  const kafka = info?.kafka === 'running';
  return (
    <>
      <main>
        <h1>Ferry demo</h1>
        <div className="status" data-testid="status">
          One set of Fory schemas (demo.Order, demo.Telemetry with a Float32Array of samples) across a NestJS API, a tRPC router,
          a Kafka pipeline and a Python service. Kafka: {info === undefined ? '…' : info.kafka}
        </div>
        <div className="actions">
          <button disabled={busy} onClick={() => run(() => getOrder('o-1001'))}>Nest: GET order (Fory)</button>
          <button disabled={busy} onClick={() => run(() => postTelemetry('browser', Math.floor(Date.now() / 1000) % 1_000_000, 1_000_000))}>
            Nest: POST 1M samples (frames)
          </button>
          <button disabled={busy} onClick={() => run(() => trpc.order('o-1001'))}>tRPC: order over HTTP</button>
          <button disabled={busy} onClick={() => run(() => trpc.summarize(250_000))}>tRPC: summarize over websocket</button>
          <button disabled={busy} onClick={() => run(() => trpc.bursts(3, 100_000))}>tRPC: bursts subscription</button>
          <button disabled={busy || !kafka} onClick={() => run(() => latestSummary('browser'))} title={kafka ? '' : 'Kafka is not running'}>
            Kafka: pipeline summary of the last POST
          </button>
        </div>
        <div className="log" data-testid="log">
          {lines.map((line) => (
            <div key={line.id} className={line.error ? 'err' : ''}>
              {line.text}
            </div>
          ))}
        </div>
      </main>
      {/* Live captures: the gateway's capture server (Nest, tRPC and Kafka of every process) and this page's own tRPC calls. */}
      <div className="panel">
        {info === undefined ? null : (
          <FerryPanel
            {...(info.capturesUrl === null ? {} : { captureUrl: info.capturesUrl })}
            inspectWorker={() => new InspectWorker()}
            style={{ height: '100%' }}
          />
        )}
      </div>
    </>
  );
}
