/**
 * Type resolution: JavaScript value → serializer (dynamic writes), wire type id → serializer
 * (reads), and TypeSpec → serializer (typed writes). See README "JavaScript ⇄ xlang type mapping".
 */
import { InvalidDataError, LimitExceededError, TypeMismatchError, UnknownTypeError, UnsupportedValueError } from '../errors.js';
import { TypeId, isUserKind, typeIdName } from '../meta/type-ids.js';
import { TypedValue, type TypeSpec } from '../schema/type.js';
import { MAX_INT64, MAX_UINT64, MIN_INT64 } from '../wire/ranges.js';
import { MAX_CACHED_TYPEDEF_FIELDS, MAX_CACHED_TYPEDEFS, MAX_NAME_IN_MESSAGE } from '../limits.js';
import { encodeMetaString, type EncodedMetaString } from '../meta/meta-string.js';
import { readTypeDefFrame, decodeTypeDef, type TypeDef } from '../meta/type-def.js';
import type { EnumSpec, ExtSpec, RefSpec, StructSpec, UnionSpec } from '../schema/user-types.js';
import {
  EnumSerializer,
  ExtTypeSerializer,
  NAMESPACE_CONTEXT,
  StructSerializer,
  TYPE_NAME_CONTEXT,
  UnionSerializer,
  UserTypeSerializer,
  nameKey,
  type UserTypeHost,
} from './user-types.js';
import { BFloat16Array, BoolArray, Float16Array } from '../values/arrays.js';
import { Decimal } from '../values/decimal.js';
import { Duration, LocalDate, Timestamp } from '../values/temporal.js';
import type { ReadContext } from './read-context.js';
import type { Serializer } from './serializer.js';
import * as bytes from './serializers/bytes.js';
import { CollectionSerializer } from './serializers/collections.js';
import { MapSerializer } from './serializers/map.js';
import * as scalars from './serializers/scalars.js';
import * as temporal from './serializers/temporal.js';


export const dynamicList = new CollectionSerializer(TypeId.LIST, null);
export const dynamicSet = new CollectionSerializer(TypeId.SET, null);
export const dynamicMap = new MapSerializer(null, null, true);

/** The serializer a wire type id denotes when read in a dynamic position. */
const BY_TYPE_ID: Array<Serializer | undefined> = [];
for (const s of [
  scalars.boolSerializer,
  scalars.int8Serializer,
  scalars.int16Serializer,
  scalars.fixedInt32Serializer,
  scalars.varInt32Serializer,
  scalars.fixedInt64Serializer,
  scalars.varInt64Serializer,
  scalars.taggedInt64Serializer,
  scalars.uint8Serializer,
  scalars.uint16Serializer,
  scalars.fixedUint32Serializer,
  scalars.varUint32Serializer,
  scalars.fixedUint64Serializer,
  scalars.varUint64Serializer,
  scalars.taggedUint64Serializer,
  scalars.float16Serializer,
  scalars.bfloat16Serializer,
  scalars.float32Serializer,
  scalars.float64Serializer,
  scalars.noneSerializer,
  bytes.stringSerializer,
  bytes.binarySerializer,
  bytes.boolArraySerializer,
  bytes.int8ArraySerializer,
  bytes.int16ArraySerializer,
  bytes.int32ArraySerializer,
  bytes.int64ArraySerializer,
  bytes.uint8ArraySerializer,
  bytes.uint16ArraySerializer,
  bytes.uint32ArraySerializer,
  bytes.uint64ArraySerializer,
  bytes.float16ArraySerializer,
  bytes.bfloat16ArraySerializer,
  bytes.float32ArraySerializer,
  bytes.float64ArraySerializer,
  temporal.durationSerializer,
  temporal.timestampSerializer,
  temporal.dateSerializer,
  temporal.decimalSerializer,
  dynamicList,
  dynamicSet,
  dynamicMap,
] as Serializer[]) {
  BY_TYPE_ID[s.typeId] = s;
}

