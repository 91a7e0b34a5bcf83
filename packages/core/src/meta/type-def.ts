/**
 * TypeDef: the schema metadata shared inline in compatible mode (spec "TypeDef", verified against
 * Java fory-core 1.6.0 and pyfory 1.7.7 — peers/struct-findings.md §8).
 *
 *   | 8-byte LE header | [varuint32 size - 255] | body |
 *   header: bits 0-7 body size (0xff = extended), bit 8 compress (unsupported), bits 9-11 zero,
 *           bits 12-63 = abs(murmur3_x64_128(body ‖ low12 LE, 47)[0] << 12) & ~0xfff
 *   body:   meta byte | namespace + type name, or varuint32 user id | fields
 */
import { InvalidDataError, LimitExceededError } from '../errors.js';
import { TYPEDEF_MAX_TYPE_NESTING, type ForyLimits } from '../limits.js';
import type { ByteReader } from '../wire/reader.js';
import { absInt64, MAX_UINT64 } from '../wire/ranges.js';
import { ByteWriter } from '../wire/writer.js';
import { MetaStringEncoding, type MetaStringEncodingValue } from './flags.js';
import {
  FIELD_NAME_CONTEXT,
  NAMESPACE_CONTEXT,
  TYPE_NAME_CONTEXT,
  decodeMetaString,
  encodeMetaString,
  type MetaStringContext,
} from './meta-string.js';
import { murmurhash3_x64_128 } from './murmurhash3.js';
import { TypeId } from './type-ids.js';

/** A field's type as TypeDefs describe it: id plus nullable/ref bits, recursively for containers. */
export interface FieldType {
  readonly typeId: number;
  readonly nullable: boolean;
  readonly ref: boolean;
  readonly element?: FieldType;
  readonly key?: FieldType;
  readonly value?: FieldType;
}

export interface TypeDefField {
  /** snake_case name; empty when the field is identified by tag id. */
  readonly name: string;
  readonly tagId: number | undefined;
  readonly type: FieldType;
}

/** Non-struct TypeDef kind codes (spec "TypeDef body"). */
export const TypeDefKind = {
  ENUM: 0,
  NAMED_ENUM: 1,
  EXT: 2,
  NAMED_EXT: 3,
  TYPED_UNION: 4,
  NAMED_UNION: 5,
} as const;

export interface TypeDef {
  /** The full 8-byte header: its high 52 bits identify the TypeDef. */
  readonly header: bigint;
  readonly isStruct: boolean;
  /** For non-struct TypeDefs, the kind code. */
  readonly kind: number;
  readonly compatible: boolean;
  readonly byName: boolean;
  readonly namespace: string;
  readonly typeName: string;
  readonly userTypeId: number | undefined;
  readonly fields: readonly TypeDefField[];
  /** The whole encoded TypeDef (header, extension, body), for writers to copy. */
  readonly bytes: Uint8Array;
}

const IS_STRUCT = 0x80;
const COMPATIBLE = 0x40;
const BY_NAME = 0x20;
const SMALL_FIELD_COUNT = 31;
const FIELD_NAME_ENCODINGS: readonly MetaStringEncodingValue[] = [
  MetaStringEncoding.UTF8,
  MetaStringEncoding.ALL_TO_LOWER_SPECIAL,
  MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL,
];
const TAG_ID_ENCODING = 3;
const NAMESPACE_ENCODINGS = FIELD_NAME_ENCODINGS;
const TYPE_NAME_ENCODINGS: readonly MetaStringEncodingValue[] = [...FIELD_NAME_ENCODINGS, MetaStringEncoding.FIRST_TO_LOWER_SPECIAL];

function writeNestedType(w: ByteWriter, t: FieldType): void {
  w.writeVarUint32(t.typeId * 4 + (t.nullable ? 2 : 0) + (t.ref ? 1 : 0));
  writeTypeParams(w, t);
}

function writeTypeParams(w: ByteWriter, t: FieldType): void {
  if (t.typeId === TypeId.LIST || t.typeId === TypeId.SET) writeNestedType(w, t.element!);
  else if (t.typeId === TypeId.MAP) {
    writeNestedType(w, t.key!);
    writeNestedType(w, t.value!);
  }
}

function writeName(w: ByteWriter, text: string, ctx: MetaStringContext, table: readonly MetaStringEncodingValue[]): void {
  const encoded = encodeMetaString(text, ctx);
  const index = table.indexOf(encoded.encoding);
  const len = encoded.bytes.length;
  if (len < 63) w.writeUint8(len * 4 + index);
  else {
    w.writeUint8(63 * 4 + index);
    w.writeVarUint32(len - 63);
  }
  w.writeBytes(encoded.bytes);
}

