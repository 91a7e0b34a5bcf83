/**
 * Operation-local read state: reader, reference table, depth, limits. Prepared and reset by `Fory`.
 */
import { InvalidDataError, LimitExceededError } from '../errors.js';
import { RefFlag } from '../meta/flags.js';
import type { ForyLimits } from '../limits.js';
import { ByteReader } from '../wire/reader.js';
import { MetaStringReader } from './meta-strings.js';
import type { Serializer } from './serializer.js';
import type { TypeResolver } from './type-resolver.js';

/** Marks a reserved ref slot whose object is not yet available. */
const UNRESOLVED: unique symbol = Symbol('unresolved');

export interface ReadOptions {
  /** How int64/uint64 values are returned: numbers when safe and bigint otherwise, or always bigint. */
  readonly int64: 'auto' | 'bigint';
  /** What a NONE value reads as: null, or undefined with `undefined: 'preserve'`. */
  readonly none: null | undefined;
  /** Decode string-keyed maps as plain objects instead of Maps. */
  readonly mapsAsObjects: boolean;
}

export class ReadContext {
  readonly reader = new ByteReader();
  private readonly refs: unknown[] = [];
  /** Ref id reserved for the value being read, until a container binds its object (or -1). */
  private pendingRef = -1;
  depth = 0;
  /** Same-schema named types: the payload's meta-string table. */
  readonly metaStrings = new MetaStringReader();
  /** Compatible mode: the serializer for each TypeDef index announced so far in this payload. */
  readonly typeDefs: Serializer[] = [];
  /**
   * How many entries of `typeDefs` belong to this payload: reset to 0 per payload instead of
   * truncating the array (stale entries past the count are never read).
   */
  typeDefCount = 0;
  /** Out-of-band mode (header bit 1): buffer objects carry an in-band flag. */
  oob = false;
  /** Elements of all collections read so far in this payload (bounded by maxPayloadElements). */
  private elements = 0;
  private buffers: readonly Uint8Array[] = NO_BUFFERS;
  private bufferIndex = 0;
  /** Whether dense arrays are buffer objects too (Java), or only binary (pyfory 1.7). */
  arraysAreBufferObjects = true;
  /** Return views into the input for in-band binary and (aligned) dense arrays instead of copies. */
  zeroCopy = false;

  constructor(
    readonly resolver: TypeResolver,
    readonly limits: ForyLimits,
    readonly options: ReadOptions,
  ) {}

  prepare(bytes: Uint8Array): void {
    this.reader.reset(bytes);
  }

  reset(): void {
    if (this.refs.length) this.refs.length = 0;
    this.pendingRef = -1;
    this.depth = 0;
    this.elements = 0;
    this.metaStrings.reset();
    this.typeDefCount = 0;
    this.oob = false;
    this.buffers = NO_BUFFERS;
    this.bufferIndex = 0;
    this.zeroCopy = false;
    this.reader.reset(EMPTY);
  }

  /** Out-of-band mode with these supplied buffers (consumed in write order). */
  useBuffers(buffers: readonly Uint8Array[]): void {
    this.oob = true;
    this.buffers = buffers;
    this.bufferIndex = 0;
  }

  /**
   * A buffer object's in-band flag. Returns the next out-of-band buffer, or null when the bytes
   * follow in-band.
   */
  readBufferObjectFlag(what: string): Uint8Array | null {
    const at = this.reader.pos;
    const flag = this.reader.readUint8();
    if (flag === 1) return null;
    if (flag !== 0) throw new InvalidDataError(`Invalid buffer-object flag ${flag} for ${what}`, at);
    const b = this.buffers[this.bufferIndex];
    if (b === undefined) {
      throw new InvalidDataError(
        `Out-of-band ${what} #${this.bufferIndex} is missing: ${this.buffers.length} buffer(s) were supplied`,
        at,
      );
    }
    this.bufferIndex++;
    return b;
  }

  /** After the root value: every supplied buffer must have been used. */
  checkBuffersConsumed(): void {
    if (this.bufferIndex !== this.buffers.length) {
      throw new InvalidDataError(
        `${this.buffers.length} out-of-band buffer(s) were supplied but the payload uses ${this.bufferIndex}`,
        this.reader.pos,
      );
    }
  }

