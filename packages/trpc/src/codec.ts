/**
 * The value layer shared by the transformer and the websocket encoder: a Fory instance plus the
 * few JavaScript types that the xlang type system cannot tell apart from others, written as Fory
 * ext types (spec "ext"), so that every value superjson carries comes back as the same type.
 *
 * | JavaScript            | on the wire                                   | why a marker is needed          |
 * | --------------------- | --------------------------------------------- | ------------------------------- |
 * | plain object          | xlang `map` (read with `maps: 'object'`)      | —                               |
 * | `Map`                 | ext `ferry.js.Map`: count, then key/value     | xlang has one map type          |
 * | `bigint`              | ext `ferry.js.BigInt`: varint64 or decimal    | an int64 reads back as a number |
 * | `RegExp`, `URL`       | ext `ferry.js.RegExp` / `ferry.js.URL`        | no xlang type                   |
 * | `Error` (+subclasses) | ext `ferry.js.Error`: name and message        | no xlang type                   |
 *
 * Everything else is Fory's own dynamic mapping (Date, Set, typed arrays, -0/NaN, `undefined` with
 * `undefined: 'preserve'`, registered structs, …). Ext values are found by one walk over the value
 * before it is written ("prepare"); when there are none the value is written as it is, without a
 * copy. Registered struct instances and `typed()` values are written by their schema: the walk
 * does not look inside them.
 */
import { Fory, Type, TypedValue, typed, type BufferObject, type ExtSpec, type ExtReader, type ExtWriter, type TypeIdentity } from '@ferry/core';

/** Names (or, for a private Fory, ids) of the ext types this package registers. */
export type IdentityFor = (name: 'Map' | 'BigInt' | 'RegExp' | 'Error' | 'URL', id: number) => TypeIdentity;

/** Public names, in the `ferry.js` namespace, for a Fory that user types are registered on too. */
export const namedIdentity: IdentityFor = (name) => ({ namespace: 'ferry.js', typeName: name });

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** What is written of an Error: name, message and (prepared) cause; not the stack. */
interface ErrorParts {
  readonly name: string;
  readonly message: string;
  readonly hasCause: boolean;
  readonly cause: unknown;
}