/** The 52-bit hash header for a body (spec "TypeDef" → "Global header"). */
function typeDefHeader(body: Uint8Array): bigint {
  const low12 = Math.min(body.length, 0xff);
  const input = new Uint8Array(body.length + 2);
  input.set(body);
  input[body.length] = low12 & 0xff;
  input[body.length + 1] = low12 >> 8;
  const [lane0] = murmurhash3_x64_128(input, 47);
  let x = BigInt.asIntN(64, lane0 << 12n);
  x = absInt64(x);
  return ((x & MAX_UINT64) & 0xfffffffffffff000n) | BigInt(low12);
}

export interface LocalTypeDefInput {
  readonly isStruct: boolean;
  readonly kind?: number;
  readonly byName: boolean;
  readonly namespace: string;
  readonly typeName: string;
  readonly userTypeId: number | undefined;
  /** In wire order. */
  readonly fields: readonly TypeDefField[];
}

/** Encode a local type's TypeDef. */
export function encodeTypeDef(def: LocalTypeDefInput): TypeDef {
  const w = new ByteWriter(64);
  if (def.isStruct) {
    const n = def.fields.length;
    w.writeUint8(IS_STRUCT | COMPATIBLE | (def.byName ? BY_NAME : 0) | Math.min(n, SMALL_FIELD_COUNT));
    if (n >= SMALL_FIELD_COUNT) w.writeVarUint32(n - SMALL_FIELD_COUNT);
  } else {
    w.writeUint8(def.kind!);
  }
  if (def.byName) {
    writeName(w, def.namespace, NAMESPACE_CONTEXT, NAMESPACE_ENCODINGS);
    writeName(w, def.typeName, TYPE_NAME_CONTEXT, TYPE_NAME_ENCODINGS);
  } else {
    w.writeVarUint32(def.userTypeId!);
  }
  for (const f of def.fields) {
    let encoding: number;
    let size: number;
    let nameBytes: Uint8Array | null = null;
    if (f.tagId !== undefined) {
      encoding = TAG_ID_ENCODING;
      size = f.tagId;
    } else {
      const encoded = encodeMetaString(f.name, FIELD_NAME_CONTEXT);
      encoding = FIELD_NAME_ENCODINGS.indexOf(encoded.encoding);
      nameBytes = encoded.bytes;
      size = nameBytes.length - 1;
    }
    w.writeUint8((encoding << 6) | (Math.min(size, 15) << 2) | (f.type.nullable ? 2 : 0) | (f.type.ref ? 1 : 0));
    if (size >= 15) w.writeVarUint32(size - 15);
    w.writeVarUint32(f.type.typeId);
    writeTypeParams(w, f.type);
    if (nameBytes) w.writeBytes(nameBytes);
  }
  // Not toBytes(): that copies small results into the shared pool; the body is copied again below.
  const body = w.buf.subarray(0, w.pos);
  const header = typeDefHeader(body);
  const out = new ByteWriter(body.length + 16);
  out.writeUint64(header);
  if (body.length >= 0xff) out.writeVarUint32(body.length - 0xff);
  out.writeBytes(body);
  return {
    header,
    isStruct: def.isStruct,
    kind: def.kind ?? -1,
    compatible: true,
    byName: def.byName,
    namespace: def.namespace,
    typeName: def.typeName,
    userTypeId: def.userTypeId,
    fields: def.fields,
    bytes: out.buf.slice(0, out.pos), // long-lived (cached per type): its own buffer, not a pool slice
  };
}

/** The TypeDef limits of ForyLimits. */
export type TypeDefLimits = Pick<ForyLimits, 'maxTypeDefBytes' | 'maxTypeDefFields'>;

/**
 * Read a TypeDef's header and size. Returns the header identity, the body range and the end
 * offset; the caller decides (by cache) whether to decode the body.
 */
export function readTypeDefFrame(r: ByteReader, limits: TypeDefLimits): { header: bigint; start: number; bodyStart: number; bodyEnd: number } {
  const start = r.pos;
  r.checkReadable(8, 'TypeDef header');
  // Two uint32 reads instead of a DataView (creating one per payload costs more than the rest).
  const lo = r.readUint32();
  const hi = r.readUint32();
  const header = (BigInt(hi) << 32n) | BigInt(lo);
  const low = lo & 0xfff;
  if (low & 0x100) throw new InvalidDataError('Compressed TypeDef metadata is not supported', start);
  if (low & 0xe00) throw new InvalidDataError('Reserved TypeDef header bits 9-11 are set', start);
  let size = low & 0xff;
  if (size === 0xff) size += r.readVarUint32();
  if (size > limits.maxTypeDefBytes) throw new LimitExceededError('maxTypeDefBytes', size, limits.maxTypeDefBytes, start);
  r.checkReadable(size, 'TypeDef body');
  const bodyStart = r.pos;
  r.pos += size;
  return { header, start, bodyStart, bodyEnd: bodyStart + size };
}

