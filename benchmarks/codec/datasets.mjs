// The standard benchmark data sets (datasets.json + bench.proto of the upstream Fory benchmarks).
// They are read from FERRY_BENCH_DATA, else benchmarks/codec/reference/, else shared/reference/benchmark/
// beside the repository or one of its parents (where the workplace and CI put shared/).
// Exposes the data set names, the raw values, and helpers that build the per-library values.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// shared/ sits beside the checkout; a git worktree may be nested one or two levels deeper.
const candidates = [
  process.env.FERRY_BENCH_DATA,
  fileURLToPath(new URL('./reference/', import.meta.url)),
  ...['../../../', '../../../../', '../../../../../'].map((up) =>
    fileURLToPath(new URL(`${up}shared/reference/benchmark/`, import.meta.url)),
  ),
].filter(Boolean);
export const DATA_DIR = candidates.find((d) => existsSync(`${d}/datasets.json`) && existsSync(`${d}/bench.proto`));
if (!DATA_DIR) throw new Error(`datasets.json + bench.proto not found in: ${candidates.join(', ')}`);
export const DATASETS_JSON = JSON.parse(readFileSync(`${DATA_DIR}/datasets.json`, 'utf8'));
export const BENCH_PROTO = readFileSync(`${DATA_DIR}/bench.proto`, 'utf8');

const LIST_SIZE = DATASETS_JSON.list_size;

/** Benchmark cases: the three root types and their list wrappers (5 copies of the value). */
export const DATASETS = [
  { name: 'NumericStruct', root: 'NumericStruct' },
  { name: 'Sample', root: 'Sample' },
  { name: 'MediaContent', root: 'MediaContent' },
  { name: 'NumericStructList', root: 'NumericStructList', element: 'NumericStruct', listField: 'struct_list' },
  { name: 'SampleList', root: 'SampleList', element: 'Sample', listField: 'sample_list' },
  { name: 'MediaContentList', root: 'MediaContentList', element: 'MediaContent', listField: 'media_content_list' },
];

/**
 * Builds the value of `dataset` for one library. `leaf(typeName, fieldType, value)` maps a leaf value
 * (called for every field whose type is not a struct or list of structs); `struct(typeName, obj)` can
 * wrap a finished struct object (e.g. to attach a class). Each list copy is built afresh.
 */
export function buildValue(dataset, { leaf = (_t, _f, v) => v, struct = (_t, o) => o } = {}) {
  const ft = DATASETS_JSON.field_types;
  const build = (typeName, raw) => {
    const out = {};
    for (const [field, type] of Object.entries(ft[typeName])) {
      const v = raw[field];
      if (ft[type]) out[field] = build(type, v);
      else if (type.startsWith('list<') && ft[type.slice(5, -1)]) out[field] = v.map((e) => build(type.slice(5, -1), e));
      else out[field] = leaf(typeName, type, Array.isArray(v) ? v.slice() : v);
    }
    return struct(typeName, out);
  };
  const vals = DATASETS_JSON.values;
  if (!dataset.element) return build(dataset.root, vals[dataset.root]);
  const list = Array.from({ length: LIST_SIZE }, () => build(dataset.element, vals[dataset.element]));
  return struct(dataset.root, { [dataset.listField]: list });
}

/** Enum symbol for an enum ordinal in datasets.json ("enum Player" → 'FLASH'). */
export function enumSymbol(fieldType, ordinal) {
  const name = fieldType.slice('enum '.length);
  return Object.entries(DATASETS_JSON.enums[name]).find(([, n]) => n === ordinal)[0];
}
