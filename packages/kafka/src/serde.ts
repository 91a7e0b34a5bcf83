import { Fory, emitCapture, outOfBandAbove, type BufferCallback, type BufferObject, type CaptureHook, type TypeSpec } from '@ferry/core';
import { crc32cHex } from './crc32c.js';
import { FerryKafkaError, type RecordOrigin } from './errors.js';
import {
  BLOB_CHUNK_HEADER,
  BLOB_CRC_HEADER,
  BLOB_ID_HEADER,
  COMPANION_TOPIC_SUFFIX,
  INLINE_SLOT_MARKER,
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  LAYOUT_HEADER,
  LAYOUT_VERSION,
  MAX_SLOTS,
  OOB_COUNT_HEADER,
  OOB_HEADER_PREFIX,
  OOB_REF_HEADER_PREFIX,
  READABLE_LAYOUTS,
  RESERVED_PREFIX,
  headerBytesUpperBound,
  recordBytesUpperBound,
  utf8Length,
  type CompanionRef,
} from './layout.js';

/** A header value as kafkajs accepts and delivers it. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;
/** Record headers (structurally kafkajs' `IHeaders`). */
export type RecordHeaders = Record<string, HeaderValue>;
/** A record key as kafkajs accepts it. */
export type RecordKey = Buffer | string | null | undefined;

export interface CompanionOptions {
  /** The companion topic of a main topic. Default: `<topic>.ferry-oob`. */
  topic?: (topic: string) => string;
  /** The companion topic's record limit (chunks are sized to fit). Default: the serde's `maxRecordBytes`. */
  maxRecordBytes?: number | ((companionTopic: string) => number);
  /** Upper bound of one chunk's bytes (smaller chunks if the record limit requires). Default 1 MiB. */
  chunkBytes?: number;
}

export interface FerrySerdeOptions {
  /**
   * Which binary values / dense arrays travel out-of-band: a @ferry/core buffer callback
   * (`true` = keep in-band), or a byte count (`outOfBandAbove(n)`: larger ones go out).
   * Default: none — the value is a plain Fory payload and no `ferry-*` headers are written.
   */
  outOfBand?: BufferCallback | number;
  /**
   * The largest record (value + key + headers, with Kafka's record and batch overhead) the serde
   * produces. A number or a per-topic function. Default 1 048 588, Kafka's default
   * `message.max.bytes`. kafkajs puts every message of one `send()` for a partition into one batch
   * and the broker limit applies to the batch.
   */
  maxRecordBytes?: number | ((topic: string) => number);
  /**
   * Out-of-band buffers up to this size go in record headers while the record stays under
   * `maxRecordBytes`; larger ones (and ones that no longer fit) go to the companion topic.
   * Default 256 KiB.
   */
  headerBufferMaxBytes?: number;
  /** Companion-topic placement for large buffers (on by default); `false`: headers only. */
  companion?: CompanionOptions | false;
  /** Passed to `fory.deserialize`: binary values and aligned arrays as views into the record. */
  zeroCopy?: boolean;
  /** Publishes every encoded/decoded payload (e.g. to @ferry/devtools). */
  capture?: CaptureHook;
}

export interface EncodeOptions {
  topic: string;
  /** Headers to send along (names starting with `ferry-` are reserved). */
  headers?: RecordHeaders;
  /** The record key: counted against `maxRecordBytes` and given to companion records. */
  key?: RecordKey;
  /** The key's size in bytes when `key` is not passed (default 0). */
  keyBytes?: number;
}

export interface EncodedRecord {
  key?: RecordKey;
  value: Buffer;
  headers: RecordHeaders;
}

/** One out-of-band buffer bound for the companion topic, split into ready-to-send records. */
export interface CompanionBlob {
  /** The buffer's slot (index in callback order). */
  readonly slot: number;
  /** 32 hex digits, unique per blob. */
  readonly id: string;
  readonly length: number;
  readonly crc32c: string;
  readonly topic: string;
  /** One record per chunk: key = the main record's key, value = a view on the buffer. */
  readonly chunks: readonly EncodedRecord[];
}