function readName(r: ByteReader, ctx: MetaStringContext, table: readonly MetaStringEncodingValue[], what: string): string {
  const at = r.pos;
  const b = r.readUint8();
  const index = b & 3;
  let len = b >> 2;
  if (len === 63) len += r.readVarUint32();
  const encoding = table[index];
  if (encoding === undefined) throw new InvalidDataError(`Invalid ${what} encoding ${index} in TypeDef`, at);
  return decodeMetaString(r.readView(len, what), encoding, ctx, at);
}

function readNestedType(r: ByteReader, depth: number): FieldType {
  const at = r.pos;
  const v = r.readVarUint32();
  return readTypeParams(r, (v >>> 2) >>> 0, (v & 2) !== 0, (v & 1) !== 0, depth, at);
}

function readTypeParams(r: ByteReader, typeId: number, nullable: boolean, ref: boolean, depth: number, at: number): FieldType {
  if (depth > TYPEDEF_MAX_TYPE_NESTING) throw new LimitExceededError('TYPEDEF_MAX_TYPE_NESTING', depth, TYPEDEF_MAX_TYPE_NESTING, at, 'TypeDef field type nesting');
  if (typeId === TypeId.LIST || typeId === TypeId.SET) {
    return { typeId, nullable, ref, element: readNestedType(r, depth + 1) };
  }
  if (typeId === TypeId.MAP) {
    const key = readNestedType(r, depth + 1);
    return { typeId, nullable, ref, key, value: readNestedType(r, depth + 1) };
  }
  return { typeId, nullable, ref };
}

/** Decode a TypeDef body (after readTypeDefFrame) and verify its hash. */
export function decodeTypeDef(r: ByteReader, frame: { header: bigint; start: number; bodyStart: number; bodyEnd: number }, limits: TypeDefLimits): TypeDef {
  const body = r.buf.subarray(frame.bodyStart, frame.bodyEnd);
  if (typeDefHeader(body) !== frame.header) {
    throw new InvalidDataError('Invalid TypeDef metadata hash', frame.start);
  }
  const saved = r.pos;
  const saveEnd = r.end;
  r.pos = frame.bodyStart;
  r.end = frame.bodyEnd;
  try {
    const meta = r.readUint8();
    const isStruct = (meta & IS_STRUCT) !== 0;
    let byName: boolean;
    let kind = -1;
    let fieldCount = 0;
    if (isStruct) {
      byName = (meta & BY_NAME) !== 0;
      fieldCount = meta & 0x1f;
      if (fieldCount === SMALL_FIELD_COUNT) fieldCount += r.readVarUint32();
      if (fieldCount > limits.maxTypeDefFields) throw new LimitExceededError('maxTypeDefFields', fieldCount, limits.maxTypeDefFields, frame.bodyStart);
    } else {
      if (meta & 0x70) throw new InvalidDataError(`Reserved bits in TypeDef kind byte 0x${meta.toString(16)}`, frame.bodyStart);
      kind = meta & 0x0f;
      if (kind > TypeDefKind.NAMED_UNION) throw new InvalidDataError(`Unsupported TypeDef kind ${kind}`, frame.bodyStart);
      byName = kind % 2 === 1;
    }
    let namespace = '';
    let typeName = '';
    let userTypeId: number | undefined;
    if (byName) {
      namespace = readName(r, NAMESPACE_CONTEXT, NAMESPACE_ENCODINGS, 'namespace');
      typeName = readName(r, TYPE_NAME_CONTEXT, TYPE_NAME_ENCODINGS, 'type name');
    } else {
      userTypeId = r.readVarUint32();
    }
    const fields: TypeDefField[] = [];
    for (let i = 0; i < fieldCount; i++) {
      const at = r.pos;
      const h = r.readUint8();
      const encoding = h >> 6;
      let size = (h >> 2) & 0x0f;
      if (size === 15) size += r.readVarUint32();
      const typeAt = r.pos;
      const typeId = r.readVarUint32();
      const type = readTypeParams(r, typeId, (h & 2) !== 0, (h & 1) !== 0, 0, typeAt);
      if (encoding === TAG_ID_ENCODING) {
        fields.push({ name: '', tagId: size, type });
      } else {
        const name = decodeMetaString(r.readView(size + 1, 'TypeDef field name'), FIELD_NAME_ENCODINGS[encoding]!, FIELD_NAME_CONTEXT, at);
        fields.push({ name, tagId: undefined, type });
      }
    }
    if (r.pos !== frame.bodyEnd) throw new InvalidDataError('TypeDef body has trailing bytes', r.pos);
    return {
      header: frame.header,
      isStruct,
      kind,
      compatible: isStruct ? (meta & COMPATIBLE) !== 0 : true,
      byName,
      namespace,
      typeName,
      userTypeId,
      fields,
      bytes: r.buf.slice(frame.start, frame.bodyEnd),
    };
  } finally {
    r.pos = saved;
    r.end = saveEnd;
  }
}
