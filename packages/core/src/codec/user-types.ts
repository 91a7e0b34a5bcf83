/**
 * Serializers for registered user types: struct, enum, ext, union.
 * Wire layout per spec "struct"/"enum"/"Union" as the runtimes write it (peers/struct-findings.md):
 *  - same-schema (compatible: false): STRUCT + user id / NAMED_STRUCT + meta strings; value = int32
 *    schema hash + fields in Fory order.
 *  - compatible: COMPATIBLE_STRUCT / NAMED_COMPATIBLE_STRUCT + shared TypeDef; value = fields.
 *  - fields carry a flag only when nullable (NULL/NOT_NULL) or ref-tracked (ref flags).
 */
import { ForyError, InvalidDataError, LimitExceededError, TruncatedError, TypeMismatchError, UnknownTypeError, UnsupportedValueError } from '../errors.js';
import { RefFlag } from '../meta/flags.js';
import { NAMESPACE_CONTEXT, TYPE_NAME_CONTEXT, type EncodedMetaString } from '../meta/meta-string.js';
import { encodeTypeDef, TypeDefKind, type FieldType, type TypeDef, type TypeDefField } from '../meta/type-def.js';
import { TypeId, typeIdName } from '../meta/type-ids.js';
import { sortFields, toSnakeCase } from '../schema/field-order.js';
import { structHash } from '../schema/schema-hash.js';
import type { TypeSpec } from '../schema/type.js';
import type {
  EnumSpec,
  ExtReader,
  ExtSpec,
  ExtWriter,
  FieldSpec,
  NullableSpec,
  RefSpec,
  ResolvedIdentity,
  StructSpec,
  UnionSpec,
  UnionValue,
} from '../schema/user-types.js';
import type { ReadContext } from './read-context.js';
import type { ByteReader } from '../wire/reader.js';
import type { Serializer } from './serializer.js';
import { readString } from './serializers/bytes.js';
import { CollectionSerializer } from './serializers/collections.js';
import { MapSerializer } from './serializers/map.js';
import { toInt64, toSmallInt } from './serializers/scalars.js';
import { WriteContext } from './write-context.js';

/** What user-type serializers need from the resolver that owns them. */
export interface UserTypeHost {
  readonly compatible: boolean;
  readonly refTracking: boolean;
  readonly codegen: boolean;
  /** Serializer for a (non-modifier) spec; null for `any`. */
  serializerForSpec(spec: TypeSpec): Serializer | null;
  /** Resolve a `Type.ref` target to its registered spec. */
  resolveRef(spec: RefSpec): TypeSpec;
  /** Canonical encoded meta string (so equal strings dedup within a payload). */
  metaString(text: string, context: 'namespace' | 'typeName'): EncodedMetaString;
  /** The built-in serializer for an internal type id (skipping unknown remote fields). */
  builtin(typeId: number): Serializer | undefined;
}

/** Serializers of named/numbered user types write their own type meta. */
export abstract class UserTypeSerializer implements Serializer {
  abstract readonly typeId: number;
  abstract readonly name: string;
  abstract readonly trackRef: boolean;
  abstract readonly identity: ResolvedIdentity;
  abstract write(ctx: WriteContext, value: unknown): void;
  abstract read(ctx: ReadContext): unknown;
  /** TypeDef kind code for named non-struct kinds (they get a TypeDef in compatible mode). */
  protected readonly namedTypeDefKind: number | undefined = undefined;
  private namedTypeDef: Uint8Array | null | undefined;

  /** TypeDef for named non-struct kinds and all structs in compatible mode. */
  protected typeDefBytes(): Uint8Array | null {
    if (this.namedTypeDef === undefined) {
      const id = this.identity;
      this.namedTypeDef =
        this.host.compatible && this.namedTypeDefKind !== undefined && id.id === undefined && this.typeId !== TypeId.UNION
          ? encodeTypeDef({ isStruct: false, kind: this.namedTypeDefKind, byName: true, namespace: id.namespace, typeName: id.typeName, userTypeId: undefined, fields: [] }).bytes
          : null;
    }
    return this.namedTypeDef;
  }
  private nsMeta: EncodedMetaString | undefined;
  private nameMeta: EncodedMetaString | undefined;

  constructor(protected readonly host: UserTypeHost) {}