/** Exact-constructor lookup for object values (the common case); subclasses fall back to instanceof. */
const BY_CONSTRUCTOR = new Map<unknown, Serializer>([
  [Array, dynamicList],
  [Map, dynamicMap],
  [Set, dynamicSet],
  [Object, dynamicMap],
  [Date, temporal.timestampSerializer as Serializer],
  [Timestamp, temporal.timestampSerializer as Serializer],
  [LocalDate, temporal.dateSerializer as Serializer],
  [Duration, temporal.durationSerializer as Serializer],
  [Decimal, temporal.decimalSerializer as Serializer],
  [Uint8Array, bytes.binarySerializer as Serializer],
  [Int8Array, bytes.int8ArraySerializer as Serializer],
  [Int16Array, bytes.int16ArraySerializer as Serializer],
  [Int32Array, bytes.int32ArraySerializer as Serializer],
  [BigInt64Array, bytes.int64ArraySerializer as Serializer],
  [Uint8ClampedArray, bytes.uint8ArraySerializer as Serializer],
  [Uint16Array, bytes.uint16ArraySerializer as Serializer],
  [Uint32Array, bytes.uint32ArraySerializer as Serializer],
  [BigUint64Array, bytes.uint64ArraySerializer as Serializer],
  [Float32Array, bytes.float32ArraySerializer as Serializer],
  [Float64Array, bytes.float64ArraySerializer as Serializer],
  [BoolArray, bytes.boolArraySerializer as Serializer],
  [Float16Array, bytes.float16ArraySerializer as Serializer],
  [BFloat16Array, bytes.bfloat16ArraySerializer as Serializer],
]);

export interface ResolverOptions {
  readonly compatible: boolean;
  readonly refTracking: boolean;
  readonly codegen: boolean;
}


export class TypeResolver implements UserTypeHost {
  private readonly specCache = new WeakMap<TypeSpec, Serializer>();
  private readonly typedCache = new WeakMap<TypeSpec, Serializer>();
  readonly compatible: boolean;
  readonly refTracking: boolean;
  readonly codegen: boolean;
  private readonly byUserId = new Map<number, UserTypeSerializer>();
  private readonly byName = new Map<string, UserTypeSerializer>();
  private readonly byClass = new Map<unknown, UserTypeSerializer>();
  private readonly bySpec = new Map<TypeSpec, UserTypeSerializer>();
  private readonly metaStringCache = new Map<string, EncodedMetaString>();
  /** Remote TypeDef header → its encoded bytes and reader serializer. */
  private readonly typeDefReaders = new Map<bigint, { readonly bytes: Uint8Array; readonly reader: Serializer }>();
  /** Fields of all cached remote TypeDefs (bounded by MAX_CACHED_TYPEDEF_FIELDS). */
  private cachedTypeDefFields = 0;

  constructor(options: ResolverOptions = { compatible: true, refTracking: false, codegen: true }) {
    this.compatible = options.compatible;
    this.refTracking = options.refTracking;
    this.codegen = options.codegen;
  }

  /** Register a user type (struct, enum, union, ext) so it can be written and read. */
  register(spec: StructSpec | EnumSpec | UnionSpec | ExtSpec): UserTypeSerializer {
    const existing = this.bySpec.get(spec);
    if (existing) return existing;
    let s: UserTypeSerializer;
    switch (spec.kind) {
      case 'struct':
        s = new StructSerializer(spec, this);
        break;
      case 'enum':
        s = new EnumSerializer(spec, this);
        break;
      case 'ext':
        s = new ExtTypeSerializer(spec, this);
        break;
      case 'union':
        s = new UnionSerializer(spec, this);
        break;
      default:
        throw new TypeError(`Only user types (struct, enum, union, ext) can be registered, got ${(spec as TypeSpec).kind}`);
    }
    const id = s.identity;
    if (spec.kind === 'union' && !spec.identity) {
      // An anonymous union is not looked up by id or name.
    } else if (id.id !== undefined) {
      const clash = this.byUserId.get(id.id);
      if (clash) throw new RangeError(`Type id ${id.id} is already registered for ${clash.name}`);
      this.byUserId.set(id.id, s);
    } else {
      const key = nameKey(id.namespace, id.typeName);
      const clash = this.byName.get(key);
      if (clash) throw new RangeError(`Type name ${id.display} is already registered`);
      this.byName.set(key, s);
    }
    if (spec.kind === 'struct') this.byClass.set(spec.class ?? (s as StructSerializer).shape, s);
    this.bySpec.set(spec, s);
    return s;
  }

  /** Canonical meta string per text and role, so equal strings dedup within a payload. */
  metaString(text: string, context: 'namespace' | 'typeName'): EncodedMetaString {
    const key = `${context}\u0000${text}`;
    let m = this.metaStringCache.get(key);
    if (!m) {
      m = encodeMetaString(text, context === 'namespace' ? NAMESPACE_CONTEXT : TYPE_NAME_CONTEXT);
      this.metaStringCache.set(key, m);
    }
    return m;
  }

