/**
 * Bridge between the peers' tagged-value JSON (peers/README.md) and Ferry values.
 * `toFerry` builds the value TS writes (scalars wrapped in `typed(…)` so their exact xlang type is
 * kept inside dynamic containers); `diff` checks a decoded value against a tagged description.
 */
import type { Tagged } from '../../../../peers/client.mjs';
import {
  BFloat16Array,
  BoolArray,
  Decimal,
  Duration,
  Float16Array,
  LocalDate,
  Timestamp,
  Type,
  typed,
  type TypeSpec,
} from '../../src/index.js';
import { float16Bits, bfloat16Bits } from '../../src/wire/float16.js';

export type { Tagged };

function parseFloatRepr(v: string): number {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0' || v === '-0.0') return -0;
  return Number(v);
}

const INT_SPECS: Record<string, (enc?: string) => TypeSpec> = {
  int8: () => Type.int8(),
  int16: () => Type.int16(),
  int32: (enc) => Type.int32({ encoding: enc === 'fixed' ? 'fixed' : 'varint' }),
  int64: (enc) => Type.int64({ encoding: (enc as 'fixed' | 'tagged' | 'varint' | undefined) ?? 'varint' }),
  uint8: () => Type.uint8(),
  uint16: () => Type.uint16(),
  uint32: (enc) => Type.uint32({ encoding: enc === 'fixed' ? 'fixed' : 'varint' }),
  uint64: (enc) => Type.uint64({ encoding: (enc as 'fixed' | 'tagged' | 'varint' | undefined) ?? 'varint' }),
};
const FLOAT_SPECS: Record<string, () => TypeSpec> = {
  float16: () => Type.float16(),
  bfloat16: () => Type.bfloat16(),
  float32: () => Type.float32(),
  float64: () => Type.float64(),
};

function intValue(v: string): number | bigint {
  const b = BigInt(v);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function bytesOf(hexText: string): Uint8Array {
  const out = new Uint8Array(hexText.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hexText.slice(i * 2, i * 2 + 2), 16);
  return out;
}

type AnyTagged = Tagged | { t: 'struct' | 'enum' | 'union' | 'ext'; [k: string]: unknown };
type Spec = TypeSpec & { inner?: TypeSpec; target?: unknown; fields?: Record<string, TypeSpec>; cases?: Map<number, TypeSpec>; values?: Map<string, number> };

/** Strip field/nullable/ref modifiers (resolving Type.ref thunks and names via `types`). */
export function innerSpec(spec: TypeSpec, types: Record<string, TypeSpec>): Spec {
  let s = spec as Spec;
  for (;;) {
    if (s.kind === 'field' || s.kind === 'nullable') s = s.inner as Spec;
    else if (s.kind === 'ref') s = (typeof s.target === 'function' ? (s.target as () => TypeSpec)() : types[String(s.target)]) as Spec;
    else return s;
  }
}

function isNullable(spec: TypeSpec): boolean {
  let s = spec as Spec;
  while (s.kind === 'field' || s.kind === 'nullable') {
    if (s.kind === 'nullable' || (s as unknown as { options: { nullable?: boolean } }).options?.nullable) return true;
    s = s.inner as Spec;
  }
  return false;
}

/** The peers' default for an omitted field (peers/README.md). */
function defaultFor(spec: TypeSpec, types: Record<string, TypeSpec>): unknown {
  if (isNullable(spec)) return null;
  const s = innerSpec(spec, types);
  switch (s.kind) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'binary':
      return new Uint8Array(0);
    case 'list':
      return [];
    case 'set':
      return new Set();
    case 'map':
      return new Map();
    case 'enum':
      return [...s.values!.keys()][0];
    case 'struct':
      return Object.fromEntries(Object.entries(s.fields!).map(([k, f]) => [k, defaultFor(f, types)]));
    case 'any':
      return null;
    default:
      if (s.kind.startsWith('array<')) return toFerry({ t: s.kind.slice(6, -1).replace(/$/, '_array') as 'int32_array', v: [] } as Tagged);
      return 0;
  }
}

/**
 * The Ferry value for a tagged description. With a schema `spec` (struct fields and their
 * elements), scalars are plain values; without one (dynamic positions) they are `typed(…)`.
 */
