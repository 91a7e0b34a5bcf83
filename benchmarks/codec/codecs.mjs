// The codecs under test. Each entry: { id, label, ferry?, note?, load() → async prepare(dataset) }.
// prepare(dataset) returns { value, encode(value) → Uint8Array, decode(bytes) → value } or throws
// (the runner then records the codec as unsupported for that data set, with the error message).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BoolArray, Fory, Type } from '@ferry/core';
import { BENCH_PROTO, DATASETS_JSON, buildValue, enumSymbol } from './datasets.mjs';

const require = createRequire(import.meta.url);
const FT = DATASETS_JSON.field_types;
const IDS = DATASETS_JSON.type_ids;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Plain JS value: numbers, plain arrays, enum ordinals (the datasets.json values as they are). */
const plainValue = (dataset) => buildValue(dataset);

// ---------------------------------------------------------------- Ferry
export const ferrySchemas = (() => {
  const enums = {
    Player: Type.enum({ id: IDS['Player(enum)'] }, Object.keys(DATASETS_JSON.enums.Player)),
    Size: Type.enum({ id: IDS['Size(enum)'] }, Object.keys(DATASETS_JSON.enums.Size)),
  };
  const leafs = {
    int32: Type.int32, int64: Type.int64, float32: Type.float32, float64: Type.float64, bool: Type.bool,
    string: Type.string, 'array<int32>': Type.int32Array, 'array<int64>': Type.int64Array,
    'array<float32>': Type.float32Array, 'array<float64>': Type.float64Array, 'array<bool>': Type.boolArray,
  };
  const structs = {};
  const typeOf = (t) => {
    if (leafs[t]) return leafs[t]();
    if (t.startsWith('enum ')) return enums[t.slice(5)];
    if (t.startsWith('list<')) return Type.list(typeOf(t.slice(5, -1)));
    if (FT[t]) return structOf(t);
    throw new Error(`no Ferry type for ${t}`);
  };
  const structOf = (name) =>
    (structs[name] ??= Type.struct(
      { id: IDS[name] },
      Object.fromEntries(Object.entries(FT[name]).map(([f, t]) => [f, typeOf(t)])),
    ));
  for (const name of Object.keys(FT)) structOf(name);
  return { structs, enums: Object.values(enums) };
})();

/** Ferry's schema value: typed arrays, BoolArray, enum names. */
export const ferryValue = (dataset) =>
  buildValue(dataset, {
    leaf: (_t, type, v) => {
      switch (type) {
        case 'array<int32>': return Int32Array.from(v);
        case 'array<int64>': return BigInt64Array.from(v, BigInt);
        case 'array<float32>': return Float32Array.from(v);
        case 'array<float64>': return Float64Array.from(v);
        case 'array<bool>': return new BoolArray(v);
        default: return type.startsWith('enum ') ? enumSymbol(type, v) : v;
      }
    },
  });

function ferrySchemaCodec(options) {
  return () => {
    const fory = new Fory(options);
    for (const e of ferrySchemas.enums) fory.register(e);
    for (const s of Object.values(ferrySchemas.structs)) fory.register(s);
    return (dataset) => {
      const type = ferrySchemas.structs[dataset.root];
      return {
        value: ferryValue(dataset),
        encode: (v) => fory.serialize(v, type),
        decode: (b) => fory.deserialize(b),
      };
    };
  };
}

// ---------------------------------------------------------------- protobufjs
function protobufCodec() {
  const protobuf = require('protobufjs');
  // Without long.js, protobufjs reads int64 as JS numbers (the natural value; all ours are safe).
  protobuf.util.Long = undefined;
  protobuf.configure();
  const root = protobuf.parse(BENCH_PROTO, { keepCase: true }).root;
  return (dataset) => {
    const T = root.lookupType(`protobuf.${dataset.root}`);
    return {
      value: plainValue(dataset),
      encode: (v) => T.encode(v).finish(),
      decode: (b) => T.decode(b),
    };
  };
}

// ---------------------------------------------------------------- avsc (schemas written by hand)
function avroSchemas() {
  const prim = { int32: 'int', int64: 'long', float32: 'float', float64: 'double', bool: 'boolean', string: 'string' };
  const defined = new Set();
  const typeOf = (t) => {
    if (prim[t]) return prim[t];
    if (t.startsWith('array<')) return { type: 'array', items: typeOf(t.slice(6, -1)) };
    if (t.startsWith('list<')) return { type: 'array', items: typeOf(t.slice(5, -1)) };
    if (t.startsWith('enum ')) {
      const name = t.slice(5);
      if (defined.has(name)) return name;
      defined.add(name);
      return { type: 'enum', name, symbols: Object.keys(DATASETS_JSON.enums[name]) };
    }
    if (FT[t]) {
      if (defined.has(t)) return t;
      defined.add(t);
      return { type: 'record', name: t, fields: Object.entries(FT[t]).map(([name, ft]) => ({ name, type: typeOf(ft) })) };
    }
    throw new Error(`no Avro type for ${t}`);
  };
  return (root) => {
    defined.clear();
    return typeOf(root);
  };
}
function avscCodec() {
  const avro = require('avsc');
  const schemaOf = avroSchemas();
  return (dataset) => {
    const T = avro.Type.forSchema(schemaOf(dataset.root));
    return {
      value: buildValue(dataset, { leaf: (_t, type, v) => (type.startsWith('enum ') ? enumSymbol(type, v) : v) }),
      encode: (v) => T.toBuffer(v),
      decode: (b) => T.fromBuffer(b),
    };
  };
}

