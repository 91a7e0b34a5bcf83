import { DEFAULT_LIMITS, Fory, decodeFrames, frameChunks, outOfBandAbove, type BufferObject, type ForyLimits, type TypeSpec } from '@ferry/core';
import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_OUT_OF_BAND_ABOVE,
  FERRY_FORY,
  FERRY_OPTIONS,
  FORY_FRAMES_MEDIA_TYPE,
  FORY_MEDIA_TYPE,
} from './constants.js';
import { chunkStream } from './frames.js';
import type { ForyMediaType, Representation } from './negotiation.js';
import type { FerryModuleOptions, ResolvedFerryOptions } from './options.js';
import { foryErrorProblem, isForyError } from './problems.js';

/** An encoded response body, ready to stream. */
export interface EncodedBody {
  readonly mediaType: ForyMediaType;
  /** Exact byte length (sent as Content-Length). */
  readonly length: number;
  /** The Fory payload (the whole body for `application/fory`; part 0 of a frame). */
  readonly payload: Uint8Array;
  /** Out-of-band buffers (views on the value's memory); empty for `application/fory`. */
  readonly buffers: readonly Uint8Array[];
  /** The body as a stream of chunks that share memory with `payload` and `buffers`. */
  stream(): Readable;
}

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!(Number.isSafeInteger(v) && v >= 0)) throw new RangeError(`FerryModule: ${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

export function resolveOptions(options: FerryModuleOptions): ResolvedFerryOptions {
  const bodyLimit = positive('bodyLimit', options.bodyLimit, DEFAULT_BODY_LIMIT);
  return Object.freeze({
    bodyLimit,
    framesBodyLimit: positive('framesBodyLimit', options.framesBodyLimit, bodyLimit),
    maxFrameParts: positive('maxFrameParts', options.maxFrameParts, 1024),
    outOfBandAbove: positive('outOfBandAbove', options.outOfBandAbove, DEFAULT_OUT_OF_BAND_ABOVE),
    bodyParser: options.bodyParser ?? true,
    capture: options.capture,
  });
}

/**
 * Decoding limits that follow the body limit: an `application/fory` body of n bytes holds at most n
 * elements of one byte or more, so all collections of one payload together may hold at most
 * `bodyLimit` elements (core's default is 16 Mi, which zero-width elements — NONE, empty structs —
 * reach from a small body). Frames carry their bulk out-of-band, so the same bound applies to their
 * payload. Explicit `fory.limits` win.
 */
function bodyBoundLimits(options: FerryModuleOptions): Partial<ForyLimits> {
  const { bodyLimit } = resolveOptions(options);
  return { maxPayloadElements: Math.min(DEFAULT_LIMITS.maxPayloadElements, bodyLimit) };
}

/** Build the shared instance from module options (used by the `FERRY_FORY` provider). */
export function createFory(options: FerryModuleOptions): Fory {
  if (options.instance && options.fory) throw new TypeError('FerryModule: pass either `fory` (options) or `instance`, not both');
  const fory = options.instance ?? new Fory({ maps: 'object', ...options.fory, limits: { ...bodyBoundLimits(options), ...options.fory?.limits } });
  if (options.types?.length) fory.register(...options.types);
  return fory;
}

/**
 * The shared instance plus the module's settings: decodes request bodies and encodes responses.
 * Injectable (exported by `FerryModule`) for code that encodes or decodes by hand.
 */
@Injectable()
export class FerryCodec {
  readonly options: ResolvedFerryOptions;

  constructor(
    @Inject(FERRY_FORY) readonly fory: Fory,
    @Inject(FERRY_OPTIONS) options: FerryModuleOptions,
  ) {
    this.options = resolveOptions(options);
    this.keepInBand = outOfBandAbove(this.options.outOfBandAbove);
  }

  /** Which buffer objects stay in-band in `application/fory-frames` responses (fixed per module). */
  private readonly keepInBand: (o: BufferObject) => boolean;

  /** Body size limit for a media type. */
  limitFor(mediaType: ForyMediaType): number {
    return mediaType === FORY_FRAMES_MEDIA_TYPE ? this.options.framesBodyLimit : this.options.bodyLimit;
  }

  /**
   * Decode a request body. Decoder failures become 400 problem responses (`HttpException`);
   * out-of-band parts of a frame are zero-copy views into `bytes` where aligned.
   */
  decode(bytes: Uint8Array, mediaType: ForyMediaType): unknown {
    try {
      if (mediaType === FORY_FRAMES_MEDIA_TYPE) {
        const { payload, buffers } = decodeFrames(bytes, { maxParts: this.options.maxFrameParts });
        return this.fory.deserialize(payload, { buffers });
      }
      return this.fory.deserialize(bytes);
    } catch (err) {
      if (isForyError(err)) throw foryErrorProblem(err, mediaType);
      throw err;
    }
  }

  /**
   * Encode a value as `application/fory` (everything in-band) or `application/fory-frames`
   * (buffers above `outOfBandAbove` out-of-band, streamed without being copied). A `type` picks the
   * schema (e.g. a registered struct, or `Type.list(Person)`); without it the type is inferred.
   */
  encode(value: unknown, representation: Exclude<Representation, 'json'>, type?: TypeSpec): EncodedBody {
    if (representation === 'fory') {
      const payload = type ? this.fory.serialize(value as never, type) : this.fory.serialize(value);
      return { mediaType: FORY_MEDIA_TYPE, length: payload.byteLength, payload, buffers: [], stream: () => chunkStream([payload]) };
    }
    const keep = this.keepInBand;
    const objects: BufferObject[] = [];
    const bufferCallback = (o: BufferObject) => {
      if (keep(o)) return true;
      objects.push(o);
      return false;
    };
    const payload = type ? this.fory.serialize(value as never, type, { bufferCallback }) : this.fory.serialize(value, { bufferCallback });
    const buffers = objects.map((o) => o.toBuffer());
    const frame = frameChunks(payload, buffers);
    return { mediaType: FORY_FRAMES_MEDIA_TYPE, length: frame.length, payload, buffers, stream: () => chunkStream(frame.chunks) };
  }
}