  writeTypeInfo(ctx: WriteContext): void {
    const w = ctx.writer;
    w.writeVarUint32(this.typeId);
    const def = this.typeDefBytes();
    if (def) {
      ctx.writeTypeDef(this, def);
    } else if (this.identity.id !== undefined) {
      w.writeVarUint32(this.identity.id);
    } else {
      this.nsMeta ??= this.host.metaString(this.identity.namespace, 'namespace');
      this.nameMeta ??= this.host.metaString(this.identity.typeName, 'typeName');
      ctx.metaStrings.write(w, this.nsMeta);
      ctx.metaStrings.write(w, this.nameMeta);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fields

/** Codegen hints: fields whose payload the generated code writes/reads inline. */
const enum Inline {
  NONE,
  BOOL,
  VARINT32,
  VARINT64,
  FLOAT64,
  STRING,
}

interface FieldCodec {
  /** TypeDef/hash description (ref bit filled in by the field). */
  readonly type: Omit<FieldType, 'ref' | 'nullable'>;
  readonly inline: Inline;
  write(ctx: WriteContext, value: unknown): void;
  read(ctx: ReadContext): unknown;
  defaultValue(): unknown;
  /**
   * The serializer `write`/`read` pass straight through to, when they do: generated code calls it
   * from its own call site (monomorphic per field) instead of through the shared wrapper closure,
   * whose one call site sees every serializer.
   */
  readonly direct?: Serializer;
}

export interface StructField {
  /** JavaScript property name. */
  readonly prop: string;
  /** snake_case name on the wire. */
  readonly wireName: string;
  readonly tagId: number | undefined;
  readonly nullable: boolean;
  /** Reference-tracked: declared `ref` and the Fory has `ref: true`. */
  readonly ref: boolean;
  readonly type: FieldType;
  readonly codec: FieldCodec;
  /** The declared spec, modifiers stripped (for tools describing the schema). */
  readonly spec: TypeSpec;
}

export interface Unwrapped {
  spec: TypeSpec;
  nullable: boolean;
  ref: boolean;
  tagId: number | undefined;
}

/** Strip field/nullable/ref modifiers off a spec (exported for the schema layouts of tools). */
export function unwrap(spec: TypeSpec, host: UserTypeHost): Unwrapped {
  let nullable = false;
  let ref = false;
  let tagId: number | undefined;
  for (;;) {
    if (spec.kind === 'field') {
      const f = spec as FieldSpec;
      if (f.options.nullable) nullable = true;
      if (f.options.ref) ref = true;
      if (f.options.id !== undefined) tagId = f.options.id;
      spec = f.inner;
    } else if (spec.kind === 'nullable') {
      nullable = true;
      spec = (spec as NullableSpec).inner;
    } else if (spec.kind === 'ref') {
      spec = host.resolveRef(spec as RefSpec);
    } else {
      return { spec, nullable, ref, tagId };
    }
  }
}

function isStructLike(s: Serializer | null): boolean {
  return s instanceof StructSerializer || s instanceof ExtTypeSerializer;
}

/** The TypeDef type id of a field's declared type (structs/ext always as their compatible/by-id kinds). */
function fieldTypeId(spec: TypeSpec, s: Serializer | null): number {
  if (s === null) return TypeId.UNKNOWN;
  if (s instanceof StructSerializer) return s.identity.id !== undefined ? TypeId.COMPATIBLE_STRUCT : TypeId.NAMED_COMPATIBLE_STRUCT;
  if (s instanceof ExtTypeSerializer) return s.identity.id !== undefined ? TypeId.EXT : TypeId.NAMED_EXT;
  if (s instanceof EnumSerializer) return TypeId.ENUM;
  if (s instanceof UnionSerializer) return TypeId.UNION;
  return spec.typeId;
}

/** Nested (element/key/value) types: Java marks them nullable; the bit is informational for readers. */
function nestedType(spec: TypeSpec, host: UserTypeHost): FieldType {
  const u = unwrap(spec, host);
  const s = host.serializerForSpec(u.spec);
  const base = { typeId: fieldTypeId(u.spec, s), nullable: true, ref: false };
  if (u.spec.kind === 'list' || u.spec.kind === 'set') return { ...base, element: nestedType(u.spec.element!, host) };
  if (u.spec.kind === 'map') return { ...base, key: nestedType(u.spec.key!, host), value: nestedType(u.spec.value!, host) };
  return base;
}

function missing(what: string): never {
  throw new UnsupportedValueError(`${what} is required (the field is not nullable)`);
}

/** Build the payload codec of a field's declared type. */
function fieldCodec(spec: TypeSpec, host: UserTypeHost): FieldCodec {
  const s = host.serializerForSpec(spec);
  const typeId = fieldTypeId(spec, s);
  // Dynamic (`any`): full type info, then the payload.
  if (s === null) {
    return {
      type: { typeId },
      inline: Inline.NONE,
      write: (ctx, v) => ctx.writeNonRef(ctx.resolver.serializerFor(v), v),
      read: (ctx) => ctx.readNonRef(),
      defaultValue: () => null,
    };
  }
  if (spec.kind === 'list' || spec.kind === 'set') {
    const elem = unwrap(spec.element!, host);
    const es = host.serializerForSpec(elem.spec);
    // Struct/ext elements are declared only in same-schema mode (peers/struct-findings.md §6.6).
    const declared = es !== null && !(es instanceof UnionSerializer) && !(isStructLike(es) && host.compatible);
    const c = new CollectionSerializer(spec.typeId as 22 | 23, es, declared);
    return {
      type: { typeId, element: nestedType(spec.element!, host) },
      inline: Inline.NONE,
      write: (ctx, v) => c.write(ctx, v),
      read: (ctx) => c.read(ctx),
      defaultValue: () => (spec.kind === 'list' ? [] : new Set()),
    };
  }
  if (spec.kind === 'map') {
    const ks = host.serializerForSpec(unwrap(spec.key!, host).spec);
    const vs = host.serializerForSpec(unwrap(spec.value!, host).spec);
    const declared = (x: Serializer | null) => x !== null && !(x instanceof UnionSerializer) && !isStructLike(x);
    const m = new MapSerializer(ks, vs, false, declared(ks), declared(vs));
    return {
      type: { typeId, key: nestedType(spec.key!, host), value: nestedType(spec.value!, host) },
      inline: Inline.NONE,
      write: (ctx, v) => m.write(ctx, v),
      read: (ctx) => m.read(ctx),
      defaultValue: () => new Map(),
    };
  }
  if (isStructLike(s)) {
    if (host.compatible) {
      return {
        type: { typeId },
        inline: Inline.NONE,
        write: (ctx, v) => ctx.writeNonRef(s, v),
        read: (ctx) => {
          const at = ctx.reader.pos;
          const actual = ctx.readTypeInfo();
          if (actual !== s && !(actual instanceof CompatibleStructReader && actual.local === s)) {
            throw new TypeMismatchError(`Type mismatch: expected ${s.name}, found ${actual.name}`, at);
          }
          return actual.read(ctx);
        },
        defaultValue: () => null,
      };
    }
    return { type: { typeId }, inline: Inline.NONE, write: (ctx, v) => s.write(ctx, v), read: (ctx) => s.read(ctx), defaultValue: () => null, direct: s };
  }
  const inline =
    spec.typeId === TypeId.BOOL
      ? Inline.BOOL
      : spec.typeId === TypeId.VARINT32
        ? Inline.VARINT32
        : spec.typeId === TypeId.VARINT64
          ? Inline.VARINT64
          : spec.typeId === TypeId.FLOAT64
            ? Inline.FLOAT64
            : spec.typeId === TypeId.STRING
              ? Inline.STRING
              : Inline.NONE;
  return { type: { typeId }, inline, write: (ctx, v) => s.write(ctx, v), read: (ctx) => s.read(ctx), defaultValue: () => defaultFor(spec), direct: s };
}

function defaultFor(spec: TypeSpec): unknown {
  switch (spec.typeId) {
    case TypeId.BOOL:
      return false;
    case TypeId.INT8:
    case TypeId.INT16:
    case TypeId.INT32:
    case TypeId.VARINT32:
    case TypeId.INT64:
    case TypeId.VARINT64:
    case TypeId.TAGGED_INT64:
    case TypeId.UINT8:
    case TypeId.UINT16:
    case TypeId.UINT32:
    case TypeId.VAR_UINT32:
    case TypeId.UINT64:
    case TypeId.VAR_UINT64:
    case TypeId.TAGGED_UINT64:
    case TypeId.FLOAT16:
    case TypeId.BFLOAT16:
    case TypeId.FLOAT32:
    case TypeId.FLOAT64:
      return 0;
    case TypeId.STRING:
      return '';
    default:
      return null;
  }
}

/** Write one field: its flag (if nullable or ref-tracked), then its payload. */
function writeField(ctx: WriteContext, f: StructField, v: unknown): void {
  if (v === null || v === undefined) {
    if (!f.nullable && !f.ref) missing(`Field ${f.prop}`);
    ctx.writer.writeInt8(RefFlag.NULL);
    return;
  }
  if (f.ref) {
    if (ctx.writeAlwaysTrackedFlag(v)) return;
  } else if (f.nullable) {
    ctx.writer.writeInt8(RefFlag.NOT_NULL_VALUE);
  }
  f.codec.write(ctx, v);
}

/** Read one field's flag (as `nullable`/`ref` describe the writer's schema) and payload. */
function readField(ctx: ReadContext, codec: FieldCodec, nullable: boolean, ref: boolean): unknown {
  if (!ref && !nullable) return codec.read(ctx);
  const r = ctx.reader;
  const at = r.pos;
  const flag = r.readInt8();
  switch (flag) {
    case RefFlag.NULL:
      return null;
    case RefFlag.NOT_NULL_VALUE:
      return codec.read(ctx);
    case RefFlag.REF:
      if (ref) return ctx.readBackRef(at);
      break;
    case RefFlag.REF_VALUE:
      if (ref) {
        const id = ctx.reserveRef(at);
        const value = codec.read(ctx);
        ctx.setRef(id, value);
        return value;
      }
      break;
  }
  throw new InvalidDataError(`Invalid field flag ${flag}`, at);
}

// ---------------------------------------------------------------------------------------------
// Struct

const SAFE_PROP = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class StructSerializer extends UserTypeSerializer {
  readonly typeId: number;
  readonly name: string;
  readonly trackRef = true;
  readonly identity: ResolvedIdentity;
  private resolved: {
    fields: StructField[];
    byWire: Map<string, StructField>;
    byTag: Map<number, StructField>;
    hash: number;
    typeDef: TypeDef | null;
    writeFields: (ctx: WriteContext, obj: Record<string, unknown>) => void;
    readFields: (ctx: ReadContext, obj: Record<string, unknown>) => void;
    /** Generated code only: the whole read (hash check, object, ref binding, depth, fields). */
    readStruct: ((ctx: ReadContext) => unknown) | null;
  } | null = null;
  /** Which field path produced the last resolution (for tests: both must give identical bytes). */
  generated = false;
  /**
   * Without a bound class, values decode as plain-shaped objects whose prototype (behind a
   * synthetic constructor named after the type) lets dynamic writes recognize them as this struct.
   */
  readonly shape: (new () => Record<string, unknown>) | undefined;

  constructor(
    readonly spec: StructSpec,
    host: UserTypeHost,
  ) {
    super(host);
    this.identity = spec.identity;
    this.name = spec.identity.display;
    const byId = spec.identity.id !== undefined;
    this.typeId = host.compatible
      ? byId
        ? TypeId.COMPATIBLE_STRUCT
        : TypeId.NAMED_COMPATIBLE_STRUCT
      : byId
        ? TypeId.STRUCT
        : TypeId.NAMED_STRUCT;
    if (!spec.class) this.shape = structShape(spec);
  }

  /** Fields are resolved on first use, so forward references to later registrations work. */
  private resolve(): NonNullable<StructSerializer['resolved']> {
    if (this.resolved) return this.resolved;
    const fields: StructField[] = [];
    for (const [prop, raw] of Object.entries(this.spec.fields)) {
      const u = unwrap(raw, this.host);
      const codec = fieldCodec(u.spec, this.host);
      const ref = u.ref && this.host.refTracking;
      const type: FieldType = { ...codec.type, nullable: u.nullable, ref } as FieldType;
      fields.push({ prop, wireName: toSnakeCase(prop), tagId: u.tagId, nullable: u.nullable, ref, type, codec, spec: u.spec });
    }
    const ordered = sortFields(fields.map((f) => ({ ...f, typeId: f.type.typeId }))).map((f) => fields.find((x) => x.prop === f.prop)!);
    const hash = structHash(ordered);
    const typeDef = this.host.compatible
      ? encodeTypeDef({
          isStruct: true,
          byName: this.identity.id === undefined,
          namespace: this.identity.namespace,
          typeName: this.identity.typeName,
          userTypeId: this.identity.id,
          fields: ordered.map((f): TypeDefField => ({ name: f.wireName, tagId: f.tagId, type: f.type })),
        })
      : null;
    const canGenerate = this.host.codegen && ordered.every((f) => f.prop !== '__proto__');
    let writeFields = interpretedWriter(ordered);
    let readFields = interpretedReader(ordered);
    let readStruct: ((ctx: ReadContext) => unknown) | null = null;
    this.generated = false;
    if (canGenerate) {
      const gen = generateFieldCode(ordered, {
        hash: this.host.compatible ? null : hash,
        create: (this.spec.class ?? this.shape!) as new () => Record<string, unknown>,
        hashMismatch: (found: number, at: number) => this.hashMismatch(found, hash, at),
      });
      if (gen) {
        writeFields = gen.write;
        readFields = gen.read;
        readStruct = gen.readStruct;
        this.generated = true;
      }
    }
    this.resolved = {
      fields: ordered,
      byWire: new Map(ordered.filter((f) => f.tagId === undefined).map((f) => [f.wireName, f])),
      byTag: new Map(ordered.filter((f) => f.tagId !== undefined).map((f) => [f.tagId!, f])),
      hash,
      typeDef,
      writeFields,
      readFields,
      readStruct,
    };
    return this.resolved;
  }

  get fields(): readonly StructField[] {
    return this.resolve().fields;
  }

  get typeDef(): TypeDef | null {
    return this.resolve().typeDef;
  }

  protected override typeDefBytes(): Uint8Array | null {
    return this.resolve().typeDef?.bytes ?? null;
  }

  /** A new, empty value of this struct (class instance or plain object). */
  create(): Record<string, unknown> {
    return new (this.spec.class ?? this.shape!)() as Record<string, unknown>;
  }

  write(ctx: WriteContext, value: unknown): void {
    if (value === null || typeof value !== 'object') throw new UnsupportedValueError(`${this.name} values must be objects`);
    const res = this.resolve();
    if (!this.host.compatible) ctx.writer.writeInt32(res.hash);
    ctx.enterContainer();
    res.writeFields(ctx, value as Record<string, unknown>);
    ctx.leaveContainer();
  }

  private hashMismatch(found: number, local: number, at: number): never {
    throw new TypeMismatchError(`Type mismatch: ${this.name} schema hash ${found} does not match local ${local} (the peer's fields differ)`, at);
  }

  read(ctx: ReadContext): unknown {
    const res = this.resolved ?? this.resolve();
    if (res.readStruct !== null) return res.readStruct(ctx);
    if (!this.host.compatible) {
      const at = ctx.reader.pos;
      const hash = ctx.reader.readInt32();
      if (hash !== res.hash) this.hashMismatch(hash, res.hash, at);
    }
    const obj = this.create();
    ctx.bindRef(obj);
    ctx.enterContainer();
    res.readFields(ctx, obj);
    ctx.leaveContainer();
    return obj;
  }

  /** Reader for a remote TypeDef of this type whose fields may differ (schema evolution). */
  readerFor(def: TypeDef): Serializer {
    const res = this.resolve();
    if (res.typeDef && res.typeDef.header === def.header) return this;
    return new CompatibleStructReader(this, def, res.byWire, res.byTag, this.host);
  }
}

function interpretedWriter(fields: StructField[]) {
  return (ctx: WriteContext, obj: Record<string, unknown>) => {
    let f: StructField | undefined;
    try {
      for (f of fields) writeField(ctx, f, obj[f.prop]);
    } catch (e) {
      throw WriteContext.annotate(e, `.${f?.prop}`);
    }
  };
}

function interpretedReader(fields: StructField[]) {
  return (ctx: ReadContext, obj: Record<string, unknown>) => {
    for (const f of fields) {
      const v = readField(ctx, f.codec, f.nullable, f.ref);
      if (f.prop === '__proto__') Object.defineProperty(obj, f.prop, { value: v, enumerable: true, writable: true, configurable: true });
      else obj[f.prop] = v;
    }
  };
}

const SHAPES = new WeakMap<StructSpec, new () => Record<string, unknown>>();

/** The synthetic constructor of a class-less struct's decoded values: one per spec, shared by all Fory instances. */
export function structShape(spec: StructSpec): new () => Record<string, unknown> {
  let shape = SHAPES.get(spec);
  if (!shape) {
    shape = function () {} as unknown as new () => Record<string, unknown>;
    Object.defineProperty(shape, 'name', { value: spec.identity.typeName || `Struct${spec.identity.id}` });
    SHAPES.set(spec, shape);
  }
  return shape;
}

/**
 * Whether `value` is a value of a struct type (decoded as, or constructed from, its class or
 * shape) or a name of an enum type. Other kinds of spec are not checkable this way.
 */
export function isOfType(spec: TypeSpec, value: unknown): boolean {
  if (spec.kind === 'struct') {
    const s = spec as StructSpec;
    return typeof value === 'object' && value !== null && value instanceof (s.class ?? structShape(s));
  }
  if (spec.kind === 'enum') return typeof value === 'string' && (spec as EnumSpec).values.has(value);
  throw new RangeError(`isOfType checks struct and enum types, not ${spec.kind}`);
}

let codegenAvailable: boolean | undefined;

/**
 * Straight-line field code compiled with `new Function` (once per struct). Only local schema
 * property names are embedded, as JSON string literals; nothing from a payload ever is. Returns
 * null where code generation is forbidden (CSP), so the interpreted path is used.
 */
function generateFieldCode(
  fields: StructField[],
  struct: { hash: number | null; create: new () => Record<string, unknown>; hashMismatch: (found: number, at: number) => never },
) {
  if (codegenAvailable === false) return null;
  const prologue: string[] = [];
  const w: string[] = ['const w = ctx.writer; let i = 0, v;', 'try {'];
  const r: string[] = ['const rd = ctx.reader;'];
  const keyOf = (f: StructField) => (SAFE_PROP.test(f.prop) ? `.${f.prop}` : `[${JSON.stringify(f.prop)}]`);
  const inRun = (f: StructField) => !f.nullable && !f.ref && (f.codec.inline === Inline.VARINT32 || f.codec.inline === Inline.BOOL);
  for (let i = 0; i < fields.length; ) {
    // A run of non-null varint32/bool fields: one bounds check, then inline byte code.
    let end = i;
    while (end < fields.length && inRun(fields[end]!)) end++;
    if (end > i) {
      const run = fields.slice(i, end);
      const max = run.reduce((n, f) => n + (f.codec.inline === Inline.VARINT32 ? 5 : 1), 0);
      w.push(`w.ensure(${max}); { const b = w.buf; let p = w.pos;`);
      // Reads check bounds per byte (a compact payload is shorter than the run's worst case).
      const fast: string[] = ['{ const b = rd.buf, e = rd.end; let p = rd.pos, x, s;'];
      run.forEach((f, k) => {
        const idx = i + k;
        const key = keyOf(f);
        w.push(`i = ${idx}; v = obj${key}; if (v == null) H.missing(${idx});`);
        if (f.codec.inline === Inline.VARINT32) {
          w.push(`if (typeof v !== 'number' || (v | 0) !== v) v = H.int32(v);`);
          w.push(`{ let u = ((v << 1) ^ (v >> 31)) >>> 0; while (u > 0x7f) { b[p++] = (u & 0x7f) | 0x80; u >>>= 7; } b[p++] = u; }`);
          const next = '(p < e ? b[p++] : H.truncated(p, e))';
          fast.push(
            `x = ${next}; if (x > 0x7f) { x &= 0x7f; s = ${next}; x |= (s & 0x7f) << 7; if (s > 0x7f) { s = ${next}; x |= (s & 0x7f) << 14;` +
              ` if (s > 0x7f) { s = ${next}; x |= (s & 0x7f) << 21; if (s > 0x7f) { s = ${next}; if (s > 0x0f) H.overlong(p - 5); x |= s << 28; } } } }`,
            `obj${key} = (x >>> 1) ^ -(x & 1);`,
          );
        } else {
          w.push(`if (typeof v !== 'boolean') H.bad(v, ${idx}); b[p++] = v ? 1 : 0;`);
          fast.push(`s = p < e ? b[p++] : H.truncated(p, e); if (s > 1) H.badBool(s, p - 1); obj${key} = s === 1;`);
        }
      });
      w.push('w.pos = p; }');
      fast.push('rd.pos = p; }');
      r.push(...fast);
      i = end;
      continue;
    }
    const f = fields[i]!;
    const key = keyOf(f);
    w.push(`i = ${i}; v = obj${key};`);
    const plain = !f.nullable && !f.ref;
    if (plain && f.codec.inline !== Inline.NONE) w.push(`if (v == null) H.missing(${i});`);
    switch (plain ? f.codec.inline : Inline.NONE) {
      case Inline.VARINT64:
        w.push(`w.writeVarInt64(H.int64(v));`);
        r.push(`obj${key} = H.i64(ctx, rd.readVarInt64());`);
        break;
      case Inline.FLOAT64:
        w.push(`if (typeof v !== 'number') H.bad(v, ${i}); w.writeFloat64(v);`);
        r.push(`obj${key} = rd.readFloat64();`);
        break;
      case Inline.STRING:
        w.push(`if (typeof v !== 'string') H.bad(v, ${i}); w.writeString(v);`);
        r.push(`obj${key} = H.str(ctx);`);
        break;
      default: {
        // A field without a flag writes and reads its payload straight through its serializer (no
        // writeField/readField hop), from a call site of its own.
        const direct = plain ? f.codec.direct : undefined;
        const call = direct ? `S${i}` : `F[${i}].codec`;
        if (direct) prologue.push(`const S${i} = F[${i}].codec.direct;`);
        w.push(plain ? `if (v == null) H.missing(${i}); ${call}.write(ctx, v);` : `H.field(ctx, F[${i}], v);`);
        r.push(plain ? `obj${key} = ${call}.read(ctx);` : `obj${key} = H.read(ctx, F[${i}]);`);
      }
    }
    i++;
  }
  w.push('} catch (e) { throw H.annotate(e, F[i]); }');
  const helpers = {
    bad: (v: unknown, i: number) => {
      throw new UnsupportedValueError(`${describeValue(v)} is not a valid ${typeIdName(fields[i]!.type.typeId).toLowerCase()}`);
    },
    missing: (i: number) => missing(`Field ${fields[i]!.prop}`),
    truncated: (at: number, end: number): never => {
      throw new TruncatedError('struct field', at, 1, end - at);
    },
    overlong: (at: number) => {
      throw new InvalidDataError('Over-long or out-of-range varuint32', at);
    },
    badBool: (b: number, at: number) => {
      throw new InvalidDataError(`Invalid bool byte 0x${b.toString(16)}`, at);
    },
    int32: (v: unknown) => toSmallInt(v, -0x80000000, 0x7fffffff, 'int32'),
    int64: (v: unknown) => toInt64(v),
    i64: (ctx: ReadContext, v: number | bigint) => (ctx.options.int64 === 'bigint' && typeof v === 'number' ? BigInt(v) : v),
    str: readString,
    field: writeField,
    read: (ctx: ReadContext, f: StructField) => readField(ctx, f.codec, f.nullable, f.ref),
    annotate: (e: unknown, f: StructField | undefined) => WriteContext.annotate(e, `.${f?.prop}`),
  };
  try {
    const head = prologue.join('\n');
    const write = new Function('F', 'H', `${head}\nreturn function writeFields(ctx, obj) {\n${w.join('\n')}\n};`)(fields, helpers);
    const read = new Function('F', 'H', `${head}\nreturn function readFields(ctx, obj) {\n${r.join('\n')}\n};`)(fields, helpers);
    // The whole struct read in one function: its `new C()` is monomorphic (one struct type per site),
    // and the hash check, ref binding and depth count need no calls through the serializer.
    const hashCheck =
      struct.hash === null ? '' : `{ const at = rd.pos; const h = rd.readInt32(); if (h !== ${struct.hash | 0}) H.hashMismatch(h, at); }`;
    const readStruct = new Function(
      'F', 'H', 'C',
      `${head}\nreturn function readStruct(ctx) {\nconst rd = ctx.reader;\n${hashCheck}\nconst obj = new C();\nctx.bindRef(obj);\nctx.enterContainer();\n` +
        `${r.slice(1).join('\n')}\nctx.leaveContainer();\nreturn obj;\n};`,
    )(fields, { ...helpers, hashMismatch: struct.hashMismatch }, struct.create);
    codegenAvailable = true;
    return { write, read, readStruct } as {
      write: (ctx: WriteContext, obj: Record<string, unknown>) => void;
      read: (ctx: ReadContext, obj: Record<string, unknown>) => void;
      readStruct: (ctx: ReadContext) => unknown;
    };
  } catch (e) {
    // EvalError under a Content-Security-Policy without 'unsafe-eval'.
    if (e instanceof EvalError || (e as Error)?.name === 'EvalError') {
      codegenAvailable = false;
      return null;
    }
    throw e;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined (missing)';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/** Generic payload reader for a remote field type (unknown fields are read and dropped). */
function remoteCodec(t: FieldType, host: UserTypeHost): FieldCodec {
  const base = { type: t, inline: Inline.NONE, write: () => {}, defaultValue: () => null };
  switch (t.typeId) {
    case TypeId.UNKNOWN:
    case TypeId.STRUCT:
    case TypeId.COMPATIBLE_STRUCT:
    case TypeId.NAMED_STRUCT:
    case TypeId.NAMED_COMPATIBLE_STRUCT:
    case TypeId.EXT:
    case TypeId.NAMED_EXT:
      return { ...base, read: (ctx) => ctx.readNonRef() };
    case TypeId.ENUM:
    case TypeId.NAMED_ENUM:
      return { ...base, read: (ctx) => ctx.reader.readVarUint32() };
    case TypeId.UNION:
    case TypeId.TYPED_UNION:
    case TypeId.NAMED_UNION:
      return {
        ...base,
        read: (ctx) => {
          ctx.reader.readVarUint32();
          return ctx.readRef();
        },
      };
    case TypeId.LIST:
    case TypeId.SET: {
      const c = new CollectionSerializer(t.typeId, asSerializer(remoteCodec(t.element!, host)), true);
      return { ...base, read: (ctx) => c.read(ctx) };
    }
    case TypeId.MAP: {
      const m = new MapSerializer(
        asSerializer(remoteCodec(t.key!, host)),
        asSerializer(remoteCodec(t.value!, host)),
      );
      return { ...base, read: (ctx) => m.read(ctx) };
    }
    default: {
      const s = host.builtin(t.typeId);
      if (!s) throw new UnknownTypeError(`Unknown field type id ${t.typeId} in TypeDef`, undefined, t.typeId);
      return { ...base, read: (ctx) => s.read(ctx) };
    }
  }
}

function asSerializer(c: FieldCodec): Serializer {
  return { typeId: c.type.typeId, name: typeIdName(c.type.typeId), trackRef: false, write: c.write, read: c.read };
}

/** Same kind of wire payload: a matched field whose declared types differ beyond this is rejected. */
function compatibleTypes(remote: FieldType, local: FieldType): boolean {
  const group = (id: number) =>
    id === TypeId.STRUCT || id === TypeId.COMPATIBLE_STRUCT ? 'struct' : id === TypeId.NAMED_STRUCT || id === TypeId.NAMED_COMPATIBLE_STRUCT ? 'named' : id === TypeId.NAMED_ENUM ? TypeId.ENUM : id;
  if (group(remote.typeId) !== group(local.typeId)) return false;
  if (remote.element && local.element) return compatibleTypes(remote.element, local.element);
  if (remote.key && local.key && remote.value && local.value) return compatibleTypes(remote.key, local.key) && compatibleTypes(remote.value, local.value);
  return true;
}

interface ReadStep {
  readonly codec: FieldCodec;
  readonly nullable: boolean;
  readonly ref: boolean;
  /** Local property to store into, or null to drop an unknown remote field. */
  readonly prop: string | null;
}

/**
 * Reads a struct written with a remote TypeDef that differs from the local one: fields matched by
 * tag id or name, unknown ones skipped, missing ones set to their defaults. Interpreted only:
 * remote names are data, never code.
 */
export class CompatibleStructReader implements Serializer {
  readonly typeId: number;
  readonly name: string;
  readonly trackRef = true;
  private readonly steps: ReadStep[] = [];
  private readonly missing: StructField[];

  constructor(
    readonly local: StructSerializer,
    readonly def: TypeDef,
    byWire: Map<string, StructField>,
    byTag: Map<number, StructField>,
    host: UserTypeHost,
  ) {
    this.typeId = local.typeId;
    this.name = local.name;
    const seen = new Set<StructField>();
    for (const rf of def.fields) {
      const lf = rf.tagId !== undefined ? byTag.get(rf.tagId) : byWire.get(rf.name);
      if (lf && !seen.has(lf)) {
        if (!compatibleTypes(rf.type, lf.type)) {
          throw new TypeMismatchError(
            `Type mismatch for field ${lf.prop} of ${local.name}: the writer declares ${typeIdName(rf.type.typeId)}, this schema ${typeIdName(lf.type.typeId)}`,
          );
        }
        seen.add(lf);
        this.steps.push({ codec: lf.codec, nullable: rf.type.nullable, ref: rf.type.ref, prop: lf.prop });
      } else {
        this.steps.push({ codec: remoteCodec(rf.type, host), nullable: rf.type.nullable, ref: rf.type.ref, prop: null });
      }
    }
    this.missing = local.fields.filter((f) => !seen.has(f));
  }

  write(): void {
    throw new ForyError('UNSUPPORTED_VALUE', 'CompatibleStructReader only reads');
  }

  read(ctx: ReadContext): unknown {
    const obj = this.local.create();
    ctx.bindRef(obj);
    ctx.enterContainer();
    for (const step of this.steps) {
      const v = readField(ctx, step.codec, step.nullable, step.ref);
      if (step.prop !== null) {
        if (step.prop === '__proto__') Object.defineProperty(obj, step.prop, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[step.prop] = v;
      }
    }
    if (!this.local.spec.class) for (const f of this.missing) obj[f.prop] = f.nullable ? null : f.codec.defaultValue();
    ctx.leaveContainer();
    return obj;
  }
}

// ---------------------------------------------------------------------------------------------
// Enum, ext, union

/** Common shape of enum, ext and union serializers: identity and type id come from the spec. */
abstract class SimpleUserType<S extends EnumSpec | ExtSpec | UnionSpec> extends UserTypeSerializer {
  readonly typeId: number;
  readonly name: string;
  readonly identity: ResolvedIdentity;

  constructor(
    readonly spec: S,
    host: UserTypeHost,
  ) {
    super(host);
    this.identity = spec.identity ?? { id: undefined, namespace: '', typeName: '', display: 'union' };
    this.typeId = spec.typeId;
    this.name = this.identity.display;
  }
}

export class EnumSerializer extends SimpleUserType<EnumSpec> {
  readonly trackRef = false;
  protected override readonly namedTypeDefKind = TypeDefKind.NAMED_ENUM;

  write(ctx: WriteContext, value: unknown): void {
    const id = typeof value === 'string' ? this.spec.values.get(value) : typeof value === 'number' && this.spec.names.has(value) ? value : undefined;
    if (id === undefined) throw new UnsupportedValueError(`${describeValue(value)} is not a value of enum ${this.name}`);
    ctx.writer.writeVarUint32(id);
  }

  read(ctx: ReadContext): unknown {
    const at = ctx.reader.pos;
    const id = ctx.reader.readVarUint32();
    const name = this.spec.names.get(id);
    if (name === undefined) throw new InvalidDataError(`Enum ${this.name} has no value with id ${id}`, at);
    return name;
  }
}

/**
 * One ExtWriter/ExtReader per context (its writer/reader is fixed for the context's life), instead
 * of an object of closures per ext value.
 */
const EXT_WRITERS = new WeakMap<WriteContext, ExtWriter>();
const EXT_READERS = new WeakMap<ReadContext, ExtReader>();

function extWriter(ctx: WriteContext): ExtWriter {
  let writer = EXT_WRITERS.get(ctx);
  if (writer === undefined) {
    writer = createExtWriter(ctx);
    EXT_WRITERS.set(ctx, writer);
  }
  return writer;
}

function extReader(ctx: ReadContext): ExtReader {
  let reader = EXT_READERS.get(ctx);
  if (reader === undefined) {
    reader = createContextExtReader(ctx);
    EXT_READERS.set(ctx, reader);
  }
  return reader;
}

function createExtWriter(ctx: WriteContext): ExtWriter {
  const w = ctx.writer;
  return {
    writeBool: (v) => w.writeBool(v),
    writeInt8: (v) => w.writeInt8(v),
    writeInt16: (v) => w.writeInt16(v),
    writeInt32: (v) => w.writeInt32(v),
    writeVarInt32: (v) => w.writeVarInt32(v),
    writeVarUint32: (v) => w.writeVarUint32(v),
    writeInt64: (v) => w.writeInt64(v),
    writeVarInt64: (v) => w.writeVarInt64(v),
    writeFloat32: (v) => w.writeFloat32(v),
    writeFloat64: (v) => w.writeFloat64(v),
    writeString: (v) => w.writeString(v),
    writeBytes: (v) => {
      w.writeVarUint32(v.length);
      w.writeBytes(v);
    },
    writeValue: (v) => ctx.writeRef(v),
  };
}

/** What an ExtReader needs beyond byte reads: strings, nested values and ref binding. */
export interface ExtReaderHost {
  readString(): string;
  readValue(): unknown;
  bind(value: unknown): void;
  readonly maxBinaryBytes: number;
}

/**
 * The ExtReader a user ext serializer reads with, over `r` (also used by tools that walk payloads,
 * e.g. the devtools inspector, with their own host).
 */
export function createExtReader(r: ByteReader, host: ExtReaderHost): ExtReader {
  return {
    readBool: () => r.readBool(),
    readInt8: () => r.readInt8(),
    readInt16: () => r.readInt16(),
    readInt32: () => r.readInt32(),
    readVarInt32: () => r.readVarInt32(),
    readVarUint32: () => r.readVarUint32(),
    readInt64: () => r.readInt64(),
    readVarInt64: () => r.readVarInt64(),
    readFloat32: () => r.readFloat32(),
    readFloat64: () => r.readFloat64(),
    readString: () => host.readString(),
    readBytes: (n) => {
      if (n > host.maxBinaryBytes) throw new LimitExceededError('maxBinaryBytes', n, host.maxBinaryBytes, r.pos, 'ext readBytes');
      return r.readCopy(n, 'ext bytes');
    },
    readValue: () => host.readValue(),
    bind: (value) => host.bind(value),
  };
}

function createContextExtReader(ctx: ReadContext): ExtReader {
  return createExtReader(ctx.reader, {
    readString: () => readString(ctx),
    readValue: () => ctx.readRef(),
    bind: (value) => ctx.bindRef(value),
    maxBinaryBytes: ctx.limits.maxBinaryBytes,
  });
}

export class ExtTypeSerializer extends SimpleUserType<ExtSpec> {
  readonly trackRef = true;
  protected override readonly namedTypeDefKind = TypeDefKind.NAMED_EXT;

  write(ctx: WriteContext, value: unknown): void {
    this.spec.serializer.write(extWriter(ctx), value);
  }

  read(ctx: ReadContext): unknown {
    // A user reader may read nested values (readValue): they count towards maxDepth.
    ctx.enterContainer();
    const v = this.spec.serializer.read(extReader(ctx));
    ctx.leaveContainer();
    ctx.bindRef(v);
    return v;
  }
}

export class UnionSerializer extends SimpleUserType<UnionSpec> {
  readonly trackRef = true;
  protected override readonly namedTypeDefKind = TypeDefKind.NAMED_UNION;
  private caseSerializers: Map<number, Serializer | null> | null = null;

  override writeTypeInfo(ctx: WriteContext): void {
    if (this.typeId === TypeId.UNION) ctx.writer.writeVarUint32(TypeId.UNION);
    else super.writeTypeInfo(ctx);
  }

  private cases(): Map<number, Serializer | null> {
    if (!this.caseSerializers) {
      this.caseSerializers = new Map([...this.spec.cases].map(([k, s]) => [k, this.host.serializerForSpec(unwrap(s, this.host).spec)]));
    }
    return this.caseSerializers;
  }

  write(ctx: WriteContext, value: unknown): void {
    const u = value as UnionValue | null;
    if (!u || typeof u !== 'object' || typeof u.case !== 'number') throw new UnsupportedValueError(`${this.name} values must be { case, value }`);
    const cases = this.cases();
    if (!cases.has(u.case)) throw new UnsupportedValueError(`${this.name} has no case ${u.case}`);
    ctx.writer.writeVarUint32(u.case);
    const s = cases.get(u.case)!;
    if (s) ctx.writeRefAs(s, u.value);
    else ctx.writeRef(u.value);
  }

  read(ctx: ReadContext): unknown {
    const at = ctx.reader.pos;
    const c = ctx.reader.readVarUint32();
    if (!this.cases().has(c)) throw new InvalidDataError(`${this.name} has no case ${c}`, at);
    const out: { case: number; value: unknown } = { case: c, value: null };
    ctx.bindRef(out);
    // A union holding a union holding … nests like any container (bounded by maxDepth).
    ctx.enterContainer();
    out.value = ctx.readRef();
    ctx.leaveContainer();
    return Object.freeze(out);
  }
}

/**
 * Identity of a user type for registration lookups. Length-prefixed, so no namespace/name pair read
 * from a payload (names may hold any character) can spell the key of another registered pair.
 */
export function nameKey(namespace: string, typeName: string): string {
  return `${namespace.length}:${namespace}${typeName}`;
}

export { NAMESPACE_CONTEXT, TYPE_NAME_CONTEXT };
