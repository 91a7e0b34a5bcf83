#!/usr/bin/env node
// Generates the wire catalog: what Java fory-core and pyfory write for a fixed set of values
// (ref=false and ref=true, compatible=true), whether each reads the other's bytes, and how each
// reacts to hand-made payloads.
//
//   node peers/catalog.mjs                 # markdown to stdout
//   node peers/catalog.mjs --update        # rewrite the generated block of peers/wire-catalog.md
//   node peers/catalog.mjs --json out.json # also dump raw results
//   FERRY_CATALOG_ALT_PYTHON=/path/to/other/venv/bin/python node peers/catalog.mjs
//       # adds a column for a second pyfory install (used to pick the pinned version)

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PEER_CACHE, startPeer } from './client.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const UPDATE = args.includes('--update');
const jsonIdx = args.indexOf('--json');
const JSON_OUT = jsonIdx >= 0 ? args[jsonIdx + 1] : null;
const ALT_PYTHON = process.env.FERRY_CATALOG_ALT_PYTHON || null;

// ----------------------------------------------------------------------------- values
const I = (t, v) => ({ t, v: String(v) });
const F = (t, v) => ({ t, v: String(v) });
const S = (v) => ({ t: 'string', v });
const NULL = { t: 'null' };
const list = (...v) => ({ t: 'list', v });
const set = (...v) => ({ t: 'set', v });
const map = (...pairs) => ({ t: 'map', v: pairs });
const hexOf = (n, f = (i) => i & 0xff) =>
  Array.from({ length: n }, (_, i) => f(i).toString(16).padStart(2, '0')).join('');
const arr = (t, v) => ({ t, v });

const big300 = map(...Array.from({ length: 300 }, (_, i) => [S(`k${String(i).padStart(3, '0')}`), { t: 'bool', v: true }]));

