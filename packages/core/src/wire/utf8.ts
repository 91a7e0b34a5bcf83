/**
 * UTF-8 / Latin1 / UTF-16 helpers with no platform dependencies beyond TextDecoder (Node and browsers).
 * Spec: "string" → "String Header", "Encoding Algorithm".
 */

/**
 * UTF-8 byte length of a string, or -1 when it contains a lone surrogate, which UTF-8 cannot carry
 * losslessly (the caller then writes UTF-16, so nothing the user gave is lost).
 */
export function utf8Length(s: string): number {
  let len = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) len += 1;
    else if (c < 0x800) len += 2;
    else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          len += 4;
          i++;
          continue;
        }
      }
      return -1;
    } else len += 3;
  }
  return len;
}

/** Encode a well-formed string (see utf8Length) into buf at pos; returns the new position. */
export function writeUtf8(s: string, buf: Uint8Array, pos: number): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (c >> 18);
      buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

const CHUNK = 0x1000;

const fromCharCode = String.fromCharCode;

/**
 * Decode 1-byte code units [start, end) with fixed-arity String.fromCharCode calls: 16, 8, then the
 * rest. About 3x faster than a char-by-char concatenation for short strings, and the result is one
 * or a few flat pieces instead of a rope of single characters.
 */
function decodeShortBytes(b: Uint8Array, i: number, end: number): string {
  let s = '';
  for (; i + 16 <= end; i += 16) {
    s += fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!,
      b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!, b[i + 14]!, b[i + 15]!);
  }
  if (i + 8 <= end) {
    s += fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    i += 8;
  }
  switch (end - i) {
    case 0: return s;
    case 1: return s + fromCharCode(b[i]!);
    case 2: return s + fromCharCode(b[i]!, b[i + 1]!);
    case 3: return s + fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!);
    case 4: return s + fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    case 5: return s + fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
    case 6: return s + fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!);
    default: return s + fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
  }
}

/** Decode Latin1 bytes [start, end). */
export function decodeLatin1(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) return decodeShortBytes(buf, start, end);
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(i + CHUNK, end)) as unknown as number[]);
  }
  return out;
}

/** Decode little-endian UTF-16 code units [start, end); end - start must be even. Lone surrogates are kept. */
export function decodeUtf16(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  const units: number[] = [];
  for (let i = start; i < end; i += 2) {
    units.push(buf[i]! | (buf[i + 1]! << 8));
    if (units.length === CHUNK) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}

let fatalDecoder: TextDecoder | undefined;

/**
 * Decode UTF-8 bytes [start, end), or return undefined when they are not valid UTF-8
 * (the caller raises a typed error with the offset).
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= 64) return decodeUtf8Short(buf, start, end);
  fatalDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return fatalDecoder.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}

function decodeUtf8Short(buf: Uint8Array, pos: number, end: number): string | undefined {
  // ASCII runs decode like Latin1 (fixed-arity calls); each multi-byte sequence adds one code point.
  let s = '';
  let run = pos;
  while (pos < end) {
    const b0 = buf[pos]!;
    if (b0 < 0x80) {
      pos++;
      continue;
    }
    if (run < pos) s += decodeShortBytes(buf, run, pos);
    pos++;
    let cp: number;
    let need: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      need = 3;
      min = 0x10000;
    } else return undefined;
    if (pos + need > end) return undefined;
    for (let k = 0; k < need; k++) {
      const b = buf[pos++]!;
      if ((b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      s += fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else s += fromCharCode(cp);
    run = pos;
  }
  return run < end ? s + decodeShortBytes(buf, run, end) : s;
}
