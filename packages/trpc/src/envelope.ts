/**
 * What the transformer hands to tRPC: Fory bytes (and out-of-band buffers) in an object that
 * becomes JSON only when tRPC stringifies it (HTTP, SSE, JSON lines), and stays binary when the
 * Ferry websocket encoder picks it up.
 *
 * JSON form (the "envelope"): `{"$ferry": "<base64url>"}` where the decoded bytes are either
 *  - a Fory xlang payload (first byte = Fory header, bit 1 clear: no out-of-band buffers), or
 *  - a Ferry frame (`encodeFrames`: "FYFR" magic, part 0 = payload, parts 1.. = buffers) when the
 *    value had out-of-band buffers.
 */
import { decodeFrames, encodeFrames, isFrame } from '@ferry/core';
import { fromBase64Url, toBase64Url } from './base64.js';

/** The envelope's JSON property. */
export const ENVELOPE_KEY = '$ferry';

/** Brand (shared by every copy of this package, ESM or CJS) instead of `instanceof`. */
const BRAND = Symbol.for('ferry.trpc.payload');

export class FerryPayload {
  /** @internal */
  readonly [BRAND] = true;

  constructor(
    /** The Fory payload. */
    readonly payload: Uint8Array,
    /** Its out-of-band buffers, in order (empty when none). */
    readonly buffers: readonly Uint8Array[],
  ) {}

  /** One blob: the payload itself, or a frame holding payload and buffers. */
  toBytes(): Uint8Array {
    if (this.buffers.length === 0) return this.payload;
    return encodeFrames(this.payload, this.buffers);
  }

  /** Called by JSON.stringify: the HTTP / SSE / JSON-lines form. */
  toJSON(): { [ENVELOPE_KEY]: string } {
    return { [ENVELOPE_KEY]: toBase64Url(this.toBytes()) };
  }

  /** The inverse of toBytes. Malformed frames throw core's ForyErrors. */
  static fromBytes(bytes: Uint8Array): FerryPayload {
    if (isFrame(bytes)) {
      const { payload, buffers } = decodeFrames(bytes);
      return new FerryPayload(payload, buffers);
    }
    return new FerryPayload(bytes, []);
  }
}

export function isFerryPayload(value: unknown): value is FerryPayload {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}


/** Why a value is not an envelope, or null when it is one. */
export function envelopeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `expected an object {"${ENVELOPE_KEY}": "<base64url>"}, got ${describe(value)}`;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== ENVELOPE_KEY) {
    return `expected exactly one property "${ENVELOPE_KEY}", got ${keys.length === 0 ? 'none' : keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`;
  }
  const text = (value as Record<string, unknown>)[ENVELOPE_KEY];
  if (typeof text !== 'string') return `"${ENVELOPE_KEY}" must be a base64url string, got ${describe(text)}`;
  return null;
}

/** Parse the JSON form into a payload; throws (with a message saying what is wrong) otherwise. */
export function parseEnvelope(value: unknown): FerryPayload {
  const problem = envelopeProblem(value);
  if (problem) throw new TypeError(problem);
  const bytes = fromBase64Url((value as Record<string, string>)[ENVELOPE_KEY]!);
  if (bytes.length === 0) throw new TypeError(`"${ENVELOPE_KEY}" is empty`);
  return FerryPayload.fromBytes(bytes);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
