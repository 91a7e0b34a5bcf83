/**
 * Wire layouts of user types, for tools that walk payloads themselves (e.g. @ferry/devtools'
 * inspector): the same field order, field types, schema hash and TypeDef a `Fory` with these
 * registrations and options uses, as plain data. Nothing here is used by serialize/deserialize.
 */
import type { FieldType } from '../meta/type-def.js';
import { TypeId } from '../meta/type-ids.js';
import { structHash } from '../schema/schema-hash.js';
import type { TypeSpec } from '../schema/type.js';
import type { EnumSpec, ExtSerializer, ExtSpec, ResolvedIdentity, StructSpec, UnionSpec } from '../schema/user-types.js';
import { TypeResolver } from './type-resolver.js';
import { EnumSerializer, ExtTypeSerializer, StructSerializer, UnionSerializer, unwrap, type UserTypeSerializer } from './user-types.js';

/** A field or element type with the user type it names resolved. */
export interface LayoutType extends FieldType {
  readonly element?: LayoutType;
  readonly key?: LayoutType;
  readonly value?: LayoutType;
  /** For struct/enum/ext/union kinds: the layout of the declared user type. */
  readonly userType?: UserTypeLayout;
}

export interface StructFieldLayout {
  /** snake_case wire name. */
  readonly name: string;
  /** JavaScript property name in the spec. */
  readonly prop: string;
  readonly tagId: number | undefined;
  readonly type: LayoutType;
}

export interface UserTypeLayout {
  readonly kind: 'struct' | 'enum' | 'ext' | 'union';
  /** The type id this kind is written with under the given options (e.g. STRUCT vs COMPATIBLE_STRUCT). */
  readonly typeId: number;
  readonly identity: ResolvedIdentity;
  /** Structs: fields in wire order. */
  readonly fields?: readonly StructFieldLayout[];
  /** Structs in schema-consistent mode: the int32 schema hash written before the fields. */
  readonly schemaHash?: number;
  /** Enums: wire id → name. */
  readonly enumNames?: ReadonlyMap<number, string>;
  /** Ext types: the user serializer that reads the payload. */
  readonly ext?: ExtSerializer<unknown>;
  /** Unions: case ids. */
  readonly unionCases?: readonly number[];
}

export interface LayoutOptions {
  /** Compatible (schema-evolution) mode, as `ForyOptions.compatible`. */
  readonly compatible: boolean;
  /** Reference tracking, as `ForyOptions.ref` (it changes `ref` fields' flags and the schema hash). */
  readonly ref: boolean;
}

type UserSpec = StructSpec | EnumSpec | UnionSpec | ExtSpec;

/**
 * Describe registered user types as a `Fory` with `options` lays them out on the wire. Types may
 * refer to each other (and to themselves); all of them are registered before any is described.
 */
export function describeUserTypes(types: readonly UserSpec[], options: LayoutOptions): UserTypeLayout[] {
  const resolver = new TypeResolver({ compatible: options.compatible, refTracking: options.ref, codegen: false });
  const serializers = types.map((t) => resolver.register(t));
  const done = new Map<UserTypeSerializer, UserTypeLayout>();

  const layoutOf = (s: UserTypeSerializer): UserTypeLayout => {
    const found = done.get(s);
    if (found) return found;
    const base = { typeId: s.typeId, identity: s.identity };
    if (s instanceof StructSerializer) {
      // Registered before its fields are described, so recursive types terminate.
      const fields: StructFieldLayout[] = [];
      const layout: UserTypeLayout = { ...base, kind: 'struct', fields, schemaHash: structHash(s.fields) };
      done.set(s, layout);
      for (const f of s.fields) fields.push({ name: f.wireName, prop: f.prop, tagId: f.tagId, type: typeOf(f.type, f.spec) });
      return layout;
    }
    let layout: UserTypeLayout;
    if (s instanceof EnumSerializer) layout = { ...base, kind: 'enum', enumNames: s.spec.names };
    else if (s instanceof ExtTypeSerializer) layout = { ...base, kind: 'ext', ext: s.spec.serializer };
    else layout = { ...base, kind: 'union', unionCases: [...(s as UnionSerializer).spec.cases.keys()] };
    done.set(s, layout);
    return layout;
  };

  const typeOf = (t: FieldType, spec: TypeSpec): LayoutType => {
    const inner = unwrap(spec, resolver).spec;
    const out: { -readonly [K in keyof LayoutType]: LayoutType[K] } = { typeId: t.typeId, nullable: t.nullable, ref: t.ref };
    if (t.element && (inner.typeId === TypeId.LIST || inner.typeId === TypeId.SET)) out.element = typeOf(t.element, inner.element!);
    if (t.key && t.value && inner.typeId === TypeId.MAP) {
      out.key = typeOf(t.key, inner.key!);
      out.value = typeOf(t.value, inner.value!);
    }
    if (inner.kind === 'struct' || inner.kind === 'enum' || inner.kind === 'ext' || inner.kind === 'union') {
      const s = resolver.serializerForSpec(inner);
      if (s) out.userType = layoutOf(s as UserTypeSerializer);
    }
    return out;
  };

  return serializers.map(layoutOf);
}
