/**
 * An exact decimal: `unscaled × 10^-scale` (spec "decimal").
 */
export class Decimal {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint | number, scale = 0) {
    if (!Number.isInteger(scale)) throw new RangeError(`Decimal scale must be an integer, got ${scale}`);
    if (typeof unscaled === 'number' && !Number.isSafeInteger(unscaled)) {
      throw new RangeError(`Decimal unscaled number must be a safe integer, got ${unscaled}; pass a bigint`);
    }
    this.unscaled = BigInt(unscaled);
    this.scale = scale;
  }

  /** Parse plain or exponent notation, e.g. `-12.340`, `1e-7`. Keeps the written scale. */
  static parse(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`Not a decimal number: ${text}`);
    const frac = m[3] ?? '';
    const digits = (m[2] ?? '') + frac;
    let unscaled = BigInt(digits === '' ? '0' : digits);
    if (m[1] === '-') unscaled = -unscaled;
    return new Decimal(unscaled, frac.length - Number(m[4] ?? 0));
  }

  equals(other: unknown): boolean {
    return other instanceof Decimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /** Plain notation for scale >= 0 (e.g. `-12.340`), `unscaledE-scale` form otherwise. */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    if (this.scale < 0) return `${negative ? '-' : ''}${digits}E+${-this.scale}`;
    if (this.scale === 0) return `${negative ? '-' : ''}${digits}`;
    const padded = digits.padStart(this.scale + 1, '0');
    const point = padded.length - this.scale;
    return `${negative ? '-' : ''}${padded.slice(0, point)}.${padded.slice(point)}`;
  }

  toNumber(): number {
    return Number(this.toString());
  }
}
