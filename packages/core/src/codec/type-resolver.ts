/**
 * Type resolution: JavaScript value → serializer (dynamic writes), wire type id → serializer
 * (reads), and TypeSpec → serializer (typed writes). See README "JavaScript ⇄ xlang type mapping".
 */
import { InvalidDataError, UnknownTypeError, UnsupportedValueError } from '../errors.js';
import { TypeId, isUserKind, typeIdName } from '../meta/type-ids.js';
import { TypedValue, type TypeSpec } from '../schema/type.js';
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

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

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

export class TypeResolver {
  private readonly specCache = new WeakMap<TypeSpec, Serializer>();
  private readonly typedCache = new WeakMap<TypeSpec, Serializer>();

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
    if (isUserKind(typeId)) {
      throw new UnknownTypeError(`Type not registered: ${typeIdName(typeId)} values need a registered schema`, at, typeId, undefined, 'TYPE_NOT_REGISTERED');
    }
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

  /** The serializer for a type description (typed writes). */
  serializerForSpec(spec: TypeSpec): Serializer | null {
    if (spec.kind === 'any') return null;
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
