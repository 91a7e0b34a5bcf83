/**
 * Same-schema struct hash (spec "Same-schema mode"; peers/struct-findings.md §4): the low 32 bits of
 * murmur3_x64_128(fingerprint, 47) lane 0, where the fingerprint lists every field, sorted by
 * identifier, as `<tag or name>,<type id>,<ref>,<nullable>[<nested>];`. User kinds hash as type 0;
 * nested element/key/value parts carry `,0,0`.
 */
import { murmurhash3_x64_128 } from '../meta/murmurhash3.js';
import type { FieldType } from '../meta/type-def.js';
import { TypeId, isUserKind } from '../meta/type-ids.js';
import { compareFieldIdentifiers } from './field-order.js';

/** User types hash as 0: their identity is not part of the field's type in the schema hash. */
function hashedId(typeId: number): number {
  return isUserKind(typeId) ? 0 : typeId;
}

function nested(t: FieldType): string {
  return `${hashedId(t.typeId)},0,0${params(t)}`;
}

function params(t: FieldType): string {
  if (t.typeId === TypeId.LIST || t.typeId === TypeId.SET) return `[${nested(t.element!)}]`;
  if (t.typeId === TypeId.MAP) return `[${nested(t.key!)}|${nested(t.value!)}]`;
  return '';
}

export interface HashedField {
  readonly wireName: string;
  readonly tagId: number | undefined;
  readonly type: FieldType;
}

export function structFingerprint(fields: readonly HashedField[]): string {
  const sorted = [...fields].sort((a, b) =>
    compareFieldIdentifiers({ ...a, typeId: 0, nullable: false }, { ...b, typeId: 0, nullable: false }),
  );
  let out = '';
  for (const f of sorted) {
    const id = f.tagId !== undefined ? String(f.tagId) : f.wireName;
    out += `${id},${hashedId(f.type.typeId)},${f.type.ref ? 1 : 0},${f.type.nullable ? 1 : 0}${params(f.type)};`;
  }
  return out;
}

export function structHash(fields: readonly HashedField[]): number {
  const [lane0] = murmurhash3_x64_128(new TextEncoder().encode(structFingerprint(fields)), 47);
  return Number(BigInt.asIntN(32, lane0));
}
