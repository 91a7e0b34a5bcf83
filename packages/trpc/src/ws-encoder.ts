/**
 * `ferryWsEncoder()`: a tRPC v11 websocket `Encoder` (`createWSClient({ experimental_encoder })`
 * and `applyWSSHandler({ experimental_encoder })`) that sends every message as one binary frame.
 *
 * Frame = `encodeFrames(skeleton, parts)` from @ferry/core ("FYFR" | u32 count | u64 lengths |
 * 8-aligned parts):
 *  - part 0, the skeleton: the tRPC message (or batch array) itself — id, method, path, result
 *    type, … — as a Fory payload of a private Fory instance. Each transformer payload in it is
 *    replaced by a `Payload` ext value (varuint index of its first part, varuint buffer count).
 *  - then, per transformer payload in message order: its Fory payload, then its out-of-band
 *    buffers, each its own 8-byte-aligned part — so typed arrays decode as zero-copy views.
 *
 * No base64 and no JSON anywhere. Values that did not go through `ferryTransformer` (another
 * transformer, or none) are written into the skeleton with the same type coverage.
 */
import { Fory, decodeFrames, emitCapture, encodeFrames, Type, type CaptureHook, type ExtReader, type ExtWriter } from '@ferry/core';
import { Codec, type IdentityFor } from './codec.js';
import { FerryPayload, isFerryPayload } from './envelope.js';

/** Structurally the `Encoder` of @trpc/server/adapters/ws and @trpc/client. */
export interface FerryWsEncoder {
  encode(data: unknown): Uint8Array<ArrayBuffer>;
  decode(data: string | ArrayBuffer | Uint8Array): unknown;
}

/** The private skeleton Fory registers its ext types by small ids: nothing else is registered on it. */
const byId: IdentityFor = (_name, id) => ({ id });
const PAYLOAD_EXT_ID = 16;

export interface FerryWsEncoderOptions {
  /**
   * Opt-in payload capture: each transformer payload in a message sent (`encode`) or received
   * (`decode`), with its out-of-band buffers, labelled with the procedure path for requests and
   * subscriptions (`params.path`) and `reply <id>` for results and errors (a result carries only
   * the request id). `meta.id` is the message id, `meta.method` the tRPC method when present.
   */
  capture?: CaptureHook;
}

/** How deep the transformer payloads of a tRPC message can sit (e.g. `result.data`, `params.input`). */
const MESSAGE_DEPTH = 4;

function forEachPayload(value: unknown, depth: number, visit: (p: FerryPayload) => void): void {
  if (isFerryPayload(value)) return visit(value);
  if (depth === 0 || typeof value !== 'object' || value === null) return;
  for (const child of Object.values(value)) forEachPayload(child, depth - 1, visit);
}

function captureMessage(hook: CaptureHook, direction: 'encode' | 'decode', message: unknown): void {
  for (const m of Array.isArray(message) ? message : [message]) {
    if (typeof m !== 'object' || m === null) continue;
    const { id, method, params } = m as { id?: unknown; method?: unknown; params?: { path?: unknown } };
    const path = typeof params?.path === 'string' ? params.path : undefined;
    const meta: Record<string, string> = {};
    if (id !== undefined && id !== null) meta['id'] = String(id);
    if (typeof method === 'string') meta['method'] = method;
    const label = path ?? (meta['id'] !== undefined ? `reply ${meta['id']}` : undefined);
    forEachPayload(m, MESSAGE_DEPTH, (p) =>
      emitCapture(hook, {
        source: 'trpc',
        direction,
        bytes: p.payload,
        ...(p.buffers.length > 0 ? { buffers: p.buffers } : {}),
        format: 'fory',
        ...(label !== undefined ? { label } : {}),
        meta,
      }),
    );
  }
}

export function ferryWsEncoder(options: FerryWsEncoderOptions = {}): FerryWsEncoder {
  const capture = options.capture;
  let writeParts: Uint8Array[] | null = null;
  let readParts: readonly Uint8Array[] | null = null;

  const payloadExt = Type.ext<FerryPayload>(
    { id: PAYLOAD_EXT_ID },
    {
      write(w: ExtWriter, p: FerryPayload) {
        const parts = writeParts!;
        w.writeVarUint32(parts.length + 1); // frame part index (part 0 is the skeleton)
        w.writeVarUint32(p.buffers.length);
        parts.push(p.payload);
        for (const b of p.buffers) parts.push(b);
      },
      read(r: ExtReader) {
        const parts = readParts!;
        const first = r.readVarUint32();
        const count = r.readVarUint32();
        if (first < 1 || first + count > parts.length) {
          throw new RangeError(`payload reference to frame parts ${first}..${first + count} but the frame has ${parts.length + 1} parts`);
        }
        return new FerryPayload(parts[first - 1]!, parts.slice(first, first + count));
      },
    },
  );
  const codec = new Codec(new Fory({ maps: 'object', undefined: 'preserve' }), byId, { spec: payloadExt, matches: isFerryPayload });

  return {
    encode(message: unknown): Uint8Array<ArrayBuffer> {
      const parts: Uint8Array[] = [];
      writeParts = parts;
      let skeleton: Uint8Array;
      try {
        skeleton = codec.encode(message, { outOfBandAbove: false }).payload;
      } finally {
        writeParts = null;
      }
      if (capture !== undefined) captureMessage(capture, 'encode', message);
      return encodeFrames(skeleton, parts) as Uint8Array<ArrayBuffer>; // a fresh array from encodeFrames
    },

    decode(data: string | ArrayBuffer | Uint8Array): unknown {
      if (typeof data === 'string') {
        throw new TypeError('ferryWsEncoder expects binary frames but got a text frame: use ferryWsEncoder() on both the client and the server');
      }
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
      const { payload, buffers } = decodeFrames(bytes);
      readParts = buffers;
      let message: unknown;
      try {
        message = codec.decode(payload, []);
      } finally {
        readParts = null;
      }
      if (capture !== undefined) captureMessage(capture, 'decode', message);
      return message;
    },
  };
}
