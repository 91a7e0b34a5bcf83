/**
 * map. Spec: "map" — `| varuint32 total | chunk… |`, each chunk
 * `| KV header | size (1..255) | [key type] | [value type] | pairs |`; an entry with a null side is a
 * chunk of its own with no size byte.
 */
import { InvalidDataError, UnsupportedValueError } from '../../errors.js';
import { MAP_MAX_CHUNK_SIZE, MapFlag, RefFlag } from '../../meta/flags.js';
import { TypeId } from '../../meta/type-ids.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import { WriteContext } from '../write-context.js';

const NULL_SIDE = MapFlag.KEY_HAS_NULL | MapFlag.VALUE_HAS_NULL;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A map whose key/value types are known or inferred per entry (`null`). Writes JS `Map`s and, for
 * the dynamic mapping, plain objects (string keys); reads a `Map`.
 */
export class MapSerializer implements Serializer<Map<unknown, unknown>> {
  readonly typeId = TypeId.MAP;
  readonly trackRef = true;
  readonly name: string;

  constructor(
    readonly key: Serializer | null,
    readonly value: Serializer | null,
    /** Accept plain objects as string-keyed maps (the dynamic mapping). */
    readonly acceptObjects = false,
  ) {
    this.name = `map<${key?.name ?? 'any'}, ${value?.name ?? 'any'}>`;
  }

  write(ctx: WriteContext, value: unknown): void {
    if (value instanceof Map) {
      this.writeEntries(ctx, value.size, value.entries());
    } else if (this.acceptObjects && isPlainObject(value)) {
      const keys = Object.keys(value);
      this.writeEntries(ctx, keys.length, objectEntries(value, keys));
    } else {
      throw new UnsupportedValueError(`${this.name} values must be Maps${this.acceptObjects ? ' or plain objects' : ''}`);
    }
  }

  private writeEntries(ctx: WriteContext, size: number, entries: Iterator<[unknown, unknown]>): void {
    const w = ctx.writer;
    w.writeVarUint32(size);
    if (size === 0) return;
    ctx.enterContainer();
    let chunkKey: Serializer | null = null;
    let chunkValue: Serializer | null = null;
    let chunkKeyTrack = false;
    let chunkValueTrack = false;
    let sizeAt = -1;
    let chunkSize = 0;
    let k: unknown;
    try {
      for (let step = entries.next(); !step.done; step = entries.next()) {
        k = step.value[0];
        const v = step.value[1];
        const keyNull = k === null || k === undefined;
        const valueNull = v === null || v === undefined;
        if (keyNull || valueNull) {
          if (sizeAt >= 0) {
            w.buf[sizeAt] = chunkSize;
            sizeAt = -1;
          }
          this.writeNullEntry(ctx, keyNull, valueNull, k, v);
          continue;
        }
        const ks = this.key ?? ctx.resolver.serializerFor(k);
        const vs = this.value ?? ctx.resolver.serializerFor(v);
        if (sizeAt >= 0 && (ks !== chunkKey || vs !== chunkValue || chunkSize === MAP_MAX_CHUNK_SIZE)) {
          w.buf[sizeAt] = chunkSize;
          sizeAt = -1;
        }
        if (sizeAt < 0) {
          chunkKey = ks;
          chunkValue = vs;
          chunkKeyTrack = ctx.refTracking && ks.trackRef;
          chunkValueTrack = ctx.refTracking && vs.trackRef;
          w.writeUint8((chunkKeyTrack ? MapFlag.KEY_TRACK_REF : 0) | (chunkValueTrack ? MapFlag.VALUE_TRACK_REF : 0));
          sizeAt = w.pos;
          w.writeUint8(0);
          ctx.writeTypeInfo(ks);
          ctx.writeTypeInfo(vs);
          chunkSize = 0;
        }
        if (!chunkKeyTrack || !ctx.writeTrackedFlag(k as object)) ks.write(ctx, k);
        if (!chunkValueTrack || !ctx.writeTrackedFlag(v as object)) vs.write(ctx, v);
        chunkSize++;
      }
      if (sizeAt >= 0) w.buf[sizeAt] = chunkSize;
    } catch (err) {
      throw WriteContext.annotate(err, `[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]`);
    }
    ctx.leaveContainer();
  }