  resolveRef(spec: RefSpec): TypeSpec {
    const t = spec.target;
    if (typeof t === 'function') return t();
    const found = typeof t === 'number' ? this.byUserId.get(t) : this.lookupName(t);
    if (!found) throw new UnknownTypeError(`Type not registered: ${String(t)} (referenced by Type.ref)`, undefined, typeof t === 'number' ? t : undefined, typeof t === 'string' ? t : undefined, 'TYPE_NOT_REGISTERED');
    return (found as unknown as { spec: TypeSpec }).spec;
  }

  private lookupName(dotted: string): UserTypeSerializer | undefined {
    const dot = dotted.lastIndexOf('.');
    return this.byName.get(nameKey(dot >= 0 ? dotted.slice(0, dot) : '', dot >= 0 ? dotted.slice(dot + 1) : dotted));
  }

  /** The built-in serializer for an internal type id. */
  builtin(typeId: number): Serializer | undefined {
    return BY_TYPE_ID[typeId];
  }

  /** The serializer for a non-null value in a dynamic position. */
  serializerFor(value: unknown): Serializer {
    switch (typeof value) {
      case 'string':
        return bytes.stringSerializer as Serializer;
      case 'number':
        // Integral numbers are int64 (what pyfory and Java write for Python int / Java long);
        // -0 stays float64 so its sign survives.
        return Number.isSafeInteger(value) && !Object.is(value, -0)
          ? (scalars.varInt64Serializer as Serializer)
          : (scalars.float64Serializer as Serializer);
      case 'boolean':
        return scalars.boolSerializer as Serializer;
      case 'undefined':
        // Only reached with `undefined: 'preserve'` (otherwise undefined is written as null).
        return scalars.noneSerializer as Serializer;
      case 'bigint':
        if (value >= MIN_INT64 && value <= MAX_INT64) return scalars.varInt64Serializer as Serializer;
        if (value > MAX_INT64 && value <= MAX_UINT64) return scalars.varUint64Serializer as Serializer;
        throw new UnsupportedValueError(`bigint ${value}n is outside the int64/uint64 range`);
      case 'object': {
        const obj = value as object;
        const proto = Object.getPrototypeOf(obj);
        if (proto === null) return dynamicMap;
        const byCtor = BY_CONSTRUCTOR.get(proto.constructor);
        if (byCtor) return byCtor;
        if (obj instanceof TypedValue) return this.typedSerializer(obj.type);
        const registered = this.byClass.get(proto.constructor);
        if (registered) return registered;
        return this.serializerForSubclass(obj);
      }
      default:
        throw new UnsupportedValueError(`Cannot serialize a ${typeof value}`);
    }
  }

  private serializerForSubclass(obj: object): Serializer {
    // Node's Buffer and other subclasses of the built-in carriers.
    if (obj instanceof Uint8Array) return bytes.binarySerializer as Serializer;
    for (const [ctor, serializer] of BY_CONSTRUCTOR) {
      if (ctor !== Object && obj instanceof (ctor as abstract new () => unknown)) return serializer;
    }
    const name = obj.constructor?.name ?? 'object';
    throw new UnsupportedValueError(`Cannot serialize an instance of ${name}: it is not a registered type`);
  }

  /** Read type meta (spec "Type Meta") and return the serializer for the payload that follows. */
  readTypeInfo(ctx: ReadContext): Serializer {
    const r = ctx.reader;
    const at = r.pos;
    const typeId = r.readVarUint32();
    const s = BY_TYPE_ID[typeId];
    if (s !== undefined) return s;
    if (isUserKind(typeId)) return this.readUserTypeInfo(ctx, typeId, at);
    if (typeId === TypeId.UNKNOWN) throw new InvalidDataError('Type id 0 (UNKNOWN) is not valid on the wire', at);
    throw new UnknownTypeError(`Unknown or unsupported type id ${typeId} (${typeIdName(typeId)})`, at, typeId);
  }

