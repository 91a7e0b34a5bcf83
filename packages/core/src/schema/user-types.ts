/**
 * User type descriptions: structs, enums, unions, ext types, and the field/nullable/forward-reference
 * modifiers. Descriptions only; the codec turns them into serializers at registration.
 */
import { TypeId } from '../meta/type-ids.js';
import type { Infer, TypeSpec } from './type.js';

/** How a user type is identified on the wire (spec "Type ID Encoding for User Types"). */
export type TypeIdentity =
  | { readonly id: number; readonly namespace?: undefined; readonly typeName?: undefined }
  | { readonly id?: undefined; readonly namespace?: string; readonly typeName: string };

/** Identity after normalization: `typeName: 'example.Person'` splits into namespace + name at the last dot. */
export interface ResolvedIdentity {
  readonly id: number | undefined;
  readonly namespace: string;
  readonly typeName: string;
  /** `namespace.typeName`, or the id as text; for messages and lookups. */
  readonly display: string;
}

export function resolveIdentity(identity: TypeIdentity, what: string): ResolvedIdentity {
  if (identity.id !== undefined) {
    const id = identity.id;
    if (!Number.isInteger(id) || id < 0 || id > 0xfffffffe) {
      throw new RangeError(`${what} id must be an integer in 0..0xFFFFFFFE, got ${String(id)}`);
    }
    return { id, namespace: '', typeName: '', display: `id ${id}` };
  }
  let namespace = identity.namespace;
  let typeName = identity.typeName;
  if (typeof typeName !== 'string' || typeName === '') throw new RangeError(`${what} needs an id or a typeName`);
  if (namespace === undefined) {
    const dot = typeName.lastIndexOf('.');
    namespace = dot >= 0 ? typeName.slice(0, dot) : '';
    typeName = dot >= 0 ? typeName.slice(dot + 1) : typeName;
  }
  return { id: undefined, namespace, typeName, display: namespace ? `${namespace}.${typeName}` : typeName };
}

/** Per-field options (spec "Field order", TypeDef field header bits). */
export interface FieldOptions {
  /** Stable tag id: identifies the field in TypeDefs and orders it instead of its name. */
  readonly id?: number;
  /** The field may hold null (its value is framed with a null flag). */
  readonly nullable?: boolean;
  /** Track shared/cyclic references through this field (needs `ref: true` on the Fory instance). */
  readonly ref?: boolean;
}

/** A field type with options, from `Type.field(spec, options)`. */
export interface FieldSpec<T = unknown> extends TypeSpec<T> {
  readonly kind: 'field';
  readonly inner: TypeSpec;
  readonly options: FieldOptions;
}

/** `Type.nullable(spec)`: the value may be null. */
export interface NullableSpec<T = unknown> extends TypeSpec<T | null> {
  readonly kind: 'nullable';
  readonly inner: TypeSpec;
}

/** `Type.ref(target)`: a forward or recursive reference to a user type, resolved at registration. */
export interface RefSpec<T = unknown> extends TypeSpec<T> {
  readonly kind: 'ref';
  readonly target: string | number | (() => TypeSpec<T>);
}

export type FieldMap = Record<string, TypeSpec>;

/** The object type a struct's fields describe. Nullable fields accept `null` and may be omitted. */
export type InferFields<F extends FieldMap> = {
  -readonly [K in keyof F as null extends Infer<F[K]> ? never : K]: Infer<F[K]>;
} & {
  -readonly [K in keyof F as null extends Infer<F[K]> ? K : never]?: Infer<F[K]>;
};

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export interface StructOptions<T> {
  /** Decode into instances of this class (constructed with no arguments, then fields assigned). */
  readonly class?: new () => T;
}

export interface StructSpec<T = unknown> extends TypeSpec<T> {
  readonly kind: 'struct';
  readonly identity: ResolvedIdentity;
  readonly fields: Readonly<Record<string, TypeSpec>>;
  readonly class: (new () => T) | undefined;
}