export function toFerry(t: AnyTagged, anchors = new Map<string, unknown>(), spec?: TypeSpec, types: Record<string, TypeSpec> = {}): unknown {
  const s = spec ? innerSpec(spec, types) : undefined;
  const plain = s !== undefined && s.kind !== 'any';
  const tt = t as Record<string, unknown> & { t: string };
  if (tt.t === 'struct') {
    const st = (types[tt.type as string] ?? s) as Spec;
    const obj: Record<string, unknown> = {};
    if (tt.anchor) anchors.set(tt.anchor as string, obj);
    const given = tt.fields as Record<string, AnyTagged>;
    for (const [name, fspec] of Object.entries(st.fields!)) {
      obj[name] = name in given ? toFerry(given[name]!, anchors, fspec, types) : defaultFor(fspec, types);
    }
    return s && s.kind === 'struct' ? obj : typed(st as TypeSpec<never>, obj as never);
  }
  if (tt.t === 'enum') return s && s.kind === 'enum' ? tt.v : typed(types[tt.type as string] as TypeSpec<never>, tt.v as never);
  if (tt.t === 'ext') {
    const f = tt.fields as Record<string, { v: string }>;
    const v = { x: Number(f.x?.v ?? 0), y: Number(f.y?.v ?? 0) };
    return s && s.kind === 'ext' ? v : typed(types[tt.type as string] as TypeSpec<never>, v as never);
  }
  if (tt.t === 'union') {
    const u = (types[tt.type as string] ?? s) as Spec;
    const v = { case: tt.case as number, value: toFerry(tt.v as AnyTagged, anchors, u.cases!.get(tt.case as number), types) };
    return s && s.kind === 'union' ? v : typed(u as TypeSpec<never>, v as never);
  }
  if (plain && s) {
    if (/^u?int(8|16|32|64)$/.test(tt.t)) return intValue(tt.v as string);
    if (/^b?float(16|32|64)$/.test(tt.t)) return parseFloatRepr(tt.v as string);
    if (tt.t === 'list' || tt.t === 'set') {
      const out: unknown[] = [];
      const coll = tt.t === 'list' ? out : new Set<unknown>();
      if (tt.anchor) anchors.set(tt.anchor as string, coll);
      for (const e of tt.v as AnyTagged[]) out.push(toFerry(e, anchors, s.element, types));
      if (coll instanceof Set) out.forEach((e) => coll.add(e));
      return coll;
    }
    if (tt.t === 'map') {
      const m = new Map<unknown, unknown>();
      if (tt.anchor) anchors.set(tt.anchor as string, m);
      for (const [k, v] of tt.v as Array<[AnyTagged, AnyTagged]>) m.set(toFerry(k, anchors, s.key, types), toFerry(v, anchors, s.value, types));
      return m;
    }
  }
  const d = t as Tagged;
  switch (d.t) {
    case 'null':
      return null;
    case 'bool':
      return d.v;
    case 'string':
      return d.v;
    case 'binary': {
      const b = bytesOf(d.v);
      if ((d as { anchor?: string }).anchor) anchors.set((d as { anchor?: string }).anchor!, b);
      return b;
    }
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return typed(INT_SPECS[d.t]!(d.enc) as TypeSpec<number | bigint>, intValue(d.v));
    case 'float16':
    case 'bfloat16':
    case 'float32':
    case 'float64':
      return typed(FLOAT_SPECS[d.t]!() as TypeSpec<number>, parseFloatRepr(d.v));
    case 'bool_array':
      return new BoolArray(d.v);
    case 'int8_array':
      return Int8Array.from(d.v, Number);
    case 'int16_array':
      return Int16Array.from(d.v, Number);
    case 'int32_array':
      return Int32Array.from(d.v, Number);
    case 'int64_array':
      return BigInt64Array.from(d.v, BigInt);
    case 'uint8_array':
      return Uint8ClampedArray.from(d.v, Number);
    case 'uint16_array':
      return Uint16Array.from(d.v, Number);
    case 'uint32_array':
      return Uint32Array.from(d.v, Number);
    case 'uint64_array':
      return BigUint64Array.from(d.v, BigInt);
    case 'float16_array':
      return new Float16Array(d.v.map(parseFloatRepr));
    case 'bfloat16_array':
      return new BFloat16Array(d.v.map(parseFloatRepr));
    case 'float32_array':
      return Float32Array.from(d.v, parseFloatRepr);
    case 'float64_array':
      return Float64Array.from(d.v, parseFloatRepr);
    case 'list': {
      const out: unknown[] = [];
      if (d.anchor) anchors.set(d.anchor, out);
      for (const e of d.v) out.push(toFerry(e, anchors, undefined, types));
      return out;
    }
    case 'set': {
      const out = new Set<unknown>();
      if (d.anchor) anchors.set(d.anchor, out);
      for (const e of d.v) out.add(toFerry(e, anchors, undefined, types));
      return out;
    }
    case 'map': {
      const out = new Map<unknown, unknown>();
      if (d.anchor) anchors.set(d.anchor, out);
      for (const [k, v] of d.v) out.set(toFerry(k, anchors, undefined, types), toFerry(v, anchors, undefined, types));
      return out;
    }
    case 'refto': {
      if (!anchors.has(d.anchor)) throw new Error(`refto unknown anchor ${d.anchor}`);
      return anchors.get(d.anchor);
    }
    case 'timestamp':
      return new Timestamp(BigInt(d.seconds), d.nanos);
    case 'date':
      return new LocalDate(Number(d.days));
    case 'duration':
      return new Duration(BigInt(d.seconds), d.nanos);
    case 'decimal':
      return new Decimal(BigInt(d.unscaled), d.scale);
  }
}