// ---------------------------------------------------------------- @furyjs/fury (previous Fury JS)
function furyjsCodec() {
  const { default: Fury, Type: FT0 } = require('@furyjs/fury');
  const fury = new Fury({ refTracking: false });
  const typeOf = (t) => {
    switch (t) {
      case 'int32': return FT0.int32();
      case 'int64': return FT0.int64();
      case 'float32': return FT0.float();
      case 'float64': return FT0.double();
      case 'bool': return FT0.bool();
      case 'string': return FT0.string();
      case 'array<int32>': return FT0.intTypedArray();
      case 'array<int64>': return FT0.longTypedArray();
      case 'array<float32>': return FT0.floatTypedArray();
      case 'array<float64>': return FT0.doubleTypedArray();
      case 'array<bool>': return FT0.boolTypedArray();
    }
    if (t.startsWith('enum ')) return FT0.enum({ ...DATASETS_JSON.enums[t.slice(5)] });
    if (t.startsWith('list<')) return FT0.array(typeOf(t.slice(5, -1)));
    // Fury JS 0.5 names structs by tag string; it has no numeric type ids.
    if (FT[t]) return FT0.object(`bench.${t}`, Object.fromEntries(Object.entries(FT[t]).map(([f, ft]) => [f, typeOf(ft)])));
    throw new Error(`no Fury JS type for ${t}`);
  };
  const serializers = {};
  return (dataset) => {
    const s = (serializers[dataset.root] ??= fury.registerSerializer(typeOf(dataset.root)));
    return {
      // Fury JS writes int64 with DataView.setBigInt64: int64 values must be bigints.
      value: buildValue(dataset, { leaf: (_t, type, v) => (type === 'int64' ? BigInt(v) : type === 'array<int64>' ? v.map(BigInt) : v) }),
      encode: (v) => s.serialize(v),
      decode: (b) => s.deserialize(b),
    };
  };
}

// ---------------------------------------------------------------- the rest: no schema
const schemaless = (encode, decode) => () => (dataset) => ({ value: plainValue(dataset), encode, decode });

export const CODECS = [
  { id: 'ferry', label: 'Ferry (codegen, schema-consistent)', ferry: true, load: ferrySchemaCodec({ compatible: false }) },
  { id: 'ferry-compat', label: 'Ferry (codegen, compatible)', ferry: true, load: ferrySchemaCodec({}) },
  { id: 'ferry-interp', label: 'Ferry (interpreted, schema-consistent)', ferry: true, load: ferrySchemaCodec({ codegen: false, compatible: false }) },
  {
    id: 'ferry-dynamic', label: 'Ferry (dynamic, no schema)', ferry: true,
    note: 'plain objects, `maps: \'object\'`',
    load: () => {
      const fory = new Fory({ maps: 'object' });
      return schemaless((v) => fory.serialize(v), (b) => fory.deserialize(b))();
    },
  },
  { id: 'json', label: 'JSON + UTF-8', load: schemaless((v) => utf8.encode(JSON.stringify(v)), (b) => JSON.parse(fromUtf8.decode(b))) },
  { id: 'protobufjs', label: 'protobufjs', note: 'bench.proto parsed at runtime', load: protobufCodec },
  {
    id: 'msgpackr', label: 'msgpackr',
    load: () => {
      const { pack, unpack } = require('msgpackr');
      return schemaless(pack, unpack)();
    },
  },
  {
    id: 'msgpackr-records', label: 'msgpackr (records)',
    note: '`new Packr({ structures: [] })`: record shapes are kept in the Packr (shared by writer and reader), not in each message',
    load: () => {
      const { Packr } = require('msgpackr');
      const packr = new Packr({ structures: [] });
      return schemaless((v) => packr.pack(v), (b) => packr.unpack(b))();
    },
  },
  {
    id: 'msgpack', label: '@msgpack/msgpack', note: 'reused `Encoder`/`Decoder`',
    load: () => {
      const { Encoder, Decoder } = require('@msgpack/msgpack');
      const enc = new Encoder();
      const dec = new Decoder();
      return schemaless((v) => enc.encode(v), (b) => dec.decode(b))();
    },
  },
  {
    id: 'cbor-x', label: 'cbor-x',
    load: () => {
      const { encode, decode } = require('cbor-x');
      return schemaless(encode, decode)();
    },
  },
  { id: 'avsc', label: 'avsc', note: 'hand-written Avro schemas', load: avscCodec },
  {
    id: 'superjson', label: 'superjson + UTF-8',
    load: () => {
      const superjson = require('superjson');
      const sj = superjson.default ?? superjson;
      return schemaless((v) => utf8.encode(sj.stringify(v)), (b) => sj.parse(fromUtf8.decode(b)))();
    },
  },
  {
    id: 'furyjs', label: '@furyjs/fury',
    note:
      'previous Fury JS (pre-Fory wire format, not checked against Fory 1.x). Cannot express: numeric type ids ' +
      '(structs are registered by tag name `bench.<Type>`, enums are inline without an id), typed-array values ' +
      '(dense arrays are read back as plain `Array`s) and int64 as `number` (reads `bigint`, so values are bigints)',
    load: furyjsCodec,
  },
];

/** Installed version of a package (for the results file), or null. */
export function versionOf(pkg) {
  try {
    const main = require.resolve(pkg);
    const dir = main.slice(0, main.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}/`.length);
    return JSON.parse(readFileSync(`${dir}package.json`, 'utf8')).version;
  } catch {
    return null;
  }
}
export const PACKAGES = {
  protobufjs: 'protobufjs', msgpackr: 'msgpackr', 'msgpackr-records': 'msgpackr', msgpack: '@msgpack/msgpack',
  'cbor-x': 'cbor-x', avsc: 'avsc', superjson: 'superjson', furyjs: '@furyjs/fury',
};