const CASES = [
  ['Scalars', 'bool true', { t: 'bool', v: true }],
  ['Scalars', 'null root', NULL],
  ['Scalars', 'int8 -1 (Java Byte)', I('int8', -1)],
  ['Scalars', 'int16 300 (Java Short)', I('int16', 300)],
  ['Scalars', 'int32 1 (Java Integer)', I('int32', 1)],
  ['Scalars', 'int32 -1', I('int32', -1)],
  ['Scalars', 'int32 300', I('int32', 300)],
  ['Scalars', 'int32 2^31-1', I('int32', 2147483647)],
  ['Scalars', 'int32 1 enc=fixed', { t: 'int32', v: '1', enc: 'fixed' }],
  ['Scalars', 'int64 1 (Java Long / Python int)', I('int64', 1)],
  ['Scalars', 'int64 2^40', I('int64', 2n ** 40n)],
  ['Scalars', 'int64 2^63-1', I('int64', 2n ** 63n - 1n)],
  ['Scalars', 'int64 -2^63', I('int64', -(2n ** 63n))],
  ['Scalars', 'int64 1 enc=tagged', { t: 'int64', v: '1', enc: 'tagged' }],
  ['Scalars', 'uint8 200 (Java UInt8)', I('uint8', 200)],
  ['Scalars', 'uint16 300 (Java UInt16)', I('uint16', 300)],
  ['Scalars', 'uint32 5 (Java UInt32)', I('uint32', 5)],
  ['Scalars', 'uint64 2^64-1 (Java UInt64)', I('uint64', 2n ** 64n - 1n)],
  ['Scalars', 'float32 1.5 (Java Float)', F('float32', '1.5')],
  ['Scalars', 'float64 1.5', F('float64', '1.5')],
  ['Scalars', 'float64 NaN', F('float64', 'NaN')],
  ['Scalars', 'float64 -0.0', F('float64', '-0')],
  ['Scalars', 'float64 -Infinity', F('float64', '-Infinity')],
  ['Scalars', 'float16 1.5 (Java Float16)', F('float16', '1.5')],
  ['Scalars', 'bfloat16 1.5 (Java BFloat16)', F('bfloat16', '1.5')],
  ['Strings', 'string ""', S('')],
  ['Strings', 'string "hello"', S('hello')],
  ['Strings', 'string "héllo" (latin1)', S('héllo')],
  ['Strings', 'string "ÿ"', S('ÿ')],
  ['Strings', 'string "你好" (non-latin1)', S('你好')],
  ['Strings', 'string "a你"', S('a你')],
  ['Strings', 'string "abc你"', S('abc你')],
  ['Strings', 'string "a😀"', S('a😀')],
  ['Strings', 'string "😀"', S('😀')],
  ['Strings', 'string "hé😀"', S('hé😀')],
  ['Strings', 'string "a你好"', S('a你好')],
  ['Strings', 'string "hello world 你"', S('hello world 你')],
  ['Strings', 'string "abcdefgh你"', S('abcdefgh你')],
  ['Strings', 'string 40×"a"', S('a'.repeat(40))],
  ['Binary', 'binary 0 bytes', { t: 'binary', v: '' }],
  ['Binary', 'binary 3 bytes', { t: 'binary', v: '010203' }],
  ['Binary', 'binary 300 bytes', { t: 'binary', v: hexOf(300) }],
  ['Dense arrays', 'bool_array [true,false]', arr('bool_array', [true, false])],
  ['Dense arrays', 'int8_array [-1,0,1]', arr('int8_array', ['-1', '0', '1'])],
  ['Dense arrays', 'int16_array [1,-2]', arr('int16_array', ['1', '-2'])],
  ['Dense arrays', 'int32_array [1,-2]', arr('int32_array', ['1', '-2'])],
  ['Dense arrays', 'int64_array [1,-2]', arr('int64_array', ['1', '-2'])],
  ['Dense arrays', 'uint8_array [1,255]', arr('uint8_array', ['1', '255'])],
  ['Dense arrays', 'uint16_array [1,65535]', arr('uint16_array', ['1', '65535'])],
  ['Dense arrays', 'uint32_array [1,2^32-1]', arr('uint32_array', ['1', '4294967295'])],
  ['Dense arrays', 'uint64_array [1,2^64-1]', arr('uint64_array', ['1', '18446744073709551615'])],
  ['Dense arrays', 'float16_array [1,-0.5]', arr('float16_array', ['1', '-0.5'])],
  ['Dense arrays', 'bfloat16_array [1,-0.5]', arr('bfloat16_array', ['1', '-0.5'])],
  ['Dense arrays', 'float32_array [1.5,NaN]', arr('float32_array', ['1.5', 'NaN'])],
  ['Dense arrays', 'float64_array [1.5,-0]', arr('float64_array', ['1.5', '-0'])],
  ['Dense arrays', 'empty int32_array', arr('int32_array', [])],
  ['Dense arrays', 'int32_array via Python array.array("i")', { ...arr('int32_array', ['1', '-2']), native: 'array' }],
  ['Dense arrays', 'uint8_array via Java UInt8List', { ...arr('uint8_array', ['1', '255']), native: 'list' }],
  ['Dense arrays', 'uint16_array via Java UInt16List', { ...arr('uint16_array', ['1', '65535']), native: 'list' }],
  ['Dense arrays', 'uint32_array via Java UInt32List', { ...arr('uint32_array', ['1', '4294967295']), native: 'list' }],
  ['Dense arrays', 'uint64_array via Java UInt64List', { ...arr('uint64_array', ['1', '2']), native: 'list' }],
  ['Lists', 'list [int32 1,"a",null] (Java)', list(I('int32', 1), S('a'), NULL)],
  ['Lists', 'list [int64 1,"a",null] (Python)', list(I('int64', 1), S('a'), NULL)],
  ['Lists', 'list [] ', list()],
  ['Lists', 'list [int64 1,2,3]', list(I('int64', 1), I('int64', 2), I('int64', 3))],
  ['Lists', 'list [int32 1,2,3]', list(I('int32', 1), I('int32', 2), I('int32', 3))],
  ['Lists', 'list ["a","b"]', list(S('a'), S('b'))],
  ['Lists', 'list [int64 1,null,3]', list(I('int64', 1), NULL, I('int64', 3))],
  ['Lists', 'list [null,null]', list(NULL, NULL)],
  ['Lists', 'list [[int64 1],[int64 2]]', list(list(I('int64', 1)), list(I('int64', 2)))],
  ['Lists', 'list [[1],["a"]] mixed inner', list(list(I('int64', 1)), list(S('a')))],
  ['Lists', 'list [1.5, true]', list(F('float64', '1.5'), { t: 'bool', v: true })],
  ['Sets', 'set {int64 1,2}', set(I('int64', 1), I('int64', 2))],
  ['Sets', 'set {"a"}', set(S('a'))],
  ['Sets', 'set {"a", null}', set(S('a'), NULL)],
  ['Maps', 'map {"a":1,"b":2} (int64 values)', map([S('a'), I('int64', 1)], [S('b'), I('int64', 2)])],
  ['Maps', 'map {"a":1} (int32 value, Java)', map([S('a'), I('int32', 1)])],
  ['Maps', 'map {"a":null}', map([S('a'), NULL])],
  ['Maps', 'map {null:1}', map([NULL, I('int64', 1)])],
  ['Maps', 'map {"a":1, 2:"b"} mixed keys', map([S('a'), I('int64', 1)], [I('int64', 2), S('b')])],
  ['Maps', 'map {"a":1,"b":"x","c":null}', map([S('a'), I('int64', 1)], [S('b'), S('x')], [S('c'), NULL])],
  ['Maps', 'map {} ', map()],
  ['Maps', 'map {"l":[1]} (list value)', map([S('l'), list(I('int64', 1))])],
  ['Maps', 'map 300 entries "k000".."k299" -> true', big300],
  ['References', 'shared [x, x], x=[int64 1]', list({ t: 'list', anchor: 'x', v: [I('int64', 1)] }, { t: 'refto', anchor: 'x' })],
  ['References', 'self-containing list s=[s]', { t: 'list', anchor: 's', v: [{ t: 'refto', anchor: 's' }] }],
  ['References', 'self-containing list s=[1, s]', { t: 'list', anchor: 's', v: [I('int64', 1), { t: 'refto', anchor: 's' }] }],
  ['References', 'map m={"self": m}', { t: 'map', anchor: 'm', v: [[S('self'), { t: 'refto', anchor: 'm' }]] }],
  ['References', 'same string twice ["ab","ab"]', list(S('ab'), S('ab'))],
  ['References', 'ref ids: [int64 7, "ab", x, x], x=[]', list(I('int64', 7), S('ab'), { t: 'list', anchor: 'x', v: [] }, { t: 'refto', anchor: 'x' })],
  ['Time', 'date 2024-01-02 (19724 days)', { t: 'date', days: '19724' }],
  ['Time', 'date 1969-12-31 (-1)', { t: 'date', days: '-1' }],
  ['Time', 'date 0', { t: 'date', days: '0' }],
  ['Time', 'timestamp 2024-01-02T03:04:05.678901Z', { t: 'timestamp', seconds: '1704164645', nanos: 678901000 }],
  ['Time', 'timestamp -1.5 s', { t: 'timestamp', seconds: '-2', nanos: 500000000 }],
  ['Time', 'timestamp 1 ns (Python cannot)', { t: 'timestamp', seconds: '0', nanos: 1 }],
  ['Time', 'duration 1.5 s', { t: 'duration', seconds: '1', nanos: 500000000 }],
  ['Time', 'duration -1.5 s', { t: 'duration', seconds: '-2', nanos: 500000000 }],
  ['Time', 'duration 0', { t: 'duration', seconds: '0', nanos: 0 }],
  ['Decimal', 'decimal 1.23', { t: 'decimal', unscaled: '123', scale: 2 }],
  ['Decimal', 'decimal -1.23', { t: 'decimal', unscaled: '-123', scale: 2 }],
  ['Decimal', 'decimal 0', { t: 'decimal', unscaled: '0', scale: 0 }],
  ['Decimal', 'decimal 1E+3 (scale -3)', { t: 'decimal', unscaled: '1', scale: -3 }],
  ['Decimal', 'decimal unscaled 2^62-1', { t: 'decimal', unscaled: String(2n ** 62n - 1n), scale: 0 }],
  ['Decimal', 'decimal unscaled 2^62', { t: 'decimal', unscaled: String(2n ** 62n), scale: 0 }],
  ['Decimal', 'decimal unscaled -2^62', { t: 'decimal', unscaled: String(-(2n ** 62n)), scale: 0 }],
  ['Decimal', 'decimal unscaled -2^62-1', { t: 'decimal', unscaled: String(-(2n ** 62n) - 1n), scale: 0 }],
  ['Decimal', 'decimal huge 1234567890123456789012345678901.5', { t: 'decimal', unscaled: '12345678901234567890123456789015', scale: 1 }],
  ['Decimal', 'decimal huge negative', { t: 'decimal', unscaled: '-12345678901234567890123456789015', scale: 1 }],
];

