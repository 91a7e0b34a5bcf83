import { Fory, outOfBandAbove, type BufferCallback, type BufferObject, type TypeSpec } from '@ferry/core';
import { FerryKafkaError } from './errors.js';
import {
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  LAYOUT_HEADER,
  LAYOUT_VERSION,
  OOB_COUNT_HEADER,
  OOB_HEADER_PREFIX,
  RESERVED_PREFIX,
  recordBytesUpperBound,
} from './layout.js';

/** A header value as kafkajs accepts and delivers it. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;
/** Record headers (structurally kafkajs' `IHeaders`). */
export type RecordHeaders = Record<string, HeaderValue>;

export interface FerrySerdeOptions {
  /**
   * Which binary values / dense arrays travel out-of-band, in record headers: a @ferry/core buffer
   * callback (`true` = keep in-band), or a byte count (`outOfBandAbove(n)`: larger ones go out).
   * Default: none — the value is a plain Fory payload and no `ferry-*` headers are written.
   */
  outOfBand?: BufferCallback | number;
  /**
   * The largest record (value + key + headers, with Kafka's record and batch overhead) `encode`
   * produces; larger ones throw `FerryKafkaError('RECORD_TOO_LARGE')` instead of failing at the
   * broker. A number or a per-topic function. Default 1 048 588, Kafka's default `message.max.bytes`.
   * Note: kafkajs puts every message of one `send()` for a partition into a single batch, and the
   * broker limit applies to the batch.
   */
  maxRecordBytes?: number | ((topic: string) => number);
  /** Passed to `fory.deserialize`: binary values and aligned arrays as views into the record. */
  zeroCopy?: boolean;
}

export interface EncodeOptions {
  topic: string;
  /** Headers to send along (names starting with `ferry-` are reserved). */
  headers?: RecordHeaders;
  /** The record key's size in bytes, counted against `maxRecordBytes` (default 0). */
  keyBytes?: number;
}

export interface EncodedRecord {
  value: Buffer;
  headers: RecordHeaders;
}

/** What `decode` reads: kafkajs' `KafkaMessage` fits. */
export interface ConsumedRecord {
  value: Buffer | null;
  headers?: RecordHeaders | undefined;
}

export interface DecodeOptions {
  /** A registered struct/enum type the root value must be (`fory.deserialize`'s `expect`). */
  expect?: TypeSpec;
}

export interface FerrySerde {
  readonly fory: Fory;
  /** Serializes `value` into a record value and headers, ready for `producer.send({ messages })`. */
  encode(value: unknown, options: EncodeOptions): EncodedRecord;
  /** Deserializes a consumed record. A tombstone (null value) decodes to `null`. */
  decode<T = unknown>(message: ConsumedRecord, options?: DecodeOptions): T | null;
}

/** A Buffer over the same memory (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function headerBytes(value: Buffer | string): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
}

/** The single value of a header; repeated names are an error for `ferry-*` headers. */
function single(headers: RecordHeaders, name: string): Buffer | string | undefined {
  const v = headers[name];
  if (Array.isArray(v)) {
    throw new FerryKafkaError('BAD_OOB_HEADERS', `Header "${name}" appears ${v.length} times`);
  }
  return v;
}

function text(v: Buffer | string): string {
  return typeof v === 'string' ? v : v.toString('latin1');
}

