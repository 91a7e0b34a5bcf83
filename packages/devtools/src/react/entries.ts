/**
 * What the panel lists: payloads from the live capture feed, pasted text and dropped files. A frames
 * container (`encodeFrames`: payload + out-of-band buffers in one blob) is split on arrival.
 */
import { decodeFrames, isFrame, type PayloadCapture } from '@ferry/core';
export type { InspectFn } from '../inspect-safely.js';

export interface PayloadEntry {
  readonly key: number;
  readonly title: string;
  /** 'nest', 'trpc', 'kafka', … for captures; 'paste' or 'file' for local input. */
  readonly source: string;
  readonly direction?: PayloadCapture['direction'];
  readonly time: number;
  readonly bytes: Uint8Array;
  readonly buffers: readonly Uint8Array[];
  readonly meta?: Readonly<Record<string, string>>;
}

let nextKey = 1;

/** Splits a frames container into payload and buffers; anything else is the payload itself. */
export function splitFrames(bytes: Uint8Array, buffers: readonly Uint8Array[] = []): { bytes: Uint8Array; buffers: readonly Uint8Array[] } {
  if (buffers.length === 0 && isFrame(bytes)) {
    const frames = decodeFrames(bytes);
    return { bytes: frames.payload, buffers: frames.buffers };
  }
  return { bytes, buffers };
}

export function entryFromCapture(capture: PayloadCapture): PayloadEntry {
  const parts = capture.format === 'frames' ? splitFrames(capture.bytes) : { bytes: capture.bytes, buffers: capture.buffers ?? [] };
  return {
    key: nextKey++,
    title: capture.label ?? `${capture.source} ${capture.direction}`,
    source: capture.source,
    direction: capture.direction,
    time: capture.time,
    ...parts,
    ...(capture.meta ? { meta: capture.meta } : {}),
  };
}

export function localEntry(title: string, source: 'paste' | 'file', bytes: Uint8Array, buffers: readonly Uint8Array[] = []): PayloadEntry {
  return { key: nextKey++, title, source, time: Date.now(), ...splitFrames(bytes, buffers) };
}

/** Dropped files: `*.buf0`, `*.buffer-1`, `buffer2.bin`… are buffers (by their number), the one other file is the payload. */
export function payloadAndBuffers(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): { payload: { name: string; bytes: Uint8Array }; buffers: Uint8Array[] } {
  const buffers: Array<{ n: number; bytes: Uint8Array }> = [];
  const payloads: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const file of files) {
    const m = /(?:\.buf|buffer)[-_.]?(\d+)(?:\.[a-z0-9]+)?$/i.exec(file.name);
    if (m && files.length > 1) buffers.push({ n: Number(m[1]), bytes: file.bytes });
    else payloads.push(file);
  }
  if (payloads.length !== 1) {
    throw new Error(
      payloads.length === 0
        ? 'no payload file among the dropped files (all names look like buffers: *.buf0, *.buffer-1, …)'
        : `dropped ${payloads.length} payload files (${payloads.map((p) => p.name).join(', ')}): drop one payload and its buffer files (*.buf0, *.buf1, …)`,
    );
  }
  buffers.sort((a, b) => a.n - b.n);
  return { payload: payloads[0]!, buffers: buffers.map((b) => b.bytes) };
}