// Hand-made payloads read by both peers.
const PROBES = [
  ['00ff0502', 'header 0x00 (non-xlang) + int32 1'],
  ['02ff0502', 'header 0x02 (oob bit only)'],
  ['03ff0502', 'header 0x03 (xlang+oob, no buffers supplied)'],
  ['05ff0502', 'header 0x05 (reserved bit 2)'],
  ['', 'empty payload'],
  ['01', 'header only'],
  ['01fd', 'null root'],
  ['01ff050200', 'int32 1 + one trailing byte'],
  ['01ff0401000000', 'type 4 INT32 (fixed) 1'],
  ['01ff04feffffff', 'type 4 INT32 (fixed) -2'],
  ['01ff060100000000000000', 'type 6 INT64 (fixed) 1'],
  ['01ff080a000000', 'type 8 TAGGED_INT64 5 (4-byte form)'],
  ['01ff08010000000001000000', 'type 8 TAGGED_INT64 2^32 (9-byte form)'],
  ['01ff09c8', 'type 9 UINT8 200'],
  ['01ff0a2c01', 'type 10 UINT16 300'],
  ['01ff0bffffffff', 'type 11 UINT32 (fixed) 2^32-1'],
  ['01ff0cffffffff0f', 'type 12 VAR_UINT32 2^32-1'],
  ['01ff0dffffffffffffffff', 'type 13 UINT64 (fixed) 2^64-1'],
  ['01ff0effffffffffffffffff', 'type 14 VAR_UINT64 2^64-1 (9-byte PVL form)'],
  ['01ff0effffffffffffffffff01', 'type 14 VAR_UINT64 2^64-1 as 10-byte LEB128'],
  ['01ff0f0a000000', 'type 15 TAGGED_UINT64 5'],
  ['01ff0f01ffffffffffffffff', 'type 15 TAGGED_UINT64 2^64-1 (9-byte form)'],
  ['01ff1000', 'type 16 FLOAT8'],
  ['01ff11003e', 'type 17 FLOAT16 1.5'],
  ['01ff12c03f', 'type 18 BFLOAT16 1.5'],
  ['01ff24', 'type 36 NONE'],
  ['01ff2a00', 'type 42 ARRAY'],
  ['01ff2c03ff0001', 'type 44 INT8_ARRAY [-1,0,1]'],
  ['01ff3002ff01', 'type 48 UINT8_ARRAY [255,1]'],
  ['01ff3104ffff0100', 'type 49 UINT16_ARRAY [65535,1]'],
  ['01ff3204ffffffff', 'type 50 UINT32_ARRAY [2^32-1]'],
  ['01ff3308ffffffffffffffff', 'type 51 UINT64_ARRAY [2^64-1]'],
  ['01ff3403010203', 'type 52 FLOAT8_ARRAY'],
  ['01ff2d03010000', 'INT16_ARRAY with odd byte length 3'],
  ['01ff280014', 'decimal 5, canonical small form (scale 0, header zigzag(5)<<1 = 0x14)'],
  ['01ff28000505', 'decimal 5 in non-canonical big encoding (len 1)'],
  ['01ff28000100', 'decimal big encoding with len 0 (non-canonical zero)'],
  ['01ff2501ffffffff', 'duration seconds -1, nanos -1 (non-normalized)'],
  ['01ff26000000000000000000ca9a3b', 'timestamp seconds 0, nanos = 1e9 (out of range)'],
  ['01ff16020007020704', 'list header 0x00: per element type id + data, no ref flag'],
  ['01ff160200ff0702ff0704', 'list header 0x00 with per-element ref flags (wrong)'],
  ['01ff160202fdfd', 'list [null,null] as header 0x02 (has_null, not same type)'],
  ['01ff16020a24fdfd', 'list [null,null] as pyfory writes it (0x0a + NONE type)'],
  ['01ff16020824', 'list [null,null] as same-type NONE without null flags'],
  ['01ff16020c0204', 'list header 0x0c (declared type, none declared at root)'],
  ['01ff1601081512', 'list same-type string; string header 0x12 = UTF8 len 4, data missing'],
  ['01ff150ac3a9', 'string header 0x0a = UTF8 2 bytes "é"'],
  ['01ff1509e900', 'string header 0x09 = UTF16 2 bytes "é"'],
  ['01ff150bffff', 'string header 0x0b (encoding 3 = reserved), 2 bytes'],
  ['01ff1806', 'map size 6 but no chunks (truncated)'],
  ['01ff18022402046102046204', 'map {"a":1,"b":2} with KV header 0x24 (declared types, no type ids) at root'],
  ['01ff160cfffffff', 'odd-length hex (client error)'],
  ['01ff16ffffffff0f', 'list of length 2^32-1 (hostile)'],
];

