// Representative tagged values for every peer user type (see peers/README.md "User types"),
// plus the benchmark data sets (reference/benchmark/datasets.json "values", list variants = 5
// copies). Used by peers/struct-catalog.mjs; TS tests may import them too.

export const S = (v) => ({ t: 'string', v });
export const I = (t, v) => ({ t, v: String(v) });
export const F = (t, v) => ({ t, v: String(v) });
export const B = (v) => ({ t: 'bool', v });
export const NULL = { t: 'null' };
export const list = (...v) => ({ t: 'list', v });
export const set = (...v) => ({ t: 'set', v });
export const map = (...pairs) => ({ t: 'map', v: pairs });
export const arr = (t, v) => ({ t, v: v.map((x) => (typeof x === 'boolean' ? x : String(x))) });
export const struct = (type, fields, anchor) => ({ t: 'struct', type, fields, ...(anchor ? { anchor } : {}) });
export const en = (type, v) => ({ t: 'enum', type, v });
export const union = (type, c, v) => ({ t: 'union', type, case: c, v });
export const ext = (type, fields) => ({ t: 'ext', type, fields });
export const refto = (anchor) => ({ t: 'refto', anchor });

export const person = (name, age) => struct('example.Person', { name: S(name), age: I('int32', age) });
export const personById = (name, age) => struct('200', { name: S(name), age: I('int32', age) });

// ------------------------------------------------------------------------ benchmark data
const numericValues = {
  f1: -12345, f2: 987654321, f3: -31415, f4: 27182818, f5: -32000, f6: 1000000,
  f7: -999999999, f8: 42, f9: 123456789, f10: -42, f11: 31415926, f12: -27182818,
};
export const numericStruct = () =>
  struct('1', Object.fromEntries(Object.entries(numericValues).map(([k, v]) => [k, I('int32', v)])));

