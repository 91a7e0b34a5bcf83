/**
 * IEEE 754 binary16 and bfloat16 conversions, round-to-nearest-even, NaN preserved as a quiet NaN.
 * Spec: "float16", "bfloat16".
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** binary16 bits of a number (rounded to nearest, ties to even). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    // Infinity or NaN; keep NaN payload's top bits and force it quiet.
    return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  }
  // Re-derive from the double for correct rounding of values that were not float32-exact.
  const abs = Math.abs(value);
  if (abs >= 65520) return sign | 0x7c00; // rounds to infinity
  if (abs < 2 ** -25) return sign; // rounds to zero (incl. exactly half of the smallest subnormal, ties to even)
  if (abs < 2 ** -14) {
    // Subnormal: value = m * 2^-24
    const m = abs / 2 ** -24;
    return sign | roundHalfEven(m);
  }
  const e = Math.floor(Math.log2(abs));
  let exponent = e;
  // Guard against log2 imprecision.
  if (2 ** exponent > abs) exponent--;
  else if (2 ** (exponent + 1) <= abs) exponent++;
  const scaled = abs / 2 ** exponent; // [1, 2)
  mant = roundHalfEven((scaled - 1) * 1024);
  if (mant === 1024) {
    mant = 0;
    exponent++;
  }
  if (exponent > 15) return sign | 0x7c00;
  return sign | ((exponent + 15) << 10) | mant;
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The number a binary16 bit pattern denotes. */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** bfloat16 bits of a number: the top 16 bits of its float32 form, rounded to nearest even. */
export function bfloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) {
    return ((x >>> 16) | 0x40) & 0xffff; // quiet NaN
  }
  const rounded = x + 0x7fff + ((x >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

/** The number a bfloat16 bit pattern denotes. */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}
