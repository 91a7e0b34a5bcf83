// Byte-level annotator for Fory xlang payloads containing user types (structs, enums, unions,
// ext), used by peers/struct-catalog.mjs to explain what Java fory-core / pyfory write.
// Written from the observed wire format (see peers/struct-catalog.md); it is a reader, so every
// annotated payload is also a check that the documented rules consume exactly all bytes.
//
//   annotate(hex, { compatible, ref, writer, schemas }) -> { lines, ok, error, typedefs }
//
// schemas: Map "id:200" | "name:example.Person" -> { fields: [{name, type, nullable, ref}] } in
// wire order (taken from TypeDefs the same runtime wrote in compatible mode).

// ------------------------------------------------------------------------------- type ids
export const TYPE_NAMES = {
  0: 'UNKNOWN', 1: 'BOOL', 2: 'INT8', 3: 'INT16', 4: 'INT32', 5: 'VARINT32', 6: 'INT64', 7: 'VARINT64',
  8: 'TAGGED_INT64', 9: 'UINT8', 10: 'UINT16', 11: 'UINT32', 12: 'VAR_UINT32', 13: 'UINT64',
  14: 'VAR_UINT64', 15: 'TAGGED_UINT64', 16: 'FLOAT8', 17: 'FLOAT16', 18: 'BFLOAT16', 19: 'FLOAT32',
  20: 'FLOAT64', 21: 'STRING', 22: 'LIST', 23: 'SET', 24: 'MAP', 25: 'ENUM', 26: 'NAMED_ENUM',
  27: 'STRUCT', 28: 'COMPATIBLE_STRUCT', 29: 'NAMED_STRUCT', 30: 'NAMED_COMPATIBLE_STRUCT', 31: 'EXT',
  32: 'NAMED_EXT', 33: 'UNION', 34: 'TYPED_UNION', 35: 'NAMED_UNION', 36: 'NONE', 37: 'DURATION',
  38: 'TIMESTAMP', 39: 'DATE', 40: 'DECIMAL', 41: 'BINARY', 42: 'ARRAY', 43: 'BOOL_ARRAY',
  44: 'INT8_ARRAY', 45: 'INT16_ARRAY', 46: 'INT32_ARRAY', 47: 'INT64_ARRAY', 48: 'UINT8_ARRAY',
  49: 'UINT16_ARRAY', 50: 'UINT32_ARRAY', 51: 'UINT64_ARRAY', 52: 'FLOAT8_ARRAY', 53: 'FLOAT16_ARRAY',
  54: 'BFLOAT16_ARRAY', 55: 'FLOAT32_ARRAY', 56: 'FLOAT64_ARRAY',
};
export const T = Object.fromEntries(Object.entries(TYPE_NAMES).map(([k, v]) => [v, Number(k)]));
const STRUCT_IDS = new Set([T.STRUCT, T.COMPATIBLE_STRUCT, T.NAMED_STRUCT, T.NAMED_COMPATIBLE_STRUCT]);
const USER_ID_KINDS = new Set([T.ENUM, T.STRUCT, T.COMPATIBLE_STRUCT, T.EXT, T.TYPED_UNION]);
const NAMED_KINDS = new Set([T.NAMED_ENUM, T.NAMED_STRUCT, T.NAMED_COMPATIBLE_STRUCT, T.NAMED_EXT, T.NAMED_UNION]);
export const isStructId = (id) => STRUCT_IDS.has(id);
export const tname = (id) => `${TYPE_NAMES[id] ?? '?'}(${id})`;

