/**
 * Forwards the captures of another process's capture server (@ferry/devtools' SSE endpoint) into a
 * local capture hook, so one panel shows the whole demo: the worker's Kafka traffic arrives at the
 * gateway's capture server next to the gateway's own HTTP, tRPC and Kafka captures.
 *
 * Node 20 has no EventSource: this reads the event stream with fetch. It keeps `source`, `label`,
 * `meta` and the bytes; the relaying server numbers the captures again.
 */
import type { CaptureHook } from '@ferry/core';
import { fromCaptureMessage } from '@ferry/devtools';

export interface CaptureRelay {
  close(): void;
}

export function relayCaptures(capturesUrl: string, hook: CaptureHook, log: (line: string) => void): CaptureRelay {
  const abort = new AbortController();
  const run = async () => {
    const res = await fetch(capturesUrl, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
    if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    let event = 'message';
    let data: string[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        if (line === '') {
          // End of one event (text/event-stream: a blank line dispatches it).
          if (event === 'capture' && data.length > 0) {
            try {
              hook(fromCaptureMessage(data.join('\n')));
            } catch (error) {
              log(`devtools relay: skipping a malformed capture from ${capturesUrl}: ${(error as Error).message}`);
            }
          }
          event = 'message';
          data = [];
        } else if (line.startsWith('event:')) {
          event = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
  };
  run().then(
    () => {
      if (!abort.signal.aborted) log(`devtools relay: ${capturesUrl} closed the stream`);
    },
    (error: unknown) => {
      if (!abort.signal.aborted) log(`devtools relay: lost ${capturesUrl}: ${(error as Error).message}`);
    },
  );
  return { close: () => abort.abort() };
}
