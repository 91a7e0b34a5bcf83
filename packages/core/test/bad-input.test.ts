// Malformed input and unsupported values: every case checks the exact error class, its `code`, its
// `offset` where it has one, and that the message names the problem.
//
// Payloads are written by hand as hex with `h('…')`. Byte legend (xlang spec):
//   header      01 = xlang bit set (bit 0); bit 1 = out-of-band; bits 2-7 reserved
//   ref flags   fd NULL | fe REF (+ varuint32 id) | ff NOT_NULL_VALUE | 00 REF_VALUE
//   type ids    01 BOOL  06 INT64 (fixed)  07 VARINT64  08 TAGGED_INT64  14 FLOAT64  15 STRING
//               16 LIST  17 SET  18 MAP  1b STRUCT  1d NAMED_STRUCT  25 DURATION  26 TIMESTAMP
//               27 DATE  28 DECIMAL  29 BINARY  2b BOOL_ARRAY  2e INT32_ARRAY  2f INT64_ARRAY
//   string      varuint36_small header (byteLength << 2) | encoding (0 LATIN1, 1 UTF16, 2 UTF8)
//   list/set    varuint32 length | elements header (01 track_ref, 02 has_null, 04 decl_type,
//               08 same_type; f0 reserved) | [element type id] | elements
//   map         varuint32 total | chunks: KV header (01 key_track 02 key_null 04 key_decl
//               08 val_track 10 val_null 20 val_decl; c0 reserved) | size 1..255 | key type |
//               value type | pairs. A chunk with a null side has no size byte.
//   varint64 1  = 02 (zigzag)
import { describe, expect, it } from 'vitest';
import {
  BoolArray,
  Decimal,
  Fory,
  ForyError,
  InvalidDataError,
  LimitExceededError,
  TruncatedError,
  Type,
  UnknownTypeError,
  UnsupportedValueError,
} from '../src/index.js';
import type { ForyErrorCode } from '../src/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

/** Bytes from space-separated hex, e.g. h('01 ff 07 02'). */
function h(hex: string): Uint8Array {
  const parts = hex.trim().split(/\s+/).filter((p) => p.length > 0);
  return Uint8Array.from(parts, (p) => {
    if (!/^[0-9a-f]{2}$/i.test(p)) throw new Error(`bad hex byte ${p}`);
    return parseInt(p, 16);
  });
}