export function createFerrySerde(fory: Fory = new Fory(), options: FerrySerdeOptions = {}): FerrySerde {
  const callback: BufferCallback | undefined =
    typeof options.outOfBand === 'number' ? outOfBandAbove(options.outOfBand) : options.outOfBand;
  if (callback !== undefined && typeof callback !== 'function') {
    throw new TypeError('outOfBand must be a buffer callback or a byte count');
  }
  const maxFor = (topic: string): number => {
    const m = options.maxRecordBytes;
    const limit = typeof m === 'function' ? m(topic) : (m ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
    if (!(limit > 0)) throw new RangeError(`maxRecordBytes must be positive, got ${limit}`);
    return limit;
  };

  function encode(value: unknown, encodeOptions: EncodeOptions): EncodedRecord {
    const { topic } = encodeOptions;
    if (typeof topic !== 'string') throw new TypeError('encode(value, { topic }) needs the topic name');
    const headers: RecordHeaders = {};
    for (const [name, v] of Object.entries(encodeOptions.headers ?? {})) {
      if (name.startsWith(RESERVED_PREFIX)) {
        throw new FerryKafkaError('RESERVED_HEADER', `Header names starting with "${RESERVED_PREFIX}" are reserved ("${name}")`, topic);
      }
      if (v !== undefined) headers[name] = v;
    }

    let payload: Uint8Array;
    if (callback === undefined) {
      payload = fory.serialize(value);
    } else {
      const objects: BufferObject[] = [];
      payload = fory.serialize(value, {
        bufferCallback: (o) => {
          if (callback(o)) return true;
          objects.push(o);
          return false;
        },
      });
      headers[LAYOUT_HEADER] = String(LAYOUT_VERSION);
      headers[OOB_COUNT_HEADER] = String(objects.length);
      // Views on the caller's memory: kafkajs copies them once, into the produce request.
      objects.forEach((o, i) => (headers[`${OOB_HEADER_PREFIX}${i}`] = asBuffer(o.toBuffer())));
    }

    const sizes: [string, number][] = [];
    for (const [name, v] of Object.entries(headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) sizes.push([name, headerBytes(one)]);
    }
    const size = recordBytesUpperBound(encodeOptions.keyBytes ?? 0, payload.byteLength, sizes);
    const limit = maxFor(topic);
    if (size > limit) {
      throw new FerryKafkaError('RECORD_TOO_LARGE', `Encoded record needs up to ${size} bytes, more than maxRecordBytes (${limit})`, topic);
    }
    return { value: asBuffer(payload), headers };
  }

  function decode<T>(message: ConsumedRecord, decodeOptions: DecodeOptions = {}): T | null {
    if (message.value === null || message.value === undefined) return null;
    const headers = message.headers ?? {};
    const deserializeOptions = {
      ...(options.zeroCopy === undefined ? {} : { zeroCopy: options.zeroCopy }),
      ...(decodeOptions.expect === undefined ? {} : { expect: decodeOptions.expect }),
    };
    const layout = single(headers, LAYOUT_HEADER);
    if (layout === undefined) return fory.deserialize<T>(message.value, deserializeOptions);
    if (text(layout) !== String(LAYOUT_VERSION)) {
      throw new FerryKafkaError('UNSUPPORTED_LAYOUT', `Unsupported ${LAYOUT_HEADER} "${text(layout)}" (this version reads ${LAYOUT_VERSION})`);
    }
    const countHeader = single(headers, OOB_COUNT_HEADER);
    const count = countHeader === undefined ? NaN : Number(text(countHeader));
    if (countHeader === undefined || !/^(0|[1-9][0-9]{0,5})$/.test(text(countHeader))) {
      throw new FerryKafkaError('UNSUPPORTED_LAYOUT', `Missing or invalid ${OOB_COUNT_HEADER} header`);
    }
    const buffers: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const b = single(headers, `${OOB_HEADER_PREFIX}${i}`);
      if (b === undefined) throw new FerryKafkaError('BAD_OOB_HEADERS', `Missing header ${OOB_HEADER_PREFIX}${i} of ${count}`);
      if (typeof b === 'string') throw new FerryKafkaError('BAD_OOB_HEADERS', `Header ${OOB_HEADER_PREFIX}${i} is a string, not bytes`);
      buffers.push(b);
    }
    for (const [name, v] of Object.entries(headers)) {
      const m = /^ferry-oob-([0-9]+)$/.exec(name);
      if (m && v !== undefined && Number(m[1]) >= count) {
        throw new FerryKafkaError('BAD_OOB_HEADERS', `Header ${name} beyond ${OOB_COUNT_HEADER} ${count}`);
      }
    }
    return fory.deserialize<T>(message.value, { ...deserializeOptions, buffers });
  }

  return { fory, encode, decode };
}