  /** Read a ref/null flag, then (for a new value) type meta and payload. */
  readRef(): unknown {
    const r = this.reader;
    const at = r.pos;
    const flag = r.readInt8();
    switch (flag) {
      case RefFlag.NOT_NULL_VALUE:
        this.pendingRef = -1;
        return this.readNonRef();
      case RefFlag.NULL:
        return null;
      case RefFlag.REF:
        return this.readBackRef(at);
      case RefFlag.REF_VALUE: {
        const id = this.reserveRef(at);
        const value = this.readNonRef();
        this.refs[id] = value;
        this.pendingRef = -1;
        return value;
      }
      default:
        throw new InvalidDataError(`Invalid reference flag ${flag}`, at);
    }
  }

  /** Like readRef, for a value whose serializer is known and whose type meta is not on the wire. */
  readRefAs(serializer: Serializer): unknown {
    const r = this.reader;
    const at = r.pos;
    const flag = r.readInt8();
    switch (flag) {
      case RefFlag.NOT_NULL_VALUE:
        this.pendingRef = -1;
        return serializer.read(this);
      case RefFlag.NULL:
        return null;
      case RefFlag.REF:
        return this.readBackRef(at);
      case RefFlag.REF_VALUE: {
        const id = this.reserveRef(at);
        const value = serializer.read(this);
        this.refs[id] = value;
        this.pendingRef = -1;
        return value;
      }
      default:
        throw new InvalidDataError(`Invalid reference flag ${flag}`, at);
    }
  }

  /** Type meta, then payload. */
  readNonRef(): unknown {
    const serializer = this.readTypeInfo();
    return serializer.read(this);
  }

  readTypeInfo(): Serializer {
    return this.resolver.readTypeInfo(this);
  }

  /** Called by a TRACK_REF collection after reading a REF_VALUE flag itself. */
  reserveRef(at: number): number {
    const id = this.refs.length;
    if (id >= this.limits.maxRefs) throw new LimitExceededError('maxRefs', id + 1, this.limits.maxRefs, at);
    this.refs.push(UNRESOLVED);
    this.pendingRef = id;
    return id;
  }

  /** Resolve `REF id` (the flag at `at` was already consumed). */
  readBackRef(at: number): unknown {
    const id = this.reader.readVarUint32();
    if (id >= this.refs.length) throw new InvalidDataError(`Reference to unknown ref id ${id}`, at);
    const value = this.refs[id];
    if (value === UNRESOLVED) throw new InvalidDataError(`Reference to ref id ${id} before its value is available`, at);
    return value;
  }

  /**
   * A container changed carrier after binding (a map read as an object met a non-string key): point
   * its ref slot (from bindRef; -1 when it has none) at the replacement. O(1): a scan of the ref
   * table per map would make a payload of many such maps quadratic.
   */
  rebindRef(slot: number, to: unknown): void {
    if (slot >= 0) this.refs[slot] = to;
  }

  /** Store the value for a ref id reserved by reserveRef. */
  setRef(id: number, value: unknown): void {
    this.refs[id] = value;
    // The reservation is complete; a later untracked container must not bind to it.
    this.pendingRef = -1;
  }

  /**
   * Bind a container's object to the ref id reserved for it before its children are read, so
   * back-references (cycles) resolve to it (implementation guide "Nested reads use ReadContext").
   * Returns the ref id it was bound to, or -1.
   */
  bindRef(obj: unknown): number {
    const slot = this.pendingRef;
    if (slot >= 0) {
      this.refs[slot] = obj;
      this.pendingRef = -1;
    }
    return slot;
  }

  enterContainer(): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new LimitExceededError('maxDepth', this.depth, this.limits.maxDepth, this.reader.pos);
    }
  }

  leaveContainer(): void {
    this.depth--;
  }

  /**
   * Bound a declared element/entry count before allocating for it: per collection, against the
   * bytes left (each element costs at least `minBytesPerElement`), and for the payload as a whole
   * (zero-width elements would otherwise let a few bytes allocate maxCollectionSize slots per list).
   */
  checkCollectionSize(size: number, at: number, minBytesPerElement: number): void {
    if (size > this.limits.maxCollectionSize) {
      throw new LimitExceededError('maxCollectionSize', size, this.limits.maxCollectionSize, at);
    }
    if (size * minBytesPerElement > this.reader.remaining) {
      throw new InvalidDataError(
        `Collection declares ${size} elements but only ${this.reader.remaining} bytes remain`,
        at,
      );
    }
    const total = this.elements + size;
    if (total > this.limits.maxPayloadElements) {
      throw new LimitExceededError('maxPayloadElements', total, this.limits.maxPayloadElements, at, 'elements of all collections in this payload');
    }
    this.elements = total;
  }
}

const EMPTY = new Uint8Array(0);
const NO_BUFFERS: readonly Uint8Array[] = [];