  /**
   * A single-entry chunk for an entry with a null key and/or value (no size byte). Java and pyfory
   * always frame the non-null side as referenceable: its track bit is set and it carries a ref flag
   * (NOT_NULL_VALUE, or REF_VALUE/REF under ref tracking), then its type id and payload.
   */
  private writeNullEntry(ctx: WriteContext, keyNull: boolean, valueNull: boolean, k: unknown, v: unknown): void {
    const w = ctx.writer;
    if (keyNull && valueNull) {
      w.writeUint8(NULL_SIDE);
      return;
    }
    const present = keyNull ? v : k;
    const s = (keyNull ? this.value : this.key) ?? ctx.resolver.serializerFor(present);
    w.writeUint8(keyNull ? MapFlag.KEY_HAS_NULL | MapFlag.VALUE_TRACK_REF : MapFlag.VALUE_HAS_NULL | MapFlag.KEY_TRACK_REF);
    if (ctx.writeAlwaysTrackedFlag(present)) return;
    ctx.writeTypeInfo(s);
    s.write(ctx, present);
  }

  read(ctx: ReadContext): Map<unknown, unknown> {
    const r = ctx.reader;
    const at = r.pos;
    const size = r.readVarUint32();
    const map = new Map<unknown, unknown>();
    ctx.bindRef(map);
    if (size === 0) return map;
    ctx.checkCollectionSize(size, at, 1);
    ctx.enterContainer();
    let count = 0;
    while (count < size) {
      const headerAt = r.pos;
      const header = r.readUint8();
      if (header & MapFlag.RESERVED_MASK) {
        throw new InvalidDataError(`Reserved bits set in map chunk header 0x${header.toString(16)}`, headerAt);
      }
      if (header & NULL_SIDE) {
        const k = header & MapFlag.KEY_HAS_NULL ? null : this.readSide(ctx, header, MapFlag.KEY_TRACK_REF, MapFlag.KEY_DECL_TYPE, this.key);
        const v = header & MapFlag.VALUE_HAS_NULL ? null : this.readSide(ctx, header, MapFlag.VALUE_TRACK_REF, MapFlag.VALUE_DECL_TYPE, this.value);
        map.set(k, v);
        count++;
        continue;
      }
      const sizeAt = r.pos;
      const chunkSize = r.readUint8();
      if (chunkSize === 0 || count + chunkSize > size) {
        throw new InvalidDataError(`Invalid map chunk size ${chunkSize} (${count} of ${size} entries read)`, sizeAt);
      }
      const ks = this.declared(header & MapFlag.KEY_DECL_TYPE, this.key, headerAt) ?? ctx.readTypeInfo();
      const vs = this.declared(header & MapFlag.VALUE_DECL_TYPE, this.value, headerAt) ?? ctx.readTypeInfo();
      const keyTrack = (header & MapFlag.KEY_TRACK_REF) !== 0;
      const valueTrack = (header & MapFlag.VALUE_TRACK_REF) !== 0;
      for (let i = 0; i < chunkSize; i++) {
        const k = keyTrack ? ctx.readRefAs(ks) : ks.read(ctx);
        const v = valueTrack ? ctx.readRefAs(vs) : vs.read(ctx);
        map.set(k, v);
      }
      count += chunkSize;
    }
    ctx.leaveContainer();
    return map;
  }

  private declared(bit: number, declared: Serializer | null, at: number): Serializer | null {
    if (!bit) return null;
    if (declared === null) throw new InvalidDataError('Map chunk claims a declared type, but none is declared here', at);
    return declared;
  }

  /** The non-null side of a null-entry chunk: [ref flag] [type info] payload. */
  private readSide(ctx: ReadContext, header: number, trackBit: number, declBit: number, declared: Serializer | null): unknown {
    const r = ctx.reader;
    let id = -1;
    if (header & trackBit) {
      const at = r.pos;
      const flag = r.readInt8();
      if (flag === RefFlag.REF) return ctx.readBackRef(at);
      if (flag === RefFlag.REF_VALUE) id = ctx.reserveRef(at);
      else if (flag !== RefFlag.NOT_NULL_VALUE) throw new InvalidDataError(`Invalid reference flag ${flag} in map entry`, at);
    }
    const s = this.declared(header & declBit, declared, r.pos) ?? ctx.readTypeInfo();
    const value = s.read(ctx);
    if (id >= 0) ctx.setRef(id, value);
    return value;
  }
}

function* objectEntries(obj: Record<string, unknown>, keys: string[]): Iterator<[unknown, unknown]> {
  for (const key of keys) yield [key, obj[key]];
}
