/**
 * Operation-local write state: buffer, reference writer, depth. Prepared and reset by `Fory`.
 */
import { LimitExceededError, UnsupportedValueError } from '../errors.js';
import { RefFlag } from '../meta/flags.js';
import type { ForyLimits } from '../limits.js';
import { ByteWriter } from '../wire/writer.js';
import { MetaStringWriter } from './meta-strings.js';
import { BufferObject, type BufferCallback } from '../oob/buffer-object.js';
import { TypedValue } from '../schema/type.js';
import type { Serializer } from './serializer.js';
import type { TypeResolver } from './type-resolver.js';

/** The open chunk of a map being written (spec "map" → "Map Chunk Format"); reused per depth. */
export class MapChunkState {
  key: Serializer | null = null;
  value: Serializer | null = null;
  keyTrack = false;
  valueTrack = false;
  /** Offset of the open chunk's size byte, or -1 when no chunk is open. */
  sizeAt = -1;
  size = 0;

  /** Patch the open chunk's size byte and close it. */
  close(writer: ByteWriter): void {
    if (this.sizeAt >= 0) {
      writer.buf[this.sizeAt] = this.size;
      this.sizeAt = -1;
    }
  }
}

export class WriteContext {
  readonly writer = new ByteWriter(4096);
  /** Identity → ref id of objects written so far (ref tracking on), cleared per operation. */
  private readonly written = new Map<object, number>();
  /** Next ref id. Every REF_VALUE flag takes one, including those on primitives (the reader counts them all). */
  private nextRefId = 0;
  depth = 0;
  private readonly mapChunks: MapChunkState[] = [];
  /** Same-schema named types: namespace / type-name dedup table (per payload). */
  readonly metaStrings = new MetaStringWriter();
  /** Compatible mode: owners of the TypeDefs announced in this payload, by index (spec "Shared Type Meta"). */
  private readonly typeDefOwners: object[] = [];
  /** Entries of typeDefOwners in this payload (reset to 0, not truncated: cheaper than Map.clear). */
  private typeDefCount = 0;
  /** Set for one operation when the caller passed a buffer callback (out-of-band mode). */
  bufferCallback: BufferCallback | null = null;
  /** Whether dense arrays are buffer objects too (Java), or only binary (pyfory 1.7). */
  arraysAreBufferObjects = true;
  /** `undefined: 'preserve'`: undefined is a value (written as NONE), not null. */
  preserveUndefined = false;

  constructor(
    readonly resolver: TypeResolver,
    readonly refTracking: boolean,
    readonly limits: ForyLimits,
  ) {}

  reset(): void {
    this.writer.reset();
    if (this.written.size > 0) this.written.clear();
    this.nextRefId = 0;
    this.depth = 0;
    this.metaStrings.reset();
    this.typeDefCount = 0;
    this.bufferCallback = null;
  }

  /** Whether `value` is written as a null (undefined is, unless undefined is preserved). */
  isNull(value: unknown): boolean {
    return value === null || (value === undefined && !this.preserveUndefined);
  }

  /** Null flag / ref flag, type meta and payload of a value whose type is inferred. */
  writeRef(value: unknown): void {
    if (this.isNull(value)) {
      this.writer.writeInt8(RefFlag.NULL);
      return;
    }
    this.writeRefAs(this.resolver.serializerFor(value), value);
  }

  /** Null flag / ref flag, type meta and payload of a value with a known serializer. */
  writeRefAs(serializer: Serializer, value: unknown): void {
    if (this.isNull(value)) {
      this.writer.writeInt8(RefFlag.NULL);
      return;
    }
    if (this.writeRefOrValueFlag(serializer, value)) return;
    this.writeTypeInfo(serializer);
    serializer.write(this, value);
  }

  /**
   * For a non-null value: writes REF + id and returns true when it was already written; otherwise
   * writes REF_VALUE (tracked) or NOT_NULL_VALUE and returns false (the caller writes the rest).
   */
  writeRefOrValueFlag(serializer: Serializer, value: unknown): boolean {
    if (this.refTracking && serializer.trackRef) {
      // Identity is the wrapped value's, so typed(…) wrappers do not hide sharing.
      const obj = (value instanceof TypedValue ? value.value : value) as object;
      const id = this.written.get(obj);
      if (id !== undefined) {
        this.writer.writeInt8(RefFlag.REF);
        this.writer.writeVarUint32(id);
        return true;
      }
      this.written.set(obj, this.nextRefId++);
      this.writer.writeInt8(RefFlag.REF_VALUE);
      return false;
    }
    this.writer.writeInt8(RefFlag.NOT_NULL_VALUE);
    return false;
  }

