/**
 * Field order (spec "struct" → "Field order"): non-nullable primitives, then nullable primitives,
 * then everything else. Primitives sort fixed-size before compressed, then by size descending, then
 * by type id, then by identifier; the rest sort by identifier (tag id first, then snake_case name).
 */
import { TypeId } from '../meta/type-ids.js';

export interface OrderableField {
  /** snake_case wire name. */
  readonly wireName: string;
  readonly tagId: number | undefined;
  readonly typeId: number;
  readonly nullable: boolean;
}

const PRIMITIVE_SIZE: Partial<Record<number, number>> = {
  [TypeId.BOOL]: 1,
  [TypeId.INT8]: 1,
  [TypeId.UINT8]: 1,
  [TypeId.INT16]: 2,
  [TypeId.UINT16]: 2,
  [TypeId.FLOAT16]: 2,
  [TypeId.BFLOAT16]: 2,
  [TypeId.INT32]: 4,
  [TypeId.VARINT32]: 4,
  [TypeId.UINT32]: 4,
  [TypeId.VAR_UINT32]: 4,
  [TypeId.FLOAT32]: 4,
  [TypeId.INT64]: 8,
  [TypeId.VARINT64]: 8,
  [TypeId.TAGGED_INT64]: 8,
  [TypeId.UINT64]: 8,
  [TypeId.VAR_UINT64]: 8,
  [TypeId.TAGGED_UINT64]: 8,
  [TypeId.FLOAT64]: 8,
};

const COMPRESSED = new Set<number>([
  TypeId.VARINT32,
  TypeId.VAR_UINT32,
  TypeId.VARINT64,
  TypeId.VAR_UINT64,
  TypeId.TAGGED_INT64,
  TypeId.TAGGED_UINT64,
]);

export function isPrimitiveTypeId(typeId: number): boolean {
  return PRIMITIVE_SIZE[typeId] !== undefined;
}

/** Step 1 comparator: tag ids numerically and before names; names lexicographically. */
export function compareFieldIdentifiers(a: OrderableField, b: OrderableField): number {
  if (a.tagId !== undefined && b.tagId !== undefined) return a.tagId - b.tagId;
  if (a.tagId !== undefined) return -1;
  if (b.tagId !== undefined) return 1;
  return a.wireName < b.wireName ? -1 : a.wireName > b.wireName ? 1 : 0;
}

function group(f: OrderableField): number {
  if (!isPrimitiveTypeId(f.typeId)) return 2;
  return f.nullable ? 1 : 0;
}

export function compareFields(a: OrderableField, b: OrderableField): number {
  const ga = group(a);
  const gb = group(b);
  if (ga !== gb) return ga - gb;
  if (ga < 2) {
    const ca = COMPRESSED.has(a.typeId) ? 1 : 0;
    const cb = COMPRESSED.has(b.typeId) ? 1 : 0;
    if (ca !== cb) return ca - cb;
    const sa = PRIMITIVE_SIZE[a.typeId]!;
    const sb = PRIMITIVE_SIZE[b.typeId]!;
    if (sa !== sb) return sb - sa;
    if (a.typeId !== b.typeId) return a.typeId - b.typeId;
  }
  return compareFieldIdentifiers(a, b);
}

export function sortFields<F extends OrderableField>(fields: readonly F[]): F[] {
  return [...fields].sort(compareFields);
}

/** camelCase / PascalCase → snake_case, as field names travel in xlang (spec "TypeDef" → "Field names"). */
export function toSnakeCase(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const lower = c.toLowerCase();
    if (c !== lower) {
      const prev = name[i - 1];
      const next = name[i + 1];
      const prevIsLowerOrDigit = prev !== undefined && prev !== '_' && (prev === prev.toLowerCase() && prev !== prev.toUpperCase() || /[0-9]/.test(prev));
      const acronymEnd = prev !== undefined && prev !== '_' && prev === prev.toUpperCase() && prev !== prev.toLowerCase() && next !== undefined && next === next.toLowerCase() && next !== next.toUpperCase();
      if (i > 0 && (prevIsLowerOrDigit || acronymEnd)) out += '_';
      out += lower;
    } else {
      out += c;
    }
  }
  return out;
}
