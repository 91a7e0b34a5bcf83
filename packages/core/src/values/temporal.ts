/**
 * Value classes for xlang temporal types that JavaScript has no exact carrier for.
 * Spec: "duration", "timestamp", "date".
 */

export const NANOS_PER_SECOND = 1_000_000_000;
const MS_PER_DAY = 86_400_000;

/**
 * An absolute length of time: `seconds + nanos / 1e9`, normalized so 0 <= nanos < 1e9
 * (spec "duration" → "Canonical Rules"; -0.5 s is seconds = -1, nanos = 500_000_000).
 */
export class Duration {
  readonly seconds: bigint;
  readonly nanos: number;

  constructor(seconds: bigint | number, nanos = 0) {
    if (!Number.isInteger(nanos)) throw new RangeError(`Duration nanos must be an integer, got ${nanos}`);
    let s = BigInt(seconds);
    let n = nanos;
    if (n >= NANOS_PER_SECOND || n < 0) {
      const carry = Math.floor(n / NANOS_PER_SECOND);
      s += BigInt(carry);
      n -= carry * NANOS_PER_SECOND;
    }
    this.seconds = s;
    this.nanos = n;
  }

  static ofMillis(ms: number): Duration {
    if (!Number.isSafeInteger(ms)) throw new RangeError(`Duration.ofMillis needs a safe integer, got ${ms}`);
    const seconds = Math.floor(ms / 1000);
    return new Duration(seconds, (ms - seconds * 1000) * 1_000_000);
  }

  /** Total milliseconds as a number (may round for sub-millisecond or huge durations). */
  toMillis(): number {
    return Number(this.seconds) * 1000 + this.nanos / 1_000_000;
  }

  equals(other: unknown): boolean {
    return other instanceof Duration && other.seconds === this.seconds && other.nanos === this.nanos;
  }

  /** ISO-8601 duration in seconds, e.g. `PT-0.5S`. */
  toString(): string {
    let total = this.seconds * BigInt(NANOS_PER_SECOND) + BigInt(this.nanos);
    const negative = total < 0n;
    if (negative) total = -total;
    const whole = total / BigInt(NANOS_PER_SECOND);
    const frac = total % BigInt(NANOS_PER_SECOND);
    const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
    return `PT${negative ? '-' : ''}${whole}${fracText}S`;
  }
}

/**
 * A point in time with nanosecond precision (spec "timestamp": int64 seconds + uint32 nanos).
 * Decoding yields a JavaScript `Date` when that is exact and this class otherwise, so no precision
 * is ever dropped silently.
 */
export class Timestamp {
  readonly seconds: bigint;
  readonly nanos: number;

  constructor(seconds: bigint | number, nanos = 0) {
    const d = new Duration(seconds, nanos);
    this.seconds = d.seconds;
    this.nanos = d.nanos;
  }

  static fromDate(date: Date): Timestamp {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    const seconds = Math.floor(ms / 1000);
    return new Timestamp(seconds, (ms - seconds * 1000) * 1_000_000);
  }

  /** True when a `Date` represents this instant exactly. */
  isDateExact(): boolean {
    if (this.nanos % 1_000_000 !== 0) return false;
    const ms = Number(this.seconds) * 1000 + this.nanos / 1_000_000;
    return Math.abs(ms) <= 8.64e15 && BigInt(Math.floor(ms / 1000)) === this.seconds;
  }

  /** The nearest `Date` (exact when isDateExact()). */
  toDate(): Date {
    return new Date(Number(this.seconds) * 1000 + Math.floor(this.nanos / 1_000_000));
  }

  equals(other: unknown): boolean {
    return other instanceof Timestamp && other.seconds === this.seconds && other.nanos === this.nanos;
  }

  toString(): string {
    const date = this.toDate();
    // Beyond a Date's range (±8.64e15 ms) there is no ISO form; toISOString would throw.
    if (Number.isNaN(date.getTime())) return `Timestamp(seconds=${this.seconds}, nanos=${this.nanos})`;
    const base = date.toISOString();
    const frac = this.nanos.toString().padStart(9, '0');
    return base.replace(/\.\d{3}Z$/, `.${frac}Z`);
  }
}

/** A calendar date without time zone, as days since 1970-01-01 (spec "date"). */
export class LocalDate {
  readonly epochDay: number;

  constructor(epochDay: number) {
    if (!Number.isSafeInteger(epochDay)) throw new RangeError(`LocalDate epochDay must be a safe integer, got ${epochDay}`);
    this.epochDay = epochDay;
  }

  static of(year: number, month: number, day: number): LocalDate {
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (Number.isNaN(ms) || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw new RangeError(`Invalid date ${year}-${month}-${day}`);
    }
    return new LocalDate(Math.round(ms / MS_PER_DAY));
  }

  /** Parse `YYYY-MM-DD`. */
  static parse(text: string): LocalDate {
    const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${text}`);
    return LocalDate.of(Number(m[1]), Number(m[2]), Number(m[3]));
  }

  get year(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCFullYear();
  }
  get month(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCMonth() + 1;
  }
  get day(): number {
    return new Date(this.epochDay * MS_PER_DAY).getUTCDate();
  }

  equals(other: unknown): boolean {
    return other instanceof LocalDate && other.epochDay === this.epochDay;
  }

  toString(): string {
    if (Math.abs(this.epochDay) > 100_000_000) return `LocalDate(epochDay=${this.epochDay})`;
    const d = new Date(this.epochDay * MS_PER_DAY);
    const y = d.getUTCFullYear();
    const yText = y < 0 ? '-' + String(-y).padStart(4, '0') : String(y).padStart(4, '0');
    return `${yText}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  }
}