export interface EnumSpec<T extends string = string> extends TypeSpec<T> {
  readonly kind: 'enum';
  readonly identity: ResolvedIdentity;
  /** Name → wire id (declaration order unless explicit ids were given; spec "enum"). */
  readonly values: ReadonlyMap<T, number>;
  readonly names: ReadonlyMap<number, T>;
}

/** A union value: which case, and its value. */
export interface UnionValue<C extends number = number, V = unknown> {
  readonly case: C;
  readonly value: V;
}

export interface UnionSpec<T = unknown> extends TypeSpec<T> {
  readonly kind: 'union';
  readonly identity: ResolvedIdentity | undefined;
  readonly cases: ReadonlyMap<number, TypeSpec>;
}

/** The byte-level API an ext serializer writes and reads with. */
export interface ExtWriter {
  writeBool(v: boolean): void;
  writeInt8(v: number): void;
  writeInt16(v: number): void;
  writeInt32(v: number): void;
  writeVarInt32(v: number): void;
  writeVarUint32(v: number): void;
  writeInt64(v: number | bigint): void;
  writeVarInt64(v: number | bigint): void;
  writeFloat32(v: number): void;
  writeFloat64(v: number): void;
  writeString(v: string): void;
  writeBytes(v: Uint8Array): void;
  /** Any value with its own ref/null flag and type meta (a nested dynamic value). */
  writeValue(v: unknown): void;
}

export interface ExtReader {
  readBool(): boolean;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readVarInt32(): number;
  readVarUint32(): number;
  readInt64(): number | bigint;
  readVarInt64(): number | bigint;
  readFloat32(): number;
  readFloat64(): number;
  readString(): string;
  /** A copy of the next `n` bytes (bounds-checked). */
  readBytes(n: number): Uint8Array;
  readValue(): unknown;
  /**
   * Bind the object being built before reading values that may refer back to it (cycles through an
   * ext value with `ref: true`): create it, `bind` it, then read its children.
   */
  bind(value: unknown): void;
}

export interface ExtSerializer<T> {
  write(writer: ExtWriter, value: T): void;
  read(reader: ExtReader): T;
}

export interface ExtSpec<T = unknown> extends TypeSpec<T> {
  readonly kind: 'ext';
  readonly identity: ResolvedIdentity;
  readonly serializer: ExtSerializer<T>;
}

function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}