export const sample = () =>
  struct('2', {
    int_value: I('int32', 123),
    long_value: I('int64', 1230000),
    float_value: F('float32', '12.345'),
    double_value: F('float64', '1.234567'),
    short_value: I('int32', 12345),
    char_value: I('int32', 33),
    boolean_value: B(true),
    int_value_boxed: I('int32', 321),
    long_value_boxed: I('int64', 3210000),
    float_value_boxed: F('float32', '54.321'),
    double_value_boxed: F('float64', '7.654321'),
    short_value_boxed: I('int32', 32100),
    char_value_boxed: I('int32', 36),
    boolean_value_boxed: B(false),
    int_array: arr('int32_array', [-1234, -123, -12, -1, 0, 1, 12, 123, 1234]),
    long_array: arr('int64_array', [-123400, -12300, -1200, -100, 0, 100, 1200, 12300, 123400]),
    float_array: arr('float32_array', ['-12.34', '-12.3', '-12.0', '-1.0', '0.0', '1.0', '12.0', '12.3', '12.34']),
    double_array: arr('float64_array', ['-1.234', '-1.23', '-12.0', '-1.0', '0.0', '1.0', '12.0', '1.23', '1.234']),
    short_array: arr('int32_array', [-1234, -123, -12, -1, 0, 1, 12, 123, 1234]),
    char_array: arr('int32_array', [97, 115, 100, 102, 65, 83, 68, 70]),
    boolean_array: arr('bool_array', [true, false, false, true]),
    string: S('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  });

export const media = () =>
  struct('3', {
    uri: S('http://javaone.com/keynote.ogg'),
    title: S(''),
    width: I('int32', 641),
    height: I('int32', 481),
    format: S('video/theora\u1234'),
    duration: I('int64', 18000001),
    size: I('int64', 58982401),
    bitrate: I('int32', 0),
    has_bitrate: B(false),
    persons: list(S('Bill Gates, Jr.'), S('Steven Jobs')),
    player: en('101', 'FLASH'),
    copyright: S('Copyright (c) 2009, Scooby Dooby Doo'),
  });

const image = (uri, title, width, height, size) =>
  struct('4', { uri: S(uri), title: S(title), width: I('int32', width), height: I('int32', height), size: en('102', size) });

export const mediaContent = () =>
  struct('5', {
    media: media(),
    images: list(
      image('http://javaone.com/keynote_huge.jpg', 'Javaone Keynote\u1234', 32000, 24000, 'LARGE'),
      image('http://javaone.com/keynote_large.jpg', '', 1024, 768, 'LARGE'),
      image('http://javaone.com/keynote_small.jpg', '', 320, 240, 'SMALL'),
    ),
  });

const five = (f) => list(...Array.from({ length: 5 }, f));
export const numericStructList = () => struct('6', { struct_list: five(numericStruct) });
export const sampleList = () => struct('7', { sample_list: five(sample) });
export const mediaContentList = () => struct('8', { media_content_list: five(mediaContent) });

// ------------------------------------------------------------------------ representative values
export const scalars = () =>
  struct('201', {
    f_bool: B(true),
    f_int8: I('int8', -2),
    f_int16: I('int16', 300),
    f_int32: I('int32', -3),
    f_int64: I('int64', 4),
    f_float32: F('float32', '1.5'),
    f_float64: F('float64', '2.5'),
    f_string: S('hi'),
    f_binary: { t: 'binary', v: '0102' },
    f_uint8: I('uint8', 200),
    f_uint16: I('uint16', 60000),
    f_var_uint32: I('uint32', 5),
    f_var_uint64: I('uint64', 6),
    f_fixed_uint32: I('uint32', 7),
    f_fixed_uint64: I('uint64', 8),
    f_tagged_uint64: I('uint64', 9),
    f_fixed_int32: I('int32', -10),
    f_fixed_int64: I('int64', -11),
    f_tagged_int64: I('int64', -12),
    f_float16: F('float16', '1.5'),
    f_bfloat16: F('bfloat16', '1.5'),
  });

export const containers = () =>
  struct('202', {
    str_list: list(S('a'), S('b')),
    int_list: list(I('int32', 1), I('int32', 2)),
    str_set: set(S('x')),
    str_int_map: map([S('k'), I('int32', 1)]),
    int_person_map: map([I('int32', 7), personById('P', 1)]),
    person_list: list(personById('A', 1), personById('B', 2)),
    int_array: arr('int32_array', [1, -1]),
    double_array: arr('float64_array', ['0.5']),
    nested: personById('N', 3),
  });

export const denseArrays = () =>
  struct('211', {
    bool_array: arr('bool_array', [true, false]),
    int8_array: arr('int8_array', [-1, 2]),
    int16_array: arr('int16_array', [-1, 2]),
    int32_array: arr('int32_array', [-1, 2]),
    int64_array: arr('int64_array', [-1, 2]),
    uint8_array: arr('uint8_array', [255, 2]),
    uint16_array: arr('uint16_array', [65535, 2]),
    uint32_array: arr('uint32_array', [4294967295, 2]),
    uint64_array: arr('uint64_array', ['18446744073709551615', 2]),
    float16_array: arr('float16_array', ['1.5', '-2']),
    bfloat16_array: arr('bfloat16_array', ['1.5', '-2']),
    float32_array: arr('float32_array', ['1.5', '-2']),
    float64_array: arr('float64_array', ['1.5', '-2']),
  });

export const colored = () =>
  struct('204', { color: en('203', 'GREEN'), shade: en('example.Shade', 'BLUE'), colors: list(en('203', 'RED'), en('203', 'BLUE')) });

export const nullablesNull = () => struct('205', {
  opt_int32: NULL, opt_int64: NULL, opt_string: NULL, opt_list: NULL, opt_person: NULL,
  boxed_int32: I('int32', 1), prim_int32: I('int32', 2),
});
export const nullablesSet = () => struct('205', {
  opt_int32: I('int32', 1), opt_int64: I('int64', 2), opt_string: S('s'), opt_list: list(S('l')), opt_person: personById('P', 4),
  boxed_int32: I('int32', 5), prim_int32: I('int32', 6),
});

// Poly: dynamic values; ints are int64 so that both peers can write them (pyfory has no int32 carrier).
export const poly = () =>
  struct('206', {
    any_value: S('dyn'),
    any_list: list(I('int64', 1), S('two'), personById('P', 3), NULL),
    any_map: map([S('k'), I('int64', 5)]),
  });
export const polyStruct = () => struct('206', { any_value: person('Any', 9), any_list: list(), any_map: map() });

export const evolving = (v, byId = false) => {
  const type = byId ? '207' : 'example.Evolving';
  if (v === 1) return struct(type, { a: I('int32', 1), b: S('bee') });
  if (v === 2) return struct(type, { a: I('int32', 1), b: S('bee'), c: list(I('int64', 10), I('int64', 20)), d: F('float64', '0.25') });
  return struct(type, { b: S('bee'), e: B(true) });
};

export const nodeCycle = () =>
  struct('example.Node', { value: S('A'), next: struct('example.Node', { value: S('B'), parent: refto('n1') }) }, 'n1');
export const nodeChain = () => struct('example.Node', { value: S('A'), next: struct('example.Node', { value: S('B') }) });

export const holder = () =>
  struct('210', {
    shape: union('208', 2, personById('U', 5)),
    point: ext('209', { x: I('int32', 1), y: I('int32', -1) }),
    point2: ext('example.Point2', { x: I('int32', 2), y: I('int32', -2) }),
  });

export const tagIds = () => struct('212', { x: I('int32', 7), label: S('L'), big: I('int64', 1), flag: B(true), a_field_name_longer_than_fifteen_bytes: S('z') });
export const wide = () => struct('213', Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`f${String(i).padStart(2, '0')}`, I('int32', i)])));
