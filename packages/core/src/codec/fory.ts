/**
 * The Fory facade: root header, operation setup and reset. Nested work happens in the contexts.
 * Spec: "Fory header"; implementation guide "Root Frame Responsibilities".
 */
import { ForyError, InvalidDataError, LimitExceededError, TruncatedError, TypeMismatchError } from '../errors.js';
import { isOfType } from './user-types.js';
import { resolveLimits, type ForyLimits } from '../limits.js';
import { HeaderFlag } from '../meta/flags.js';
import type { Infer, TypeSpec } from '../schema/type.js';
import type { EnumSpec, ExtSpec, StructSpec, UnionSpec } from '../schema/user-types.js';
import { ReadContext } from './read-context.js';
import { TypeResolver } from './type-resolver.js';
import { WriteContext } from './write-context.js';
import { asBytes, type BufferCallback, type SuppliedBuffer } from '../oob/buffer-object.js';

export interface ForyOptions {
  /**
   * Track shared and circular references (spec "Reference Meta"). Off by default, as in Fory's
   * xlang mode; with it off, a cyclic value fails with a maxDepth error instead of looping.
   */
  ref?: boolean;
  /** Schema-evolution (compatible) mode for structs. Default true, as Java's xlang default. */
  compatible?: boolean;
  /** Decoding limits; unspecified ones keep their defaults (see DEFAULT_LIMITS). */
  limits?: Partial<ForyLimits>;
  /**
   * How 64-bit integers are returned: `auto` (default) gives a number when it is a safe integer and a
   * bigint otherwise, `bigint` always gives a bigint. Never a rounded number.
   */
  int64?: 'auto' | 'bigint';
  /**
   * Compile struct serializers to straight-line code with `new Function` (default). Set false to
   * use the interpreted path, e.g. under a Content-Security-Policy without 'unsafe-eval' (which is
   * also detected automatically). Both produce identical bytes.
   */
  codegen?: boolean;
  /**
   * Which values become buffer objects when a buffer callback is given: `'all'` (default) — binary
   * and every dense array, as Java fory-core writes them; `'binary'` — binary only, as pyfory 1.7
   * writes them in xlang mode (its numeric arrays stay in-band). Writer and reader must agree.
   */
  bufferObjects?: 'all' | 'binary';
  /**
   * Return in-band binary values and aligned dense arrays as views into the input bytes instead of
   * copies (out-of-band buffers are always views). The views keep the input alive and see changes
   * to it. Default false.
   */
  zeroCopy?: boolean;
  /**
   * `'null'` (default): `undefined` is written as null, as JSON does. `'preserve'`: `undefined` is a
   * value of its own, written as xlang NONE (pyfory reads it as None) and read back as `undefined`
   * — in arrays, as map and object values, and at the root.
   */
  undefined?: 'null' | 'preserve';
  /**
   * How xlang maps decode: `'map'` (default) as `Map`; `'object'` as plain objects when every key is
   * a string (a map with any other key stays a `Map`). `__proto__` keys become own properties.
   */
  maps?: 'map' | 'object';
}

export interface SerializeOptions {
  /**
   * Out-of-band mode: called with each binary value / dense array; return true to keep it in the
   * payload, false to send it out-of-band (transport `buffer.toBuffer()` yourself). See outOfBandAbove.
   */
  bufferCallback?: BufferCallback;
}

export interface DeserializeOptions {
  /** The out-of-band buffers of a payload written with a buffer callback, in callback order. */
  buffers?: readonly SuppliedBuffer[];
  /** Per-call override of the `zeroCopy` option. */
  zeroCopy?: boolean;
  /**
   * A registered struct or enum type the root value must be (see `isOfType`); anything else throws a
   * TypeMismatchError naming both types.
   */
  expect?: TypeSpec;
}

function isTypeSpec(x: unknown): x is TypeSpec {
  return typeof x === 'object' && x !== null && typeof (x as TypeSpec).kind === 'string' && typeof (x as TypeSpec).typeId === 'number';
}