// ----------------------------------------------------------------------------- helpers
const TYPE_NAMES = {
  0: 'UNKNOWN', 1: 'BOOL', 2: 'INT8', 3: 'INT16', 4: 'INT32', 5: 'VARINT32', 6: 'INT64', 7: 'VARINT64',
  8: 'TAGGED_INT64', 9: 'UINT8', 10: 'UINT16', 11: 'UINT32', 12: 'VAR_UINT32', 13: 'UINT64',
  14: 'VAR_UINT64', 15: 'TAGGED_UINT64', 16: 'FLOAT8', 17: 'FLOAT16', 18: 'BFLOAT16', 19: 'FLOAT32',
  20: 'FLOAT64', 21: 'STRING', 22: 'LIST', 23: 'SET', 24: 'MAP', 25: 'ENUM', 26: 'NAMED_ENUM',
  27: 'STRUCT', 28: 'COMPATIBLE_STRUCT', 29: 'NAMED_STRUCT', 30: 'NAMED_COMPATIBLE_STRUCT', 31: 'EXT',
  32: 'NAMED_EXT', 33: 'UNION', 34: 'TYPED_UNION', 35: 'NAMED_UNION', 36: 'NONE', 37: 'DURATION',
  38: 'TIMESTAMP', 39: 'DATE', 40: 'DECIMAL', 41: 'BINARY', 42: 'ARRAY', 43: 'BOOL_ARRAY',
  44: 'INT8_ARRAY', 45: 'INT16_ARRAY', 46: 'INT32_ARRAY', 47: 'INT64_ARRAY', 48: 'UINT8_ARRAY',
  49: 'UINT16_ARRAY', 50: 'UINT32_ARRAY', 51: 'UINT64_ARRAY', 52: 'FLOAT8_ARRAY', 53: 'FLOAT16_ARRAY',
  54: 'BFLOAT16_ARRAY', 55: 'FLOAT32_ARRAY', 56: 'FLOAT64_ARRAY',
};

