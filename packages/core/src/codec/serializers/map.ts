/**
 * map. Spec: "map" — `| varuint32 total | chunk… |`, each chunk
 * `| KV header | size (1..255) | [key type] | [value type] | pairs |`; an entry with a null side is a
 * chunk of its own with no size byte.
 */
import { InvalidDataError, UnsupportedValueError } from '../../errors.js';
import { MAP_MAX_CHUNK_SIZE, MapFlag, RefFlag } from '../../meta/flags.js';
import { TypeId } from '../../meta/type-ids.js';
import type { ByteReader } from '../../wire/reader.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import { WriteContext, type MapChunkState } from '../write-context.js';

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
    /** Key / value types declared by the enclosing schema: marked in the chunk header, no type info. */
    readonly keyDeclared = false,
    readonly valueDeclared = false,
  ) {
    this.name = `map<${key?.name ?? 'any'}, ${value?.name ?? 'any'}>`;
  }

  write(ctx: WriteContext, value: unknown): void {
    const w = ctx.writer;
    if (value instanceof Map) {
      w.writeVarUint32(value.size);
      if (value.size === 0) return;
      ctx.enterContainer();
      const chunk = ctx.mapChunkState();
      for (const [k, v] of value) this.writeEntry(ctx, chunk, k, v);
      chunk.close(w);
    } else if (this.acceptObjects && isPlainObject(value)) {
      const keys = Object.keys(value);
      w.writeVarUint32(keys.length);
      if (keys.length === 0) return;
      ctx.enterContainer();
      const chunk = ctx.mapChunkState();
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        this.writeEntry(ctx, chunk, k, value[k]);
      }
      chunk.close(w);
    } else {
      throw new UnsupportedValueError(`${this.name} values must be Maps${this.acceptObjects ? ' or plain objects' : ''}`);
    }
    ctx.leaveContainer();
  }

  /** One entry: extends the open chunk when key and value types match it, else starts a new one. */
  private writeEntry(ctx: WriteContext, chunk: MapChunkState, k: unknown, v: unknown): void {
    const w = ctx.writer;
    try {
      const keyNull = ctx.isNull(k);
      const valueNull = ctx.isNull(v);
      if (keyNull || valueNull) {
        chunk.close(w);
        this.writeNullEntry(ctx, keyNull, valueNull, k, v);
        return;
      }
      const ks = this.key ?? ctx.resolver.serializerFor(k);
      const vs = this.value ?? ctx.resolver.serializerFor(v);
      if (chunk.sizeAt >= 0 && (ks !== chunk.key || vs !== chunk.value || chunk.size === MAP_MAX_CHUNK_SIZE)) {
        chunk.close(w);
      }
      if (chunk.sizeAt < 0) {
        chunk.key = ks;
        chunk.value = vs;
        chunk.keyTrack = ctx.refTracking && ks.trackRef;
        chunk.valueTrack = ctx.refTracking && vs.trackRef;
        w.writeUint8(
          (chunk.keyTrack ? MapFlag.KEY_TRACK_REF : 0) |
            (chunk.valueTrack ? MapFlag.VALUE_TRACK_REF : 0) |
            (this.keyDeclared ? MapFlag.KEY_DECL_TYPE : 0) |
            (this.valueDeclared ? MapFlag.VALUE_DECL_TYPE : 0),
        );
        chunk.sizeAt = w.pos;
        w.writeUint8(0);
        if (!this.keyDeclared) ctx.writeTypeInfo(ks);
        if (!this.valueDeclared) ctx.writeTypeInfo(vs);
        chunk.size = 0;
      }
      if (!chunk.keyTrack || !ctx.writeTrackedFlag(k as object)) ks.write(ctx, k);
      if (!chunk.valueTrack || !ctx.writeTrackedFlag(v as object)) vs.write(ctx, v);
      chunk.size++;
    } catch (err) {
      throw WriteContext.annotate(err, `[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]`);
    }
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
    const declared = keyNull ? this.valueDeclared : this.keyDeclared;
    let header = keyNull ? MapFlag.KEY_HAS_NULL | MapFlag.VALUE_TRACK_REF : MapFlag.VALUE_HAS_NULL | MapFlag.KEY_TRACK_REF;
    if (declared) header |= keyNull ? MapFlag.VALUE_DECL_TYPE : MapFlag.KEY_DECL_TYPE;
    w.writeUint8(header);
    if (ctx.writeAlwaysTrackedFlag(present)) return;
    if (!declared) ctx.writeTypeInfo(s);
    s.write(ctx, present);
  }

  read(ctx: ReadContext): Map<unknown, unknown> {
    const r = ctx.reader;
    const at = r.pos;
    const size = r.readVarUint32();
    // With `maps: 'object'`, string-keyed maps in dynamic positions decode as plain objects (see
    // ObjectBuilder); maps declared by a schema (`Type.map` fields) stay Maps, as their type says.
    const builder = ctx.options.mapsAsObjects && this.acceptObjects ? new ObjectBuilder(ctx) : null;
    const map = builder ? null : new Map<unknown, unknown>();
    const slot = ctx.bindRef(builder ? builder.obj : map);
    if (builder) builder.slot = slot;
    if (size === 0) return (builder ? builder.result() : map) as Map<unknown, unknown>;
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
        if (builder) builder.put(k, v);
        else map!.set(k, v);
        count++;
        continue;
      }
      const chunkSize = readMapChunkSize(r, count, size);
      const ks = this.declared(header & MapFlag.KEY_DECL_TYPE, this.key, headerAt) ?? ctx.readTypeInfo();
      const vs = this.declared(header & MapFlag.VALUE_DECL_TYPE, this.value, headerAt) ?? ctx.readTypeInfo();
      const keyTrack = (header & MapFlag.KEY_TRACK_REF) !== 0;
      const valueTrack = (header & MapFlag.VALUE_TRACK_REF) !== 0;
      for (let i = 0; i < chunkSize; i++) {
        const k = keyTrack ? ctx.readRefAs(ks) : ks.read(ctx);
        const v = valueTrack ? ctx.readRefAs(vs) : vs.read(ctx);
        if (builder) builder.put(k, v);
        else map!.set(k, v);
      }
      count += chunkSize;
    }
    ctx.leaveContainer();
    return (builder ? builder.result() : map) as Map<unknown, unknown>;
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