  /** Serializer for `typed(spec, value)` wrappers: writes the wrapped value with the spec's serializer. */
  private typedSerializer(spec: TypeSpec): Serializer {
    let s = this.typedCache.get(spec);
    if (s) return s;
    const inner = this.serializerForSpec(spec);
    if (!inner) {
      s = {
        typeId: TypeId.UNKNOWN,
        name: 'any',
        trackRef: false,
        write: () => {
          throw new UnsupportedValueError('typed(Type.any(), …) has no fixed type; pass the plain value');
        },
        read: () => null,
      };
    } else {
      const write = (ctx: Parameters<Serializer['write']>[0], v: unknown) => inner.write(ctx, (v as TypedValue).value);
      s = inner.writeTypeInfo
        ? { typeId: inner.typeId, name: inner.name, trackRef: inner.trackRef, write, read: (ctx) => inner.read(ctx), writeTypeInfo: (ctx) => inner.writeTypeInfo!(ctx) }
        : { typeId: inner.typeId, name: inner.name, trackRef: inner.trackRef, write, read: (ctx) => inner.read(ctx) };
    }
    this.typedCache.set(spec, s);
    return s;
  }

  private modeError(typeId: number, mode: string, at: number): TypeMismatchError {
    return new TypeMismatchError(
      `${typeIdName(typeId)} was written in ${mode} mode, but this Fory is ${this.compatible ? 'compatible' : 'schema-consistent'} (compatible: ${this.compatible}); writer and reader must agree`,
      at,
    );
  }

  private readUserTypeInfo(ctx: ReadContext, typeId: number, at: number): Serializer {
    const r = ctx.reader;
    switch (typeId) {
      case TypeId.COMPATIBLE_STRUCT:
      case TypeId.NAMED_COMPATIBLE_STRUCT:
        if (!this.compatible) throw this.modeError(typeId, 'compatible', at);
        return this.readSharedTypeDef(ctx, typeId, at);
      case TypeId.UNION:
        throw new UnknownTypeError('An anonymous UNION value needs a declared union type to be read', at, typeId);
    }
    let found: UserTypeSerializer | undefined;
    let ns = '';
    let name = '';
    let id = 0;
    const byName = typeId === TypeId.NAMED_ENUM || typeId === TypeId.NAMED_STRUCT || typeId === TypeId.NAMED_EXT || typeId === TypeId.NAMED_UNION;
    if (byName) {
      if (this.compatible && typeId !== TypeId.NAMED_STRUCT) return this.readSharedTypeDef(ctx, typeId, at);
      ns = ctx.metaStrings.read(r, NAMESPACE_CONTEXT, ctx.limits);
      name = ctx.metaStrings.read(r, TYPE_NAME_CONTEXT, ctx.limits);
      found = this.byName.get(nameKey(ns, name));
    } else {
      id = r.readVarUint32();
      found = this.byUserId.get(id);
      // The common case, with no label string built: registered, same kind, right mode.
      if (found !== undefined && found.typeId === typeId && !(this.compatible && typeId === TypeId.STRUCT)) return found;
    }
    const label = byName ? remoteTypeLabel(ns, name) : `id ${id}`;
    if (!found) throw new UnknownTypeError(`Type not registered: ${typeIdName(typeId)} ${label}`, at, typeId, label, 'TYPE_NOT_REGISTERED');
    if ((typeId === TypeId.STRUCT || typeId === TypeId.NAMED_STRUCT) && this.compatible) throw this.modeError(typeId, 'schema-consistent', at);
    if (!sameKind(found.typeId, typeId)) {
      throw new TypeMismatchError(`Type mismatch: ${label} is registered as ${typeIdName(found.typeId)} but the payload has ${typeIdName(typeId)}`, at);
    }
    return found;
  }

  /** Shared TypeDef marker and (first time in a payload) the TypeDef itself. */
  private readSharedTypeDef(ctx: ReadContext, typeId: number, at: number): Serializer {
    const r = ctx.reader;
    const markerAt = r.pos;
    const marker = r.readVarUint32();
    const index = marker >>> 1;
    if (marker & 1) {
      const s = index < ctx.typeDefCount ? ctx.typeDefs[index] : undefined;
      if (!s) throw new InvalidDataError(`Reference to TypeDef #${index}, which this payload has not defined`, markerAt);
      return s;
    }
    if (index !== ctx.typeDefCount) throw new InvalidDataError(`TypeDef #${index} out of sequence (expected #${ctx.typeDefCount})`, markerAt);
    if (index >= ctx.limits.maxTypeDefs) throw new LimitExceededError('maxTypeDefs', index + 1, ctx.limits.maxTypeDefs, markerAt);
    const frame = readTypeDefFrame(r, ctx.limits);
    const cached = this.typeDefReaders.get(frame.header);
    let s: Serializer;
    // A cache hit needs the same bytes, not only the same 52-bit hash header: a payload cannot get
    // an unverified body past the cache, nor (with a crafted MurmurHash3 collision) plant its own
    // reader under a legitimate TypeDef's header for later payloads to use.
    if (cached !== undefined && sameBytes(cached.bytes, r.buf, frame.start, frame.bodyEnd)) {
      s = cached.reader;
    } else {
      const def = decodeTypeDef(r, frame, ctx.limits);
      s = this.readerForTypeDef(def, typeId, at);
      const fields = def.fields.length;
      if (cached === undefined && this.typeDefReaders.size < MAX_CACHED_TYPEDEFS && this.cachedTypeDefFields + fields <= MAX_CACHED_TYPEDEF_FIELDS) {
        this.typeDefReaders.set(frame.header, { bytes: def.bytes, reader: s });
        this.cachedTypeDefFields += fields;
      }
    }
    ctx.typeDefs[ctx.typeDefCount++] = s;
    return s;
  }