/** Splits a root payload into header | ref flag | type id | rest. */
function anatomy(hex) {
  if (!hex) return null;
  const b = hex.match(/../g) || [];
  const header = b[0];
  const flag = b[1];
  if (flag === undefined || flag === 'fd') return { header, flag, typeId: null, rest: b.slice(2).join('') };
  // type id is a varuint32
  let i = 2;
  let id = 0;
  let shift = 0;
  while (i < b.length) {
    const x = parseInt(b[i], 16);
    id |= (x & 0x7f) << shift;
    i++;
    if (!(x & 0x80)) break;
    shift += 7;
  }
  return { header, flag, typeId: id, typeHex: b.slice(2, i).join(''), rest: b.slice(i).join('') };
}

function typeLabel(hex) {
  const a = anatomy(hex);
  if (!a) return '';
  if (a.typeId === null) return a.flag === 'fd' ? 'null' : '?';
  return `${a.typeId} ${TYPE_NAMES[a.typeId] || '?'}`;
}

const MAX_CELL_BYTES = 40;
function fmtHex(hex) {
  if (hex === null || hex === undefined) return '';
  const a = anatomy(hex);
  let s;
  if (a && a.typeId !== null) s = `${a.header} ${a.flag} ${a.typeHex} ${a.rest}`.trim();
  else s = (hex.match(/../g) || []).join(' ');
  const n = hex.length / 2;
  if (n > MAX_CELL_BYTES) {
    const head = s.slice(0, MAX_CELL_BYTES * 2 + 8);
    return `\`${head}…\` (${n} B)`;
  }
  return `\`${s}\``;
}

