/**
 * The capture protocol shared by every transport (Server-Sent Events from the Node capture server,
 * BroadcastChannel in the browser): one JSON object per capture, bytes as standard base64.
 *
 *   { "v": 1, "seq": 7, "source": "nest", "direction": "decode", "label": "POST /people",
 *     "time": 1700000000000, "format": "fory", "meta": { … },
 *     "bytes": "<base64>", "buffers": ["<base64>", …] }
 *
 * `seq` numbers captures per publisher so a subscriber can tell them apart (and see gaps).
 */
import type { CaptureDirection, PayloadCapture } from '@ferry/core';
import { fromBase64, toBase64 } from '../bytes/text.js';

export const CAPTURE_PROTOCOL_VERSION = 1;

/** The JSON form of a `PayloadCapture`. */
export interface CaptureMessage {
  readonly v: typeof CAPTURE_PROTOCOL_VERSION;
  readonly seq: number;
  readonly source: string;
  readonly direction: CaptureDirection;
  readonly label?: string;
  readonly time: number;
  readonly format?: 'fory' | 'frames';
  readonly meta?: Readonly<Record<string, string>>;
  readonly bytes: string;
  readonly buffers?: readonly string[];
}

/** A capture as the panel holds it: decoded bytes plus the publisher's sequence number. */
export interface ReceivedCapture extends PayloadCapture {
  readonly seq: number;
}

/** A capture message that does not follow the protocol. */
export class CaptureProtocolError extends Error {
  override readonly name = 'CaptureProtocolError';
}

export function toCaptureMessage(capture: PayloadCapture, seq: number): CaptureMessage {
  return {
    v: CAPTURE_PROTOCOL_VERSION,
    seq,
    source: capture.source,
    direction: capture.direction,
    ...(capture.label !== undefined ? { label: capture.label } : {}),
    time: capture.time,
    ...(capture.format !== undefined ? { format: capture.format } : {}),
    ...(capture.meta !== undefined ? { meta: capture.meta } : {}),
    bytes: toBase64(capture.bytes),
    ...(capture.buffers !== undefined && capture.buffers.length > 0 ? { buffers: capture.buffers.map(toBase64) } : {}),
  };
}

function field(message: Record<string, unknown>, name: string, type: 'string' | 'number', optional = false): void {
  const v = message[name];
  if (v === undefined && optional) return;
  if (typeof v !== type) throw new CaptureProtocolError(`capture message: "${name}" must be a ${type}, got ${v === null ? 'null' : typeof v}`);
}

/** Validates and decodes one message (an object, or its JSON text). */
export function fromCaptureMessage(input: unknown): ReceivedCapture {
  const message = typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new CaptureProtocolError('capture message: expected a JSON object');
  const m = message as Record<string, unknown>;
  if (m['v'] !== CAPTURE_PROTOCOL_VERSION) throw new CaptureProtocolError(`capture message: unsupported protocol version ${JSON.stringify(m['v'])} (expected ${CAPTURE_PROTOCOL_VERSION})`);
  field(m, 'seq', 'number');
  field(m, 'source', 'string');
  field(m, 'time', 'number');
  field(m, 'bytes', 'string');
  field(m, 'label', 'string', true);
  if (m['direction'] !== 'encode' && m['direction'] !== 'decode') throw new CaptureProtocolError(`capture message: "direction" must be "encode" or "decode", got ${JSON.stringify(m['direction'])}`);
  if (m['format'] !== undefined && m['format'] !== 'fory' && m['format'] !== 'frames') throw new CaptureProtocolError(`capture message: "format" must be "fory" or "frames", got ${JSON.stringify(m['format'])}`);
  const buffers = m['buffers'];
  if (buffers !== undefined && !(Array.isArray(buffers) && buffers.every((b) => typeof b === 'string'))) throw new CaptureProtocolError('capture message: "buffers" must be an array of base64 strings');
  const meta = m['meta'];
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Object.values(meta).some((v) => typeof v !== 'string'))) {
    throw new CaptureProtocolError('capture message: "meta" must be an object of strings');
  }
  return {
    seq: m['seq'] as number,
    source: m['source'] as string,
    direction: m['direction'],
    ...(m['label'] !== undefined ? { label: m['label'] as string } : {}),
    time: m['time'] as number,
    ...(m['format'] !== undefined ? { format: m['format'] as 'fory' | 'frames' } : {}),
    ...(meta !== undefined ? { meta: meta as Record<string, string> } : {}),
    bytes: fromBase64(m['bytes'] as string),
    ...(buffers !== undefined ? { buffers: (buffers as string[]).map(fromBase64) } : {}),
  };
}