export const UserTypes = {
  /**
   * A struct: `Type.struct({ namespace: 'example', typeName: 'Person' }, { name: Type.string(), … })`,
   * or `{ typeName: 'example.Person' }`, or `{ id: 1 }`.
   */
  struct<F extends FieldMap, C = Simplify<InferFields<F>>>(identity: TypeIdentity, fields: F, options: StructOptions<C> = {}): StructSpec<C> {
    const resolved = resolveIdentity(identity, 'Struct');
    for (const [name, spec] of Object.entries(fields)) {
      if (!spec || typeof spec !== 'object' || typeof spec.kind !== 'string') {
        throw new TypeError(`Struct ${resolved.display}: field ${name} is not a Type`);
      }
    }
    return freeze({
      kind: 'struct' as const,
      typeId: resolved.id !== undefined ? TypeId.STRUCT : TypeId.NAMED_STRUCT,
      identity: resolved,
      fields: freeze({ ...fields }),
      class: options.class,
    }) as StructSpec<C>;
  },

  /** Field options: tag id, nullability, reference tracking. */
  field<S extends TypeSpec>(spec: S, options: FieldOptions): FieldSpec<FieldOptions['nullable'] extends true ? Infer<S> | null : Infer<S>> {
    if (options.id !== undefined && (!Number.isInteger(options.id) || options.id < 0)) {
      throw new RangeError(`Field tag id must be a non-negative integer, got ${String(options.id)}`);
    }
    return freeze({ kind: 'field' as const, typeId: spec.typeId, inner: spec, options: freeze({ ...options }) }) as FieldSpec<
      Infer<S>
    >;
  },

  /** The value may be null. */
  nullable<S extends TypeSpec>(spec: S): NullableSpec<Infer<S>> {
    return freeze({ kind: 'nullable' as const, typeId: spec.typeId, inner: spec }) as NullableSpec<Infer<S>>;
  },

  /**
   * A reference to a user type by registered name (`'example.Person'`), id, or a thunk
   * (`() => Person`), for recursive and forward declarations. Resolved when the type is registered.
   */
  ref<T = unknown>(target: string | number | (() => TypeSpec<T>)): RefSpec<T> {
    return freeze({ kind: 'ref' as const, typeId: TypeId.UNKNOWN, target }) as RefSpec<T>;
  },

  /**
   * An enum written as its numeric id (spec "enum"). `values` lists names in declaration order
   * (ids 0, 1, …) or maps names to explicit ids.
   */
  enum<const N extends string>(identity: TypeIdentity, values: readonly N[] | Readonly<Record<N, number>>): EnumSpec<N> {
    const resolved = resolveIdentity(identity, 'Enum');
    const entries: Array<[N, number]> = Array.isArray(values)
      ? (values as readonly N[]).map((n, i) => [n, i])
      : (Object.entries(values) as Array<[N, number]>);
    const byName = new Map<N, number>();
    const byId = new Map<number, N>();
    for (const [name, id] of entries) {
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`Enum ${resolved.display}: id of ${name} must be a non-negative integer`);
      if (byId.has(id)) throw new RangeError(`Enum ${resolved.display}: duplicate id ${id}`);
      byName.set(name, id);
      byId.set(id, name);
    }
    return freeze({
      kind: 'enum' as const,
      typeId: resolved.id !== undefined ? TypeId.ENUM : TypeId.NAMED_ENUM,
      identity: resolved,
      values: byName,
      names: byId,
    }) as EnumSpec<N>;
  },

  /** A tagged union (spec "Union"): values are `{ case, value }`. */
  union<const C extends Record<number, TypeSpec>>(
    identity: TypeIdentity | null,
    cases: C,
  ): UnionSpec<{ [K in keyof C & number]: UnionValue<K, Infer<C[K]>> }[keyof C & number]> {
    const resolved = identity ? resolveIdentity(identity, 'Union') : undefined;
    const map = new Map<number, TypeSpec>();
    for (const [k, spec] of Object.entries(cases)) {
      const id = Number(k);
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`Union case ids must be non-negative integers, got ${k}`);
      map.set(id, spec as TypeSpec);
    }
    const typeId = resolved === undefined ? TypeId.UNION : resolved.id !== undefined ? TypeId.TYPED_UNION : TypeId.NAMED_UNION;
    return freeze({ kind: 'union' as const, typeId, identity: resolved, cases: map }) as never;
  },

  /** An ext type: a user-supplied serializer for a type Fory does not know (spec "ext"). */
  ext<T>(identity: TypeIdentity, serializer: ExtSerializer<T>): ExtSpec<T> {
    const resolved = resolveIdentity(identity, 'Ext');
    if (typeof serializer?.write !== 'function' || typeof serializer?.read !== 'function') {
      throw new TypeError(`Ext ${resolved.display} needs a serializer with write and read`);
    }
    return freeze({
      kind: 'ext' as const,
      typeId: resolved.id !== undefined ? TypeId.EXT : TypeId.NAMED_EXT,
      identity: resolved,
      serializer,
    }) as ExtSpec<T>;
  },
};

/** True for specs that are registered user types. */
export function isUserTypeSpec(spec: TypeSpec): spec is StructSpec | EnumSpec | UnionSpec | ExtSpec {
  return spec.kind === 'struct' || spec.kind === 'enum' || spec.kind === 'union' || spec.kind === 'ext';
}