/** `encodeParts`' result: the main record (without companion references yet) and its blobs. */
export interface EncodedParts {
  readonly topic: string;
  readonly record: EncodedRecord;
  readonly blobs: readonly CompanionBlob[];
}

/** Where a blob's chunks landed: partition and the lowest/highest offset of its chunk records. */
export interface BlobPlacement {
  readonly partition: number;
  readonly first: string;
  readonly last: string;
}

/** What `decode` reads: kafkajs' `KafkaMessage` fits. */
export interface ConsumedRecord {
  value: Buffer | null;
  headers?: RecordHeaders | undefined;
  offset?: string;
}

export interface DecodeOptions {
  /** A registered struct/enum type the root value must be (`fory.deserialize`'s `expect`). */
  expect?: TypeSpec;
  /** Companion-placed buffers, by slot, as fetched and verified by a `CompanionReader`. */
  companion?: ReadonlyMap<number, Uint8Array>;
  /** Where the record came from, for error messages and captures. */
  origin?: RecordOrigin;
}

/** A companion reference found in a record's headers. */
export interface SlotRef {
  readonly slot: number;
  readonly ref: CompanionRef;
}

export interface FerrySerde {
  readonly fory: Fory;
  /** The companion topic of `topic`, or undefined when the companion topic is disabled. */
  companionTopic(topic: string): string | undefined;
  /**
   * Serializes `value` into one record, ready for `producer.send({ messages })`. Throws
   * `COMPANION_REQUIRED` if a buffer must go to the companion topic (use FerryProducer or `encodeParts`).
   */
  encode(value: unknown, options: EncodeOptions): EncodedRecord;
  /** Serializes `value` into a main record plus the companion records of its large buffers. */
  encodeParts(value: unknown, options: EncodeOptions): EncodedParts;
  /** The main record of `parts` with one `ferry-oob-ref-<slot>` header per blob (same order). */
  completeRecord(parts: EncodedParts, placements: readonly BlobPlacement[]): EncodedRecord;
  /** The companion references of a consumed record (validated), in slot order. */
  companionRefs(message: ConsumedRecord, origin?: RecordOrigin): SlotRef[];
  /** Deserializes a consumed record. A tombstone (null value) decodes to `null`. */
  decode<T = unknown>(message: ConsumedRecord, options?: DecodeOptions): T | null;
}

/** A Buffer over the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function headerBytes(value: Buffer | string): number {
  return typeof value === 'string' ? utf8Length(value) : value.byteLength;
}

/** The single value of a header; repeated names are an error for `ferry-*` headers. */
export function singleHeader(headers: RecordHeaders, name: string, origin?: RecordOrigin): Buffer | string | undefined {
  const v = headers[name];
  if (Array.isArray(v)) {
    throw new FerryKafkaError('BAD_OOB_HEADERS', `Header "${name}" appears ${v.length} times`, origin);
  }
  return v;
}

export function headerText(v: Buffer | string): string {
  return typeof v === 'string' ? v : v.toString('latin1');
}

/** Upper bound of a `ferry-oob-ref-<n>` header value for a companion topic name. */
function refBytesUpperBound(companionTopic: string): number {
  // {"topic":…,"partition":2147483647,"first":"<19>","last":"<19>","chunks":<10>,"length":<16>,"crc32c":"<8>","id":"<32>"}
  return 160 + utf8Length(JSON.stringify(companionTopic));
}

const DECIMAL_OFFSET = /^(0|[1-9][0-9]{0,18})$/;
const HEX8 = /^[0-9a-f]{8}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const COUNT = /^(0|[1-9][0-9]{0,5})$/;

