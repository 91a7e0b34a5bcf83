/** Test helpers shared by the core test files. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes from a hex string; spaces and `|` separators are ignored. */
export function h(text: string): Uint8Array {
  const clean = text.replace(/[\s|]/g, '');
  if (clean.length % 2) throw new Error(`odd hex length: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