function sameFloat(a: number, b: number, tag: string): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (tag === 'float16') return float16Bits(a) === float16Bits(b);
  if (tag === 'bfloat16') return bfloat16Bits(a) === bfloat16Bits(b);
  if (tag === 'float32') return Object.is(Math.fround(a), Math.fround(b));
  return Object.is(a, b);
}

/**
 * Where a decoded Ferry value differs from a tagged description (null when it matches).
 * Identity: every `anchor` container must decode to one object, and `refto` must be that object.
 */
export function diff(actual: unknown, tg: AnyTagged, path = '$', anchors = new Map<string, unknown>()): string | null {
  const fail = (why: string) => `${path}: ${why} (got ${describe(actual)})`;
  const x = tg as Record<string, unknown> & { t: string };
  if (x.t === 'struct' || x.t === 'ext') {
    if (actual === null || typeof actual !== 'object') return fail(`expected ${x.t} ${x.type}`);
    if (x.anchor) anchors.set(x.anchor as string, actual);
    for (const [name, ft] of Object.entries(x.fields as Record<string, AnyTagged>)) {
      const d = diff((actual as Record<string, unknown>)[name], ft, `${path}.${name}`, anchors);
      if (d) return d;
    }
    return null;
  }
  if (x.t === 'enum') return actual === x.v ? null : fail(`expected enum ${String(x.v)}`);
  if (x.t === 'union') {
    const u = actual as { case?: number; value?: unknown } | null;
    if (!u || u.case !== x.case) return fail(`expected union case ${String(x.case)}`);
    return diff(u.value, x.v as AnyTagged, `${path}.value`, anchors);
  }
  const t = tg as Tagged;
  switch (t.t) {
    case 'null':
      return actual === null ? null : fail('expected null');
    case 'bool':
      return actual === t.v ? null : fail(`expected ${t.v}`);
    case 'string':
      return actual === t.v ? null : fail(`expected ${JSON.stringify(t.v)}`);
    case 'binary':
      if ((t as { anchor?: string }).anchor) anchors.set((t as { anchor?: string }).anchor!, actual);
      return actual instanceof Uint8Array && actual.constructor === Uint8Array && hexOf(actual) === t.v.toLowerCase()
        ? null
        : fail(`expected binary ${t.v}`);
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      if (typeof actual === 'bigint') {
        if (BigInt(actual) !== BigInt(t.v)) return fail(`expected ${t.v}`);
        return Number.isSafeInteger(Number(actual)) && BigInt(Number(actual)) === actual
          ? fail('safe integer returned as bigint')
          : null;
      }
      return typeof actual === 'number' && Number.isSafeInteger(actual) && BigInt(actual) === BigInt(t.v) ? null : fail(`expected ${t.v}`);
    case 'float16':
    case 'bfloat16':
    case 'float32':
    case 'float64':
      return typeof actual === 'number' && sameFloat(actual, parseFloatRepr(t.v), t.t) ? null : fail(`expected ${t.t} ${t.v}`);
    case 'list': {
      if (!Array.isArray(actual)) return fail('expected Array');
      if (t.anchor) anchors.set(t.anchor, actual);
      if (actual.length !== t.v.length) return fail(`expected length ${t.v.length}`);
      for (let i = 0; i < t.v.length; i++) {
        const d = diff(actual[i], t.v[i]!, `${path}[${i}]`, anchors);
        if (d) return d;
      }
      return null;
    }
    case 'set': {
      if (!(actual instanceof Set)) return fail('expected Set');
      if (t.anchor) anchors.set(t.anchor, actual);
      if (actual.size !== t.v.length) return fail(`expected size ${t.v.length}`);
      const remaining = [...actual];
      for (const e of t.v) {
        const i = remaining.findIndex((a) => diff(a, e, path, new Map(anchors)) === null);
        if (i < 0) return fail(`missing set element ${JSON.stringify(e)}`);
        remaining.splice(i, 1);
      }
      return null;
    }
    case 'map': {
      if (!(actual instanceof Map)) return fail('expected Map');
      if (t.anchor) anchors.set(t.anchor, actual);
      if (actual.size !== t.v.length) return fail(`expected size ${t.v.length}`);
      const entries = [...actual.entries()];
      for (const [k, v] of t.v) {
        const i = entries.findIndex(([ak]) => diff(ak, k, path, new Map(anchors)) === null);
        if (i < 0) return fail(`missing key ${JSON.stringify(k)}`);
        const d = diff(entries[i]![1], v, `${path}[${JSON.stringify(k)}]`, anchors);
        if (d) return d;
        entries.splice(i, 1);
      }
      return null;
    }
    case 'refto':
      return anchors.get(t.anchor) === actual ? null : fail(`expected the same object as anchor ${t.anchor}`);
    case 'timestamp': {
      const want = new Timestamp(BigInt(t.seconds), t.nanos);
      const got = actual instanceof Date ? Timestamp.fromDate(actual) : actual;
      return got instanceof Timestamp && got.equals(want) ? null : fail(`expected timestamp ${want}`);
    }
    case 'date':
      return actual instanceof LocalDate && actual.epochDay === Number(t.days) ? null : fail(`expected date ${t.days}`);
    case 'duration':
      return actual instanceof Duration && actual.equals(new Duration(BigInt(t.seconds), t.nanos)) ? null : fail('expected duration');
    case 'decimal':
      return actual instanceof Decimal && actual.equals(new Decimal(BigInt(t.unscaled), t.scale)) ? null : fail(`expected decimal ${t.unscaled}e-${t.scale}`);
    default: {
      // dense arrays
      const expected = toFerry(t);
      if (actual === null || typeof actual !== 'object' || actual.constructor !== (expected as object).constructor) {
        return fail(`expected ${(expected as object).constructor.name}`);
      }
      const a = 'data' in (actual as object) ? (actual as { data: ArrayLike<unknown> }).data : (actual as ArrayLike<unknown>);
      const e = 'data' in (expected as object) ? (expected as { data: ArrayLike<unknown> }).data : (expected as ArrayLike<unknown>);
      if (a.length !== e.length) return fail(`expected length ${e.length}`);
      for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], e[i]) && !(Number.isNaN(a[i]) && Number.isNaN(e[i]))) return fail(`element ${i}: expected ${String(e[i])}`);
      }
      return null;
    }
  }
}