function cellEsc(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function shortErr(r, max = 110) {
  if (!r) return '';
  let e = r.error || '';
  e = e.replace(/^Unsupported: /, '').replace(/^[\w.$]+\.(\w+(Error|Exception))/, '$1');
  if (r.unsupported) return e;
  return e.length > max ? `${e.slice(0, max)}…` : e;
}

function summarize(tagged) {
  if (!tagged) return '';
  const t = tagged.t;
  if (t === 'list' || t === 'set') {
    const inner = (tagged.v || []).slice(0, 4).map(summarize).join(', ');
    return `${t}[${inner}${tagged.v.length > 4 ? ', …' : ''}]${tagged.anchor ? `#${tagged.anchor}` : ''}`;
  }
  if (t === 'map') {
    const inner = (tagged.v || []).slice(0, 3).map(([k, v]) => `${summarize(k)}:${summarize(v)}`).join(', ');
    return `map{${inner}${tagged.v.length > 3 ? ', …' : ''}}${tagged.anchor ? `#${tagged.anchor}` : ''}`;
  }
  if (t === 'refto') return `→${tagged.anchor}`;
  if (t === 'null') return 'null';
  if (t === 'string') return `"${tagged.v.length > 12 ? `${tagged.v.slice(0, 12)}…` : tagged.v}"`;
  if (t === 'binary') return `binary(${tagged.v.length / 2})`;
  if (t.endsWith('_array')) return `${t}(${tagged.v.length > 3 ? `${tagged.v.length} items` : tagged.v.join(',')})`;
  if ('v' in tagged) return `${t} ${tagged.v}`;
  if (t === 'decimal') return `decimal ${tagged.unscaled}e-${tagged.scale}`;
  if (t === 'date') return `date ${tagged.days}`;
  return `${t} ${tagged.seconds}s+${tagged.nanos}ns`;
}

function readCell(r) {
  if (!r) return '';
  if (!r.ok) return `ERR ${shortErr(r)}`;
  const eq = r.equal === undefined ? '' : r.equal ? '✓ ' : '✗ ';
  let s = `${eq}${summarize(r.value)}`;
  if (r.trailing) s += ` (${r.trailing} B unread)`;
  if (r.equal === false && r.diff) s += ` — ${r.diff}`;
  return s;
}

// ----------------------------------------------------------------------------- run
async function main() {
  const peers = { java: await startPeer('java'), python: await startPeer('python') };
  if (ALT_PYTHON) peers.pyalt = await startPeer('python', { python: ALT_PYTHON });
  const names = Object.keys(peers);
  const results = [];
  for (const ref of [false, true]) {
    for (const n of names) {
      const c = await peers[n].config({ ref, compatible: true });
      if (!c.ok) throw new Error(`config failed on ${n}: ${c.error}`);
    }
    for (const [group, title, value] of CASES) {
      const row = { group, title, ref, value, write: {}, read: {} };
      for (const n of names) row.write[n] = await peers[n].write(value);
      // cross reads: each peer reads every other peer's bytes, with the writer's value as expect
      for (const reader of names) {
        for (const writer of names) {
          if (reader === writer) continue;
          const w = row.write[writer];
          if (w.ok) row.read[`${reader}<${writer}`] = await peers[reader].read(w.hex, value);
        }
      }
      results.push(row);
    }
  }
  // probes with default config
  for (const n of names) await peers[n].config({ ref: false, compatible: true });
  const probes = [];
  for (const [hex, what] of PROBES) {
    const row = { hex, what, read: {} };
    for (const n of names) row.read[n] = await peers[n].read(hex);
    probes.push(row);
  }
  const info = Object.fromEntries(names.map((n) => [n, peers[n].info]));
  await Promise.all(names.map((n) => peers[n].close()));

  // Python-only probe: ints outside int64 cannot be expressed as tagged int64, ask pyfory directly.
  const pyBin = process.env.FERRY_PEER_PYTHON || path.join(PEER_CACHE, 'venv', 'bin', 'python');
  let bigInts = '';
  try {
    bigInts = execFileSync(
      pyBin,
      [
        '-c',
        [
          'import pyfory',
          'f = pyfory.Fory(xlang=True)',
          'for v in (2**63-1, 2**63, -2**63-1, 2**64, 10**30):',
          '    try: print(f"| {v} | `{f.serialize(v).hex()}` |")',
          '    except Exception as e: print(f"| {v} | {type(e).__name__}: {e} |")',
        ].join('\n'),
      ],
      { encoding: 'utf8' },
    );
  } catch (e) {
    bigInts = `(probe failed: ${e.message})`;
  }

  const md = render(results, probes, info, names, bigInts);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ info, results, probes }, null, 1));
  if (UPDATE) {
    const file = path.join(HERE, 'wire-catalog.md');
    const cur = readFileSync(file, 'utf8');
    const begin = '<!-- BEGIN GENERATED (node peers/catalog.mjs --update) -->';
    const end = '<!-- END GENERATED -->';
    const i = cur.indexOf(begin);
    const j = cur.indexOf(end);
    if (i < 0 || j < 0) throw new Error(`markers not found in ${file}`);
    writeFileSync(file, `${cur.slice(0, i + begin.length)}\n${md}\n${cur.slice(j)}`);
    process.stderr.write(`updated ${file}\n`);
  } else {
    process.stdout.write(md);
  }
}