export class Fory {
  readonly ref: boolean;
  readonly compatible: boolean;
  readonly limits: Readonly<ForyLimits>;
  /** The `maps` option in effect. */
  readonly maps: 'map' | 'object';
  /** The `undefined` option in effect. */
  readonly undefined: 'null' | 'preserve';
  private readonly resolver: TypeResolver;
  private readonly writeContext: WriteContext;
  private readonly readContext: ReadContext;
  private writing = false;
  private reading = false;
  private readonly arraysAreBufferObjects: boolean;
  private readonly zeroCopy: boolean;
  private readonly preserveUndefined: boolean;

  constructor(options: ForyOptions = {}) {
    this.ref = options.ref ?? false;
    this.compatible = options.compatible ?? true;
    this.limits = Object.freeze(resolveLimits(options.limits));
    const int64 = options.int64 ?? 'auto';
    if (int64 !== 'auto' && int64 !== 'bigint') throw new RangeError(`int64 must be 'auto' or 'bigint', got ${String(int64)}`);
    this.resolver = new TypeResolver({ compatible: this.compatible, refTracking: this.ref, codegen: options.codegen ?? true });
    this.writeContext = new WriteContext(this.resolver, this.ref, this.limits);
    const bufferObjects = options.bufferObjects ?? 'all';
    if (bufferObjects !== 'all' && bufferObjects !== 'binary') throw new RangeError(`bufferObjects must be 'all' or 'binary'`);
    this.arraysAreBufferObjects = bufferObjects === 'all';
    this.zeroCopy = options.zeroCopy ?? false;
    if (options.undefined !== undefined && options.undefined !== 'null' && options.undefined !== 'preserve') {
      throw new RangeError(`undefined must be 'null' or 'preserve'`);
    }
    if (options.maps !== undefined && options.maps !== 'map' && options.maps !== 'object') throw new RangeError(`maps must be 'map' or 'object'`);
    this.preserveUndefined = options.undefined === 'preserve';
    this.maps = options.maps ?? 'map';
    this.undefined = options.undefined ?? 'null';
    this.readContext = new ReadContext(this.resolver, this.limits, {
      int64,
      none: this.preserveUndefined ? undefined : null,
      mapsAsObjects: options.maps === 'object',
    });
  }

  /**
   * Register user types (structs, enums, unions, ext types) under the id or name their declaration
   * gives. Every peer must register the same types with the same ids or names. Returns this.
   */
  register(...types: Array<StructSpec<any> | EnumSpec<any> | UnionSpec<any> | ExtSpec<any>>): this {
    for (const t of types) this.resolver.register(t);
    return this;
  }

  /**
   * Serialize a value. Its xlang type is inferred (see the type mapping table) unless `type` is
   * given. Returns a fresh Uint8Array; the internal buffer is reused by the next call. A result of up
   * to 2 KiB is a slice of a shared pool slab (see README "Options", zeroCopy): its `.buffer` is
   * larger than it, so use byteOffset/byteLength with it.
   */
  serialize<S extends TypeSpec>(value: Infer<S>, type: S, options?: SerializeOptions): Uint8Array;
  serialize(value: unknown, options?: SerializeOptions): Uint8Array;
  serialize(value: unknown, typeOrOptions?: TypeSpec | SerializeOptions, maybeOptions?: SerializeOptions): Uint8Array {
    const type = isTypeSpec(typeOrOptions) ? typeOrOptions : undefined;
    const options = (type ? maybeOptions : (typeOrOptions as SerializeOptions | undefined)) ?? NO_SERIALIZE_OPTIONS;
    // A nested call (e.g. from a user serializer) gets its own context instead of corrupting ours.
    const ctx = this.writing ? new WriteContext(this.resolver, this.ref, this.limits) : this.writeContext;
    const outer = !this.writing;
    this.writing = true;
    try {
      const callback = options.bufferCallback;
      if (callback !== undefined && typeof callback !== 'function') throw new TypeError('bufferCallback must be a function');
      ctx.bufferCallback = callback ?? null;
      ctx.arraysAreBufferObjects = this.arraysAreBufferObjects;
      ctx.preserveUndefined = this.preserveUndefined;
      // Header bit 1 whenever a callback is given, even if every buffer stays in-band (runtime-notes).
      ctx.writer.writeUint8(HeaderFlag.XLANG | (callback ? HeaderFlag.OUT_OF_BAND : 0));
      ctx.writeRoot(type ? this.resolver.serializerForSpec(type) : null, value);
      return ctx.writer.toBytes();
    } finally {
      ctx.reset();
      if (outer) this.writing = false;
    }
  }

