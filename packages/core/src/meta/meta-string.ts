/**
 * Meta strings: the compact encodings used for namespaces, type names and field names.
 * Spec: "Meta String" (encoding ids, character tables, algorithms, selection).
 *
 * Bit packing: the first bit of the first byte says whether the final character slot is padding
 * (the "strip last char" flag); characters follow most-significant bit first, `bitsPerChar` each.
 */
import { InvalidDataError } from '../errors.js';
import { MetaStringEncoding, type MetaStringEncodingValue } from '../meta/flags.js';

/**
 * The two characters that take codes 62 and 63 in LOWER_UPPER_DIGIT_SPECIAL, which differ by
 * context (spec "Special Character Sets by Context").
 */
export interface MetaStringContext {
  readonly special62: string;
  readonly special63: string;
  /** Encodings a writer may choose in this context. */
  readonly allowed: readonly MetaStringEncodingValue[];
}

export const NAMESPACE_CONTEXT: MetaStringContext = {
  special62: '.',
  special63: '_',
  allowed: [
    MetaStringEncoding.UTF8,
    MetaStringEncoding.ALL_TO_LOWER_SPECIAL,
    MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL,
  ],
};

export const TYPE_NAME_CONTEXT: MetaStringContext = {
  special62: '$',
  special63: '_',
  allowed: [
    MetaStringEncoding.UTF8,
    MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL,
    MetaStringEncoding.FIRST_TO_LOWER_SPECIAL,
    MetaStringEncoding.ALL_TO_LOWER_SPECIAL,
  ],
};

export const FIELD_NAME_CONTEXT: MetaStringContext = {
  special62: '$',
  special63: '_',
  allowed: [
    MetaStringEncoding.UTF8,
    MetaStringEncoding.ALL_TO_LOWER_SPECIAL,
    MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL,
  ],
};

/** A string in its chosen meta-string encoding. */
export interface EncodedMetaString {
  readonly text: string;
  readonly encoding: MetaStringEncodingValue;
  readonly bytes: Uint8Array;
}

const LOWER_SPECIAL_EXTRA = '._$|';

function lowerSpecialCode(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  switch (c) {
    case 46: return 26; // .
    case 95: return 27; // _
    case 36: return 28; // $
    case 124: return 29; // |
    default: return -1;
  }
}

function ludsCode(c: number, ctx: MetaStringContext): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 65 && c <= 90) return c - 65 + 26;
  if (c >= 48 && c <= 57) return c - 48 + 52;
  if (c === ctx.special62.charCodeAt(0)) return 62;
  if (c === ctx.special63.charCodeAt(0)) return 63;
  return -1;
}

function packBits(codes: number[], bitsPerChar: number): Uint8Array {
  const totalBits = codes.length * bitsPerChar + 1;
  const bytes = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = 1;
  for (const code of codes) {
    for (let i = bitsPerChar - 1; i >= 0; i--) {
      if (code & (1 << i)) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
      bit++;
    }
  }
  // If the padding can hold a whole extra character, flag it so the reader drops it.
  if (bytes.length * 8 >= totalBits + bitsPerChar) bytes[0]! |= 0x80;
  return bytes;
}