function hexOf(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${typeof v} ${String(v)}`;
}

function numericValue(t: Tagged): number | bigint | null {
  if (/^u?int(8|16|32|64)$/.test(t.t)) return BigInt((t as { v: string }).v);
  if (/^b?float(16|32|64)$/.test(t.t)) return parseFloatRepr((t as { v: string }).v);
  return null;
}

/**
 * Equality of two tagged descriptions where a number may have changed family: JavaScript has one
 * `number`, so an integral float (e.g. Java Float16 65504) is re-written by Ferry's dynamic mapping
 * as int64. Everything else must match exactly as in `diff`.
 */
export function looselyEqual(a: Tagged, b: Tagged): boolean {
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== null && nb !== null) {
    if (typeof na === 'number' && typeof nb === 'number') return Object.is(na, nb) || (Number.isNaN(na) && Number.isNaN(nb));
    const fa = typeof na === 'bigint' ? na : Number.isInteger(na) ? BigInt(na) : null;
    const fb = typeof nb === 'bigint' ? nb : Number.isInteger(nb) ? BigInt(nb) : null;
    return fa !== null && fa === fb && !Object.is(na, -0) && !Object.is(nb, -0);
  }
  if (a.t !== b.t) return false;
  const sa = a as unknown as { t: string; fields?: Record<string, Tagged>; v?: unknown; case?: number };
  const sb = b as unknown as typeof sa;
  if (sa.t === 'struct' || sa.t === 'ext') {
    return Object.entries(sb.fields ?? {}).every(([k, v]) => sa.fields?.[k] !== undefined && looselyEqual(sa.fields[k]!, v));
  }
  if (sa.t === 'union') return sa.case === sb.case && looselyEqual(sa.v as Tagged, sb.v as Tagged);
  if (a.t === 'list' || a.t === 'set') {
    const bv = (b as { v: Tagged[] }).v;
    if (a.v.length !== bv.length) return false;
    if (a.t === 'list') return a.v.every((e, i) => looselyEqual(e, bv[i]!));
    const rest = [...bv];
    return a.v.every((e) => {
      const i = rest.findIndex((x) => looselyEqual(e, x));
      if (i < 0) return false;
      rest.splice(i, 1);
      return true;
    });
  }
  if (a.t === 'map') {
    const bv = [...(b as { v: Array<[Tagged, Tagged]> }).v];
    if (a.v.length !== bv.length) return false;
    return a.v.every(([k, v]) => {
      const i = bv.findIndex(([k2, v2]) => looselyEqual(k, k2) && looselyEqual(v, v2));
      if (i < 0) return false;
      bv.splice(i, 1);
      return true;
    });
  }
  const strip = (t: Tagged) => JSON.stringify({ ...t, anchor: undefined });
  return strip(a) === strip(b);
}
