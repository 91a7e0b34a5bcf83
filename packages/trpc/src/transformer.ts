/**
 * `ferryTransformer(fory)`: a tRPC v11 CombinedDataTransformer that writes every input, output and
 * error shape as Fory bytes. Over HTTP (httpLink, httpBatchLink, httpBatchStreamLink,
 * httpSubscriptionLink/SSE) they travel as the JSON envelope `{"$ferry":"<base64url>"}`; with the
 * Ferry websocket encoder they travel as binary frames (see ws-encoder.ts).
 */
import { TRPCError, type CombinedDataTransformer } from '@trpc/server';
import { Fory, ForyError, emitCapture, type CaptureHook } from '@ferry/core';
import { Codec, probe, type ForyTraits } from './codec.js';
import { Base64Error } from './base64.js';
import { FerryPayload, isFerryPayload, parseEnvelope } from './envelope.js';

export interface FerryTransformerOptions {
  /**
   * Binary values and dense arrays (typed arrays) larger than this many bytes are written
   * out-of-band: on the websocket path they are separate, 8-byte-aligned parts of the binary frame
   * (no copy into the payload, zero-copy views on the receiving side). Over HTTP they are packed
   * with the payload into one frame before base64. `false` keeps everything in the payload.
   * Out-of-band buffers are views on your arrays until the message is sent: do not modify a typed
   * array you returned while its response is being sent. Default: 65536.
   */
  outOfBandAbove?: number | false;
  /**
   * Opt-in payload capture: every input and output this transformer encodes, and every one it
   * decodes (before decoding, so malformed payloads are seen too), as payload + out-of-band buffers
   * with `meta.part` = `'input' | 'output'`. A transformer does not know the procedure: over
   * websockets give the hook to `ferryWsEncoder({ capture })` instead, which labels each payload
   * with its procedure path.
   */
  capture?: CaptureHook;
}

/** The transformer, with the Fory instance it uses and what that instance preserves. */
export interface FerryTransformer extends CombinedDataTransformer {
  readonly fory: Fory;
  readonly traits: ForyTraits;
}

/** The Fory a transformer makes when none is given: plain objects as objects, `undefined` kept. */
export function defaultFory(): Fory {
  return new Fory({ maps: 'object', undefined: 'preserve' });
}

const DEFAULT_OUT_OF_BAND_ABOVE = 64 * 1024;

/**
 * Create the transformer. Use the same one (or one built on an equally configured and registered
 * Fory) on the server (`initTRPC.create({ transformer })`) and on every client terminating link.
 *
 * `fory` must decode plain objects as objects (`new Fory({ maps: 'object' })`); add
 * `undefined: 'preserve'` to keep `undefined` apart from `null` (as superjson does) and
 * `ref: true` for shared and circular references. Ferry registers its `ferry.js.*` ext types
 * (Map, BigInt, RegExp, Error, URL) on it. Without `fory`, `defaultFory()` is used.
 */
export function ferryTransformer(fory: Fory = defaultFory(), options: FerryTransformerOptions = {}): FerryTransformer {
  const outOfBandAbove = options.outOfBandAbove ?? DEFAULT_OUT_OF_BAND_ABOVE;
  if (outOfBandAbove !== false && !(typeof outOfBandAbove === 'number' && outOfBandAbove >= 0)) {
    throw new RangeError(`outOfBandAbove must be a non-negative number or false, got ${String(outOfBandAbove)}`);
  }
  const codec = new Codec(fory);
  const traits = probe(fory);
  if (!traits.objects) {
    throw new TypeError(
      "ferryTransformer: this Fory decodes plain objects as Map; create it with new Fory({ maps: 'object', undefined: 'preserve' }) " +
        'so that tRPC procedures get objects back as objects',
    );
  }
  const encodeOptions = { outOfBandAbove };
  const capture = options.capture;

  const serializer = (part: 'input' | 'output') => (value: unknown): FerryPayload | undefined => {
    // `undefined` is "no input" / "no data" for tRPC; JSON drops it, so it needs no payload.
    if (value === undefined) return undefined;
    const { payload, buffers } = codec.encode(value, encodeOptions);
    if (capture !== undefined) capturePayload(capture, 'encode', part, payload, buffers);
    return new FerryPayload(payload, buffers);
  };

  const decode = (value: unknown, part: 'input' | 'output'): unknown => {
    const p = isFerryPayload(value) ? value : parseEnvelope(value);
    if (capture !== undefined) capturePayload(capture, 'decode', part, p.payload, p.buffers);
    return codec.decode(p.payload, p.buffers);
  };

  return {
    fory,
    traits,
    input: {
      serialize: serializer('input'),
      // On the server: a malformed input is the client's fault, so answer BAD_REQUEST.
      deserialize(value: unknown): unknown {
        if (value === undefined) return undefined;
        try {
          return decode(value, 'input');
        } catch (cause) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: `Malformed Ferry input: ${reason(cause)}`, cause });
        }
      },
    },
    output: {
      serialize: serializer('output'),
      deserialize(value: unknown): unknown {
        if (value === undefined) return undefined;
        // An error shape that did not go through a Ferry transformer (a proxy, a server without
        // one) is passed on as it is, so the client still reports its code and message.
        if (!isFerryPayload(value) && isErrorShape(value)) return value;
        try {
          return decode(value, 'output');
        } catch (cause) {
          throw new TypeError(`Malformed Ferry response: ${reason(cause)}`, { cause });
        }
      },
    },
  };
}

function capturePayload(hook: CaptureHook, direction: 'encode' | 'decode', part: string, payload: Uint8Array, buffers: readonly Uint8Array[]): void {
  emitCapture(hook, { source: 'trpc', direction, bytes: payload, ...(buffers.length > 0 ? { buffers } : {}), format: 'fory', meta: { part } });
}

function isErrorShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'number' && typeof v.message === 'string' && !('$ferry' in v);
}

function reason(cause: unknown): string {
  if (cause instanceof Base64Error) return `the envelope is not base64url (${cause.message})`;
  if (cause instanceof ForyError) return `the payload does not decode (${cause.code}: ${cause.message})`;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