function render(results, probes, info, names, bigInts) {
  const out = [];
  const label = { java: 'Java', python: 'pyfory', pyalt: 'pyfory-alt' };
  out.push(
    `Generated by \`node peers/catalog.mjs\` with ${names
      .map((n) => `**${label[n]}** = ${info[n].runtime} ${info[n].version}`)
      .join(', ')}. All rows: xlang, compatible=true.`,
  );
  out.push('');
  out.push(
    'Hex is shown as `header refflag typeid payload`. "=" means byte-identical to the Java column. ' +
      'Read cells: `✓`/`✗` = semantic equality with the written value (README rule), then the ' +
      "reader's natural decoding; `P<J` = pyfory reads Java's bytes, `J<P` = Java reads pyfory's.",
  );
  out.push('');
  // summary of byte differences
  const diffs = results.filter((r) => r.write.java.ok && r.write.python.ok && r.write.java.hex !== r.write.python.hex);
  out.push(`### Summary`);
  out.push('');
  out.push(`- cases × ref modes: ${results.length}; both wrote: ${results.filter((r) => r.write.java.ok && r.write.python.ok).length}; byte-different: ${diffs.length}`);
  for (const d of diffs) out.push(`  - ${d.title} (ref=${d.ref})`);
  const crossFail = results.filter((r) => Object.values(r.read).some((x) => !x.ok || x.equal === false));
  out.push(`- cross reads that failed or were not equal: ${crossFail.length}`);
  for (const r of crossFail) {
    const bad = Object.entries(r.read)
      .filter(([, x]) => !x.ok || x.equal === false)
      .map(([k, x]) => `${k.replace('java', 'J').replace('python', 'P')}: ${readCell(x)}`)
      .join('; ');
    out.push(`  - ${r.title} (ref=${r.ref}): ${cellEsc(bad)}`);
  }
  if (names.includes('pyalt')) {
    const altDiff = results.filter(
      (r) => (r.write.pyalt.ok ? r.write.pyalt.hex : r.write.pyalt.error) !== (r.write.python.ok ? r.write.python.hex : r.write.python.error),
    );
    out.push(`- pyfory-alt (${info.pyalt.version}) vs pyfory (${info.python.version}) write differences: ${altDiff.length}`);
    for (const r of altDiff) {
      out.push(
        `  - ${r.title} (ref=${r.ref}): ${info.pyalt.version} ${r.write.pyalt.ok ? fmtHex(r.write.pyalt.hex) : shortErr(r.write.pyalt)} vs ${info.python.version} ${r.write.python.ok ? fmtHex(r.write.python.hex) : shortErr(r.write.python)}`,
      );
    }
    const altJava = results.filter((r) => r.write.pyalt.ok && r.write.java.ok && r.write.pyalt.hex !== r.write.java.hex);
    out.push(`- pyfory-alt (${info.pyalt.version}) vs Java byte differences: ${altJava.length}`);
    const altRead = results.filter((r) => {
      const a = r.read['pyalt<java'];
      const b = r.read['python<java'];
      return a && b && (a.ok !== b.ok || a.equal !== b.equal || JSON.stringify(a.value) !== JSON.stringify(b.value));
    });
    out.push(`- cases where pyfory-alt reads Java's bytes differently from pyfory: ${altRead.length}`);
    for (const r of altRead) out.push(`  - ${r.title} (ref=${r.ref}): alt ${cellEsc(readCell(r.read['pyalt<java']))} vs ${cellEsc(readCell(r.read['python<java']))}`);
    const altProbe = probes.filter((p) => JSON.stringify(strip(p.read.pyalt)) !== JSON.stringify(strip(p.read.python)));
    out.push(`- probes read differently by pyfory-alt: ${altProbe.length}`);
    for (const p of altProbe) out.push(`  - ${p.what}: alt ${cellEsc(readCell(p.read.pyalt))} vs ${cellEsc(readCell(p.read.python))}`);
  }
  out.push('');

  let group = null;
  const unsupportedLegend = new Set();
  for (const ref of [false, true]) {
    out.push(`### Values, ref=${ref}`);
    out.push('');
    group = null;
    for (const r of results.filter((x) => x.ref === ref)) {
      if (r.group !== group) {
        group = r.group;
        out.push('');
        out.push(`#### ${group} (ref=${ref})`);
        out.push('');
        out.push('| value | type id J / P | Java | pyfory | P<J | J<P |');
        out.push('|---|---|---|---|---|---|');
      }
      const j = r.write.java;
      const p = r.write.python;
      const tj = j.ok ? typeLabel(j.hex) : '—';
      const tp = p.ok ? typeLabel(p.hex) : '—';
      const jcell = j.ok ? fmtHex(j.hex) : j.unsupported ? '*unsupported*' : `*${shortErr(j)}*`;
      let pcell = p.ok ? fmtHex(p.hex) : p.unsupported ? '*unsupported*' : `*${shortErr(p)}*`;
      for (const [who, w] of [['Java', j], ['pyfory', p]]) {
        if (w.unsupported) unsupportedLegend.add(`${who}: ${shortErr(w)}`);
      }
      if (p.ok && j.ok && p.hex === j.hex) pcell = '=';
      const types = tj === tp ? tj : `${tj} / ${tp}`;
      out.push(
        `| ${cellEsc(r.title)} | ${cellEsc(types)} | ${cellEsc(jcell)} | ${cellEsc(pcell)} | ${cellEsc(readCell(r.read['python<java']))} | ${cellEsc(readCell(r.read['java<python']))} |`,
      );
    }
    out.push('');
  }

  out.push('### Why a peer answered "unsupported"');
  out.push('');
  for (const u of [...unsupportedLegend].sort()) out.push(`- ${cellEsc(u)}`);
  out.push('');

  // long payloads in full
  out.push('### Long payloads (ref=false)');
  out.push('');
  for (const r of results.filter((x) => !x.ref)) {
    const j = r.write.java;
    const p = r.write.python;
    if ((j.ok && j.hex.length / 2 > MAX_CELL_BYTES) || (p.ok && p.hex.length / 2 > MAX_CELL_BYTES)) {
      out.push(`<details><summary>${r.title}</summary>`);
      out.push('');
      if (j.ok) out.push(`Java (${j.hex.length / 2} B): \`${j.hex}\``);
      out.push('');
      if (p.ok) out.push(`pyfory (${p.hex.length / 2} B): ${p.hex === j.hex ? '= Java' : `\`${p.hex}\``}`);
      out.push('');
      out.push('</details>');
      out.push('');
    }
  }
  const m = results.find((x) => !x.ref && x.title.startsWith('map 300'));
  if (m && m.write.java.ok) {
    const h = m.write.java.hex;
    const at = (off, n) => h.slice(off * 2, (off + n) * 2).match(/../g).join(' ');
    // 01 ff 18 | size ac02 | chunk: header, size, key type, value type, 255 × (string 5 B + bool 1 B)
    const c2 = 5 + 4 + 255 * 6;
    out.push(
      `Map chunking (Java, ref=false): bytes 0..8 = \`${at(0, 9)}\` (header, flag, MAP, size varuint 300, ` +
        `chunk-1 KV header, chunk size, key type, value type); chunk 2 starts at byte ${c2}: \`${at(c2, 6)}\`.`,
    );
    out.push('');
  }

  out.push('### Read probes (hand-made payloads, ref=false)');
  out.push('');
  out.push('| payload | meaning | Java reads | pyfory reads |');
  out.push('|---|---|---|---|');
  for (const p of probes) {
    const cell = (r) => {
      if (!r) return '';
      if (!r.ok) return `ERR ${shortErr(r)}`;
      let s = summarize(r.value);
      if (r.trailing) s += ` (${r.trailing} B unread)`;
      if (r.hex) s += `; rewrites as ${typeLabel(r.hex)}`;
      return s;
    };
    out.push(`| \`${p.hex || '(empty)'}\` | ${cellEsc(p.what)} | ${cellEsc(cell(p.read.java))} | ${cellEsc(cell(p.read.python))} |`);
  }
  out.push('');
  out.push('### pyfory: Python ints at and beyond the int64 range');
  out.push('');
  out.push('| value | result |');
  out.push('|---|---|');
  out.push(bigInts.trim());
  out.push('');
  return out.join('\n');
}

function strip(r) {
  if (!r) return r;
  const { id, stderr, ...rest } = r;
  return rest;
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
