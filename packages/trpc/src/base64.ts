/**
 * base64url (RFC 4648 §5, no padding) for the JSON envelope. Pure JavaScript, so it runs in
 * browsers, workers and edge runtimes; when the host has a native encoder (`Uint8Array.toBase64`,
 * or Node's `Buffer`) that is used instead, after the same validation.
 *
 * The decoder is strict about the characters it accepts (the url-safe alphabet, and for leniency
 * the standard `+` `/` alphabet with optional `=` padding) and reports the first bad character.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENCODE[i] = ALPHABET.charCodeAt(i);

/** Char code → 6-bit value, -1 for characters outside both alphabets. */
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE['+'.charCodeAt(0)] = 62;
DECODE['/'.charCodeAt(0)] = 63;

interface NodeBufferLike {
  from(data: Uint8Array | ArrayBuffer, byteOffset?: number, length?: number): { toString(encoding: string): string };
  from(data: string, encoding: string): Uint8Array;
}

// Optional native fast paths, looked up without referring to Node globals by name in the types.
const host = globalThis as unknown as {
  Buffer?: NodeBufferLike;
  TextDecoder?: new (label?: string) => { decode(bytes: Uint8Array): string };
};
const NodeBuffer: NodeBufferLike | undefined = usableBuffer(host.Buffer);
const nativeToBase64 = typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64 === 'function';
const nativeFromBase64 = typeof (Uint8Array as { fromBase64?: unknown }).fromBase64 === 'function';
const latin1 = host.TextDecoder ? new host.TextDecoder('latin1') : undefined;

/** Node's Buffer, if present and able to do base64url (a browser polyfill of Buffer may not). */
function usableBuffer(B: NodeBufferLike | undefined): NodeBufferLike | undefined {
  if (typeof B?.from !== 'function') return undefined;
  try {
    const probe = new Uint8Array([0xfb, 0xff]);
    if (B.from(probe.buffer, 0, 2).toString('base64url') !== '-_8') return undefined;
    const back = B.from('-_8', 'base64url');
    return back.length === 2 && back[0] === 0xfb && back[1] === 0xff ? B : undefined;
  } catch {
    return undefined;
  }
}

/** Encode bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  if (nativeToBase64) {
    return (bytes as unknown as { toBase64(o: object): string }).toBase64({ alphabet: 'base64url', omitPadding: true });
  }
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return encodePure(bytes);
}

/** The pure-JavaScript encoder (exported for tests, so both paths are covered on Node). */
export function encodePure(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const out = new Uint8Array(Math.ceil((n * 4) / 3));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[v >>> 18]!;
    out[o++] = ENCODE[(v >>> 12) & 63]!;
    out[o++] = ENCODE[(v >>> 6) & 63]!;
    out[o++] = ENCODE[v & 63]!;
  }
  if (n - full === 1) {
    const v = bytes[full]!;
    out[o++] = ENCODE[v >>> 2]!;
    out[o++] = ENCODE[(v & 3) << 4]!;
  } else if (n - full === 2) {
    const v = (bytes[full]! << 8) | bytes[full + 1]!;
    out[o++] = ENCODE[v >>> 10]!;
    out[o++] = ENCODE[(v >>> 4) & 63]!;
    out[o++] = ENCODE[(v & 15) << 2]!;
  }
  return asciiToString(out.subarray(0, o));
}

function asciiToString(codes: Uint8Array): string {
  if (latin1) return latin1.decode(codes);
  let s = '';
  for (let i = 0; i < codes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, codes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return s;
}

/** Thrown for text that is not base64; `index` is the offending character's position. */
export class Base64Error extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'Base64Error';
  }
}

/**
 * Validate and strip padding; returns the length of the data characters. Throws Base64Error for a
 * character outside the alphabets, misplaced padding, or an impossible length.
 */
function checkBase64(text: string): number {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DECODE[c]! < 0) {
      throw new Base64Error(`invalid base64 character ${JSON.stringify(text[i])} at index ${i}`, i);
    }
  }
  if (end % 4 === 1) throw new Base64Error(`invalid base64 length ${end} (a single trailing character)`, end - 1);
  if (end !== text.length && text.length % 4 !== 0) throw new Base64Error('invalid base64 padding', end);
  return end;
}

/** Decode base64url (or standard base64, padded or not) into fresh bytes. */
export function fromBase64Url(text: string): Uint8Array {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  if (end % 4 !== 1 && (end === text.length || text.length % 4 === 0)) {
    const data = end === text.length ? text : text.slice(0, end);
    const expected = Math.floor((end * 3) / 4);
    // Native decoders first. Node's skips characters outside the alphabet instead of failing, so
    // its output is one byte short or more exactly when the text is not clean base64: then the
    // strict check below reports the first bad character.
    if (NodeBuffer) {
      const out = NodeBuffer.from(data, 'base64url');
      if (out.length === expected) return out;
    } else if (nativeFromBase64) {
      try {
        return (Uint8Array as unknown as { fromBase64(s: string, o: object): Uint8Array }).fromBase64(data.replace(/[+/]/g, toUrlSafe), {
          alphabet: 'base64url',
          lastChunkHandling: 'loose',
        });
      } catch {
        // fall through to the strict check for the message
      }
    }
  }
  return decodeChecked(text, checkBase64(text));
}

const toUrlSafe = (c: string) => (c === '+' ? '-' : '_');

/** The pure-JavaScript decoder (exported for tests). */
export function decodePure(text: string): Uint8Array {
  return decodeChecked(text, checkBase64(text));
}

function decodeChecked(text: string, end: number): Uint8Array {
  const rest = end % 4;
  const full = end - rest;
  const out = new Uint8Array((full / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const v =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (DECODE[text.charCodeAt(i + 2)]! << 6) |
      DECODE[text.charCodeAt(i + 3)]!;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (rest === 2) {
    const v = (DECODE[text.charCodeAt(full)]! << 6) | DECODE[text.charCodeAt(full + 1)]!;
    out[o++] = v >>> 4;
  } else if (rest === 3) {
    const v = (DECODE[text.charCodeAt(full)]! << 12) | (DECODE[text.charCodeAt(full + 1)]! << 6) | DECODE[text.charCodeAt(full + 2)]!;
    out[o++] = v >>> 10;
    out[o++] = (v >>> 2) & 255;
  }
  return out;
}