/**
 * Builds a plain object from map entries while every key is a string; the first other key switches
 * to a Map (re-pointing the ref slot). `__proto__` keys become own properties, never the prototype.
 */
class ObjectBuilder {
  obj: Record<string, unknown> | null = {};
  map: Map<unknown, unknown> | null = null;
  /** The ref id the object is bound to (-1: none). */
  slot = -1;

  constructor(private readonly ctx: ReadContext) {}

  put(k: unknown, v: unknown): void {
    const obj = this.obj;
    if (obj) {
      if (typeof k === 'string') {
        if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k] = v;
        return;
      }
      this.map = new Map<unknown, unknown>(Object.entries(obj));
      this.ctx.rebindRef(this.slot, this.map);
      this.obj = null;
    }
    this.map!.set(k, v);
  }

  result(): unknown {
    return this.obj ?? this.map;
  }
}

/**
 * Reads a map chunk's size byte (spec "map": the byte after a non-null chunk header) and checks it:
 * a chunk holds 1…255 entries and no more than the map's remaining ones.
 */
export function readMapChunkSize(r: ByteReader, count: number, size: number): number {
  const at = r.pos;
  const chunkSize = r.readUint8();
  if (chunkSize === 0 || count + chunkSize > size) {
    throw new InvalidDataError(`Invalid map chunk size ${chunkSize} (${count} of ${size} entries read)`, at);
  }
  return chunkSize;
}