/** Validates a parsed `ferry-oob-ref-<n>` header; every field is checked before use. */
export function parseCompanionRef(text: string, origin?: RecordOrigin): CompanionRef {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FerryKafkaError('BAD_OOB_HEADERS', `Companion reference is not JSON: ${JSON.stringify(text.slice(0, 80))}`, origin);
  }
  const r = raw as Record<string, unknown>;
  const bad = (field: string) =>
    new FerryKafkaError('BAD_OOB_HEADERS', `Companion reference has an invalid "${field}": ${JSON.stringify(r?.[field])}`, origin);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('(object)');
  if (typeof r.topic !== 'string' || r.topic.length === 0 || r.topic.length > 249) throw bad('topic');
  if (!Number.isInteger(r.partition) || (r.partition as number) < 0 || (r.partition as number) > 0x7fffffff) throw bad('partition');
  if (typeof r.first !== 'string' || !DECIMAL_OFFSET.test(r.first)) throw bad('first');
  if (typeof r.last !== 'string' || !DECIMAL_OFFSET.test(r.last) || BigInt(r.last) < BigInt(r.first)) throw bad('last');
  if (!Number.isInteger(r.chunks) || (r.chunks as number) < 1) throw bad('chunks');
  if (BigInt(r.last) - BigInt(r.first) + 1n < BigInt(r.chunks as number)) throw bad('chunks');
  if (!Number.isSafeInteger(r.length) || (r.length as number) < 0) throw bad('length');
  if (typeof r.crc32c !== 'string' || !HEX8.test(r.crc32c)) throw bad('crc32c');
  if (typeof r.id !== 'string' || !HEX32.test(r.id)) throw bad('id');
  return {
    topic: r.topic,
    partition: r.partition as number,
    first: r.first,
    last: r.last,
    chunks: r.chunks as number,
    length: r.length as number,
    crc32c: r.crc32c,
    id: r.id,
  };
}

/** A capture's label: the topic, when there is one (Nest's reply serializer has none). */
function captureLabel(topic: string | undefined): { label?: string } {
  return topic === undefined || topic === '' ? {} : { label: topic };
}

function randomBlobId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

