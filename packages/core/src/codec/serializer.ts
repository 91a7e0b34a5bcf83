/**
 * The serializer contract: payload only. Reference flags, type meta and the root header belong to
 * the contexts and the Fory facade (implementation guide "Serializer Design Rules").
 */
import type { ReadContext } from './read-context.js';
import type { WriteContext } from './write-context.js';

export interface Serializer<T = unknown> {
  /** Internal type id written in this value's type meta. */
  readonly typeId: number;
  /** Schema-style name for messages and tools, e.g. `int32`, `list<string>`. */
  readonly name: string;
  /**
   * Whether values of this type take part in reference tracking when `ref: true`
   * (containers and byte buffers do; scalars, strings and temporal values never do).
   */
  readonly trackRef: boolean;
  /** Write the payload. Throws UnsupportedValueError when `value` does not fit this type. */
  write(ctx: WriteContext, value: T): void;
  /** Read the payload. Containers call `ctx.bindRef(obj)` before reading their children. */
  read(ctx: ReadContext): T;
  /** Write the type meta; defaults to the bare type id (built-ins). User types add ids/names. */
  writeTypeInfo?(ctx: WriteContext): void;
}