function unpackBits(bytes: Uint8Array, bitsPerChar: number): number[] {
  if (bytes.length === 0) return [];
  const totalBits = bytes.length * 8;
  let count = Math.floor((totalBits - 1) / bitsPerChar);
  if (bytes[0]! & 0x80) count--;
  const codes: number[] = [];
  let bit = 1;
  for (let n = 0; n < count; n++) {
    let code = 0;
    for (let i = 0; i < bitsPerChar; i++) {
      code = (code << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
      bit++;
    }
    codes.push(code);
  }
  return codes;
}

function encodeLowerSpecial(s: string): Uint8Array {
  const codes: number[] = [];
  for (let i = 0; i < s.length; i++) codes.push(lowerSpecialCode(s.charCodeAt(i)));
  return packBits(codes, 5);
}

function escapeUppercase(s: string): string {
  let out = '';
  for (const ch of s) out += ch >= 'A' && ch <= 'Z' ? '|' + ch.toLowerCase() : ch;
  return out;
}

const utf8Encoder = new TextEncoder();

/** Encode `text` with an explicit encoding. */
export function encodeMetaStringAs(text: string, encoding: MetaStringEncodingValue, ctx: MetaStringContext): EncodedMetaString {
  let bytes: Uint8Array;
  switch (encoding) {
    case MetaStringEncoding.UTF8:
      bytes = utf8Encoder.encode(text);
      break;
    case MetaStringEncoding.LOWER_SPECIAL:
      bytes = encodeLowerSpecial(text);
      break;
    case MetaStringEncoding.FIRST_TO_LOWER_SPECIAL:
      bytes = encodeLowerSpecial(text.charAt(0).toLowerCase() + text.slice(1));
      break;
    case MetaStringEncoding.ALL_TO_LOWER_SPECIAL:
      bytes = encodeLowerSpecial(escapeUppercase(text));
      break;
    case MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL: {
      const codes: number[] = [];
      for (let i = 0; i < text.length; i++) codes.push(ludsCode(text.charCodeAt(i), ctx));
      bytes = packBits(codes, 6);
      break;
    }
    default:
      throw new RangeError(`Unknown meta string encoding ${String(encoding)}`);
  }
  return { text, encoding, bytes };
}

/** Choose the most compact encoding allowed in `ctx` (spec "Encoding Selection Algorithm"). */
export function chooseMetaStringEncoding(text: string, ctx: MetaStringContext): MetaStringEncodingValue {
  const allowed = (e: MetaStringEncodingValue) => ctx.allowed.includes(e);
  if (text.length === 0) return allowed(MetaStringEncoding.LOWER_SPECIAL) ? MetaStringEncoding.LOWER_SPECIAL : MetaStringEncoding.UTF8;
  let canLowerSpecial = true;
  let canLuds = true;
  let digits = 0;
  let uppers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (canLowerSpecial && lowerSpecialCode(c) < 0) canLowerSpecial = false;
    if (canLuds && ludsCode(c, ctx) < 0) canLuds = false;
    if (c >= 48 && c <= 57) digits++;
    if (c >= 65 && c <= 90) uppers++;
  }
  if (canLowerSpecial && allowed(MetaStringEncoding.LOWER_SPECIAL)) return MetaStringEncoding.LOWER_SPECIAL;
  if (canLuds) {
    if (digits > 0 && allowed(MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL)) return MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL;
    const first = text.charCodeAt(0);
    if (uppers === 1 && first >= 65 && first <= 90 && allowed(MetaStringEncoding.FIRST_TO_LOWER_SPECIAL)) {
      return MetaStringEncoding.FIRST_TO_LOWER_SPECIAL;
    }
    if (digits === 0 && (text.length + uppers) * 5 < text.length * 6 && allowed(MetaStringEncoding.ALL_TO_LOWER_SPECIAL)) {
      return MetaStringEncoding.ALL_TO_LOWER_SPECIAL;
    }
    if (allowed(MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL)) return MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL;
  }
  return MetaStringEncoding.UTF8;
}

/** Encode `text` with the encoding the selection algorithm picks for `ctx`. */
export function encodeMetaString(text: string, ctx: MetaStringContext): EncodedMetaString {
  return encodeMetaStringAs(text, chooseMetaStringEncoding(text, ctx), ctx);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Decode meta-string bytes; `offset` locates them in the payload for errors. */
export function decodeMetaString(bytes: Uint8Array, encoding: number, ctx: MetaStringContext, offset = 0): string {
  switch (encoding) {
    case MetaStringEncoding.UTF8:
      try {
        return utf8Decoder.decode(bytes);
      } catch {
        throw new InvalidDataError('Invalid UTF-8 in meta string', offset, 'INVALID_UTF8');
      }
    case MetaStringEncoding.LOWER_SPECIAL:
    case MetaStringEncoding.FIRST_TO_LOWER_SPECIAL:
    case MetaStringEncoding.ALL_TO_LOWER_SPECIAL: {
      let s = '';
      for (const code of unpackBits(bytes, 5)) {
        if (code > 29) throw new InvalidDataError(`Invalid lower-special code ${code} in meta string`, offset);
        s += code < 26 ? String.fromCharCode(97 + code) : LOWER_SPECIAL_EXTRA[code - 26];
      }
      if (encoding === MetaStringEncoding.FIRST_TO_LOWER_SPECIAL) return s.charAt(0).toUpperCase() + s.slice(1);
      if (encoding === MetaStringEncoding.ALL_TO_LOWER_SPECIAL) {
        let out = '';
        for (let i = 0; i < s.length; i++) {
          if (s[i] === '|' && i + 1 < s.length) out += s[++i]!.toUpperCase();
          else out += s[i];
        }
        return out;
      }
      return s;
    }
    case MetaStringEncoding.LOWER_UPPER_DIGIT_SPECIAL: {
      let s = '';
      for (const code of unpackBits(bytes, 6)) {
        if (code < 26) s += String.fromCharCode(97 + code);
        else if (code < 52) s += String.fromCharCode(65 + code - 26);
        else if (code < 62) s += String.fromCharCode(48 + code - 52);
        else s += code === 62 ? ctx.special62 : ctx.special63;
      }
      return s;
    }
    default:
      throw new InvalidDataError(`Unknown meta string encoding ${encoding}`, offset);
  }
}
