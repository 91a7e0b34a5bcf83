/**
 * Browser-side transports: publish captures on a BroadcastChannel (an app and its panel in other
 * tabs/frames of the same origin), and subscribe to a channel or to the Node capture server's SSE
 * endpoint. All speak the JSON `CaptureMessage` of protocol.ts.
 */
import type { CaptureHook, PayloadCapture } from '@ferry/core';
import { fromCaptureMessage, toCaptureMessage, type ReceivedCapture } from './protocol.js';

/** The channel name used when none is given. */
export const DEFAULT_CAPTURE_CHANNEL = 'ferry-devtools';

/** A hook that can be closed (releases its channel). */
export type ClosableCaptureHook = CaptureHook & { close(): void };

/**
 * A capture hook that posts every capture on a `BroadcastChannel`, e.g. for a tRPC client in the
 * page: `ferryTransformer(fory, { capture: broadcastCapture() })`. Every `<FerryPanel />` of the same
 * origin listening on the channel (another tab, an iframe, the same page) receives it.
 */
export function broadcastCapture(channelName: string = DEFAULT_CAPTURE_CHANNEL): ClosableCaptureHook {
  const channel = new BroadcastChannel(channelName);
  let seq = 0;
  const hook = ((capture: PayloadCapture) => {
    seq += 1;
    channel.postMessage(toCaptureMessage(capture, seq));
  }) as ClosableCaptureHook;
  hook.close = () => channel.close();
  return hook;
}

export type CaptureListener = (capture: ReceivedCapture) => void;
export type CaptureErrorListener = (error: Error) => void;

/** Receive captures posted by `broadcastCapture(channelName)`. Returns the unsubscribe function. */
export function subscribeBroadcast(channelName: string, onCapture: CaptureListener, onError?: CaptureErrorListener): () => void {
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent) => {
    try {
      onCapture(fromCaptureMessage(event.data));
    } catch (error) {
      onError?.(error as Error);
    }
  };
  return () => channel.close();
}

/**
 * Receive captures from `startCaptureServer()`'s SSE endpoint (`capturesUrl`). The browser's
 * EventSource reconnects by itself; `onError` hears about lost connections and bad messages.
 */
export function subscribeCaptureServer(capturesUrl: string, onCapture: CaptureListener, onError?: CaptureErrorListener): () => void {
  const source = new EventSource(capturesUrl);
  source.addEventListener('capture', (event) => {
    try {
      onCapture(fromCaptureMessage((event as MessageEvent<string>).data));
    } catch (error) {
      onError?.(error as Error);
    }
  });
  source.addEventListener('dropped', (event) => {
    let note: { label?: string; byteLength?: number; limit?: number } = {};
    try {
      note = JSON.parse((event as MessageEvent<string>).data) as typeof note;
    } catch {
      // A malformed note still tells that a capture was dropped.
    }
    onError?.(new Error(`capture ${note.label ?? ''} of ${note.byteLength ?? '?'} bytes was not sent (capture server limit ${note.limit ?? '?'} bytes)`));
  });
  source.onerror = () => onError?.(new Error(`lost the connection to ${capturesUrl} (retrying)`));
  return () => source.close();
}