/** Hex of an unsigned LEB128 varint (spec "unsigned varint32/64"), for hand-built lengths. */
function varuint(n: number | bigint): string {
  let v = BigInt(n);
  const out: string[] = [];
  while (v >= 0x80n) {
    out.push(((v & 0x7fn) | 0x80n).toString(16).padStart(2, '0'));
    v >>= 7n;
  }
  out.push(v.toString(16).padStart(2, '0'));
  return out.join(' ');
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

type ErrorClass = abstract new (...args: never[]) => ForyError;

interface Expected {
  cls: ErrorClass;
  code: ForyErrorCode;
  /** Byte offset; `undefined` for errors without one (write side). */
  offset: number | undefined;
  message: RegExp;
}

function thrown(fn: () => unknown): ForyError {
  let err: unknown;
  let returned: unknown;
  try {
    returned = fn();
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error(`expected a ForyError, but the call returned ${String(returned)}`);
  if (!(err instanceof ForyError)) throw new Error(`expected a ForyError, got ${String(err)}`);
  return err;
}

function expectError(err: ForyError, want: Expected): void {
  expect(err.constructor, `error class (message: ${err.message})`).toBe(want.cls);
  expect(err).toBeInstanceOf(ForyError);
  expect(err.code).toBe(want.code);
  expect(err.offset).toBe(want.offset);
  expect(err.message).toMatch(want.message);
}

/** Decode `bytes` (with `fory`, default options otherwise) and check the error it raises. */
function expectDecodeError<E extends ForyError = ForyError>(bytes: Uint8Array, want: Expected, fory = new Fory()): E {
  const err = thrown(() => fory.deserialize(bytes));
  expectError(err, want);
  return err as E;
}

function expectWriteError<E extends ForyError = ForyError>(fn: () => unknown, want: Omit<Expected, 'offset'>): E {
  const err = thrown(fn);
  expectError(err, { ...want, offset: undefined });
  return err as E;
}

/**
 * Run `fn` and return how much ArrayBuffer memory it left allocated: a rejected size must be
 * rejected before its allocation (speed is measured by the benchmark, never asserted in tests).
 */
function measure(fn: () => void): { arrayBufferGrowth: number } {
  const before = process.memoryUsage().arrayBuffers;
  fn();
  return { arrayBufferGrowth: process.memoryUsage().arrayBuffers - before };
}

const MiB = 1024 * 1024;

describe('helpers', () => {
  it('h() and varuint() build the bytes they say', () => {
    expect(Array.from(h('01 ff 7f'))).toEqual([1, 255, 127]);
    expect(varuint(127)).toBe('7f');
    expect(varuint(128)).toBe('80 01');
    expect(varuint(2 ** 32 - 1)).toBe('ff ff ff ff 0f');
    // Cross-check against the codec: a 300-byte binary's length prefix.
    expect(hexOf(new Fory().serialize(new Uint8Array(300))).slice(0, 14)).toBe(`01 ff 29 ${varuint(300)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Header.
// ---------------------------------------------------------------------------------------------

describe('header', () => {
  it('empty input → TruncatedError at 0', () => {
    const err = expectDecodeError<TruncatedError>(h(''), { cls: TruncatedError, code: 'TRUNCATED', offset: 0, message: /Truncated payload: header needs 1 byte/ });
    expect(err.needed).toBe(1);
    expect(err.available).toBe(0);
  });

  it('header only (01, no ref flag) → TruncatedError at 1', () => {
    expectDecodeError(h('01'), { cls: TruncatedError, code: 'TRUNCATED', offset: 1, message: /Truncated payload: int8 needs 1 byte/ });
  });

  it('00: xlang bit clear (native-mode payload) → INVALID_HEADER', () => {
    expectDecodeError(h('00 ff 07 02'), { cls: InvalidDataError, code: 'INVALID_HEADER', offset: 0, message: /xlang bit is clear/ });
  });

  it('05: reserved bit 2 set → INVALID_HEADER naming the byte', () => {
    expectDecodeError(h('05 ff 07 02'), { cls: InvalidDataError, code: 'INVALID_HEADER', offset: 0, message: /Invalid header 0x05: reserved bits/ });
  });

  it('81: reserved bit 7 set → INVALID_HEADER naming the byte', () => {
    expectDecodeError(h('81 ff 07 02'), { cls: InvalidDataError, code: 'INVALID_HEADER', offset: 0, message: /Invalid header 0x81: reserved bits/ });
  });

  it('03: out-of-band bit without buffers → INVALID_HEADER', () => {
    expectDecodeError(h('03 ff 07 02'), { cls: InvalidDataError, code: 'INVALID_HEADER', offset: 0, message: /out-of-band buffers/ });
  });

  it('02: out-of-band bit but xlang bit clear → INVALID_HEADER (not xlang)', () => {
    expectDecodeError(h('02 ff 07 02'), { cls: InvalidDataError, code: 'INVALID_HEADER', offset: 0, message: /xlang bit is clear/ });
  });

  it('a non-Uint8Array argument → ForyError INVALID_DATA', () => {
    const err = thrown(() => new Fory().deserialize(new ArrayBuffer(4) as unknown as Uint8Array));
    expect(err.constructor).toBe(ForyError);
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toMatch(/expects a Uint8Array/);
  });
});

// ---------------------------------------------------------------------------------------------
// Truncation.
// ---------------------------------------------------------------------------------------------

describe('truncated payloads', () => {
  it('cut inside a varint64 (07 then a continuation byte 80) → TruncatedError at the varint', () => {
    // 01 header | ff NOT_NULL | 07 VARINT64 | 80 = low 7 bits + "more follows", then nothing
    expectDecodeError(h('01 ff 07 80'), { cls: TruncatedError, code: 'TRUNCATED', offset: 3, message: /varuint64 needs 2 byte/ });
  });

  it('cut inside a varuint32 length → TruncatedError at the length', () => {
    // 01 | ff | 29 BINARY | 80 = length varint with continuation, then nothing
    expectDecodeError(h('01 ff 29 80'), { cls: TruncatedError, code: 'TRUNCATED', offset: 3, message: /varuint32/ });
  });

  it('cut inside a REF id → TruncatedError', () => {
    // 01 | fe REF, then the varuint32 id is missing
    expectDecodeError(h('01 fe'), { cls: TruncatedError, code: 'TRUNCATED', offset: 2, message: /varuint32/ });
  });

  it('cut inside a string body → TruncatedError at the body, with needed/available', () => {
    // 01 | ff | 15 STRING | 0c = (3 << 2) | LATIN1 | 61 'a', and 'b' 'c' are missing
    const err = expectDecodeError<TruncatedError>(h('01 ff 15 0c 61'), {
      cls: TruncatedError,
      code: 'TRUNCATED',
      offset: 4,
      message: /string body needs 3 byte\(s\) but 1 remain/,
    });
    expect([err.needed, err.available]).toEqual([3, 1]);
  });

  it('cut inside a binary body → TruncatedError at the body', () => {
    // 01 | ff | 29 BINARY | 05 length 5 | 01 02 (3 bytes missing)
    expectDecodeError(h('01 ff 29 05 01 02'), { cls: TruncatedError, code: 'TRUNCATED', offset: 4, message: /binary needs 5 byte\(s\) but 2 remain/ });
  });

  it('cut inside a list (third element missing) → TruncatedError where it should start', () => {
    // 01 | ff | 16 LIST | 03 length 3 | 08 same_type | 07 VARINT64 | 02 (1) | 04 (2) | (3 missing)
    expectDecodeError(h('01 ff 16 03 08 07 02 04'), { cls: TruncatedError, code: 'TRUNCATED', offset: 8, message: /varuint64 needs 1 byte/ });
  });

  it('cut right after a map chunk header (size byte missing) → TruncatedError', () => {
    // 01 | ff | 18 MAP | 01 total 1 | 00 KV header, then the chunk size byte is missing
    expectDecodeError(h('01 ff 18 01 00'), { cls: TruncatedError, code: 'TRUNCATED', offset: 5, message: /uint8 needs 1 byte/ });
  });

  it('cut inside a map chunk (value of the pair missing) → TruncatedError', () => {
    // 01 | ff | 18 MAP | 01 | 00 KV header | 01 size | 15 key STRING | 07 value VARINT64 | 04 61 'a' | (value missing)
    expectDecodeError(h('01 ff 18 01 00 01 15 07 04 61'), { cls: TruncatedError, code: 'TRUNCATED', offset: 10, message: /varuint64/ });
  });

  it('cut inside a fixed int64 → TruncatedError naming int64', () => {
    // 01 | ff | 06 INT64 | 3 of 8 bytes
    const err = expectDecodeError<TruncatedError>(h('01 ff 06 01 02 03'), {
      cls: TruncatedError,
      code: 'TRUNCATED',
      offset: 3,
      message: /int64 needs 8 byte\(s\) but 3 remain/,
    });
    expect([err.needed, err.available]).toEqual([8, 3]);
  });

  it('cut inside the 9-byte form of a tagged int64 → TruncatedError', () => {
    // 01 | ff | 08 TAGGED_INT64 | 01 (bit 0 set = 9-byte form) | only 4 of the 8 value bytes
    expectDecodeError(h('01 ff 08 01 00 00 00 00'), { cls: TruncatedError, code: 'TRUNCATED', offset: 3, message: /tagged int64 needs 9 byte/ });
  });

  it('cut inside a float64 → TruncatedError', () => {
    expectDecodeError(h('01 ff 14 00 00 00'), { cls: TruncatedError, code: 'TRUNCATED', offset: 3, message: /float64 needs 8 byte/ });
  });

  it('timestamp cut after the seconds (nanos missing) → TruncatedError at the nanos', () => {
    // 01 | ff | 26 TIMESTAMP | int64 seconds 0 | uint32 nanos: only 2 bytes
    expectDecodeError(h('01 ff 26 00 00 00 00 00 00 00 00 00 00'), { cls: TruncatedError, code: 'TRUNCATED', offset: 11, message: /uint32 needs 4 byte/ });
  });

  it('decimal magnitude cut short → TruncatedError at the magnitude', () => {
    // 01 | ff | 28 DECIMAL | 00 scale 0 | 0d = ((len 3 << 1 | sign 0) << 1) | 1 big form | 1 of 3 bytes
    expectDecodeError(h('01 ff 28 00 0d 01'), { cls: TruncatedError, code: 'TRUNCATED', offset: 5, message: /decimal magnitude needs 3 byte/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Type ids.
// ---------------------------------------------------------------------------------------------

describe('unknown type ids', () => {
  it('57 (one past FLOAT64_ARRAY) → UnknownTypeError UNKNOWN_TYPE at the type id', () => {
    const err = expectDecodeError<UnknownTypeError>(h('01 ff 39'), { cls: UnknownTypeError, code: 'UNKNOWN_TYPE', offset: 2, message: /Unknown or unsupported type id 57/ });
    expect(err.typeId).toBe(57);
  });

  it('200 (two-byte varint c8 01) → UnknownTypeError UNKNOWN_TYPE', () => {
    const err = expectDecodeError<UnknownTypeError>(h('01 ff c8 01'), { cls: UnknownTypeError, code: 'UNKNOWN_TYPE', offset: 2, message: /type id 200/ });
    expect(err.typeId).toBe(200);
  });

  it('27 STRUCT with nothing registered → UnknownTypeError TYPE_NOT_REGISTERED', () => {
    // The user type id that follows STRUCT is never reached.
    const err = expectDecodeError<UnknownTypeError>(h('01 ff 1b 01'), { cls: UnknownTypeError, code: 'TYPE_NOT_REGISTERED', offset: 2, message: /not registered: STRUCT/ });
    expect(err.typeId).toBe(27);
  });

  it('29 NAMED_STRUCT with nothing registered → TYPE_NOT_REGISTERED naming the type', () => {
    // 1d NAMED_STRUCT, namespace "example" (0a = len 5 << 1, encoding 04), type name "Person" (08, 03)
    expectDecodeError(h('01 ff 1d 0a 04 12 e0 63 d6 40 08 03 3c 91 93 9a'), {
      cls: UnknownTypeError,
      code: 'TYPE_NOT_REGISTERED',
      offset: 2,
      message: /NAMED_STRUCT example\.Person/,
    });
  });

  it('type id 0 (UNKNOWN) → InvalidDataError', () => {
    expectDecodeError(h('01 ff 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 2, message: /Type id 0 \(UNKNOWN\) is not valid/ });
  });

  it('16 FLOAT8 (unsupported) → UNKNOWN_TYPE naming FLOAT8', () => {
    expectDecodeError(h('01 ff 10 00'), { cls: UnknownTypeError, code: 'UNKNOWN_TYPE', offset: 2, message: /type id 16 \(FLOAT8\)/ });
  });

  it('42 ARRAY (reserved for multi-dimensional arrays) → UNKNOWN_TYPE', () => {
    expectDecodeError(h('01 ff 2a 00'), { cls: UnknownTypeError, code: 'UNKNOWN_TYPE', offset: 2, message: /type id 42 \(ARRAY\)/ });
  });

  it('unknown element type id inside a list → UNKNOWN_TYPE at that id', () => {
    // 01 | ff | 16 LIST | 01 | 08 same_type | 39 element type 57
    expectDecodeError(h('01 ff 16 01 08 39'), { cls: UnknownTypeError, code: 'UNKNOWN_TYPE', offset: 5, message: /type id 57/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Reference flags.
// ---------------------------------------------------------------------------------------------

describe('reference flags', () => {
  it('flag byte 05 (not one of fd fe ff 00) → InvalidDataError', () => {
    expectDecodeError(h('01 05 07 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 1, message: /Invalid reference flag 5/ });
  });

  it('flag byte 80 (-128) → InvalidDataError', () => {
    expectDecodeError(h('01 80'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 1, message: /Invalid reference flag -128/ });
  });

  it('REF at the root to an id never assigned → InvalidDataError', () => {
    // 01 | fe REF | 00 id 0 (no REF_VALUE was ever read)
    expectDecodeError(h('01 fe 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 1, message: /unknown ref id 0/ });
  });

  it('REF inside a tracked list to an id past the last one assigned → InvalidDataError', () => {
    // 01 | 00 REF_VALUE (root list = id 0) | 16 LIST | 01 | 01 track_ref | fe REF | 01 id 1 (never assigned)
    expectDecodeError(h('01 00 16 01 01 fe 01'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 5, message: /unknown ref id 1/ });
  });

  it('invalid ref flag on the non-null side of a null map entry → InvalidDataError', () => {
    // 01 | ff | 18 MAP | 01 | 0a = key_null | val_track_ref | 05 bad flag
    expectDecodeError(h('01 ff 18 01 0a 05'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 5, message: /Invalid reference flag 5 in map entry/ });
  });

  it('element flag 00 in a nullable, untracked list → InvalidDataError', () => {
    // 01 | ff | 16 LIST | 01 | 0a has_null | same_type | 07 VARINT64 | 00 (only fd/ff allowed here) | 02
    expectDecodeError(h('01 ff 16 01 0a 07 00 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 6, message: /Invalid element flag 0 in a nullable collection/ });
  });

  it('more REF_VALUE ids than maxRefs → LimitExceededError maxRefs', () => {
    // 01 | 00 REF_VALUE (id 0) | 16 LIST | 01 | 01 track_ref | 00 REF_VALUE (id 1 > limit) | 16 00 empty list
    const err = expectDecodeError<LimitExceededError>(
      h('01 00 16 01 01 00 16 00'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 5, message: /Limit maxRefs exceeded: 2 > 1/ },
      new Fory({ limits: { maxRefs: 1 } }),
    );
    expect(err.limit).toBe('maxRefs');
  });
});

// ---------------------------------------------------------------------------------------------
// Varints and lengths.
// ---------------------------------------------------------------------------------------------

describe('varints and declared lengths', () => {
  it('over-long varuint32 length (6 continuation bytes) → InvalidDataError at the length', () => {
    // 01 | ff | 29 BINARY | ff ff ff ff ff ff: the 5th byte may carry only 4 bits and no continuation
    expectDecodeError(h('01 ff 29 ff ff ff ff ff ff 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /Over-long or out-of-range varuint32/ });
  });

  it('varuint32 whose 5th byte exceeds 4 bits (> 2^32 - 1) → InvalidDataError', () => {
    expectDecodeError(h('01 ff 16 ff ff ff ff 1f 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /out-of-range varuint32/ });
  });

  it('over-long list length (80 80 80 80 80 00) → InvalidDataError', () => {
    expectDecodeError(h('01 ff 16 80 80 80 80 80 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /Over-long/ });
  });

  it('binary length 1000 with 3 bytes left → TruncatedError (needed 1000, available 3)', () => {
    // 01 | ff | 29 BINARY | e8 07 = 1000 | 01 02 03
    const err = expectDecodeError<TruncatedError>(h(`01 ff 29 ${varuint(1000)} 01 02 03`), {
      cls: TruncatedError,
      code: 'TRUNCATED',
      offset: 5,
      message: /binary needs 1000 byte\(s\) but 3 remain/,
    });
    expect([err.needed, err.available]).toEqual([1000, 3]);
  });

  it('string header beyond 36 bits → InvalidDataError', () => {
    // 01 | ff | 15 STRING | 9-byte varint64 header 2^64 - 1
    expectDecodeError(h('01 ff 15 ff ff ff ff ff ff ff ff ff'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /String header exceeds 36-bit length/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Strings.
// ---------------------------------------------------------------------------------------------

/** A STRING root whose body is `bodyHex`, with a header (byteLength << 2) | encoding. */
function stringPayload(bodyHex: string, encoding: number): Uint8Array {
  const n = h(bodyHex).length;
  return h(`01 ff 15 ${varuint(n * 4 + encoding)} ${bodyHex}`);
}

const UTF8 = 2;
/** 70 ASCII bytes: pushes a body past 64 bytes, onto the TextDecoder path. */
const LONG_PREFIX = '41 '.repeat(70);

describe('strings', () => {
  // Short bodies (≤ 64 bytes) use the hand-written decoder. The offset is the body start (4).
  const shortCases: Array<[string, string]> = [
    ['overlong encoding C0 80 (NUL in 2 bytes)', 'c0 80'],
    ['lone continuation byte 80', '80'],
    ['UTF-8-encoded surrogate ED A0 80 (U+D800)', 'ed a0 80'],
    ['truncated multi-byte sequence E2 82 (3-byte lead, 1 continuation)', 'e2 82'],
    ['code point above U+10FFFF (F4 90 80 80)', 'f4 90 80 80'],
    ['overlong 3-byte encoding E0 80 80', 'e0 80 80'],
  ];
  for (const [name, body] of shortCases) {
    it(`short string: ${name} → INVALID_UTF8 at the body`, () => {
      expectDecodeError(stringPayload(`61 ${body} 62`, UTF8), { cls: InvalidDataError, code: 'INVALID_UTF8', offset: 4, message: /Invalid UTF-8 in string/ });
    });
  }

  // Long bodies (> 64 bytes) use the fatal TextDecoder. The header takes 2 bytes, so the body starts at 5.
  const longCases: Array<[string, string]> = [
    ['overlong encoding C0 80', 'c0 80'],
    ['lone continuation byte 80', '80'],
    ['UTF-8-encoded surrogate ED A0 80', 'ed a0 80'],
    ['truncated multi-byte sequence at the end (E2 82)', 'e2 82'],
  ];
  for (const [name, body] of longCases) {
    it(`long string: ${name} → INVALID_UTF8 at the body`, () => {
      const bytes = stringPayload(`${LONG_PREFIX} ${body}`, UTF8);
      expect(bytes.length - 5).toBeGreaterThan(64);
      expectDecodeError(bytes, { cls: InvalidDataError, code: 'INVALID_UTF8', offset: 5, message: /Invalid UTF-8 in string/ });
    });
  }

  it('UTF-16 string with an odd byte length → InvalidDataError at the header', () => {
    // 01 | ff | 15 | 0d = (3 << 2) | UTF16 | 41 00 42
    expectDecodeError(h('01 ff 15 0d 41 00 42'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /UTF-16 string has odd byte length 3/ });
  });

  it('reserved string encoding 3 → InvalidDataError at the header', () => {
    // 01 | ff | 15 | 07 = (1 << 2) | 3 | 41
    expectDecodeError(h('01 ff 15 07 41'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /Reserved string encoding 3/ });
  });

  it('invalid UTF-8 in a map key → INVALID_UTF8 at that key body', () => {
    // 01 | ff | 18 MAP | 01 | 00 | 01 size | 15 key STRING | 07 value VARINT64 | 06 = (1 << 2) | UTF8 | 80 | 02
    expectDecodeError(h('01 ff 18 01 00 01 15 07 06 80 02'), { cls: InvalidDataError, code: 'INVALID_UTF8', offset: 9, message: /Invalid UTF-8/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Nesting depth.
// ---------------------------------------------------------------------------------------------

describe('nesting depth', () => {
  it('a list nested 300 deep (maxDepth 256) → LimitExceededError maxDepth at level 257', () => {
    // 01 | ff | then 300 × (16 LIST | 01 length | 00 header: element type per element) | 16 00 (empty)
    // Level k (1-based) starts at 2 + 3(k - 1); its depth is counted after its header, at 3k + 2.
    const bytes = h(`01 ff ${'16 01 00 '.repeat(300)} 16 00`);
    const err = expectDecodeError<LimitExceededError>(bytes, { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3 * 257 + 2, message: /Limit maxDepth exceeded: 257 > 256/ });
    expect(err.limit).toBe('maxDepth');
    expect([err.value, err.max]).toEqual([257, 256]);
  });

  it('exactly maxDepth levels still decode', () => {
    const bytes = h(`01 ff ${'16 01 00 '.repeat(256)} 16 00`);
    let v = new Fory().deserialize(bytes);
    let depth = 0;
    while (Array.isArray(v) && v.length === 1) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(256);
  });

  it('maps nested deeper than a custom maxDepth 3 → maxDepth', () => {
    // Each level: size 01 | KV header 00 | chunk size 01 | key STRING 15 | value MAP 18 | key 04 6b ('k') | inner map payload
    // Level k's size byte is at 3 + 7(k - 1); depth is counted right after it, at 4 + 7(k - 1).
    const level = '01 00 01 15 18 04 6b ';
    const bytes = h(`01 ff 18 ${level.repeat(4)} 00`);
    const err = expectDecodeError<LimitExceededError>(
      bytes,
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 4 + 7 * 3, message: /maxDepth exceeded: 4 > 3/ },
      new Fory({ limits: { maxDepth: 3 } }),
    );
    expect(err.limit).toBe('maxDepth');
    // The same bytes with one level fewer decode.
    expect(new Fory({ limits: { maxDepth: 3 } }).deserialize(h(`01 ff 18 ${level.repeat(3)} 00`))).toBeInstanceOf(Map);
  });

  it('write: a cyclic Array with ref: false → LimitExceededError maxDepth hinting at ref: true', () => {
    const a: unknown[] = [];
    a.push(a);
    const err = expectWriteError<LimitExceededError>(() => new Fory().serialize(a), {
      cls: LimitExceededError,
      code: 'LIMIT_EXCEEDED',
      message: /maxDepth exceeded: 257 > 256.*ref: true/,
    });
    expect(err.limit).toBe('maxDepth');
    // The same value writes fine with reference tracking.
    const back = new Fory({ ref: true }).deserialize(new Fory({ ref: true }).serialize(a)) as unknown[];
    expect(back[0]).toBe(back);
  });

  it('write: a cyclic plain object with ref: false → maxDepth hinting at ref: true', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expectWriteError(() => new Fory().serialize(o), { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', message: /maxDepth.*cycles need ref: true/ });
  });

  it('write: an acyclic list nested 300 deep → maxDepth', () => {
    let v: unknown[] = [];
    for (let i = 0; i < 300; i++) v = [v];
    expectWriteError(() => new Fory().serialize(v), { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', message: /maxDepth exceeded: 257 > 256/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Configured limits (checked before the allocation they guard).
// ---------------------------------------------------------------------------------------------

describe('configured limits', () => {
  it('maxBinaryBytes: an 11-byte binary with a limit of 10 → LimitExceededError at the length', () => {
    const err = expectDecodeError<LimitExceededError>(
      h(`01 ff 29 0b ${'00 '.repeat(11)}`),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /Limit maxBinaryBytes exceeded: 11 > 10/ },
      new Fory({ limits: { maxBinaryBytes: 10 } }),
    );
    expect([err.limit, err.value, err.max]).toEqual(['maxBinaryBytes', 11, 10]);
  });

  it('maxBinaryBytes also bounds dense arrays (int32 array of 8 bytes, limit 4)', () => {
    expectDecodeError(
      h('01 ff 2e 08 01 00 00 00 02 00 00 00'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /maxBinaryBytes exceeded: 8 > 4/ },
      new Fory({ limits: { maxBinaryBytes: 4 } }),
    );
  });

  it('a binary declaring 2^31 bytes with a 10-byte payload → LimitExceededError at the default limit, at once', () => {
    // 80 80 80 80 08 = 2^31
    const bytes = h(`01 ff 29 ${varuint(2 ** 31)} ${'00 '.repeat(10)}`);
    const { arrayBufferGrowth } = measure(() => {
      expectDecodeError(bytes, { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /maxBinaryBytes exceeded: 2147483648 > 268435456/ });
    });
    expect(arrayBufferGrowth).toBeLessThan(16 * MiB);
  });

  it('…and with a limit above 2^31 → TruncatedError before anything is allocated', () => {
    const bytes = h(`01 ff 29 ${varuint(2 ** 31)} ${'00 '.repeat(10)}`);
    const fory = new Fory({ limits: { maxBinaryBytes: 2 ** 32 } });
    const { arrayBufferGrowth } = measure(() => {
      expectDecodeError(bytes, { cls: TruncatedError, code: 'TRUNCATED', offset: 8, message: /binary needs 2147483648 byte\(s\) but 10 remain/ }, fory);
    });
    expect(arrayBufferGrowth).toBeLessThan(16 * MiB);
  });

  it('an int64 array declaring 2^31 bytes with a large limit → TruncatedError, no allocation', () => {
    const fory = new Fory({ limits: { maxBinaryBytes: 2 ** 32 } });
    const { arrayBufferGrowth } = measure(() => {
      expectDecodeError(h(`01 ff 2f ${varuint(2 ** 31)} 00 00`), { cls: TruncatedError, code: 'TRUNCATED', offset: 8, message: /array<int64> needs 2147483648/ }, fory);
    });
    expect(arrayBufferGrowth).toBeLessThan(16 * MiB);
  });

  it('maxStringBytes: a 5-byte string with a limit of 4 → LimitExceededError at the header', () => {
    // 01 | ff | 15 | 14 = (5 << 2) | LATIN1 | 'abcde'
    expectDecodeError(
      h('01 ff 15 14 61 62 63 64 65'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /Limit maxStringBytes exceeded: 5 > 4/ },
      new Fory({ limits: { maxStringBytes: 4 } }),
    );
  });

  it('a string declaring 2^35 bytes → LimitExceededError (default limit), or TruncatedError with a huge limit, at once', () => {
    const bytes = h(`01 ff 15 ${varuint(2n ** 35n * 4n + 2n)} 61 62`);
    const { arrayBufferGrowth } = measure(() => {
      expectDecodeError(bytes, { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /maxStringBytes exceeded: 34359738368 > 67108864/ });
      expectDecodeError(
        bytes,
        { cls: TruncatedError, code: 'TRUNCATED', offset: 9, message: /string body needs 34359738368 byte\(s\) but 2 remain/ },
        new Fory({ limits: { maxStringBytes: 2 ** 40 } }),
      );
    });
    expect(arrayBufferGrowth).toBeLessThan(16 * MiB);
  });

  it('maxCollectionSize: a list of 3 with a limit of 2 → LimitExceededError at the length', () => {
    const err = expectDecodeError<LimitExceededError>(
      h('01 ff 16 03 08 07 02 04 06'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /Limit maxCollectionSize exceeded: 3 > 2/ },
      new Fory({ limits: { maxCollectionSize: 2 } }),
    );
    expect(err.limit).toBe('maxCollectionSize');
  });

  it('maxCollectionSize: a set of 3 with a limit of 2 → LimitExceededError', () => {
    expectDecodeError(
      h('01 ff 17 03 08 07 02 04 06'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /maxCollectionSize exceeded: 3 > 2/ },
      new Fory({ limits: { maxCollectionSize: 2 } }),
    );
  });

  it('maxCollectionSize: a map of 3 with a limit of 2 → LimitExceededError', () => {
    // 01 | ff | 18 MAP | 03 | 00 | 03 | 07 07 | 02 02 | 04 04 | 06 06
    expectDecodeError(
      h('01 ff 18 03 00 03 07 07 02 02 04 04 06 06'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 3, message: /maxCollectionSize exceeded: 3 > 2/ },
      new Fory({ limits: { maxCollectionSize: 2 } }),
    );
  });

  it('a list declaring 2^32 - 1 elements → LimitExceededError with the default limit', () => {
    expectDecodeError(h(`01 ff 16 ${varuint(2 ** 32 - 1)} 00`), {
      cls: LimitExceededError,
      code: 'LIMIT_EXCEEDED',
      offset: 3,
      message: /maxCollectionSize exceeded: 4294967295 > 16777216/,
    });
  });

  it('a list declaring 2^32 - 1 elements with an unbounded limit → rejected against the remaining bytes, no allocation', () => {
    const fory = new Fory({ limits: { maxCollectionSize: 2 ** 32 } });
    const { arrayBufferGrowth } = measure(() => {
      expectDecodeError(
        h(`01 ff 16 ${varuint(2 ** 32 - 1)} 08 07 02`),
        { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /Collection declares 4294967295 elements but only 3 bytes remain/ },
        fory,
      );
    });
    expect(arrayBufferGrowth).toBeLessThan(16 * MiB);
  });

  it('a map declaring 2^32 - 1 entries with an unbounded limit → rejected against the remaining bytes', () => {
    expectDecodeError(
      h(`01 ff 18 ${varuint(2 ** 32 - 1)} 00 01 07 07 02 02`),
      { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /declares 4294967295 elements but only 6 bytes remain/ },
      new Fory({ limits: { maxCollectionSize: 2 ** 32 } }),
    );
  });

  it('maxDecimalBytes: a 5-byte magnitude with a limit of 4 → LimitExceededError at the unscaled header', () => {
    // 01 | ff | 28 DECIMAL | 00 scale 0 | 15 = ((5 << 1 | 0) << 1) | 1 | 5 magnitude bytes
    const err = expectDecodeError<LimitExceededError>(
      h('01 ff 28 00 15 01 02 03 04 05'),
      { cls: LimitExceededError, code: 'LIMIT_EXCEEDED', offset: 4, message: /Limit maxDecimalBytes exceeded: 5 > 4/ },
      new Fory({ limits: { maxDecimalBytes: 4 } }),
    );
    expect(err.limit).toBe('maxDecimalBytes');
  });

  it('a decimal magnitude declaring 2^40 bytes → LimitExceededError (default 10,000) before reading it', () => {
    // header = ((2^40 << 1) << 1) | 1
    expectDecodeError(h(`01 ff 28 00 ${varuint((2n ** 40n << 2n) | 1n)} 01`), {
      cls: LimitExceededError,
      code: 'LIMIT_EXCEEDED',
      offset: 4,
      message: /maxDecimalBytes exceeded: 1099511627776 > 10000/,
    });
  });

  it('decimal scale beyond ±10,000 → InvalidDataError at the scale', () => {
    // scale 10001 → zigzag 20002 = a2 9c 01
    expectDecodeError(h(`01 ff 28 ${varuint(20002)} 02`), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /decimal scale 10001 outside/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Structure.
// ---------------------------------------------------------------------------------------------

describe('structure', () => {
  it('trailing bytes after the root value → InvalidDataError where they start', () => {
    // 01 | ff | 07 | 02 (int64 1) | 00 extra
    expectDecodeError(h('01 ff 07 02 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /1 trailing byte\(s\) after the root value/ });
  });

  it('trailing bytes after a null root → InvalidDataError', () => {
    expectDecodeError(h('01 fd ff ff'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 2, message: /2 trailing byte\(s\)/ });
  });

  it('map chunk size 0 → InvalidDataError at the size byte', () => {
    // 01 | ff | 18 MAP | 01 total | 00 KV header | 00 chunk size (must be 1..255)
    expectDecodeError(h('01 ff 18 01 00 00 07 07 02 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 5, message: /Invalid map chunk size 0/ });
  });

  it('map chunk size beyond the declared total → InvalidDataError at the size byte', () => {
    // 01 | ff | 18 MAP | 01 total | 00 | 02 chunk size 2 > 1 | 07 07 | 02 02 | 04 04
    expectDecodeError(h('01 ff 18 01 00 02 07 07 02 02 04 04'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 5, message: /Invalid map chunk size 2 \(0 of 1 entries read\)/ });
  });

  it('second map chunk overshooting the total → InvalidDataError', () => {
    // total 2 | chunk 1: 00 01 07 07 02 02 | chunk 2: 00 02 (1 left, 2 declared)
    expectDecodeError(h('01 ff 18 02 00 01 07 07 02 02 00 02 07 07 04 04 06 06'), {
      cls: InvalidDataError,
      code: 'INVALID_DATA',
      offset: 11,
      message: /Invalid map chunk size 2 \(1 of 2 entries read\)/,
    });
  });

  it('collection header with reserved bit 0x10 → InvalidDataError naming the header', () => {
    expectDecodeError(h('01 ff 16 01 18 07 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /Reserved bits set in collection header 0x18/ });
  });

  it('set header with reserved bit 0x80 → InvalidDataError', () => {
    expectDecodeError(h('01 ff 17 01 88 07 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /Reserved bits set in collection header 0x88/ });
  });

  it('map chunk header with reserved bit 0x40 → InvalidDataError', () => {
    expectDecodeError(h('01 ff 18 01 40 01 07 07 02 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /Reserved bits set in map chunk header 0x40/ });
  });

  it('list header claiming a declared element type where none is declared → InvalidDataError', () => {
    // 0c = decl_type | same_type, in a dynamic (root) position
    expectDecodeError(h('01 ff 16 01 0c 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /declared element type, but none is declared/ });
  });

  it('map chunk claiming a declared key type where none is declared → InvalidDataError', () => {
    // 04 = key_decl_type, in a dynamic (root) position
    expectDecodeError(h('01 ff 18 01 04 01 07 02 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /Map chunk claims a declared type/ });
  });

  it('bool byte 02 → InvalidDataError', () => {
    expectDecodeError(h('01 ff 01 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /Invalid bool byte 0x2/ });
  });

  it('int32 array with 6 bytes (not a multiple of 4) → InvalidDataError at the length', () => {
    expectDecodeError(h('01 ff 2e 06 00 00 00 00 00 00'), {
      cls: InvalidDataError,
      code: 'INVALID_DATA',
      offset: 3,
      message: /array<int32> byte length 6 is not a multiple of its element size 4/,
    });
  });

  it('int64 array with 12 bytes → InvalidDataError', () => {
    expectDecodeError(h(`01 ff 2f 0c ${'00 '.repeat(12)}`), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /array<int64> byte length 12 is not a multiple of its element size 8/ });
  });

  it('bool array containing 02 → InvalidDataError at that element', () => {
    // 01 | ff | 2b BOOL_ARRAY | 03 | 00 01 02
    expectDecodeError(h('01 ff 2b 03 00 01 02'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 6, message: /Invalid bool byte 2 in array<bool> element 2/ });
  });

  it('decimal big encoding with zero length → InvalidDataError', () => {
    // 01 | ff | 28 | 00 scale | 01 = ((0 << 1 | 0) << 1) | 1
    expectDecodeError(h('01 ff 28 00 01'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /decimal big encoding with zero length/ });
  });

  it('decimal big encoding with a non-minimal magnitude (trailing 00) → InvalidDataError', () => {
    // 09 = ((2 << 1 | 0) << 1) | 1 | 01 00 (the top byte is zero)
    expectDecodeError(h('01 ff 28 00 09 01 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /decimal magnitude is not minimal/ });
  });

  it('decimal zero in big encoding (magnitude 00) → InvalidDataError (zero must use the small form)', () => {
    // 05 = ((1 << 1 | 0) << 1) | 1 | 00
    expectDecodeError(h('01 ff 28 00 05 00'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /not minimal/ });
  });

  it('timestamp nanos = 1e9 → InvalidDataError at the nanos', () => {
    // 01 | ff | 26 TIMESTAMP | int64 seconds 0 | uint32 1_000_000_000 = 00 ca 9a 3b
    expectDecodeError(h('01 ff 26 00 00 00 00 00 00 00 00 00 ca 9a 3b'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 11, message: /timestamp nanos 1000000000 outside \[0, 1e9\)/ });
  });

  it('timestamp nanos = 0xffffffff → InvalidDataError', () => {
    expectDecodeError(h('01 ff 26 00 00 00 00 00 00 00 00 ff ff ff ff'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 11, message: /timestamp nanos 4294967295/ });
  });

  it('duration with negative nanos → InvalidDataError at the nanos', () => {
    // 01 | ff | 25 DURATION | 00 seconds 0 | int32 -1
    expectDecodeError(h('01 ff 25 00 ff ff ff ff'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /duration nanos -1 outside \[0, 1e9\)/ });
  });

  it('duration with nanos = 1e9 → InvalidDataError', () => {
    expectDecodeError(h('01 ff 25 02 00 ca 9a 3b'), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 4, message: /duration nanos 1000000000/ });
  });

  it('date whose epoch day is not a safe integer → InvalidDataError', () => {
    // 01 | ff | 27 DATE | varint64 zigzag(2^60) = 2^61 (9 bytes)
    expectDecodeError(h(`01 ff 27 ${varuint(2n ** 61n)}`), { cls: InvalidDataError, code: 'INVALID_DATA', offset: 3, message: /date epoch day 1152921504606846976 out of range/ });
  });
});

// ---------------------------------------------------------------------------------------------
// Valid but unusual payloads that a foreign writer may produce.
// ---------------------------------------------------------------------------------------------

describe('unusual but valid payloads', () => {
  it('a REF_VALUE on the non-null side of a null map entry is not rebound by a later untracked container', () => {
    // Payload (spec-conformant; per-chunk track_ref choices are the writer's):
    //   01 header | ff NOT_NULL | 18 MAP | 02 total
    //   chunk 1 (null key): 0a = key_null | val_track_ref | 00 REF_VALUE → ref id 0 | 29 BINARY | 01 aa
    //   chunk 2: 00 KV header (no tracking) | 01 size | 15 key STRING | 16 value LIST
    //            04 6b key 'k' | list: 01 length | 01 track_ref | fe 00 = REF to id 0 (the binary)
    // Expected: Map { null → Uint8Array [aa], 'k' → [ <that same Uint8Array> ] }.
    // Actual: the list's only element is the list itself. MapSerializer.readSide reserves id 0
    // (ReadContext.pendingRef = 0), reads the binary and stores it with setRef(), but never clears
    // pendingRef (readRef/readRefAs do). The untracked list in chunk 2 then calls bindRef() and
    // takes over id 0, so REF 0 resolves to the list.
    const m = new Fory().deserialize(h('01 ff 18 02 0a 00 29 01 aa 00 01 15 16 04 6b 01 01 fe 00')) as Map<unknown, unknown>;
    const bin = m.get(null);
    const list = m.get('k') as unknown[];
    expect(bin).toBeInstanceOf(Uint8Array);
    expect(list).toHaveLength(1);
    // Booleans, not values: the wrong result is a self-cycle, which the diff printer cannot render.
    expect(list[0] === list, 'REF 0 resolved to the list itself').toBe(false);
    expect(list[0] === bin, 'REF 0 resolves to the binary from chunk 1').toBe(true);
  });

  it('an empty string with encoding bits 3 is accepted (spec: "header 0, any encoding" for empty strings)', () => {
    // Documents current behaviour: a zero-length body never looks at the encoding.
    expect(new Fory().deserialize(h('01 ff 15 03'))).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Write side: unsupported values.
// ---------------------------------------------------------------------------------------------

describe('write: unsupported values → UnsupportedValueError with a path', () => {
  const fory = new Fory();
  const unsupported = (fn: () => unknown, message: RegExp, path: string): void => {
    const err = expectWriteError<UnsupportedValueError>(fn, { cls: UnsupportedValueError, code: 'UNSUPPORTED_VALUE', message });
    expect(err.path).toBe(path);
    if (path) expect(err.message.endsWith(` at ${path}`)).toBe(true);
  };

  it('a function', () => unsupported(() => fory.serialize(() => 1), /Cannot serialize a function/, ''));
  it('a symbol', () => unsupported(() => fory.serialize(Symbol('s')), /Cannot serialize a symbol/, ''));

  it('a class instance (message names the class)', () => {
    class Point {
      x = 1;
    }
    unsupported(() => fory.serialize(new Point()), /instance of Point: it is not a registered type/, '');
  });

  it('bigint 2^64 (beyond uint64)', () => unsupported(() => fory.serialize(2n ** 64n), /bigint 18446744073709551616n is outside the int64\/uint64 range/, ''));
  it('bigint -2^63 - 1 (below int64)', () => unsupported(() => fory.serialize(-(2n ** 63n) - 1n), /bigint -9223372036854775809n is outside/, ''));
  it('Type.int8() with 300', () => unsupported(() => fory.serialize(300, Type.int8()), /number 300 is not a valid int8 \(-128\.\.127\)/, ''));
  it('Type.int32() with 1.5', () => unsupported(() => fory.serialize(1.5, Type.int32()), /number 1\.5 is not a valid int32/, ''));
  it('Type.string() with a number', () => unsupported(() => fory.serialize(42 as unknown as string, Type.string()), /number is not a string/, ''));
  it('Type.uint64() with -1', () => unsupported(() => fory.serialize(-1, Type.uint64()), /number -1 is not a valid uint64/, ''));
  it('Type.int64() with an unsafe number', () => unsupported(() => fory.serialize(2 ** 60, Type.int64()), /is not a valid int64/, ''));
  it('Type.list() given a Set', () => unsupported(() => fory.serialize(new Set([1]) as unknown as number[], Type.list(Type.int32())), /values must be Arrays/, ''));
  it('an Invalid Date', () => unsupported(() => fory.serialize(new Date(NaN)), /Invalid Date/, ''));
  it('a Decimal with scale 10001', () => unsupported(() => fory.serialize(new Decimal(1n, 10_001)), /decimal scale 10001 outside/, ''));
  it('a Decimal magnitude beyond maxDecimalBytes', () =>
    unsupported(() => new Fory({ limits: { maxDecimalBytes: 4 } }).serialize(new Decimal(2n ** 80n)), /decimal magnitude of 11 bytes exceeds 4/, ''));

  it('nested in a list → path [2]', () => unsupported(() => fory.serialize([1, 2, () => 0]), /Cannot serialize a function at \[2\]/, '[2]'));
  it('nested in a list after a null → path [2]', () => unsupported(() => fory.serialize([1, null, Symbol('x')]), /symbol/, '[2]'));
  it('nested in a plain object → path ["key"]', () => unsupported(() => fory.serialize({ ok: 1, key: Symbol('x') }), /Cannot serialize a symbol/, '["key"]'));
  it('deeply nested → path ["outer"][1]["inner"]', () =>
    unsupported(() => fory.serialize({ outer: [0, new Map([['inner', 10n ** 30n]])] }), /outside the int64\/uint64 range/, '["outer"][1]["inner"]'));
  it('in a Set → path [1] (iteration index)', () => unsupported(() => fory.serialize(new Set([1, () => 0])), /function/, '[1]'));
  it('a Map value under a number key → path [5]', () => unsupported(() => fory.serialize(new Map([[5, () => 0]])), /function/, '[5]'));
  it('typed list<int8> with 300 at index 1 → path [1]', () =>
    unsupported(() => fory.serialize([1, 300], Type.list(Type.int8())), /number 300 is not a valid int8/, '[1]'));
  it('typed map<string, int8> with 999 under "b" → path ["b"]', () =>
    unsupported(() => fory.serialize(new Map([['a', 1], ['b', 999]]), Type.map(Type.string(), Type.int8())), /number 999 is not a valid int8/, '["b"]'));

  it('a BoolArray whose backing bytes are not 0/1 is rejected or normalized on write, never written as-is', () => {
    // BoolArray takes a raw Uint8Array as its backing store, so it can hold bytes > 1.
    // Minimal reproducer: serialize(new BoolArray(Uint8Array.of(1, 2))) → 01 ff 2b 02 01 02, which this
    // codec's own deserialize rejects: InvalidDataError "Invalid bool byte 2 in array<bool> element 1"
    // (offset 5). The array<bool> writer copies `data` unchecked. Expected: UnsupportedValueError at
    // write time, or bytes 01 01 that read back as [true, true].
    const value = new BoolArray(Uint8Array.of(1, 2));
    let bytes: Uint8Array;
    try {
      bytes = fory.serialize(value);
    } catch (err) {
      expect(err).toBeInstanceOf(UnsupportedValueError);
      return;
    }
    const back = fory.deserialize(bytes);
    expect(back).toBeInstanceOf(BoolArray);
    expect(Array.from((back as BoolArray).data)).toEqual([1, 1]);
  });

  it('Type.none() with a non-null value → UnsupportedValueError (not silently written as null)', () => {
    // Minimal reproducer: serialize(5, Type.none()) → 01 ff 24, which reads back as null, so the 5 is
    // lost without an error. noneSerializer.write ignores its value; every other serializer checks its
    // input. Knock-on effect: serialize([1, 2, 3], Type.list(Type.none())) → 01 ff 16 03 08 24, which
    // this codec's own deserialize rejects ("Collection declares 3 elements but only 2 bytes remain").
    unsupported(() => fory.serialize(5 as unknown as null, Type.none()), /none/, '');
    unsupported(() => fory.serialize([1, 2, 3] as unknown as null[], Type.list(Type.none())), /none/, '[0]');
  });

  it('a failed write leaves the instance usable, and so does a failed read', () => {
    const f = new Fory();
    const good = hexOf(f.serialize([1, 'a']));
    expect(() => f.serialize([[[1, () => 0]]])).toThrow(UnsupportedValueError);
    const a: unknown[] = [];
    a.push(a);
    expect(() => f.serialize(a)).toThrow(LimitExceededError);
    expect(hexOf(f.serialize([1, 'a']))).toBe(good);
    expect(() => f.deserialize(h(`01 ff ${'16 01 00 '.repeat(300)} 16 00`))).toThrow(LimitExceededError);
    expect(() => f.deserialize(h('01 00 16 01 01 fe 07'))).toThrow(InvalidDataError);
    expect(f.deserialize(h(good))).toEqual([1, 'a']);
  });
});
