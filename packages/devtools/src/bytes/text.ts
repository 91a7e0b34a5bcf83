/**
 * Bytes as text: the base64 of the capture protocol and what a user pastes into the panel (hex or
 * base64, whitespace and `0x` prefixes tolerated). Runs in browsers and Node alike (no Buffer).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// base64url's two letters decode too, so a pasted tRPC `$ferry` envelope works as it is.
DECODE['-'.charCodeAt(0)] = 62;
DECODE['_'.charCodeAt(0)] = 63;

/** Text that is not hex or base64, with the offending position. */
export class BytesTextError extends Error {
  override readonly name = 'BytesTextError';
  constructor(
    message: string,
    /** Character offset in the (whitespace-stripped) text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + ALPHABET[v & 63]!;
    // Join in slices: one string of millions of `+=` pieces is slow to flatten in some engines.
    if (chunk.length >= 1 << 16) {
      out.push(chunk);
      chunk = '';
    }
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8);
    chunk += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + (i + 1 < n ? ALPHABET[(v >>> 6) & 63]! : '=') + '=';
  }
  out.push(chunk);
  return out.join('');
}

/** Standard or url-safe base64, padded or not; whitespace is skipped. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  let end = clean.length;
  while (end > 0 && clean.charCodeAt(end - 1) === 61 /* = */) end--;
  if (clean.length - end > 2) throw new BytesTextError('base64 has more than two "=" padding characters', end);
  if (end % 4 === 1) throw new BytesTextError(`base64 of ${end} characters is truncated (a length of 4n+1 is impossible)`, end);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) throw new BytesTextError(`not a base64 character ${JSON.stringify(clean[i])} at offset ${i}`, i);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** Hex digits, optionally separated by whitespace, commas or colons and prefixed with `0x`. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:]+/g, '');
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new BytesTextError(`not a hex digit ${JSON.stringify(clean[bad])} at offset ${bad}`, bad);
  if (clean.length % 2 !== 0) throw new BytesTextError(`odd number of hex digits (${clean.length})`, clean.length);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export type BytesTextFormat = 'hex' | 'base64';

/**
 * Pasted text as bytes. Hex when it only has hex digits (and separators), base64 otherwise; a
 * `{"$ferry":"…"}` tRPC envelope is unwrapped. Pass `format` to skip the guess.
 */
export function parseBytesText(text: string, format?: BytesTextFormat): { bytes: Uint8Array; format: BytesTextFormat } {
  let body = text.trim();
  const envelope = /^\{\s*"\$ferry"\s*:\s*"([^"]*)"\s*\}$/.exec(body);
  if (envelope) body = envelope[1]!;
  if (body.length === 0) throw new BytesTextError('no bytes: the text is empty', 0);
  const looksHex = /^(0x)?[0-9a-fA-F\s,:]*$/i.test(body.replace(/0x/gi, ''));
  const chosen = format ?? (looksHex ? 'hex' : 'base64');
  return { bytes: chosen === 'hex' ? fromHex(body) : fromBase64(body), format: chosen };
}

/** `0a 1b …` for display. */
export function hexByte(b: number): string {
  return HEX_BYTES[b & 0xff]!;
}
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