// ------------------------------------------------------------------------------- MurmurHash3
// MurmurHash3 x64_128 (Austin Appleby's public-domain algorithm), BigInt implementation.
const M64 = (1n << 64n) - 1n;
const rotl = (x, r) => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & M64;
const fmix = (k) => {
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & M64;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & M64;
  k ^= k >> 33n;
  return k;
};
export function murmur3x64_128(bytes, seed = 47) {
  const c1 = 0x87c37b91114253d5n;
  const c2 = 0x4cf5ad432745937fn;
  let h1 = BigInt(seed) & M64;
  let h2 = BigInt(seed) & M64;
  const len = bytes.length;
  const nblocks = Math.floor(len / 16);
  const le64 = (off, n = 8) => {
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[off + i]);
    return v;
  };
  for (let i = 0; i < nblocks; i++) {
    let k1 = le64(i * 16);
    let k2 = le64(i * 16 + 8);
    k1 = (k1 * c1) & M64; k1 = rotl(k1, 31); k1 = (k1 * c2) & M64; h1 ^= k1;
    h1 = rotl(h1, 27); h1 = (h1 + h2) & M64; h1 = (h1 * 5n + 0x52dce729n) & M64;
    k2 = (k2 * c2) & M64; k2 = rotl(k2, 33); k2 = (k2 * c1) & M64; h2 ^= k2;
    h2 = rotl(h2, 31); h2 = (h2 + h1) & M64; h2 = (h2 * 5n + 0x38495ab5n) & M64;
  }
  const tail = nblocks * 16;
  const rem = len & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let i = rem - 1; i >= 8; i--) k2 ^= BigInt(bytes[tail + i]) << BigInt((i - 8) * 8);
  if (rem > 8) { k2 = (k2 * c2) & M64; k2 = rotl(k2, 33); k2 = (k2 * c1) & M64; h2 ^= k2; }
  for (let i = Math.min(rem, 8) - 1; i >= 0; i--) k1 ^= BigInt(bytes[tail + i]) << BigInt(i * 8);
  if (rem > 0) { k1 = (k1 * c1) & M64; k1 = rotl(k1, 31); k1 = (k1 * c2) & M64; h1 ^= k1; }
  h1 ^= BigInt(len); h2 ^= BigInt(len);
  h1 = (h1 + h2) & M64; h2 = (h2 + h1) & M64;
  h1 = fmix(h1); h2 = fmix(h2);
  h1 = (h1 + h2) & M64; h2 = (h2 + h1) & M64;
  return [h1, h2];
}
const signed64 = (x) => (x >= 1n << 63n ? x - (1n << 64n) : x);

/** The spec's TypeDef header hash bits for a body and the low 12 header bits. */
export function typedefHeader(body, low12) {
  const input = Uint8Array.from([...body, low12 & 0xff, (low12 >> 8) & 0xff]);
  const [h1] = murmur3x64_128(input, 47);
  let shifted = signed64((h1 << 12n) & M64);
  if (shifted !== -(1n << 63n) && shifted < 0n) shifted = -shifted;
  return ((shifted & M64) & 0xfffffffffffff000n) | BigInt(low12);
}

/** Same-schema struct hash: low 32 bits (as uint32) of murmur3 lane 0 over the fingerprint. */
export function schemaHash(fingerprint) {
  const [h1] = murmur3x64_128(new TextEncoder().encode(fingerprint), 47);
  return Number(h1 & 0xffffffffn);
}

// ------------------------------------------------------------------------------- meta strings
export const MS_ENC = ['UTF8', 'LOWER_SPECIAL', 'LOWER_UPPER_DIGIT_SPECIAL', 'FIRST_TO_LOWER_SPECIAL', 'ALL_TO_LOWER_SPECIAL'];
const LS = 'abcdefghijklmnopqrstuvwxyz._$|';
const LUDS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function unpackBits(data, bitsPer) {
  // first bit of the stream = "strip last char" flag
  const totalBits = data.length * 8;
  const bit = (i) => (data[i >> 3] >> (7 - (i & 7))) & 1;
  const strip = data.length ? bit(0) : 0;
  const codes = [];
  for (let i = 1; i + bitsPer <= totalBits; i += bitsPer) {
    let c = 0;
    for (let j = 0; j < bitsPer; j++) c = (c << 1) | bit(i + j);
    codes.push(c);
  }
  if (strip && codes.length) codes.pop();
  return codes;
}

/** Decodes meta-string bytes with encoding id (0..4) and the context's two special chars. */
export function decodeMetaString(data, enc, special = ['.', '_']) {
  if (enc === 0) return new TextDecoder().decode(Uint8Array.from(data));
  if (enc === 2) {
    const chars = LUDS + special[0] + special[1];
    return unpackBits(data, 6).map((c) => chars[c] ?? '?').join('');
  }
  const s = unpackBits(data, 5).map((c) => LS[c] ?? '?').join('');
  if (enc === 1) return s;
  if (enc === 3) return s.length ? s[0].toUpperCase() + s.slice(1) : s;
  if (enc === 4) return s.replace(/\|(.)/g, (_, c) => c.toUpperCase());
  return s;
}

// ------------------------------------------------------------------------------- reader
class Fail extends Error {}

export class Annotator {
  constructor(hex, opts = {}) {
    this.b = Uint8Array.from((hex.match(/../g) || []).map((x) => parseInt(x, 16)));
    this.pos = 0;
    this.lines = [];
    this.depth = 0;
    this.opts = opts;
    this.compatible = !!opts.compatible;
    this.schemas = opts.schemas || new Map();
    this.typedefs = []; // by meta index
    this.metaStrings = []; // dedup table (non-share named types)
    this.refCount = 0; // ref ids handed out
    this.notes = [];
  }