function limitOf(m: number | ((topic: string) => number) | undefined, topic: string, name: string): number {
  const limit = typeof m === 'function' ? m(topic) : (m ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
  if (!(limit > 0)) throw new RangeError(`${name} must be positive, got ${limit}`);
  return limit;
}

function keyByteLength(options: EncodeOptions): number {
  const k = options.key;
  if (k === undefined || k === null) return options.keyBytes ?? 0;
  return typeof k === 'string' ? utf8Length(k) : k.byteLength;
}

/** One parsed slot: inline bytes or a companion reference. */
type Slot = { kind: 'inline'; bytes: Buffer } | { kind: 'ref'; ref: CompanionRef };

export function createFerrySerde(fory: Fory = new Fory(), options: FerrySerdeOptions = {}): FerrySerde {
  const callback: BufferCallback | undefined =
    typeof options.outOfBand === 'number' ? outOfBandAbove(options.outOfBand) : options.outOfBand;
  if (callback !== undefined && typeof callback !== 'function') {
    throw new TypeError('outOfBand must be a buffer callback or a byte count');
  }
  const headerMax = options.headerBufferMaxBytes ?? 256 * 1024;
  const companion = options.companion === false ? undefined : (options.companion ?? {});
  const companionTopic = (topic: string): string | undefined =>
    companion === undefined ? undefined : (companion.topic?.(topic) ?? `${topic}${COMPANION_TOPIC_SUFFIX}`);
  const chunkCap = companion?.chunkBytes ?? 1024 * 1024;
  if (!(chunkCap > 0)) throw new RangeError(`companion.chunkBytes must be positive, got ${chunkCap}`);

  function userHeaders(encodeOptions: EncodeOptions): RecordHeaders {
    const { topic } = encodeOptions;
    if (typeof topic !== 'string') throw new TypeError('encode(value, { topic }) needs the topic name');
    const headers: RecordHeaders = {};
    for (const [name, v] of Object.entries(encodeOptions.headers ?? {})) {
      if (name.startsWith(RESERVED_PREFIX)) {
        throw new FerryKafkaError('RESERVED_HEADER', `Header names starting with "${RESERVED_PREFIX}" are reserved ("${name}")`, topic);
      }
      if (v !== undefined) headers[name] = v;
    }
    return headers;
  }

  function headerSizes(headers: RecordHeaders): [string, number][] {
    const sizes: [string, number][] = [];
    for (const [name, v] of Object.entries(headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) sizes.push([name, headerBytes(one)]);
    }
    return sizes;
  }

  function tooLarge(size: number, limit: number, topic: string, hint = ''): FerryKafkaError {
    return new FerryKafkaError('RECORD_TOO_LARGE', `Encoded record needs up to ${size} bytes, more than maxRecordBytes (${limit})${hint}`, topic);
  }

  function makeBlob(slot: number, bytes: Uint8Array, topic: string, key: RecordKey, keyBytes: number): CompanionBlob {
    const id = randomBlobId();
    const limit = limitOf(companion?.maxRecordBytes ?? options.maxRecordBytes, topic, 'companion.maxRecordBytes');
    // Chunk headers: id (32), chunk "i/n" (≤ 13), crc (8).
    const overhead = recordBytesUpperBound(keyBytes, 0, [
      [BLOB_ID_HEADER, 32],
      [BLOB_CHUNK_HEADER, 13],
      [BLOB_CRC_HEADER, 8],
    ]);
    const chunkBytes = Math.min(chunkCap, limit - overhead);
    if (chunkBytes < 1) throw tooLarge(overhead + 1, limit, topic, ' (companion record overhead alone)');
    const count = Math.max(1, Math.ceil(bytes.byteLength / chunkBytes));
    const chunks: EncodedRecord[] = [];
    for (let i = 0; i < count; i++) {
      const view = asBuffer(bytes.subarray(i * chunkBytes, Math.min(bytes.byteLength, (i + 1) * chunkBytes)));
      chunks.push({
        ...(key === undefined ? {} : { key }),
        value: view,
        headers: { [BLOB_ID_HEADER]: id, [BLOB_CHUNK_HEADER]: `${i}/${count}`, [BLOB_CRC_HEADER]: crc32cHex(view) },
      });
    }
    return { slot, id, length: bytes.byteLength, crc32c: crc32cHex(bytes), topic, chunks };
  }

  function encodeParts(value: unknown, encodeOptions: EncodeOptions): EncodedParts {
    const { topic } = encodeOptions;
    const headers = userHeaders(encodeOptions);
    const keyBytes = keyByteLength(encodeOptions);
    const limit = limitOf(options.maxRecordBytes, topic, 'maxRecordBytes');
    const key = encodeOptions.key;
    const withKey = (r: { value: Buffer; headers: RecordHeaders }): EncodedRecord => (key === undefined ? r : { key, ...r });

    if (callback === undefined) {
      const payload = fory.serialize(value);
      const size = recordBytesUpperBound(keyBytes, payload.byteLength, headerSizes(headers));
      if (size > limit) throw tooLarge(size, limit, topic);
      emitCapture(options.capture, { source: 'kafka', direction: 'encode', bytes: payload, ...captureLabel(topic) });
      return { topic, record: withKey({ value: asBuffer(payload), headers }), blobs: [] };
    }

    const objects: BufferObject[] = [];
    const payload = fory.serialize(value, {
      bufferCallback: (o) => {
        if (callback(o)) return true;
        objects.push(o);
        return false;
      },
    });
    headers[LAYOUT_HEADER] = String(LAYOUT_VERSION);
    headers[OOB_COUNT_HEADER] = String(objects.length);
    let budget = limit - recordBytesUpperBound(keyBytes, payload.byteLength, headerSizes(headers));
    const side = companionTopic(topic);
    const refCost = (slot: number) => headerBytesUpperBound(`${OOB_REF_HEADER_PREFIX}${slot}`, refBytesUpperBound(side ?? ''));
    const buffers: Uint8Array[] = [];
    const toCompanion: number[] = [];
    for (let slot = 0; slot < objects.length; slot++) {
      const bytes = objects[slot]!.toBuffer();
      buffers.push(bytes);
      const inlineCost = headerBytesUpperBound(`${OOB_HEADER_PREFIX}${slot}`, bytes.byteLength + 1);
      const inline = side === undefined || (bytes.byteLength <= headerMax && inlineCost <= budget - refCost(slot));
      if (inline) {
        const h = Buffer.allocUnsafe(bytes.byteLength + 1);
        h[0] = INLINE_SLOT_MARKER;
        h.set(bytes, 1);
        headers[`${OOB_HEADER_PREFIX}${slot}`] = h;
        budget -= inlineCost;
      } else {
        toCompanion.push(slot);
        budget -= refCost(slot);
      }
    }
    if (budget < 0) {
      throw tooLarge(limit - budget, limit, topic, side === undefined ? ' (the companion topic is disabled)' : '');
    }
    emitCapture(options.capture, { source: 'kafka', direction: 'encode', bytes: payload, buffers, ...captureLabel(topic) });
    const blobs = toCompanion.map((slot) => makeBlob(slot, buffers[slot]!, side!, key, keyBytes));
    return { topic, record: withKey({ value: asBuffer(payload), headers }), blobs };
  }

  function encode(value: unknown, encodeOptions: EncodeOptions): EncodedRecord {
    const parts = encodeParts(value, encodeOptions);
    if (parts.blobs.length > 0) {
      throw new FerryKafkaError(
        'COMPANION_REQUIRED',
        `${parts.blobs.length} out-of-band buffer(s) must go to the companion topic; send with FerryProducer or use encodeParts`,
        encodeOptions.topic,
      );
    }
    return parts.record;
  }

  function completeRecord(parts: EncodedParts, placements: readonly BlobPlacement[]): EncodedRecord {
    if (placements.length !== parts.blobs.length) {
      throw new RangeError(`completeRecord: ${parts.blobs.length} blobs but ${placements.length} placements`);
    }
    const headers: RecordHeaders = { ...parts.record.headers };
    parts.blobs.forEach((blob, i) => {
      const p = placements[i]!;
      const ref: CompanionRef = {
        topic: blob.topic,
        partition: p.partition,
        first: p.first,
        last: p.last,
        chunks: blob.chunks.length,
        length: blob.length,
        crc32c: blob.crc32c,
        id: blob.id,
      };
      headers[`${OOB_REF_HEADER_PREFIX}${blob.slot}`] = JSON.stringify(ref);
    });
    return { ...parts.record, headers };
  }

  /** Parses the layout headers; undefined for a plain payload. */
  function readSlots(message: ConsumedRecord, origin?: RecordOrigin): Slot[] | undefined {
    const headers = message.headers ?? {};
    const layoutHeader = singleHeader(headers, LAYOUT_HEADER, origin);
    if (layoutHeader === undefined) return undefined;
    const layout = Number(headerText(layoutHeader));
    if (!READABLE_LAYOUTS.includes(layout) || !/^[0-9]$/.test(headerText(layoutHeader))) {
      throw new FerryKafkaError(
        'UNSUPPORTED_LAYOUT',
        `Unsupported ${LAYOUT_HEADER} "${headerText(layoutHeader).slice(0, 40)}" (this version reads ${READABLE_LAYOUTS.join(', ')})`,
        origin,
      );
    }
    const countHeader = singleHeader(headers, OOB_COUNT_HEADER, origin);
    if (countHeader === undefined || !COUNT.test(headerText(countHeader)) || Number(headerText(countHeader)) > MAX_SLOTS) {
      throw new FerryKafkaError('UNSUPPORTED_LAYOUT', `Missing or invalid ${OOB_COUNT_HEADER} header`, origin);
    }
    const count = Number(headerText(countHeader));
    const slots: Slot[] = [];
    for (let i = 0; i < count; i++) {
      const inline = singleHeader(headers, `${OOB_HEADER_PREFIX}${i}`, origin);
      const ref = layout >= 2 ? singleHeader(headers, `${OOB_REF_HEADER_PREFIX}${i}`, origin) : undefined;
      if (inline !== undefined && ref !== undefined) {
        throw new FerryKafkaError('BAD_OOB_HEADERS', `Slot ${i} is both inline and in the companion topic`, origin);
      }
      if (ref !== undefined) {
        slots.push({ kind: 'ref', ref: parseCompanionRef(headerText(ref), origin) });
        continue;
      }
      if (inline === undefined) throw new FerryKafkaError('BAD_OOB_HEADERS', `Missing header ${OOB_HEADER_PREFIX}${i} of ${count}`, origin);
      if (typeof inline === 'string') {
        throw new FerryKafkaError(
          'BAD_OOB_HEADERS',
          `Header ${OOB_HEADER_PREFIX}${i} arrived as a string, not bytes (a parser converted it; with NestJS use @ferry/kafka's Nest deserializer and parser: { keepBinary: true })`,
          origin,
        );
      }
      if (layout === 1) slots.push({ kind: 'inline', bytes: inline });
      else if (inline.byteLength >= 1 && inline[0] === INLINE_SLOT_MARKER) slots.push({ kind: 'inline', bytes: inline.subarray(1) });
      else throw new FerryKafkaError('BAD_OOB_HEADERS', `Header ${OOB_HEADER_PREFIX}${i} does not start with the inline marker 0x00`, origin);
    }
    for (const name of Object.keys(headers)) {
      const m = /^ferry-oob-(?:ref-)?([0-9]+)$/.exec(name);
      if (m && headers[name] !== undefined && Number(m[1]) >= count) {
        throw new FerryKafkaError('BAD_OOB_HEADERS', `Header ${name} beyond ${OOB_COUNT_HEADER} ${count}`, origin);
      }
    }
    return slots;
  }

  function companionRefs(message: ConsumedRecord, origin?: RecordOrigin): SlotRef[] {
    const slots = readSlots(message, origin) ?? [];
    const refs: SlotRef[] = [];
    slots.forEach((s, slot) => {
      if (s.kind === 'ref') refs.push({ slot, ref: s.ref });
    });
    return refs;
  }

  function decode<T>(message: ConsumedRecord, decodeOptions: DecodeOptions = {}): T | null {
    if (message.value === null || message.value === undefined) return null;
    const origin = decodeOptions.origin ?? (message.offset === undefined ? undefined : { offset: message.offset });
    if (typeof message.value === 'string') {
      throw new FerryKafkaError('DECODE_FAILED', 'The record value arrived as a string, not bytes (with NestJS set parser: { keepBinary: true })', origin);
    }
    const deserializeOptions = {
      ...(options.zeroCopy === undefined ? {} : { zeroCopy: options.zeroCopy }),
      ...(decodeOptions.expect === undefined ? {} : { expect: decodeOptions.expect }),
    };
    const slots = readSlots(message, origin);
    if (slots === undefined) {
      const value = fory.deserialize<T>(message.value, deserializeOptions);
      emitCapture(options.capture, { source: 'kafka', direction: 'decode', bytes: message.value, ...captureLabel(origin?.topic) });
      return value;
    }
    const buffers = slots.map((s, slot) => {
      if (s.kind === 'inline') return s.bytes;
      const fetched = decodeOptions.companion?.get(slot);
      if (fetched === undefined) {
        throw new FerryKafkaError('COMPANION_REQUIRED', `Slot ${slot} is in the companion topic "${s.ref.topic}"; read with FerryConsumer or pass decode(…, { companion })`, origin);
      }
      if (fetched.byteLength !== s.ref.length) {
        throw new FerryKafkaError('COMPANION_TRUNCATED', `Slot ${slot} has ${fetched.byteLength} bytes, its reference says ${s.ref.length}`, origin);
      }
      return fetched;
    });
    const value = fory.deserialize<T>(message.value, { ...deserializeOptions, buffers });
    emitCapture(options.capture, { source: 'kafka', direction: 'decode', bytes: message.value, buffers, ...captureLabel(origin?.topic) });
    return value;
  }

  return { fory, companionTopic, encode, encodeParts, completeRecord, companionRefs, decode };
}