  private readerForTypeDef(def: TypeDef, typeId: number, at: number): Serializer {
    const label = def.byName ? remoteTypeLabel(def.namespace, def.typeName) : `id ${def.userTypeId}`;
    const found = def.byName ? this.byName.get(nameKey(def.namespace, def.typeName)) : this.byUserId.get(def.userTypeId!);
    if (!found) throw new UnknownTypeError(`Type not registered: ${typeIdName(typeId)} ${label}`, at, typeId, label, 'TYPE_NOT_REGISTERED');
    if (found instanceof StructSerializer) {
      if (!def.isStruct) throw new TypeMismatchError(`Type mismatch: ${label} is a struct here but the payload's TypeDef is not`, at);
      return found.readerFor(def);
    }
    if (def.isStruct) throw new TypeMismatchError(`Type mismatch: ${label} is registered as ${typeIdName(found.typeId)} but the payload sends a struct`, at);
    return found;
  }

  /** The serializer for a type description (typed writes). */
  serializerForSpec(spec: TypeSpec): Serializer | null {
    if (spec.kind === 'any') return null;
    if (spec.kind === 'struct' || spec.kind === 'enum' || spec.kind === 'union' || spec.kind === 'ext') {
      const s = this.bySpec.get(spec);
      if (!s) {
        const name = (spec as StructSpec).identity?.display ?? spec.kind;
        throw new UnknownTypeError(`Type not registered: ${name} (call fory.register first)`, undefined, undefined, name, 'TYPE_NOT_REGISTERED');
      }
      return s;
    }
    if (spec.kind === 'ref') return this.serializerForSpec(this.resolveRef(spec as RefSpec));
    if (spec.kind === 'nullable' || spec.kind === 'field') return this.serializerForSpec((spec as unknown as { inner: TypeSpec }).inner);
    let s = this.specCache.get(spec);
    if (s) return s;
    switch (spec.typeId) {
      case TypeId.LIST:
      case TypeId.SET:
        s = new CollectionSerializer(spec.typeId, this.serializerForSpec(spec.element!));
        break;
      case TypeId.MAP:
        s = new MapSerializer(this.serializerForSpec(spec.key!), this.serializerForSpec(spec.value!));
        break;
      default:
        s = BY_TYPE_ID[spec.typeId];
        if (!s) throw new UnsupportedValueError(`No serializer for type ${spec.kind}`);
    }
    this.specCache.set(spec, s);
    return s;
  }
}

/** Whether `buf[start, end)` holds exactly `bytes`. */
function sameBytes(bytes: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (end - start !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== buf[start + i]) return false;
  return true;
}

/**
 * A type name read from a payload, for messages: cut to MAX_NAME_IN_MESSAGE characters, so a hostile
 * payload cannot make every error (and every log line and 400 body quoting it) megabytes long.
 */
function remoteTypeLabel(namespace: string, typeName: string): string {
  const full = namespace ? `${namespace}.${typeName}` : typeName;
  return full.length <= MAX_NAME_IN_MESSAGE ? full : `${full.slice(0, MAX_NAME_IN_MESSAGE)}… (${full.length} characters)`;
}

/** Same user kind, allowing the compatible/schema-consistent variants of a struct. */
function sameKind(registered: number, wire: number): boolean {
  return structKindOf(registered) === structKindOf(wire);
}

function structKindOf(id: number): number {
  return id === TypeId.COMPATIBLE_STRUCT ? TypeId.STRUCT : id === TypeId.NAMED_COMPATIBLE_STRUCT ? TypeId.NAMED_STRUCT : id;
}