  // --- backtracking (used where a runtime may or may not write type info)
  snapshot() {
    return { pos: this.pos, lines: this.lines.length, ms: this.metaStrings.length, tds: [...this.typedefs], refs: this.refCount, depth: this.depth };
  }
  restore(s) {
    this.pos = s.pos;
    this.lines.length = s.lines;
    this.metaStrings.length = s.ms;
    this.typedefs = s.tds;
    this.refCount = s.refs;
    this.depth = s.depth;
  }
  /** Tries each alternative (functions) in order; returns the index of the first that parses. */
  alt(...fns) {
    const snap = this.snapshot();
    let last;
    for (let i = 0; i < fns.length; i++) {
      try {
        fns[i]();
        return i;
      } catch (e) {
        if (!(e instanceof Fail)) throw e;
        last = e;
        this.restore(snap);
      }
    }
    throw last;
  }

  // --- primitives
  need(n) {
    if (this.pos + n > this.b.length) throw new Fail(`unexpected end at byte ${this.pos} (need ${n})`);
  }
  u8() {
    this.need(1);
    return this.b[this.pos++];
  }
  hexAt(start, end = this.pos) {
    return Array.from(this.b.slice(start, end), (x) => x.toString(16).padStart(2, '0')).join(' ');
  }
  emit(start, text) {
    this.lines.push({ off: start, len: this.pos - start, hex: this.hexAt(start), depth: this.depth, text });
  }
  varuint32() {
    let r = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const x = this.u8();
      r += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) return r;
      shift += 7;
    }
    throw new Fail('varuint32 longer than 5 bytes');
  }
  varuint64() {
    let r = 0n;
    for (let i = 0; i < 8; i++) {
      const x = this.u8();
      r |= BigInt(x & 0x7f) << BigInt(7 * i);
      if (!(x & 0x80)) return r;
    }
    return r | (BigInt(this.u8()) << 56n);
  }
  zigzag(v) {
    return (v >> 1n) ^ -(v & 1n);
  }
  le(n) {
    this.need(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.b[this.pos + i]);
    this.pos += n;
    return v;
  }
  sle(n) {
    const v = this.le(n);
    const bits = BigInt(n * 8);
    return v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
  }

  // --- scalar values by type id (returns description)
  scalar(id) {
    switch (id) {
      case T.BOOL: return String(this.u8() !== 0);
      case T.INT8: return String(this.sle(1));
      case T.INT16: return String(this.sle(2));
      case T.INT32: return String(this.sle(4));
      case T.VARINT32: return String(this.zigzag(BigInt(this.varuint32())));
      case T.INT64: return String(this.sle(8));
      case T.VARINT64: return String(this.zigzag(this.varuint64()));
      case T.TAGGED_INT64: {
        const first = this.b[this.pos];
        if ((first & 1) === 0) return String(this.sle(4) >> 1n);
        this.u8();
        return String(this.sle(8));
      }
      case T.UINT8: return String(this.le(1));
      case T.UINT16: return String(this.le(2));
      case T.UINT32: return String(this.le(4));
      case T.VAR_UINT32: return String(this.varuint32());
      case T.UINT64: return String(this.le(8));
      case T.VAR_UINT64: return String(this.varuint64());
      case T.TAGGED_UINT64: {
        const first = this.b[this.pos];
        if ((first & 1) === 0) return String(this.le(4) >> 1n);
        this.u8();
        return String(this.le(8));
      }
      case T.FLOAT16: case T.BFLOAT16: return `bits 0x${this.le(2).toString(16)}`;
      case T.FLOAT32: {
        this.need(4);
        const v = new DataView(this.b.buffer, this.pos, 4).getFloat32(0, true);
        this.pos += 4;
        return String(v);
      }
      case T.FLOAT64: {
        this.need(8);
        const v = new DataView(this.b.buffer, this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return String(v);
      }
      default: return null;
    }
  }

  string() {
    const h = this.varuint64();
    const enc = Number(h & 3n);
    const n = Number(h >> 2n);
    this.need(n);
    const data = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    let text;
    if (enc === 0) text = Array.from(data, (c) => String.fromCharCode(c)).join('');
    else if (enc === 1) text = String.fromCharCode(...Array.from({ length: n >> 1 }, (_, i) => data[2 * i] | (data[2 * i + 1] << 8)));
    else text = new TextDecoder().decode(data);
    return `${['LATIN1', 'UTF16', 'UTF8', '?'][enc]} ${n} B ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`;
  }

  // --- meta strings outside TypeDefs (named types without meta share)
  metaString(role) {
    const start = this.pos;
    const h = this.varuint32();
    if (h & 1) {
      const id = (h >> 1) - 1;
      const prev = this.metaStrings[id];
      this.emit(start, `${role}: meta-string REFERENCE header ${h} = ((id ${id} + 1) << 1) | 1 -> ${JSON.stringify(prev?.text)}`);
      return prev?.text;
    }
    const len = h >> 1;
    let enc;
    let hashNote = '';
    if (len > 16) {
      const hash = this.le(8);
      enc = Number(hash & 0xffn);
      this.need(len);
      const [h1] = murmur3x64_128(this.b.slice(this.pos, this.pos + len), 47);
      const hi = (x) => x & ~0xffn & M64;
      const abs = signed64(h1) < 0n ? (-signed64(h1)) & M64 : h1;
      let how = 'NO MATCH';
      if (hi(h1) === hi(hash) && hi(abs) === hi(hash)) how = 'lane0 (positive, so raw = abs)';
      else if (hi(h1) === hi(hash)) how = 'RAW lane0 (lane0 is negative; no abs)';
      else if (hi(abs) === hi(hash)) how = 'ABS(lane0 as int64) (lane0 is negative)';
      hashNote = `; 8-byte LE hash 0x${hash.toString(16).padStart(16, '0')}: murmur3(bytes, 47) ${how}, low byte := encoding ${enc}`;
    } else {
      enc = this.u8();
    }
    this.need(len);
    const data = Array.from(this.b.slice(this.pos, this.pos + len));
    this.pos += len;
    const special = role === 'namespace' ? ['.', '_'] : ['$', '_'];
    const text = decodeMetaString(data, enc, special);
    this.metaStrings.push({ text, enc });
    this.emit(start, `${role}: meta-string header ${h} = len ${len} << 1${hashNote}${len > 16 ? '' : `; encoding byte ${enc}`} (${MS_ENC[enc]}); ${JSON.stringify(text)} (dedup id ${this.metaStrings.length - 1})`);
    return text;
  }

  // --- TypeDef
  typedef() {
    const start = this.pos;
    const header = this.le(8);
    const low12 = Number(header & 0xfffn);
    let size = Number(header & 0xffn);
    const extStart = this.pos;
    if (size === 0xff) size += this.varuint32();
    const bodyStart = this.pos;
    this.need(size);
    const body = this.b.slice(bodyStart, bodyStart + size);
    const expect = typedefHeader(body, low12);
    const hashOk = expect === header;
    this.pos = extStart;
    this.emit(start - 0, '');
    this.lines.pop();
    this.pos = bodyStart;
    this.lines.push({
      off: start, len: bodyStart - start, hex: this.hexAt(start, bodyStart), depth: this.depth,
      text: `TypeDef header u64 LE 0x${header.toString(16).padStart(16, '0')}: body size ${size}${size >= 0xff ? ' (0xff + varuint ext)' : ''}, compress bit ${Number((header >> 8n) & 1n)}, hash bits ${hashOk ? 'MATCH' : 'DO NOT MATCH'} murmur3(body||low12 LE, seed 47)`,
    });
    this.depth++;
    let s = this.pos;
    const mh = this.u8();
    const td = { fields: [], start, bodyStart, size, header };
    if (mh & 0x80) {
      td.struct = true;
      td.compatible = !!(mh & 0x40);
      td.byName = !!(mh & 0x20);
      let n = mh & 0x1f;
      if (n === 31) n += this.varuint32();
      td.numFields = n;
      this.emit(s, `meta header 0x${mh.toString(16)}: IS_STRUCT, COMPATIBLE=${+td.compatible}, REGISTER_BY_NAME=${+td.byName}, num_fields=${n}`);
    } else {
      td.struct = false;
      td.kindCode = mh & 0x0f;
      td.byName = [1, 3, 5].includes(td.kindCode);
      this.emit(s, `meta header 0x${mh.toString(16)}: non-struct kind ${td.kindCode} (${['ENUM', 'NAMED_ENUM', 'EXT', 'NAMED_EXT', 'TYPED_UNION', 'NAMED_UNION'][td.kindCode] ?? '?'})`);
      td.numFields = 0;
    }
    if (td.byName) {
      td.namespace = this.typedefName('namespace', ['UTF8', 'ALL_TO_LOWER_SPECIAL', 'LOWER_UPPER_DIGIT_SPECIAL'], [0, 4, 2], ['.', '_']);
      td.typeName = this.typedefName('type name', ['UTF8', 'ALL_TO_LOWER_SPECIAL', 'LOWER_UPPER_DIGIT_SPECIAL', 'FIRST_TO_LOWER_SPECIAL'], [0, 4, 2, 3], ['$', '_']);
      td.key = `name:${td.namespace}.${td.typeName}`;
    } else {
      s = this.pos;
      td.userId = this.varuint32();
      this.emit(s, `user type id ${td.userId} (varuint32)`);
      td.key = `id:${td.userId}`;
    }
    for (let i = 0; i < td.numFields; i++) td.fields.push(this.typedefField());
    if (this.pos !== bodyStart + size) throw new Fail(`TypeDef body size ${size} but parsed ${this.pos - bodyStart} bytes`);
    this.depth--;
    td.hashOk = hashOk;
    return td;
  }

  typedefName(role, table, encIds, special) {
    const s = this.pos;
    const h = this.u8();
    let len = h >> 2;
    const ei = h & 3;
    if (len === 63) len += this.varuint32();
    this.need(len);
    const data = Array.from(this.b.slice(this.pos, this.pos + len));
    this.pos += len;
    const text = decodeMetaString(data, encIds[ei], special);
    this.emit(s, `${role}: header 0x${h.toString(16)} = (len ${len} << 2) | ${ei} (${table[ei]}); ${JSON.stringify(text)}`);
    return text;
  }

  fieldType(top) {
    const v = this.varuint32();
    let id = v;
    let nullable = false;
    let ref = false;
    if (!top) {
      id = v >> 2;
      nullable = !!(v & 2);
      ref = !!(v & 1);
    }
    const t = { id, nullable, ref, raw: v };
    if (id === T.LIST || id === T.SET) t.elem = this.fieldType(false);
    else if (id === T.MAP) {
      t.key = this.fieldType(false);
      t.value = this.fieldType(false);
    }
    return t;
  }

  typedefField() {
    const s = this.pos;
    const h = this.u8();
    const enc = h >> 6;
    let size = (h >> 2) & 0xf;
    if (size === 15) size += this.varuint32();
    const nullable = !!(h & 2);
    const ref = !!(h & 1);
    const ft = this.fieldType(true);
    let name;
    if (enc === 3) {
      name = `#${size}`;
    } else {
      const len = size + 1;
      this.need(len);
      const data = Array.from(this.b.slice(this.pos, this.pos + len));
      this.pos += len;
      name = decodeMetaString(data, [0, 4, 2][enc], ['$', '_']);
    }
    this.emit(s, `field header 0x${h.toString(16)} (name enc ${['UTF8', 'ALL_TO_LOWER_SPECIAL', 'LOWER_UPPER_DIGIT_SPECIAL', 'TAG_ID'][enc]}, size ${size}, nullable ${+nullable}, ref ${+ref}); type ${fmtFieldType(ft)}; name ${JSON.stringify(name)}`);
    return { name, type: ft, nullable, ref };
  }

  // --- type info for a dynamic value: returns { id, td?, key? }
  typeInfo(label = 'type') {
    const s = this.pos;
    const id = this.varuint32();
    const info = { id };
    if (USER_ID_KINDS.has(id) && !(this.compatible && id === T.COMPATIBLE_STRUCT)) {
      info.userId = this.varuint32();
      info.key = `id:${info.userId}`;
      this.emit(s, `${label} ${tname(id)}, user id ${info.userId} (varuint32)`);
      return info;
    }
    if (id === T.COMPATIBLE_STRUCT || (NAMED_KINDS.has(id) && this.compatible)) {
      this.emit(s, `${label} ${tname(id)}`);
      return this.sharedMeta(info);
    }
    if (NAMED_KINDS.has(id)) {
      this.emit(s, `${label} ${tname(id)}`);
      this.depth++;
      const ns = this.metaString('namespace');
      const tn = this.metaString('type name');
      this.depth--;
      info.key = `name:${ns}.${tn}`;
      return info;
    }
    this.emit(s, `${label} ${tname(id)}`);
    return info;
  }

  sharedMeta(info) {
    const s = this.pos;
    const marker = this.varuint32();
    const index = marker >> 1;
    if (marker & 1) {
      this.emit(s, `shared TypeDef marker ${marker} = (index ${index} << 1) | 1: reference to TypeDef #${index}`);
      info.td = this.typedefs[index];
    } else {
      this.emit(s, `shared TypeDef marker ${marker} = (index ${index} << 1) | 0: new TypeDef #${index} follows inline`);
      this.depth++;
      info.td = this.typedef();
      this.depth--;
      this.typedefs[index] = info.td;
      if (this.opts.onTypedef) this.opts.onTypedef(info.td);
    }
    info.key = info.td?.key;
    return info;
  }

  // --- values
  refFlag(label) {
    const s = this.pos;
    const f = this.u8();
    if (f === 0xfd) {
      this.emit(s, `${label}ref flag fd NULL`);
      return 'null';
    }
    if (f === 0xfe) {
      const id = this.varuint32();
      this.emit(s, `${label}ref flag fe REF -> ref id ${id}`);
      return 'ref';
    }
    if (f === 0xff) {
      this.emit(s, `${label}ref flag ff NOT_NULL_VALUE`);
      return 'value';
    }
    if (f === 0x00) {
      this.emit(s, `${label}ref flag 00 REF_VALUE (takes ref id ${this.refCount})`);
      this.refCount++;
      return 'value';
    }
    throw new Fail(`bad ref flag 0x${f.toString(16)} at ${s}`);
  }

  /** Reads a full dynamic value: ref flag + type info + payload. */
  anyValue(label = '') {
    if (this.refFlag(label) !== 'value') return;
    const info = this.typeInfo();
    this.payload(info);
  }

  payload(info, declared) {
    const id = info.id;
    const s = this.pos;
    const sc = this.scalar(id);
    if (sc !== null) {
      this.emit(s, `${tname(id)} ${sc}`);
      return;
    }
    switch (id) {
      case T.STRING:
        this.emit(s, `string ${this.string()}`);
        return;
      case T.BINARY: case T.BOOL_ARRAY: case T.INT8_ARRAY: case T.INT16_ARRAY: case T.INT32_ARRAY:
      case T.INT64_ARRAY: case T.UINT8_ARRAY: case T.UINT16_ARRAY: case T.UINT32_ARRAY: case T.UINT64_ARRAY:
      case T.FLOAT16_ARRAY: case T.BFLOAT16_ARRAY: case T.FLOAT32_ARRAY: case T.FLOAT64_ARRAY: {
        const n = this.varuint32();
        this.need(n);
        this.pos += n;
        this.emit(s, `${tname(id)}: byte length ${n} + bytes`);
        return;
      }
      case T.LIST: case T.SET:
        this.collection(id, declared?.elem);
        return;
      case T.MAP:
        this.map(declared?.key, declared?.value);
        return;
      case T.ENUM: case T.NAMED_ENUM: {
        const o = this.varuint32();
        this.emit(s, `enum ordinal ${o} (varuint32)`);
        return;
      }
      case T.STRUCT: case T.NAMED_STRUCT: case T.COMPATIBLE_STRUCT: case T.NAMED_COMPATIBLE_STRUCT:
        this.struct(info);
        return;
      case T.EXT: case T.NAMED_EXT:
        this.ext(info);
        return;
      case T.UNION: case T.TYPED_UNION: case T.NAMED_UNION: {
        const c = this.varuint32();
        this.emit(s, `union case id ${c} (varuint32)`);
        this.depth++;
        this.anyValue('case value: ');
        this.depth--;
        return;
      }
      case T.DATE: {
        const v = this.zigzag(this.varuint64());
        this.emit(s, `date ${v} days`);
        return;
      }
      case T.TIMESTAMP: {
        this.pos += 12;
        this.emit(s, 'timestamp (int64 seconds + uint32 nanos)');
        return;
      }
      case T.NONE:
        return;
      default:
        throw new Fail(`no payload reader for ${tname(id)} at ${s}`);
    }
  }

  ext(info) {
    const s = this.pos;
    // Point / Point2 custom serializer: x, y as zigzag varint32
    const x = this.zigzag(BigInt(this.varuint32()));
    const y = this.zigzag(BigInt(this.varuint32()));
    this.emit(s, `ext payload (custom serializer): x=${x} y=${y} as zigzag varint32`);
  }

  collection(id, declaredElem, elemKey) {
    const s = this.pos;
    const n = this.varuint32();
    if (n === 0) {
      this.emit(s, `${tname(id)} length 0 (no elements header)`);
      return;
    }
    this.emit(s, `${tname(id)} length ${n}`);
    const hs = this.pos;
    const h = this.u8();
    const bits = [];
    if (h & 1) bits.push('track_ref');
    if (h & 2) bits.push('has_null');
    if (h & 4) bits.push('decl_elem_type');
    if (h & 8) bits.push('same_type');
    this.emit(hs, `elements header 0x${h.toString(16).padStart(2, '0')} (${bits.join('|') || 'none'})`);
    this.depth++;
    let elemInfo = null;
    if ((h & 8) && !(h & 4)) elemInfo = this.typeInfo('element type');
    else if (h & 4) {
      if (!declaredElem) throw new Fail('declared element type but no schema');
      elemInfo = { id: declaredElem.id, key: elemKey };
    }
    for (let i = 0; i < n; i++) {
      if (h & 8) {
        if (h & 1 || h & 2) {
          if (this.refFlag(`[${i}] `) !== 'value') continue;
        }
        this.payload(elemInfo, declaredElem);
      } else {
        if (h & 1 || h & 2) {
          if (this.refFlag(`[${i}] `) !== 'value') continue;
        }
        const info = this.typeInfo(`[${i}] type`);
        this.payload(info);
      }
    }
    this.depth--;
  }

  map(declKey, declValue, kKey, vKey) {
    const s = this.pos;
    const n = this.varuint32();
    this.emit(s, `MAP size ${n}`);
    this.depth++;
    let left = n;
    while (left > 0) {
      const hs = this.pos;
      const h = this.u8();
      const bits = [];
      if (h & 1) bits.push('key_track_ref');
      if (h & 2) bits.push('key_has_null');
      if (h & 4) bits.push('key_decl_type');
      if (h & 8) bits.push('val_track_ref');
      if (h & 16) bits.push('val_has_null');
      if (h & 32) bits.push('val_decl_type');
      if (h & 2 || h & 16) {
        this.emit(hs, `KV header 0x${h.toString(16).padStart(2, '0')} (${bits.join('|')}): single entry with a null side, no chunk size`);
        this.depth++;
        if (!(h & 2)) this.nullEntrySide(h & 4, declKey, kKey, 'key');
        if (!(h & 16)) this.nullEntrySide(h & 32, declValue, vKey, 'value');
        this.depth--;
        left--;
        continue;
      }
      const cs = this.u8();
      this.emit(hs, `KV header 0x${h.toString(16).padStart(2, '0')} (${bits.join('|') || 'none'}), chunk size ${cs}`);
      this.depth++;
      const kInfo = h & 4 ? { id: declKey.id, key: kKey } : this.typeInfo('key type');
      const vInfo = h & 32 ? { id: declValue.id, key: vKey } : this.typeInfo('value type');
      for (let i = 0; i < cs; i++) {
        if (h & 1) { if (this.refFlag('key ') !== 'value') continue; }
        this.payload(kInfo, declKey);
        if (h & 8) { if (this.refFlag('value ') !== 'value') continue; }
        this.payload(vInfo, declValue);
      }
      this.depth--;
      left -= cs;
    }
    this.depth--;
  }

  nullEntrySide(decl, declType, key, label) {
    // the non-null side of a null entry: ref flag, then type info unless declared, then data
    if (this.refFlag(`${label} `) !== 'value') return;
    if (decl) this.payload({ id: declType.id, key }, declType);
    else this.payload(this.typeInfo(`${label} type`));
  }

  schemaFor(info) {
    if (info.td) return info.td;
    const sch = this.schemas.get(info.key);
    if (!sch) throw new Fail(`no schema for ${info.key}`);
    return sch;
  }

  struct(info) {
    const sch = this.schemaFor(info);
    if (!this.compatible) {
      const s = this.pos;
      const h = Number(this.le(4));
      const want = this.opts.hashes?.get(info.key);
      const note = want === undefined ? '' : want === h ? ' = fingerprint hash MATCH' : ` (fingerprint hash would be 0x${want.toString(16).padStart(8, '0')})`;
      this.emit(s, `schema hash 0x${h.toString(16).padStart(8, '0')} (uint32 LE)${note}`);
    }
    for (const f of sch.fields) this.field(f, info.key);
  }

  /** Declared user type of a field / element ("id:200"...), from opts.fieldTypes. */
  declaredKey(owner, path) {
    return this.opts.fieldTypes?.get(`${owner}.${path}`);
  }

  field(f, owner) {
    const t = f.type;
    const label = `.${f.name}: `;
    const refTracked = f.ref && this.opts.ref;
    const s0 = this.pos;
    if (refTracked || f.nullable) {
      const r = this.refFlag(label);
      if (r !== 'value') return;
    }
    const s = this.pos;
    if (SCALAR_IDS.has(t.id)) {
      const v = this.scalar(t.id);
      this.emit(s, `${label}${tname(t.id)} ${v}`);
      return;
    }
    const head = (text) => this.lines.push({ off: s, len: 0, hex: '', depth: this.depth, text: `${label}${text}` });
    switch (t.id) {
      case T.STRING:
        this.emit(s, `${label}string ${this.string()}`);
        return;
      case T.LIST: case T.SET:
        head(`declared ${fmtFieldType(t)} (no type id)`);
        this.depth++;
        this.collection(t.id, t.elem, this.declaredKey(owner, `${f.name}[]`));
        this.depth--;
        return;
      case T.MAP:
        head(`declared ${fmtFieldType(t)} (no type id)`);
        this.depth++;
        this.map(t.key, t.value, this.declaredKey(owner, `${f.name}{k}`), this.declaredKey(owner, `${f.name}{v}`));
        this.depth--;
        return;
      case T.ENUM: case T.NAMED_ENUM: {
        const o = this.varuint32();
        this.emit(s, `${label}enum ordinal ${o} (varuint32, no type info)`);
        return;
      }
      case T.UNKNOWN:
        head('dynamic field (UNKNOWN(0)): ' + (refTracked || f.nullable ? 'type info + value after the flag' : 'full ref flag + type info + value'));
        this.depth++;
        if (!(refTracked || f.nullable)) this.anyValue();
        else this.payload(this.typeInfo());
        this.depth--;
        return;
      case T.UNION: case T.TYPED_UNION: case T.NAMED_UNION: {
        head(`${tname(t.id)} field: no type info, case id + case value`);
        this.depth++;
        this.payload({ id: T.UNION });
        this.depth--;
        return;
      }
      default:
        break;
    }
    if (isStructId(t.id) || t.id === T.EXT || t.id === T.NAMED_EXT) {
      const key = this.declaredKey(owner, f.name);
      const expectKinds = isStructId(t.id) ? STRUCT_IDS : new Set([T.EXT, T.NAMED_EXT]);
      const withInfo = () => {
        head(`${tname(t.id)} field WITH type info`);
        this.depth++;
        const info = this.typeInfo('type');
        if (!expectKinds.has(info.id)) throw new Fail(`field ${f.name}: ${tname(info.id)} is not a ${tname(t.id)} kind`);
        if (key && info.key && info.key !== key) throw new Fail(`field ${f.name}: type ${info.key} is not ${key}`);
        this.payload(info);
        this.depth--;
      };
      const without = () => {
        head(`${tname(t.id)} field WITHOUT type info (reader uses declared ${key})`);
        this.depth++;
        if (!key) throw new Fail(`field ${f.name}: no declared type key`);
        this.payload({ id: isStructId(t.id) ? T.STRUCT : T.EXT, key });
        this.depth--;
      };
      // compatible mode: a struct field's TypeDef type carries no user id, so type info must follow
      if (this.compatible) withInfo();
      else this.alt(withInfo, without);
      return;
    }
    if (TYPE_NAMES[t.id] && t.id >= T.DURATION) {
      this.payload({ id: t.id });
      this.lines[this.lines.length - 1].text = `${label}${this.lines[this.lines.length - 1].text}`;
      return;
    }
    throw new Fail(`field ${f.name}: cannot read ${tname(t.id)} at ${s0}`);
  }

  root() {
    const s = this.pos;
    const h = this.u8();
    this.emit(s, `root header 0x${h.toString(16).padStart(2, '0')} (bit0 xlang${h & 2 ? ', bit1 out-of-band' : ''})`);
    this.anyValue('root ');
    if (this.pos !== this.b.length) throw new Fail(`${this.b.length - this.pos} trailing bytes`);
  }
}

const SCALAR_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20]);

export function fmtFieldType(t) {
  const flags = (x) => (x.nullable || x.ref ? `{${x.nullable ? 'nullable' : ''}${x.nullable && x.ref ? ',' : ''}${x.ref ? 'ref' : ''}}` : '');
  if (t.id === T.LIST || t.id === T.SET) return `${TYPE_NAMES[t.id]}<${fmtFieldType(t.elem)}${flags(t.elem)}>`;
  if (t.id === T.MAP) return `MAP<${fmtFieldType(t.key)}${flags(t.key)}, ${fmtFieldType(t.value)}${flags(t.value)}>`;
  return tname(t.id);
}

export function annotate(hex, opts = {}) {
  const a = new Annotator(hex, opts);
  let error = null;
  try {
    a.root();
  } catch (e) {
    if (!(e instanceof Fail)) error = `${e.stack}`;
    else error = e.message;
  }
  return { lines: a.lines, ok: error === null, error, typedefs: a.typedefs, pos: a.pos };
}

export function renderLines(lines) {
  return lines
    .map((l) => `${String(l.off).padStart(4)}  ${'  '.repeat(l.depth)}${l.hex ? `\`${l.hex}\` ` : ''}${l.text}`)
    .join('\n');
}