  /**
   * The flag for a value in a position that Java and pyfory always frame as referenceable when ref
   * tracking is on — the root value and the non-null side of a null map entry — whatever its type:
   * REF_VALUE (taking a ref id, even for a primitive) or REF for an object already written. With ref
   * tracking off, NOT_NULL_VALUE. Returns true when a REF was written.
   */
  writeAlwaysTrackedFlag(value: unknown): boolean {
    if (!this.refTracking) {
      this.writer.writeInt8(RefFlag.NOT_NULL_VALUE);
      return false;
    }
    const target = value instanceof TypedValue ? value.value : value;
    if (typeof target === 'object' && target !== null) return this.writeTrackedFlag(target);
    this.nextRefId++;
    this.writer.writeInt8(RefFlag.REF_VALUE);
    return false;
  }

  /** The root value: flag (see writeAlwaysTrackedFlag), type meta, payload. */
  writeRoot(serializer: Serializer | null, value: unknown): void {
    if (this.isNull(value)) {
      this.writer.writeInt8(RefFlag.NULL);
      return;
    }
    const s = serializer ?? this.resolver.serializerFor(value);
    if (this.writeAlwaysTrackedFlag(value)) return;
    this.writeTypeInfo(s);
    s.write(this, value);
  }

  /** Under ref tracking, a REF_VALUE/REF flag for a tracked value inside a TRACK_REF collection. */
  writeTrackedFlag(value: object): boolean {
    if (value instanceof TypedValue) value = value.value as object;
    const id = this.written.get(value);
    if (id !== undefined) {
      this.writer.writeInt8(RefFlag.REF);
      this.writer.writeVarUint32(id);
      return true;
    }
    this.written.set(value, this.nextRefId++);
    this.writer.writeInt8(RefFlag.REF_VALUE);
    return false;
  }

  writeTypeInfo(serializer: Serializer): void {
    if (serializer.writeTypeInfo) serializer.writeTypeInfo(this);
    else this.writer.writeVarUint32(serializer.typeId);
  }

  /** Type meta and payload without a ref/null flag. */
  writeNonRef(serializer: Serializer, value: unknown): void {
    this.writeTypeInfo(serializer);
    serializer.write(this, value);
  }

  /**
   * Shared TypeDef marker: `index << 1 | 1` for a TypeDef already written in this payload, else
   * `index << 1` followed by the TypeDef bytes (spec "Shared Type Meta").
   */
  writeTypeDef(owner: object, typeDefBytes: Uint8Array): void {
    // A payload announces few types: a linear scan beats a Map (and its clear per payload).
    const owners = this.typeDefOwners;
    const n = this.typeDefCount;
    for (let index = 0; index < n; index++) {
      if (owners[index] === owner) {
        this.writer.writeVarUint32(index * 2 + 1);
        return;
      }
    }
    owners[n] = owner;
    this.typeDefCount = n + 1;
    this.writer.writeVarUint32(n * 2);
    this.writer.writeBytes(typeDefBytes);
  }

  /**
   * A binary value or dense array in out-of-band mode (runtime-notes "Buffer objects"): the callback
   * decides; in-band is `bool 1 | varuint32 byte length | bytes`, out-of-band is a single `bool 0`.
   */
  writeBufferObject(view: ArrayBufferView, elementSize: number): void {
    const o = new BufferObject(view, elementSize);
    const w = this.writer;
    if (this.bufferCallback!(o)) {
      w.writeUint8(1);
      w.writeVarUint32(o.totalBytes);
      w.ensure(o.totalBytes);
      o.writeTo(w.buf, w.pos);
      w.pos += o.totalBytes;
    } else {
      w.writeUint8(0);
    }
  }

  /** Chunk state for a map at the current depth (allocated once per depth, then reused). */
  mapChunkState(): MapChunkState {
    const state = (this.mapChunks[this.depth] ??= new MapChunkState());
    state.sizeAt = -1;
    return state;
  }

  enterContainer(): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new LimitExceededError(
        'maxDepth',
        this.depth,
        this.limits.maxDepth,
        undefined,
        this.refTracking ? undefined : 'is the value cyclic? cycles need ref: true',
      );
    }
  }

  leaveContainer(): void {
    this.depth--;
  }

  /** Prefix a path segment to an UnsupportedValueError raised below a container. */
  static annotate(error: unknown, segment: string): unknown {
    if (error instanceof UnsupportedValueError) return error.under(segment);
    return error;
  }
}