const STANDARD_ERRORS: Record<string, new (message?: string, options?: { cause?: unknown }) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Extra ext types a codec user adds (the websocket encoder's payload reference). */
export interface ExtraExt {
  readonly spec: ExtSpec<any>;
  /** True for values that must be written with this ext. */
  readonly matches: (value: object) => boolean;
}

interface ExtSpecs {
  readonly map: ExtSpec<Map<unknown, unknown>>;
  readonly bigint: ExtSpec<bigint>;
  readonly regexp: ExtSpec<RegExp>;
  readonly error: ExtSpec<ErrorParts>;
  readonly url: ExtSpec<URL> | null;
}

function makeSpecs(identity: IdentityFor): ExtSpecs {
  const map = Type.ext<Map<unknown, unknown>>(identity('Map', 1), {
    write(w: ExtWriter, m: Map<unknown, unknown>) {
      w.writeVarUint32(m.size);
      for (const [k, v] of m) {
        w.writeValue(k);
        w.writeValue(v);
      }
    },
    read(r: ExtReader) {
      const size = r.readVarUint32();
      const m = new Map<unknown, unknown>();
      // Bound before its entries are read, so entries may refer back to the Map (cycles).
      r.bind(m);
      for (let i = 0; i < size; i++) {
        const k = r.readValue();
        m.set(k, r.readValue());
      }
      return m;
    },
  });
  const bigint = Type.ext<bigint>(identity('BigInt', 2), {
    write(w: ExtWriter, v: bigint) {
      if (v >= MIN_INT64 && v <= MAX_INT64) {
        w.writeInt8(0);
        w.writeVarInt64(v);
      } else {
        w.writeInt8(1);
        w.writeString(v.toString(16));
      }
    },
    read(r: ExtReader) {
      const tag = r.readInt8();
      if (tag === 0) return BigInt(r.readVarInt64());
      if (tag !== 1) throw new RangeError(`ferry.js.BigInt: unknown tag ${tag}`);
      const hex = r.readString();
      if (!/^-?[0-9a-f]{1,100000}$/.test(hex)) throw new RangeError('ferry.js.BigInt: malformed digits');
      return hex.startsWith('-') ? -BigInt('0x' + hex.slice(1)) : BigInt('0x' + hex);
    },
  });
  const regexp = Type.ext<RegExp>(identity('RegExp', 3), {
    write(w: ExtWriter, v: RegExp) {
      w.writeString(v.source);
      w.writeString(v.flags);
    },
    read(r: ExtReader) {
      const source = r.readString();
      return new RegExp(source, r.readString());
    },
  });
  const error = Type.ext<ErrorParts>(identity('Error', 4), {
    write(w: ExtWriter, v: ErrorParts) {
      w.writeString(v.name);
      w.writeString(v.message);
      w.writeBool(v.hasCause);
      if (v.hasCause) w.writeValue(v.cause);
    },
    read(r: ExtReader) {
      const name = r.readString();
      const message = r.readString();
      const hasCause = r.readBool();
      const cause = hasCause ? r.readValue() : undefined;
      const Ctor = Object.prototype.hasOwnProperty.call(STANDARD_ERRORS, name) ? STANDARD_ERRORS[name]! : Error;
      const e = hasCause ? new Ctor(message, { cause }) : new Ctor(message);
      if (e.name !== name) e.name = name;
      return e as unknown as ErrorParts;
    },
  });
  const url =
    typeof URL === 'function'
      ? Type.ext<URL>(identity('URL', 5), {
          write(w: ExtWriter, v: URL) {
            w.writeString(v.href);
          },
          read(r: ExtReader) {
            return new URL(r.readString());
          },
        })
      : null;
  return { map, bigint, regexp, error, url };
}

const registeredOn = new WeakMap<Fory, ExtSpecs>();

/** Fory options the codec needs. */
export interface ForyTraits {
  /** Plain objects decode as plain objects (`maps: 'object'`). */
  readonly objects: boolean;
  /** `undefined` survives as `undefined` (`undefined: 'preserve'`). */
  readonly undefined: boolean;
}

export function probe(fory: Fory): ForyTraits {
  return { objects: fory.maps === 'object', undefined: fory.undefined === 'preserve' };
}

export interface EncodeOptions {
  /** Binary values and dense arrays larger than this go out-of-band (`false`: none do). */
  readonly outOfBandAbove: number | false;
}

export interface Encoded {
  readonly payload: Uint8Array;
  /** Out-of-band buffers, in order: views on the value's own memory (not copies). */
  readonly buffers: Uint8Array[];
}

const NO_BUFFERS: Uint8Array[] = [];

/** A Fory instance with this package's ext types registered, and the prepare walk. */
export class Codec {
  private readonly specs: ExtSpecs;
  private readonly maxDepth: number;

  constructor(
    readonly fory: Fory,
    identity: IdentityFor = namedIdentity,
    private readonly extra: ExtraExt | null = null,
  ) {
    let specs = registeredOn.get(fory);
    if (!specs) {
      specs = makeSpecs(identity);
      const all: ExtSpec<any>[] = [specs.map, specs.bigint, specs.regexp, specs.error];
      if (specs.url) all.push(specs.url);
      fory.register(...all);
      registeredOn.set(fory, specs);
    }
    if (extra) fory.register(extra.spec);
    this.specs = specs;
    this.maxDepth = fory.limits.maxDepth;
  }

  encode(value: unknown, options: EncodeOptions): Encoded {
    const limit = options.outOfBandAbove;
    const { value: prepared, large } = this.prepare(value, limit === false ? Infinity : limit);
    // Only a value with a large enough binary/dense array is written in out-of-band mode, so every
    // other payload is plain Fory bytes that any runtime reads without buffers.
    if (!large) return { payload: this.fory.serialize(prepared), buffers: NO_BUFFERS };
    const threshold = limit as number;
    const buffers: Uint8Array[] = [];
    const payload = this.fory.serialize(prepared, {
      bufferCallback: (o: BufferObject) => {
        if (o.totalBytes <= threshold) return true;
        buffers.push(o.toBuffer());
        return false;
      },
    });
    return { payload, buffers };
  }

  decode(payload: Uint8Array, buffers: readonly Uint8Array[]): unknown {
    return this.fory.deserialize(payload, { buffers });
  }

  /**
   * The value with every Map, bigint, RegExp, URL and Error (and extra ext value) wrapped in
   * `typed(ext, …)`, copying only when there is one. Shared and cyclic structure is kept: a
   * container reached twice is copied once. `large`: the value holds a binary value or typed array
   * of more than `largeAbove` bytes (outside registered structs).
   */
  prepare(value: unknown, largeAbove = Infinity): { value: unknown; large: boolean } {
    if (typeof value !== 'object' || value === null) {
      return { value: typeof value === 'bigint' ? typed(this.specs.bigint, value) : value, large: false };
    }
    const scan = new Scan(this.fory.ref, this.maxDepth, this.extra, largeAbove);
    scan.visit(value, 0);
    // aborted: deeper than Fory writes, or a cycle without ref tracking; Fory reports it.
    if (!scan.special || scan.aborted) return { value, large: scan.large };
    return { value: this.copy(value, new Map()), large: scan.large };
  }

  private copy(value: unknown, seen: Map<object, unknown>): unknown {
    switch (typeof value) {
      case 'bigint':
        return typed(this.specs.bigint, value);
      case 'object':
        break;
      default:
        return value;
    }
    if (value === null) return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    const kind = classify(value, this.extra);
    switch (kind) {
      case Kind.Array: {
        const src = value as unknown[];
        const out: unknown[] = new Array(src.length);
        seen.set(value, out);
        for (let i = 0; i < src.length; i++) out[i] = this.copy(src[i], seen);
        return out;
      }
      case Kind.Object: {
        const src = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        seen.set(value, out);
        for (const k in src) {
          if (!hasOwn.call(src, k)) continue;
          const v = this.copy(src[k], seen);
          if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
          else out[k] = v;
        }
        return out;
      }
      case Kind.Set: {
        const out = new Set<unknown>();
        seen.set(value, out);
        for (const v of value as Set<unknown>) out.add(this.copy(v, seen));
        return out;
      }
      case Kind.Map: {
        const inner = new Map<unknown, unknown>();
        const out = typed(this.specs.map, inner);
        seen.set(value, out);
        for (const [k, v] of value as Map<unknown, unknown>) inner.set(this.copy(k, seen), this.copy(v, seen));
        return out;
      }
      case Kind.RegExp:
        return remember(seen, value, typed(this.specs.regexp, value as RegExp));
      case Kind.Error: {
        const e = value as Error;
        const hasCause = Object.prototype.hasOwnProperty.call(e, 'cause');
        const parts = { name: String(e.name), message: String(e.message), hasCause, cause: undefined as unknown };
        const out = typed(this.specs.error, parts);
        seen.set(value, out);
        if (hasCause) parts.cause = this.copy(e.cause, seen);
        return out;
      }
      case Kind.URL:
        return remember(seen, value, this.specs.url ? typed(this.specs.url, value as URL) : value);
      case Kind.Extra:
        return remember(seen, value, typed(this.extra!.spec, value));
      default:
        return value;
    }
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function remember(seen: Map<object, unknown>, key: object, value: unknown): unknown {
  seen.set(key, value);
  return value;
}

const enum Kind {
  Leaf,
  Array,
  Object,
  Set,
  Map,
  RegExp,
  Error,
  URL,
  Extra,
}

function classify(value: object, extra: ExtraExt | null): Kind {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return Kind.Object;
  if (proto === Array.prototype) return Kind.Array;
  if (value instanceof TypedValue) return Kind.Leaf;
  if (value instanceof Map) return Kind.Map;
  if (value instanceof Set) return Kind.Set;
  if (Array.isArray(value)) return Kind.Array;
  if (value instanceof RegExp) return Kind.RegExp;
  if (value instanceof Error) return Kind.Error;
  if (typeof URL === 'function' && value instanceof URL) return Kind.URL;
  if (extra && extra.matches(value)) return Kind.Extra;
  return Kind.Leaf;
}

/**
 * One walk over a value: does it contain anything `copy` would wrap, or a large binary? Visits
 * each container once (ref tracking) or once per path (no ref tracking, bounded by maxDepth).
 */
class Scan {
  special = false;
  large: boolean;
  aborted = false;
  private readonly visited: Set<object> | null;

  constructor(
    ref: boolean,
    private readonly maxDepth: number,
    private readonly extra: ExtraExt | null,
    private readonly largeAbove: number,
  ) {
    this.visited = ref ? new Set() : null;
    this.large = false;
  }

  visit(value: object, depth: number): void {
    if (depth > this.maxDepth) {
      // Deeper than Fory will write (or a cycle without ref tracking): stop, Fory raises maxDepth.
      this.aborted = true;
      return;
    }
    const kind = classify(value, this.extra);
    if (kind === Kind.Leaf) {
      if (ArrayBuffer.isView(value) && value.byteLength > this.largeAbove) this.large = true;
      return;
    }
    if (kind !== Kind.Array && kind !== Kind.Object && kind !== Kind.Set) {
      this.special = true;
      if (kind !== Kind.Map) return;
    }
    if (this.visited) {
      if (this.visited.has(value)) return;
      this.visited.add(value);
    }
    const d = depth + 1;
    if (kind === Kind.Array) {
      const a = value as unknown[];
      for (let i = 0; i < a.length && !this.aborted; i++) this.child(a[i], d);
    } else if (kind === Kind.Object) {
      const o = value as Record<string, unknown>;
      for (const k in o) {
        if (this.aborted) return;
        if (hasOwn.call(o, k)) this.child(o[k], d);
      }
    } else if (kind === Kind.Set) {
      for (const v of value as Set<unknown>) {
        if (this.aborted) return;
        this.child(v, d);
      }
    } else {
      for (const [k, v] of value as Map<unknown, unknown>) {
        if (this.aborted) return;
        this.child(k, d);
        this.child(v, d);
      }
    }
  }

  private child(v: unknown, depth: number): void {
    if (typeof v === 'object') {
      if (v !== null) this.visit(v, depth);
    } else if (typeof v === 'bigint') {
      this.special = true;
    }
  }
}
