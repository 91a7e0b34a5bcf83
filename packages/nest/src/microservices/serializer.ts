/**
 * Nest microservice `Serializer` / `Deserializer` for Fory.
 *
 * A Nest packet is an envelope — `{ pattern, data, id }` for requests and events,
 * `{ id, response | err, isDisposed, status }` for responses — around one user value. The envelope
 * is written as a small Fory map whose `data` / `response` / `err` entry holds the user value as
 * its own Fory payload (binary), encoded with your instance (your registered types):
 *
 *   map { "pattern": …, "id": …, "data": binary(fory.serialize(data)) }
 *
 * Two levels, because a reader that fails on the user value (say, a type it has not registered)
 * still knows the packet id: a client then fails that one request with an error instead of
 * crashing on an unroutable response. Keys whose value is `undefined` are left out, exactly as
 * JSON does, so Nest's `response !== undefined` checks behave as with the JSON transport.
 */
import { Fory, emitCapture, type CaptureHook } from '@ferry/core';
import type { Deserializer, Serializer } from '@nestjs/microservices';

/** Envelope entries that carry user values (each its own payload of your instance). */
const BODY_KEYS = ['data', 'response', 'err'] as const;

export interface FerrySerializerOptions {
  /**
   * `'binary'` (default): `serialize` returns a `Buffer` — for `FerryTcpSocket` and transports that
   * carry bytes. `'base64'`: a base64 string, for transports that only carry JSON/text (e.g. the
   * default TCP `JsonSocket`); the deserializer accepts both.
   */
  encoding?: 'binary' | 'base64';
  /**
   * Opt-in payload capture: called with each user value's Fory payload (`data`, `response`, `err`)
   * as encoded, labelled with the packet's pattern (or `reply <id>` for responses).
   */
  capture?: CaptureHook;
}

export interface FerryDeserializerOptions {
  /**
   * What to do when the user value of a *response* cannot be decoded (e.g. an unregistered type):
   * `'error'` (default) turns the packet into an error response for that request id.
   */
  onResponseError?: 'error' | 'throw';
  /** Opt-in payload capture: each user value's Fory payload as received, before it is decoded. */
  capture?: CaptureHook;
}

/** Patterns are strings or small JSON objects (`{ cmd: 'sum' }`); responses only carry the request id. */
function packetLabel(packet: Record<string, unknown>): string {
  const pattern = packet['pattern'];
  if (pattern === undefined) return `reply ${String(packet['id'])}`;
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

function capturePart(hook: CaptureHook | undefined, direction: 'encode' | 'decode', packet: Record<string, unknown>, part: string, bytes: Uint8Array): void {
  if (hook === undefined) return;
  const id = packet['id'];
  emitCapture(hook, {
    source: 'nest',
    direction,
    bytes,
    format: 'fory',
    label: packetLabel(packet),
    meta: id === undefined ? { part } : { part, id: String(id) },
  });
}

/** The envelope codec: no user types; string-keyed maps (the envelope, object patterns) as plain objects. */
function envelopeFory(): Fory {
  return new Fory({ maps: 'object' });
}

function errorToPlain(err: unknown): unknown {
  if (err instanceof Error) {
    const plain: Record<string, unknown> = { name: err.name, message: err.message };
    for (const [k, v] of Object.entries(err)) if (v !== undefined && typeof v !== 'function') plain[k] = v;
    return plain;
  }
  return err;
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  // A Buffer that went through JSON.stringify: { type: 'Buffer', data: [...] }.
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return new Uint8Array((value as { data: number[] }).data);
  }
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`FerryDeserializer: expected bytes or a base64 string, got ${value === null ? 'null' : typeof value}`);
}

/** Encodes outgoing packets (client requests and events, server responses). */
export class FerrySerializer implements Serializer {
  private readonly envelope = envelopeFory();
  private readonly encoding: 'binary' | 'base64';
  private readonly capture: CaptureHook | undefined;

  constructor(
    readonly fory: Fory,
    options: FerrySerializerOptions = {},
  ) {
    this.encoding = options.encoding ?? 'binary';
    this.capture = options.capture;
  }

  serialize(packet: unknown): Buffer | string {
    if (packet === null || typeof packet !== 'object') throw new TypeError('FerrySerializer: expected a Nest packet object');
    const p = packet as Record<string, unknown>;
    let bytes: Uint8Array;
    try {
      bytes = this.encode(p);
    } catch (err) {
      // A response whose value cannot be encoded must still answer its request, not throw inside
      // Nest's response loop: send it as an error for that id. Requests and events throw (Nest's
      // client turns that into an error of the call).
      const isResponse = p['pattern'] === undefined && p['id'] !== undefined;
      if (!isResponse) throw err;
      const message = `Response could not be encoded as Fory: ${(err as Error)?.message ?? String(err)}`;
      bytes = this.encode({ id: p['id'], err: { status: 'error', message }, isDisposed: true });
    }
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.encoding === 'base64' ? buf.toString('base64') : buf;
  }

  private encode(p: Record<string, unknown>): Uint8Array {
    const envelope = new Map<string, unknown>();
    for (const [key, value] of Object.entries(p)) {
      if (value === undefined) continue;
      if ((BODY_KEYS as readonly string[]).includes(key)) {
        const body = this.fory.serialize(key === 'err' ? errorToPlain(value) : value);
        capturePart(this.capture, 'encode', p, key, body);
        envelope.set(key, body);
      } else envelope.set(key, value);
    }
    return this.envelope.serialize(envelope);
  }
}

/** Decodes incoming packets (server requests and events, client responses). */
export class FerryDeserializer implements Deserializer {
  private readonly envelope = envelopeFory();
  private readonly onResponseError: 'error' | 'throw';
  private readonly capture: CaptureHook | undefined;

  constructor(
    readonly fory: Fory,
    options: FerryDeserializerOptions = {},
  ) {
    this.onResponseError = options.onResponseError ?? 'error';
    this.capture = options.capture;
  }

  deserialize(value: unknown): any {
    const raw = this.envelope.deserialize(toBytes(value));
    if (raw === null || typeof raw !== 'object' || raw instanceof Map || Array.isArray(raw)) {
      throw new TypeError('FerryDeserializer: not a Ferry packet envelope');
    }
    const packet: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const key of BODY_KEYS) {
      if (!(key in packet)) continue;
      const body = packet[key];
      if (!(body instanceof Uint8Array)) throw new TypeError(`FerryDeserializer: envelope "${key}" is not a Fory payload`);
      capturePart(this.capture, 'decode', packet, key, body);
      try {
        packet[key] = this.fory.deserialize(body);
      } catch (err) {
        const isResponse = packet['pattern'] === undefined && packet['id'] !== undefined;
        if (!isResponse || this.onResponseError === 'throw') throw err;
        delete packet['response'];
        const what = key === 'err' ? 'Error' : 'Response';
        packet['err'] = { status: 'error', message: `${what} could not be decoded: ${(err as Error)?.message ?? String(err)}`, code: (err as { code?: unknown }).code };
        packet['isDisposed'] = true;
        break;
      }
    }
    return packet;
  }
}
