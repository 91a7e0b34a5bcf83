/** Integer ranges and host byte order, shared by the wire layer and the serializers. */
export const MIN_INT64 = -(1n << 63n);
export const MAX_INT64 = (1n << 63n) - 1n;
export const MAX_UINT64 = (1n << 64n) - 1n;
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** |x| of an int64 as Java's Math.abs computes it: MIN_INT64 stays MIN_INT64 (the Fory hashes rely on it). */
export function absInt64(x: bigint): bigint {
  return x < 0n && x !== MIN_INT64 ? -x : x;
}

/** Every JavaScript platform in practice; the wire is little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverse each `width`-byte element in place (big-endian hosts only). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
