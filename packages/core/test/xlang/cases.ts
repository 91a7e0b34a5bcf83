/**
 * Cross-language cases: each value in the peers' tagged form, with what each real runtime can
 * write/read and where its bytes are expected to equal Ferry's (see peers/wire-catalog.md).
 */
import type { Tagged } from './tagged.js';

export type PeerKind = 'python' | 'java';

export interface Case {
  name: string;
  value: Tagged;
  /** Peers that have a native carrier for this value (default: both). */
  writers?: PeerKind[];
  /** What a peer decodes the value into when that differs from `value` (documented limitations). */
  readsAs?: Partial<Record<PeerKind, Tagged>>;
  /** Only meaningful with ref tracking (shared identity, cycles). */
  refOnly?: boolean;
  /** Peer/ref-mode pairs whose bytes differ from Ferry's by design (encoder heuristics). */
  notExact?: Array<`${PeerKind}` | `${PeerKind}:ref`>;
  /**
   * Peers whose own re-serialization of this value is not valid standalone xlang (Java writes an
   * all-null list's element type as an unregistered named struct `void`): Ferry must reject it.
   */
  peerReserializationInvalid?: PeerKind[];
}

const I = (t: 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64', v: bigint | number, enc?: 'fixed'): Tagged =>
  enc ? { t, v: String(v), enc } : { t, v: String(v) };
const F = (t: 'float16' | 'bfloat16' | 'float32' | 'float64', v: string): Tagged => ({ t, v });
const S = (v: string): Tagged => ({ t: 'string', v });
const NULL: Tagged = { t: 'null' };
const list = (...v: Tagged[]): Tagged => ({ t: 'list', v });
const set = (...v: Tagged[]): Tagged => ({ t: 'set', v });
const map = (...v: Array<[Tagged, Tagged]>): Tagged => ({ t: 'map', v });
const hexRange = (n: number) => Array.from({ length: n }, (_, i) => (i & 0xff).toString(16).padStart(2, '0')).join('');

const JAVA: PeerKind[] = ['java'];
const PYTHON: PeerKind[] = ['python'];

export const CASES: Case[] = [
  // --- scalars
  { name: 'bool true', value: { t: 'bool', v: true } },
  { name: 'bool false', value: { t: 'bool', v: false } },
  { name: 'null', value: NULL },
  { name: 'int8 -128', value: I('int8', -128), writers: JAVA },
  { name: 'int8 127', value: I('int8', 127), writers: JAVA },
  { name: 'int16 -32768', value: I('int16', -32768), writers: JAVA },
  { name: 'int16 300', value: I('int16', 300), writers: JAVA },
  { name: 'int32 -1', value: I('int32', -1), writers: JAVA },
  { name: 'int32 2^31-1', value: I('int32', 2 ** 31 - 1), writers: JAVA },
  { name: 'int32 -2^31', value: I('int32', -(2 ** 31)), writers: JAVA },
  { name: 'int64 0', value: I('int64', 0) },
  { name: 'int64 -1', value: I('int64', -1) },
  { name: 'int64 2^40', value: I('int64', 2 ** 40) },
  { name: 'int64 2^53', value: I('int64', 2n ** 53n) },
  { name: 'int64 2^63-1', value: I('int64', 2n ** 63n - 1n) },
  { name: 'int64 -2^63', value: I('int64', -(2n ** 63n)) },
  { name: 'uint8 200', value: I('uint8', 200), writers: JAVA },
  { name: 'uint16 65535', value: I('uint16', 65535), writers: JAVA },
  { name: 'uint32 2^32-1 (fixed)', value: I('uint32', 2 ** 32 - 1, 'fixed'), writers: JAVA },
  { name: 'uint64 2^64-1 (fixed)', value: I('uint64', 2n ** 64n - 1n, 'fixed'), writers: JAVA, readsAs: { java: I('int64', -1) } },
  { name: 'uint64 2^40 (fixed)', value: I('uint64', 2 ** 40, 'fixed'), writers: JAVA },
  { name: 'float32 1.5', value: F('float32', '1.5'), writers: JAVA },
  { name: 'float32 NaN', value: F('float32', 'NaN'), writers: JAVA },
  { name: 'float32 -0', value: F('float32', '-0'), writers: JAVA },
  { name: 'float32 3.4028235E38', value: F('float32', '3.4028234663852886E38'), writers: JAVA },
  { name: 'float64 1.5', value: F('float64', '1.5') },
  { name: 'float64 NaN', value: F('float64', 'NaN') },
  { name: 'float64 -0', value: F('float64', '-0') },
  { name: 'float64 Infinity', value: F('float64', 'Infinity') },
  { name: 'float64 -Infinity', value: F('float64', '-Infinity') },
  { name: 'float64 subnormal 5e-324', value: F('float64', '5e-324') },
  { name: 'float64 0.1', value: F('float64', '0.1') },
  { name: 'float16 1.5', value: F('float16', '1.5'), writers: JAVA },
  { name: 'float16 65504', value: F('float16', '65504'), writers: JAVA },
  { name: 'float16 -0', value: F('float16', '-0'), writers: JAVA },
  { name: 'float16 subnormal 2^-24', value: F('float16', '5.960464477539063E-8'), writers: JAVA },
  { name: 'bfloat16 1.5', value: F('bfloat16', '1.5'), writers: JAVA },
  { name: 'bfloat16 -3.0E38', value: F('bfloat16', '-2.9908380698999857E38'), writers: JAVA },
  // --- strings (Latin1 is written identically by all; non-Latin1 encodings are per-runtime heuristics)
  { name: 'string ""', value: S('') },
  { name: 'string "hello"', value: S('hello') },
  { name: 'string "héllo" (latin1)', value: S('héllo') },
  { name: 'string "ÿ"', value: S('ÿ') },
  { name: 'string 300 latin1 chars', value: S('abcdé'.repeat(60)) },
  { name: 'string "你好"', value: S('你好'), notExact: ['java', 'java:ref', 'python', 'python:ref'] },
  { name: 'string "a😀"', value: S('a😀') },
  { name: 'string "😀"', value: S('😀'), notExact: ['java', 'java:ref'] },
  { name: 'string "hé😀"', value: S('hé😀'), notExact: ['java', 'java:ref'] },
  { name: 'string long mixed', value: S('Grüße, 世界! 🚀 '.repeat(20)), notExact: ['java', 'java:ref'] },
  // --- binary
  { name: 'binary 0 bytes', value: { t: 'binary', v: '' } },
  { name: 'binary 3 bytes', value: { t: 'binary', v: '010203' } },
  { name: 'binary 300 bytes', value: { t: 'binary', v: hexRange(300) } },
  // --- dense arrays
  { name: 'bool_array', value: { t: 'bool_array', v: [true, false, true] } },
  { name: 'int8_array', value: { t: 'int8_array', v: ['-1', '0', '127'] }, writers: PYTHON, readsAs: { java: { t: 'binary', v: 'ff007f' } } },
  { name: 'int16_array', value: { t: 'int16_array', v: ['1', '-2', '32767'] } },
  { name: 'int32_array', value: { t: 'int32_array', v: ['1', '-2', String(2 ** 31 - 1)] } },
  { name: 'int64_array', value: { t: 'int64_array', v: ['1', '-2', String(2n ** 63n - 1n)] } },
  { name: 'empty int32_array', value: { t: 'int32_array', v: [] } },
  { name: 'uint8_array', value: { t: 'uint8_array', v: ['1', '255'] }, writers: PYTHON, readsAs: { java: { t: 'binary', v: '01ff' } } },
  { name: 'uint16_array', value: { t: 'uint16_array', v: ['1', '65535'] }, writers: PYTHON, readsAs: { java: { t: 'int16_array', v: ['1', '-1'] } } },
  { name: 'uint32_array', value: { t: 'uint32_array', v: ['1', String(2 ** 32 - 1)] }, writers: PYTHON, readsAs: { java: { t: 'int32_array', v: ['1', '-1'] } } },
  { name: 'uint64_array', value: { t: 'uint64_array', v: ['1', String(2n ** 64n - 1n)] }, writers: PYTHON, readsAs: { java: { t: 'int64_array', v: ['1', '-1'] } } },
  { name: 'float16_array', value: { t: 'float16_array', v: ['1', '-0.5', '65504'] } },
  { name: 'bfloat16_array', value: { t: 'bfloat16_array', v: ['1', '-0.5'] } },
  { name: 'float32_array', value: { t: 'float32_array', v: ['1.5', 'NaN', '-0'] } },
  { name: 'float64_array', value: { t: 'float64_array', v: ['1.5', '-0', 'Infinity'] } },
  // --- lists and sets
  { name: 'list []', value: list() },
  { name: 'list [1,2,3]', value: list(I('int64', 1), I('int64', 2), I('int64', 3)) },
  { name: 'list int32 [1,2,3]', value: list(I('int32', 1), I('int32', 2), I('int32', 3)), writers: JAVA },
  { name: 'list ["a","b"]', value: list(S('a'), S('b')) },
  { name: 'list [1,"a",null]', value: list(I('int64', 1), S('a'), NULL), notExact: ['java:ref'] },
  { name: 'list [1,null,3]', value: list(I('int64', 1), NULL, I('int64', 3)) },
  { name: 'list [null,null]', value: list(NULL, NULL), writers: [], peerReserializationInvalid: JAVA },
  { name: 'list [[1],[2]]', value: list(list(I('int64', 1)), list(I('int64', 2))) },
  { name: 'list [[1],["a"]]', value: list(list(I('int64', 1)), list(S('a'))) },
  { name: 'list [1.5, true]', value: list(F('float64', '1.5'), { t: 'bool', v: true }), notExact: ['java:ref'] },
  { name: 'list of 300 strings', value: list(...Array.from({ length: 300 }, (_, i) => S(`s${i}`))) },
  { name: 'list of binaries', value: list({ t: 'binary', v: '01' }, { t: 'binary', v: '0203' }) },
  // pyfory does not ref-track dense arrays (header 0x08 under ref=true); Java does (0x09), as Ferry.
  { name: 'list of int32_arrays', value: list({ t: 'int32_array', v: ['1'] }, { t: 'int32_array', v: ['2', '3'] }), notExact: ['python:ref'] },
  { name: 'deeply nested list (20)', value: Array.from({ length: 20 }).reduce<Tagged>((acc) => list(acc), I('int64', 7)) },
  { name: 'set {1,2}', value: set(I('int64', 1), I('int64', 2)) },
  { name: 'set {"a"}', value: set(S('a')) },
  { name: 'set {"a", null}', value: set(S('a'), NULL) },
  // --- maps
  { name: 'map {}', value: map() },
  { name: 'map {"a":1,"b":2}', value: map([S('a'), I('int64', 1)], [S('b'), I('int64', 2)]) },
  { name: 'map {"a":int32 1}', value: map([S('a'), I('int32', 1)]), writers: JAVA },
  { name: 'map {"a":null}', value: map([S('a'), NULL]) },
  { name: 'map {null:1}', value: map([NULL, I('int64', 1)]) },
  { name: 'map {"a":1, 2:"b"}', value: map([S('a'), I('int64', 1)], [I('int64', 2), S('b')]) },
  { name: 'map {"a":1,"b":"x","c":null}', value: map([S('a'), I('int64', 1)], [S('b'), S('x')], [S('c'), NULL]) },
  { name: 'map {"l":[1]}', value: map([S('l'), list(I('int64', 1))]) },
  { name: 'map of maps', value: map([S('m'), map([S('k'), F('float64', '2.5')])], [S('n'), map()]) },
  {
    name: 'map 300 entries (two chunks)',
    value: map(...Array.from({ length: 300 }, (_, i): [Tagged, Tagged] => [S(`k${String(i).padStart(3, '0')}`), { t: 'bool', v: i % 2 === 0 }])),
  },
  { name: 'map 255 entries (one full chunk)', value: map(...Array.from({ length: 255 }, (_, i): [Tagged, Tagged] => [I('int64', i), I('int64', -i)])) },
  // --- temporal and decimal
  { name: 'timestamp epoch', value: { t: 'timestamp', seconds: '0', nanos: 0 } },
  { name: 'timestamp 2023 µs', value: { t: 'timestamp', seconds: '1700000000', nanos: 123456000 } },
  { name: 'timestamp -1.5 s', value: { t: 'timestamp', seconds: '-2', nanos: 500000000 } },
  { name: 'timestamp 1 ns', value: { t: 'timestamp', seconds: '0', nanos: 1 }, writers: JAVA, readsAs: { python: { t: 'timestamp', seconds: '0', nanos: 0 } } },
  { name: 'date 2024-01-02', value: { t: 'date', days: '19724' } },
  { name: 'date 1969-12-31', value: { t: 'date', days: '-1' } },
  { name: 'date 0001-01-01', value: { t: 'date', days: '-719162' } },
  { name: 'duration -1.5 s', value: { t: 'duration', seconds: '-2', nanos: 500000000 } },
  { name: 'duration 0', value: { t: 'duration', seconds: '0', nanos: 0 } },
  { name: 'duration 1 year + 1 µs', value: { t: 'duration', seconds: String(86400 * 365), nanos: 1000 } },
  { name: 'decimal 123.45', value: { t: 'decimal', unscaled: '12345', scale: 2 } },
  { name: 'decimal -1', value: { t: 'decimal', unscaled: '-1', scale: 0 } },
  { name: 'decimal 0', value: { t: 'decimal', unscaled: '0', scale: 0 } },
  { name: 'decimal 1E+3', value: { t: 'decimal', unscaled: '1', scale: -3 } },
  { name: 'decimal 2^62-1 (small form edge)', value: { t: 'decimal', unscaled: String(2n ** 62n - 1n), scale: 4 } },
  { name: 'decimal 2^62 (big form)', value: { t: 'decimal', unscaled: String(2n ** 62n), scale: 4 } },
  { name: 'decimal -2^70', value: { t: 'decimal', unscaled: String(-(2n ** 70n)), scale: 10 } },
  // --- shared and circular references (ref tracking)
  { name: 'shared [x, x]', refOnly: true, value: list({ t: 'list', anchor: 'x', v: [I('int64', 1)] }, { t: 'refto', anchor: 'x' }) },
  { name: 'self-containing list', refOnly: true, value: { t: 'list', anchor: 's', v: [I('int64', 1), { t: 'refto', anchor: 's' }] }, notExact: ['java:ref'] },
  {
    name: 'ref ids count primitives: [7, "ab", x, x]',
    refOnly: true,
    value: list(I('int64', 7), S('ab'), { t: 'list', anchor: 'x', v: [] }, { t: 'refto', anchor: 'x' }),
    notExact: ['java:ref'],
  },
  { name: 'self-containing map', refOnly: true, value: { t: 'map', anchor: 'm', v: [[S('me'), { t: 'refto', anchor: 'm' }]] } },
  { name: 'shared map value', refOnly: true, value: map([S('a'), { t: 'map', anchor: 'y', v: [[S('k'), I('int64', 1)]] }], [S('b'), { t: 'refto', anchor: 'y' }]) },
];
