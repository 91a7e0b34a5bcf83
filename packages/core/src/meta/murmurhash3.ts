/**
 * MurmurHash3 x64_128 (Austin Appleby's public-domain algorithm), as used by the spec for TypeDef
 * header hashes (seed 47) and large meta-string hashes. Returns both 64-bit lanes as signed
 * bigints, matching Java's long[] result. Metadata hashing is cold (results are cached per type).
 */
const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & MASK64;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & MASK64;
  k ^= k >> 33n;
  return k;
}

function readUint64LE(data: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(data[offset + i]!);
  return v;
}

function toSigned(v: bigint): bigint {
  return v >= 1n << 63n ? v - (1n << 64n) : v;
}

export function murmurhash3_x64_128(data: Uint8Array, seed = 0): [bigint, bigint] {
  const length = data.length;
  const blocks = Math.floor(length / 16);
  let h1 = BigInt(seed) & MASK64;
  let h2 = BigInt(seed) & MASK64;

  for (let i = 0; i < blocks; i++) {
    let k1 = readUint64LE(data, i * 16);
    let k2 = readUint64LE(data, i * 16 + 8);

    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
    h1 = rotl64(h1, 27n);
    h1 = (h1 + h2) & MASK64;
    h1 = (h1 * 5n + 0x52dce729n) & MASK64;

    k2 = (k2 * C2) & MASK64;
    k2 = rotl64(k2, 33n);
    k2 = (k2 * C1) & MASK64;
    h2 ^= k2;
    h2 = rotl64(h2, 31n);
    h2 = (h2 + h1) & MASK64;
    h2 = (h2 * 5n + 0x38495ab5n) & MASK64;
  }

  const tail = blocks * 16;
  const rest = length & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let i = rest - 1; i >= 8; i--) k2 = (k2 << 8n) | BigInt(data[tail + i]!);
  for (let i = Math.min(rest, 8) - 1; i >= 0; i--) k1 = (k1 << 8n) | BigInt(data[tail + i]!);
  if (rest > 8) {
    k2 = (k2 * C2) & MASK64;
    k2 = rotl64(k2, 33n);
    k2 = (k2 * C1) & MASK64;
    h2 ^= k2;
  }
  if (rest > 0) {
    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
  }

  const len = BigInt(length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  return [toSigned(h1), toSigned(h2)];
}
