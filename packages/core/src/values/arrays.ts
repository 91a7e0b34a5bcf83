/**
 * Dense-array carriers for xlang element domains that have no JavaScript typed array
 * (spec "array": bool, float16, bfloat16). Each wraps a typed array of the wire representation,
 * so encoding and decoding are a single copy and the out-of-band path can view them directly.
 */
import { bfloat16Bits, bfloat16ToNumber, float16Bits, float16ToNumber } from '../wire/float16.js';

abstract class DenseArray<TBacking extends Uint8Array | Uint16Array, TElement> implements Iterable<TElement> {
  /** The wire representation (one byte per bool; IEEE bits per half-precision float). */
  readonly data: TBacking;

  protected constructor(data: TBacking) {
    this.data = data;
  }

  get length(): number {
    return this.data.length;
  }

  abstract get(index: number): TElement;
  abstract set(index: number, value: TElement): void;

  *[Symbol.iterator](): Iterator<TElement> {
    for (let i = 0; i < this.data.length; i++) yield this.get(i);
  }

  toArray(): TElement[] {
    return Array.from(this);
  }
}

/** `array<bool>`: one byte per element; any non-zero byte is true (written as 1). */
export class BoolArray extends DenseArray<Uint8Array, boolean> {
  constructor(init: number | Uint8Array | Iterable<boolean>) {
    if (typeof init === 'number') super(new Uint8Array(init));
    else if (init instanceof Uint8Array) super(init);
    else super(Uint8Array.from(init, (b) => (b ? 1 : 0)));
  }
  get(index: number): boolean {
    return this.data[index] !== 0;
  }
  set(index: number, value: boolean): void {
    this.data[index] = value ? 1 : 0;
  }
}

/** `array<float16>`: IEEE 754 binary16 bit patterns. */
export class Float16Array extends DenseArray<Uint16Array, number> {
  constructor(init: number | Uint16Array | Iterable<number>) {
    if (typeof init === 'number') super(new Uint16Array(init));
    else if (init instanceof Uint16Array) super(init);
    else super(Uint16Array.from(init, float16Bits));
  }
  get(index: number): number {
    return float16ToNumber(this.data[index]!);
  }
  set(index: number, value: number): void {
    this.data[index] = float16Bits(value);
  }
}

/** `array<bfloat16>`: bfloat16 bit patterns. */
export class BFloat16Array extends DenseArray<Uint16Array, number> {
  constructor(init: number | Uint16Array | Iterable<number>) {
    if (typeof init === 'number') super(new Uint16Array(init));
    else if (init instanceof Uint16Array) super(init);
    else super(Uint16Array.from(init, bfloat16Bits));
  }
  get(index: number): number {
    return bfloat16ToNumber(this.data[index]!);
  }
  set(index: number, value: number): void {
    this.data[index] = bfloat16Bits(value);
  }
}