  /** Deserialize one xlang payload. Throws a ForyError subclass for any malformed input. */
  deserialize<T = unknown>(bytes: Uint8Array, options: DeserializeOptions = NO_OPTIONS): T {
    if (!(bytes instanceof Uint8Array)) {
      throw new ForyError('INVALID_DATA', `deserialize expects a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
    }
    // Node Buffers: a plain view, so internal copies (slice) really copy.
    bytes = asBytes(bytes);
    if (bytes.length === 0) throw new TruncatedError('header', 0, 1, 0);
    if (bytes.length > this.limits.maxPayloadBytes) {
      throw new LimitExceededError('maxPayloadBytes', bytes.length, this.limits.maxPayloadBytes, 0);
    }
    const header = bytes[0]!;
    if (header & HeaderFlag.RESERVED_MASK) {
      throw new InvalidDataError(`Invalid header 0x${header.toString(16).padStart(2, '0')}: reserved bits 2-7 are set`, 0, 'INVALID_HEADER');
    }
    if (!(header & HeaderFlag.XLANG)) {
      throw new InvalidDataError('Not an xlang payload: header xlang bit is clear (native-mode Fory payload?)', 0, 'INVALID_HEADER');
    }
    const oob = (header & HeaderFlag.OUT_OF_BAND) !== 0;
    if (oob && options.buffers === undefined) {
      throw new InvalidDataError('Payload was written with out-of-band buffers: pass them as deserialize(bytes, { buffers })', 0, 'INVALID_HEADER');
    }
    if (!oob && options.buffers !== undefined && options.buffers.length > 0) {
      throw new InvalidDataError('Buffers were supplied but the payload was written without out-of-band buffers', 0, 'INVALID_HEADER');
    }
    if (oob && options.buffers!.length > this.limits.maxOutOfBandBuffers) {
      throw new LimitExceededError('maxOutOfBandBuffers', options.buffers!.length, this.limits.maxOutOfBandBuffers, 0);
    }
    const ctx = this.reading ? new ReadContext(this.resolver, this.limits, this.readContext.options) : this.readContext;
    const outer = !this.reading;
    this.reading = true;
    try {
      ctx.prepare(bytes);
      ctx.reader.pos = 1;
      ctx.arraysAreBufferObjects = this.arraysAreBufferObjects;
      ctx.zeroCopy = options.zeroCopy ?? this.zeroCopy;
      if (oob) ctx.useBuffers(options.buffers!.map(asBytes));
      const value = ctx.readRef();
      if (oob) ctx.checkBuffersConsumed();
      if (options.expect && !isOfType(options.expect, value)) {
        const want = (options.expect as { identity?: { display: string } }).identity?.display ?? options.expect.kind;
        throw new TypeMismatchError(`Type mismatch: expected ${want}, the payload holds ${describeRoot(value)}`, 1);
      }
      if (ctx.reader.pos !== bytes.length) {
        throw new InvalidDataError(`${bytes.length - ctx.reader.pos} trailing byte(s) after the root value`, ctx.reader.pos);
      }
      return value as T;
    } catch (err) {
      if (err instanceof ForyError) throw err;
      // Anything else is a bug or an engine limit; surface it typed, with the offset, keeping the
      // original as `cause` (the fuzzer reports every such error as a finding).
      const wrapped = new InvalidDataError(`Failed to decode: ${(err as Error)?.message ?? String(err)}`, ctx.reader.pos);
      wrapped.cause = err;
      throw wrapped;
    } finally {
      ctx.reset();
      if (outer) this.reading = false;
    }
  }
}

/** Default options, shared (a `= {}` default would allocate an object per call). */
const NO_OPTIONS: DeserializeOptions = Object.freeze({});
const NO_SERIALIZE_OPTIONS: SerializeOptions = Object.freeze({});

function describeRoot(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'an object';
}
