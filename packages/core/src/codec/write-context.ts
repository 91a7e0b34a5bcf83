/**
 * Operation-local write state: buffer, reference writer, depth. Prepared and reset by `Fory`.
 */
import { LimitExceededError, UnsupportedValueError } from '../errors.js';
import { RefFlag } from '../meta/flags.js';
import type { ForyLimits } from '../limits.js';
import { ByteWriter } from '../wire/writer.js';
import type { Serializer } from './serializer.js';
import type { TypeResolver } from './type-resolver.js';

export class WriteContext {
  readonly writer = new ByteWriter(4096);
  /** Identity → ref id of objects written so far (ref tracking on), cleared per operation. */
  private readonly written = new Map<object, number>();
  depth = 0;

  constructor(
    readonly resolver: TypeResolver,
    readonly refTracking: boolean,
    readonly limits: ForyLimits,
  ) {}

  reset(): void {
    this.writer.reset();
    if (this.written.size > 0) this.written.clear();
    this.depth = 0;
  }

  /** Null flag / ref flag, type meta and payload of a value whose type is inferred. */
  writeRef(value: unknown): void {
    if (value === null || value === undefined) {
      this.writer.writeInt8(RefFlag.NULL);
      return;
    }
    this.writeRefAs(this.resolver.serializerFor(value), value);
  }

  /** Null flag / ref flag, type meta and payload of a value with a known serializer. */
  writeRefAs(serializer: Serializer, value: unknown): void {
    if (value === null || value === undefined) {
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
      const obj = value as object;
      const id = this.written.get(obj);
      if (id !== undefined) {
        this.writer.writeInt8(RefFlag.REF);
        this.writer.writeVarUint32(id);
        return true;
      }
      this.written.set(obj, this.written.size);
      this.writer.writeInt8(RefFlag.REF_VALUE);
      return false;
    }
    this.writer.writeInt8(RefFlag.NOT_NULL_VALUE);
    return false;
  }

  /** Under ref tracking, a REF_VALUE/REF flag for a tracked value inside a TRACK_REF collection. */
  writeTrackedFlag(value: object): boolean {
    const id = this.written.get(value);
    if (id !== undefined) {
      this.writer.writeInt8(RefFlag.REF);
      this.writer.writeVarUint32(id);
      return true;
    }
    this.written.set(value, this.written.size);
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
