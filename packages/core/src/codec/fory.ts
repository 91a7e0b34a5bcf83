/**
 * The Fory facade: root header, operation setup and reset. Nested work happens in the contexts.
 * Spec: "Fory header"; implementation guide "Root Frame Responsibilities".
 */
import { ForyError, InvalidDataError, TruncatedError } from '../errors.js';
import { resolveLimits, type ForyLimits } from '../limits.js';
import { HeaderFlag } from '../meta/flags.js';
import type { Infer, TypeSpec } from '../schema/type.js';
import type { EnumSpec, ExtSpec, StructSpec, UnionSpec } from '../schema/user-types.js';
import { ReadContext } from './read-context.js';
import { TypeResolver } from './type-resolver.js';
import { WriteContext } from './write-context.js';

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
}

export class Fory {
  readonly ref: boolean;
  readonly compatible: boolean;
  readonly limits: Readonly<ForyLimits>;
  private readonly resolver: TypeResolver;
  private readonly writeContext: WriteContext;
  private readonly readContext: ReadContext;
  private writing = false;
  private reading = false;

  constructor(options: ForyOptions = {}) {
    this.ref = options.ref ?? false;
    this.compatible = options.compatible ?? true;
    this.limits = Object.freeze(resolveLimits(options.limits));
    const int64 = options.int64 ?? 'auto';
    if (int64 !== 'auto' && int64 !== 'bigint') throw new RangeError(`int64 must be 'auto' or 'bigint', got ${String(int64)}`);
    this.resolver = new TypeResolver({ compatible: this.compatible, refTracking: this.ref, codegen: options.codegen ?? true });
    this.writeContext = new WriteContext(this.resolver, this.ref, this.limits);
    this.readContext = new ReadContext(this.resolver, this.limits, { int64 });
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
   * given. Returns a fresh Uint8Array; the internal buffer is reused by the next call.
   */
  serialize<S extends TypeSpec>(value: Infer<S>, type: S): Uint8Array;
  serialize(value: unknown): Uint8Array;
  serialize(value: unknown, type?: TypeSpec): Uint8Array {
    // A nested call (e.g. from a user serializer) gets its own context instead of corrupting ours.
    const ctx = this.writing ? new WriteContext(this.resolver, this.ref, this.limits) : this.writeContext;
    const outer = !this.writing;
    this.writing = true;
    try {
      ctx.writer.writeUint8(HeaderFlag.XLANG);
      ctx.writeRoot(type ? this.resolver.serializerForSpec(type) : null, value);
      return ctx.writer.toBytes();
    } finally {
      ctx.reset();
      if (outer) this.writing = false;
    }
  }

  /** Deserialize one xlang payload. Throws a ForyError subclass for any malformed input. */
  deserialize<T = unknown>(bytes: Uint8Array): T {
    if (!(bytes instanceof Uint8Array)) {
      throw new ForyError('INVALID_DATA', `deserialize expects a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
    }
    if (bytes.length === 0) throw new TruncatedError('header', 0, 1, 0);
    const header = bytes[0]!;
    if (header & HeaderFlag.RESERVED_MASK) {
      throw new InvalidDataError(`Invalid header 0x${header.toString(16).padStart(2, '0')}: reserved bits 2-7 are set`, 0, 'INVALID_HEADER');
    }
    if (!(header & HeaderFlag.XLANG)) {
      throw new InvalidDataError('Not an xlang payload: header xlang bit is clear (native-mode Fory payload?)', 0, 'INVALID_HEADER');
    }
    if (header & HeaderFlag.OUT_OF_BAND) {
      throw new InvalidDataError('Payload uses out-of-band buffers, which this reader was not given', 0, 'INVALID_HEADER');
    }
    const ctx = this.reading ? new ReadContext(this.resolver, this.limits, this.readContext.options) : this.readContext;
    const outer = !this.reading;
    this.reading = true;
    try {
      ctx.prepare(bytes);
      ctx.reader.pos = 1;
      const value = ctx.readRef();
      if (ctx.reader.pos !== bytes.length) {
        throw new InvalidDataError(`${bytes.length - ctx.reader.pos} trailing byte(s) after the root value`, ctx.reader.pos);
      }
      return value as T;
    } catch (err) {
      if (err instanceof ForyError) throw err;
      // Anything else is a bug or an engine limit; surface it typed, with the offset.
      throw new InvalidDataError(`Failed to decode: ${(err as Error)?.message ?? String(err)}`, ctx.reader.pos);
    } finally {
      ctx.reset();
      if (outer) this.reading = false;
    }
  }
}
