/**
 * Decodes built-in (non-container, non-user) payloads one at a time, for tools that walk a
 * payload's framing themselves (e.g. @ferry/devtools' inspector) but must decode scalars, strings,
 * temporal values, decimals, binary and dense arrays exactly as `Fory.deserialize` does.
 */
import { UnknownTypeError } from '../errors.js';
import { resolveLimits, type ForyLimits } from '../limits.js';
import { TypeId, typeIdName } from '../meta/type-ids.js';
import type { ByteReader } from '../wire/reader.js';
import { ReadContext } from './read-context.js';
import { TypeResolver } from './type-resolver.js';

const builtins = new TypeResolver();

export class BuiltinDecoder {
  private readonly ctx: ReadContext;

  constructor(limits?: Partial<ForyLimits>) {
    this.ctx = new ReadContext(builtins, resolveLimits(limits), { int64: 'auto', none: null, mapsAsObjects: false });
  }

  /** The reader positioned in the current payload; walk the framing with it. */
  get reader(): ByteReader {
    return this.ctx.reader;
  }

  /** Start on a payload (the reader is at offset 0). Binary and aligned dense arrays decode as views into it. */
  reset(bytes: Uint8Array): void {
    this.ctx.reset();
    this.ctx.prepare(bytes);
    this.ctx.zeroCopy = true;
  }

  /**
   * Whether `typeId` is a built-in type this decoder reads: every internal type except the
   * containers (list, set, map) and user kinds.
   */
  handles(typeId: number): boolean {
    return typeId !== TypeId.LIST && typeId !== TypeId.SET && typeId !== TypeId.MAP && builtins.builtin(typeId) !== undefined;
  }

  /** Ferry's display name of a built-in type (e.g. `int32`, `fixed int64`, `array<float32>`), or undefined. */
  typeName(typeId: number): string | undefined {
    return this.handles(typeId) ? builtins.builtin(typeId)!.name : undefined;
  }

  /** Bytes per element of a dense array type (binary: 1), or undefined for other types. */
  elementWidth(typeId: number): number | undefined {
    if (typeId === TypeId.BINARY) return 1;
    return (builtins.builtin(typeId) as { elementWidth?: number } | undefined)?.elementWidth;
  }

  /**
   * Read the in-band payload of a built-in type at the reader's position (no ref flag, no type
   * meta, no out-of-band flag): the value as `Fory.deserialize` returns it. Throws the same typed
   * errors, with offsets.
   */
  read(typeId: number): unknown {
    if (!this.handles(typeId)) {
      throw new UnknownTypeError(`${typeIdName(typeId)} is not a built-in scalar, string, binary or array type`, this.ctx.reader.pos, typeId);
    }
    return builtins.builtin(typeId)!.read(this.ctx);
  }
}
