#!/usr/bin/env node
// Generates peers/struct-catalog.md: what Java fory-core and pyfory write for user types
// (structs, enums, union, ext) in compatible=false/true x ref=false/true, byte-annotated by
// peers/xlang-annotate.mjs (a reader: every annotation that ends "consumed all bytes" is a check of
// the documented rules), whether each runtime reads the other's bytes, schema hashes, field order,
// schema evolution and error behaviour.
//
//   node peers/struct-catalog.mjs             # rewrite peers/struct-catalog.md
//   node peers/struct-catalog.mjs --stdout    # print instead
//   node peers/struct-catalog.mjs --json f    # also dump raw results

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPeer } from './client.mjs';
import {
  annotate, decodeMetaString, fmtFieldType, isStructId, renderLines, schemaHash, T, tname, TYPE_NAMES, typedefHeader,
} from './xlang-annotate.mjs';
import * as V from './struct-values.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
// Hand-written findings (every statement is backed by the generated evidence below it).
const FINDINGS = readFileSync(path.join(HERE, 'struct-findings.md'), 'utf8').trim();
const args = process.argv.slice(2);
const STDOUT = args.includes('--stdout');
const jsonIdx = args.indexOf('--json');
const JSON_OUT = jsonIdx >= 0 ? args[jsonIdx + 1] : null;
const t0 = Date.now();

// ----------------------------------------------------------------------------- cases
const { S, I, list, struct, personById, person } = V;
const CASES = [
  { id: 'person', title: 'example.Person (by name) {name:"Bob", age:25}', value: person('Bob', 25) },
  { id: 'personById', title: 'PersonById (id 200) {name:"Bob", age:25}', value: personById('Bob', 25) },
  { id: 'persons2', title: 'list [Person A, Person B] (same-type list)', value: list(person('A', 1), person('B', 2)) },
  { id: 'personsMixed', title: 'list [Person A, "x", Person B] (type meta repeated per element)', value: list(person('A', 1), S('x'), person('B', 2)) },
  { id: 'nodeChain', title: 'example.Node A -> B (next), no cycle', value: V.nodeChain() },
  { id: 'nodeCycle', title: 'example.Node cycle A.next=B, B.parent=A', value: V.nodeCycle(), refOnly: true },
  { id: 'scalars', title: 'Scalars (id 201)', value: V.scalars() },
  { id: 'containers', title: 'Containers (id 202)', value: V.containers() },
  { id: 'dense', title: 'DenseArrays (id 211)', value: V.denseArrays() },
  { id: 'colored', title: 'Colored (id 204): Color/Shade/list<Color> fields', value: V.colored() },
  { id: 'color', title: 'enum Color.BLUE at the root (id 203)', value: V.en('203', 'BLUE') },
  { id: 'shade', title: 'enum example.Shade.GREEN at the root (by name)', value: V.en('example.Shade', 'GREEN') },
  { id: 'nullNull', title: 'Nullables (id 205), nullable fields null', value: V.nullablesNull() },
  { id: 'nullSet', title: 'Nullables (id 205), nullable fields set', value: V.nullablesSet() },
  { id: 'poly', title: 'Poly (id 206): Any field + list<Any> + map<string,Any>', value: V.poly() },
  { id: 'polyStruct', title: 'Poly (id 206): Any field holding a Person', value: V.polyStruct() },
  { id: 'ev1', title: 'example.Evolving v1 {a:1, b:"bee"}', value: V.evolving(1) },
  { id: 'ev1id', title: 'EvolvingById (id 207) v1', value: V.evolving(1, true) },
  { id: 'union0', title: 'union Shape (id 208) case 0 int32 7', value: V.union('208', 0, I('int32', 7)) },
  { id: 'union1', title: 'union Shape case 1 string "hi"', value: V.union('208', 1, S('hi')) },
  { id: 'union2', title: 'union Shape case 2 PersonById', value: V.union('208', 2, personById('Q', 1)) },
  { id: 'unionN1', title: 'union example.ShapeN (by name, NAMED_UNION) case 1 string "hi"', value: V.union('example.ShapeN', 1, S('hi')) },
  { id: 'point', title: 'ext Point (id 209) {x:3, y:-4}', value: V.ext('209', { x: I('int32', 3), y: I('int32', -4) }) },
  { id: 'point2', title: 'ext example.Point2 (by name) {x:3, y:-4}', value: V.ext('example.Point2', { x: I('int32', 3), y: I('int32', -4) }) },
  { id: 'holder', title: 'Holder (id 210): union field + ext fields', value: V.holder() },
  { id: 'tagIds', title: 'TagIds (id 212): tag-id fields', value: V.tagIds() },
  { id: 'wide', title: 'Wide (id 213): 64 int32 fields', value: V.wide(), brief: true },
  { id: 'numeric', title: 'bench NumericStruct (id 1)', value: V.numericStruct() },
  { id: 'sample', title: 'bench Sample (id 2)', value: V.sample() },
  { id: 'media', title: 'bench Media (id 3)', value: V.media() },
  { id: 'mediaContent', title: 'bench MediaContent (id 5)', value: V.mediaContent() },
  { id: 'nsl', title: 'bench NumericStructList (id 6), 5 items', value: V.numericStructList(), brief: true },
  { id: 'sl', title: 'bench SampleList (id 7), 5 items', value: V.sampleList(), brief: true },
  { id: 'mcl', title: 'bench MediaContentList (id 8), 5 items', value: V.mediaContentList(), brief: true },
];

const MODES = [
  { compatible: true, ref: false },
  { compatible: true, ref: true },
  { compatible: false, ref: false },
  { compatible: false, ref: true },
];
const modeName = (m) => `compatible=${m.compatible} ref=${m.ref}`;
const modeShort = (m) => `${m.compatible ? 'C' : 'S'}${m.ref ? 'R' : ''}`;

// Declared user types of fields (the annotator needs them where no type info is on the wire).
const FIELD_TYPES = new Map(Object.entries({
  'id:202.nested': 'id:200', 'id:202.person_list[]': 'id:200', 'id:202.int_person_map{v}': 'id:200',
  'name:example.Node.next': 'name:example.Node', 'name:example.Node.parent': 'name:example.Node',
  'id:205.opt_person': 'id:200', 'id:210.point': 'id:209', 'id:210.point2': 'name:example.Point2',
  'id:5.media': 'id:3', 'id:5.images[]': 'id:4', 'id:6.struct_list[]': 'id:1', 'id:7.sample_list[]': 'id:2',
  'id:8.media_content_list[]': 'id:5',
}));
// Java fields declared with a boxed type and no annotation (Java fingerprints them nullable=1).
const JAVA_BOXED = {
  'id:205': ['boxed_int32'],
  'id:2': ['int_value_boxed', 'long_value_boxed', 'float_value_boxed', 'double_value_boxed', 'short_value_boxed', 'char_value_boxed', 'boolean_value_boxed'],
};

// ----------------------------------------------------------------------------- helpers
const hexSpaced = (h) => (h.match(/../g) || []).join(' ');
const cellEsc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
function shortErr(r, max = 160) {
  if (!r) return '';
  let e = r.error || '';
  e = e.replace(/^[\w.$]+\.(\w+(Error|Exception))/, '$1');
  return e.length > max ? `${e.slice(0, max)}…` : e;
}
function readCell(r) {
  if (!r) return '—';
  if (!r.ok) return `ERR ${shortErr(r, 120)}`;
  if (r.equal === undefined) return 'ok';
  return r.equal ? '✓' : `✗ ${r.diff}`;
}
const USER_KINDS = new Set([25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
const normId = (id) => (USER_KINDS.has(id) ? 0 : id);

/** The spec's same-schema fingerprint computed from a TypeDef's field list. */
function fingerprint(td, { refOf = (f) => f.ref, nullableOf = (f) => f.nullable } = {}) {
  const nested = (t) => {
    let s = `${normId(t.id)},0,0`;
    if (t.elem) s += `[${nested(t.elem)}]`;
    if (t.key) s += `[${nested(t.key)}|${nested(t.value)}]`;
    return s;
  };
  const rows = td.fields.map((f) => {
    const tag = f.name.startsWith('#') ? Number(f.name.slice(1)) : null;
    let s = `${normId(f.type.id)},${refOf(f) ? 1 : 0},${nullableOf(f) ? 1 : 0}`;
    if (f.type.elem) s += `[${nested(f.type.elem)}]`;
    if (f.type.key) s += `[${nested(f.type.key)}|${nested(f.type.value)}]`;
    return { tag, id: tag === null ? f.name : String(tag), s };
  });
  rows.sort((a, b) => {
    if (a.tag !== null && b.tag !== null) return a.tag - b.tag;
    if (a.tag !== null) return -1;
    if (b.tag !== null) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return rows.map((r) => `${r.id},${r.s};`).join('');
}

// The spec's field order (Field order, steps 1-3).
const COMPRESSED = new Set([5, 7, 8, 12, 14, 15]);
const PRIM_SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 8, 7: 8, 8: 8, 9: 1, 10: 2, 11: 4, 12: 4, 13: 8, 14: 8, 15: 8, 17: 2, 18: 2, 19: 4, 20: 8 };
function specOrder(fields) {
  const ident = (f) => (f.name.startsWith('#') ? { tag: Number(f.name.slice(1)) } : { name: f.name });
  const cmpIdent = (a, b) => {
    const x = ident(a);
    const y = ident(b);
    if (x.tag !== undefined && y.tag !== undefined) return x.tag - y.tag;
    if (x.tag !== undefined) return -1;
    if (y.tag !== undefined) return 1;
    return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
  };
  const isPrim = (f) => PRIM_SIZE[f.type.id] !== undefined;
  const group = (f) => (isPrim(f) ? (f.nullable ? 2 : 1) : 3);
  return [...fields].sort((a, b) => {
    const ga = group(a);
    const gb = group(b);
    if (ga !== gb) return ga - gb;
    if (ga < 3) {
      const ca = COMPRESSED.has(a.type.id) ? 1 : 0;
      const cb = COMPRESSED.has(b.type.id) ? 1 : 0;
      if (ca !== cb) return ca - cb;
      if (PRIM_SIZE[a.type.id] !== PRIM_SIZE[b.type.id]) return PRIM_SIZE[b.type.id] - PRIM_SIZE[a.type.id];
      if (a.type.id !== b.type.id) return a.type.id - b.type.id;
    }
    return cmpIdent(a, b);
  });
}

const fieldLine = (f) => `${f.name}:${fmtFieldType(f.type)}${f.nullable ? '?' : ''}${f.ref ? '&' : ''}`;

// ----------------------------------------------------------------------------- run
async function main() {
  const peers = { java: await startPeer('java'), python: await startPeer('python') };
  const W = ['java', 'python'];
  const info = Object.fromEntries(W.map((n) => [n, peers[n].info]));
  const schemas = { java: { false: new Map(), true: new Map() }, python: { false: new Map(), true: new Map() } };
  const typedefCount = { total: 0, match: 0 };
  const collect = (n, ref) => (td) => {
    typedefCount.total++;
    if (td.hashOk) typedefCount.match++;
    if (!schemas[n][ref].has(td.key)) schemas[n][ref].set(td.key, td);
  };
  const results = [];
  for (const mode of MODES) {
    for (const n of W) {
      const c = await peers[n].config(mode);
      if (!c.ok) throw new Error(`config ${n}: ${c.error}`);
    }
    for (const cs of CASES) {
      if (cs.refOnly && !mode.ref) continue;
      const row = { case: cs, mode, write: {}, ann: {}, read: {} };
      for (const n of W) {
        row.write[n] = await peers[n].write(cs.value);
      }
      for (const n of W) {
        const w = row.write[n];
        if (!w.ok) continue;
        row.ann[n] = annotate(w.hex, {
          compatible: mode.compatible, ref: mode.ref, writer: n, schemas: schemas[n][mode.ref], fieldTypes: FIELD_TYPES,
          onTypedef: mode.compatible ? collect(n, mode.ref) : undefined,
        });
      }
      if (row.write.java.ok) row.read['python<java'] = await peers.python.read(row.write.java.hex, cs.value);
      if (row.write.python.ok) row.read['java<python'] = await peers.java.read(row.write.python.hex, cs.value);
      results.push(row);
    }
  }

  // ---- Java: register(cls, "example.Person") vs register(cls, "example", "Person")
  const dotted = [];
  for (const mode of MODES) {
    await peers.java.config({ ...mode, dottedNames: false });
    const a = await peers.java.write(V.list(person('A', 1), V.en('example.Shade', 'RED'), V.ext('example.Point2', { x: I('int32', 1), y: I('int32', 2) })));
    await peers.java.config({ ...mode, dottedNames: true });
    const b = await peers.java.write(V.list(person('A', 1), V.en('example.Shade', 'RED'), V.ext('example.Point2', { x: I('int32', 1), y: I('int32', 2) })));
    dotted.push({ mode, same: a.ok && b.ok && a.hex === b.hex, a, b });
  }

  // ---- long namespace: meta strings > 16 bytes, dedup references
  const LONGNS = 'a.very.long.namespace.for.tests';
  const longRows = [];
  const NS_CASES = [
    [MODES[2], 'abcdefghijklmnopqrstuvwxy'], // 25 chars -> 16 bytes (small form)
    [MODES[2], 'abcdefghijklmnopqrstuvwxyz'], // 26 chars -> 17 bytes (large form)
    [MODES[0], LONGNS],
    [MODES[2], LONGNS],
  ];
  for (const [mode, NS] of NS_CASES) {
    const v = list(struct(`${NS}.Person`, { name: S('n'), age: I('int32', 1) }), S('x'), struct(`${NS}.Person`, { name: S('m'), age: I('int32', 2) }), V.en(`${NS}.Shade`, 'RED'));
    for (const n of W) {
      await peers[n].config({ ...mode, namespace: NS });
    }
    const row = { mode, ns: NS, write: {}, ann: {}, read: {} };
    for (const n of W) {
      row.write[n] = await peers[n].write(v);
      if (row.write[n].ok) {
        const sch = new Map();
        for (const [k, td] of schemas[n][false]) sch.set(k.replace('name:example.', `name:${NS}.`), td);
        row.ann[n] = annotate(row.write[n].hex, { compatible: mode.compatible, ref: false, writer: n, schemas: sch, fieldTypes: FIELD_TYPES });
      }
    }
    row.read['python<java'] = await peers.python.read(row.write.java.hex, v);
    row.read['java<python'] = await peers.java.read(row.write.python.hex, v);
    longRows.push(row);
  }

  // ---- schema evolution
  const evo = [];
  const EVO_PAIRS = [[1, 2], [2, 1], [1, 3], [3, 1], [2, 3], [3, 2]];
  const evoBytes = {};
  for (const compatible of [true, false]) {
    for (const byId of [false, true]) {
      for (const wv of [1, 2, 3]) {
        for (const w of W) {
          await peers[w].config({ compatible, schemaVersion: wv });
          evoBytes[`${compatible}/${byId}/${wv}/${w}`] = await peers[w].write(V.evolving(wv, byId));
        }
      }
      for (const rv of [1, 2, 3]) {
        for (const r of W) {
          await peers[r].config({ compatible, schemaVersion: rv });
          for (const [wv, rv2] of EVO_PAIRS) {
            if (rv2 !== rv) continue;
            for (const w of W) {
              const x = evoBytes[`${compatible}/${byId}/${wv}/${w}`];
              const y = await peers[r].read(x.hex);
              evo.push({ compatible, byId, wv, rv, w, r, res: y });
            }
          }
        }
      }
    }
  }
  // annotated v2 payloads (compatible, by name): TypeDef of a 4-field version
  const evoAnn = {};
  for (const w of W) {
    const x = evoBytes[`true/false/2/${w}`];
    evoAnn[w] = { hex: x.hex, ann: annotate(x.hex, { compatible: true, ref: false, writer: w }) };
  }

  // ---- errors / probes
  const errors = [];
  const probe = async (title, hex, readers, cfg) => {
    const row = { title, hex, read: {} };
    for (const r of readers) {
      await peers[r].config(cfg);
      row.read[r] = await peers[r].read(hex);
    }
    errors.push(row);
  };
  // unregistered types (reader omits the registration)
  const UNREG = [
    ['200', personById('A', 1)], ['example.Person', person('A', 1)], ['203', V.en('203', 'RED')],
    ['example.Shade', V.en('example.Shade', 'RED')], ['208', V.union('208', 1, S('x'))],
    ['209', V.ext('209', { x: I('int32', 1), y: I('int32', 2) })], ['example.Point2', V.ext('example.Point2', { x: I('int32', 1), y: I('int32', 2) })],
  ];
  const unreg = [];
  for (const compatible of [false, true]) {
    for (const [key, val] of UNREG) {
      for (const w of W) {
        await peers[w].config({ compatible });
        const x = await peers[w].write(val);
        const row = { compatible, key, w, read: {} };
        for (const r of W) {
          await peers[r].config({ compatible, omitTypes: [key] });
          row.read[r] = await peers[r].read(x.hex);
        }
        unreg.push(row);
      }
    }
    // nested: Containers with PersonById unregistered on the reader
    for (const w of W) {
      await peers[w].config({ compatible });
      const x = await peers[w].write(V.containers());
      const row = { compatible, key: '200 (nested in Containers 202)', w, read: {} };
      for (const r of W) {
        await peers[r].config({ compatible, omitTypes: ['200'] });
        row.read[r] = await peers[r].read(x.hex);
      }
      unreg.push(row);
    }
  }
  // writer/reader mode mismatch
  const modeMismatch = [];
  for (const [wc, rc] of [[true, false], [false, true]]) {
    for (const [key, val] of [['200', personById('A', 1)], ['example.Person', person('A', 1)]]) {
      for (const w of W) {
        await peers[w].config({ compatible: wc });
        const x = await peers[w].write(val);
        const row = { wc, rc, key, w, read: {} };
        for (const r of W) {
          await peers[r].config({ compatible: rc });
          row.read[r] = await peers[r].read(x.hex, val);
        }
        modeMismatch.push(row);
      }
    }
  }
  // crafted payloads from Java's bytes
  const jPerson = results.find((r) => r.case.id === 'personById' && r.mode.compatible && !r.mode.ref).write.java.hex;
  const jPersonS = results.find((r) => r.case.id === 'personById' && !r.mode.compatible && !r.mode.ref).write.java.hex;
  const b = Buffer.from(jPerson, 'hex');
  const tdStart = 4; // 01 ff 1c 00 | header...
  const rebuild = (mutBody, low12Override) => {
    const header = b.readBigUInt64LE(tdStart);
    const size = Number(header & 0xffn);
    const body = Buffer.from(b.subarray(tdStart + 8, tdStart + 8 + size));
    mutBody(body);
    const low12 = low12Override ?? Number(header & 0xfffn);
    const h = typedefHeader(body, low12);
    const out = Buffer.from(b);
    out.writeBigUInt64LE(h, tdStart);
    body.copy(out, tdStart + 8);
    return out.toString('hex');
  };
  // body: c2 c8 01 | 44 05 00 c4 (age) | 48 15 34 0c 20 (name)
  const crafted = [
    ['TypeDef: field "age" declared STRING(21) instead of VARINT32 (header re-hashed)', rebuild((body) => { body[4] = 0x15; })],
    ['TypeDef: field "age" declared INT64(6) fixed (header re-hashed)', rebuild((body) => { body[4] = 0x06; })],
    ['TypeDef: field "age" renamed "agf" (header re-hashed)', rebuild((body) => { body[6] = 0xc5; })],
    ['TypeDef: user id 999 (not registered; header re-hashed)', rebuild((body) => { body[1] = 0xe7; body[2] = 0x07; })],
    ['TypeDef header hash bits corrupted (bit 63 flipped)', (() => { const o = Buffer.from(b); o[tdStart + 7] ^= 0x80; return o.toString('hex'); })()],
    ['TypeDef header with COMPRESS bit (bit 8) set (re-hashed)', rebuild(() => {}, (Number(b.readBigUInt64LE(tdStart) & 0xfffn) | 0x100))],
    ['second value re-uses TypeDef marker 1 that was never defined', '01ff1c01'],
  ];
  for (const [title, hex] of crafted) await probe(`compatible: ${title}`, hex, W, { compatible: true });
  const sBuf = Buffer.from(jPersonS, 'hex');
  const badHash = Buffer.from(sBuf);
  badHash[5] ^= 0x01;
  await probe('same-schema: PersonById with schema hash altered (first byte ^1)', badHash.toString('hex'), W, { compatible: false });
  await probe('same-schema: struct id 999 (unregistered)', `01ff1be707${jPersonS.slice(10)}`, W, { compatible: false });
  await probe('union Shape with unknown case id 5 (case value string "hi")', '01ff22d00105ff15086869', W, { compatible: false });
  await probe('enum Color ordinal 9 (no such member)', '01ff19cb0109', W, { compatible: false });
  await probe('enum Color ordinal 9 (no such member), compatible', '01ff19cb0109', W, { compatible: true });

  await Promise.all(W.map((n) => peers[n].close()));
  const md = render({ results, info, schemas, typedefCount, dotted, longRows, evo, evoAnn, errors, unreg, modeMismatch });
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ info, results, evo, errors, unreg, modeMismatch }, (k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v), 1));
  if (STDOUT) process.stdout.write(md);
  else {
    writeFileSync(path.join(HERE, 'struct-catalog.md'), md);
    process.stderr.write(`wrote ${path.join(HERE, 'struct-catalog.md')} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}

// ----------------------------------------------------------------------------- render
function annBlock(a) {
  if (!a) return '';
  const status = a.ok ? 'annotator consumed all bytes' : `annotator stopped: ${a.error}`;
  return `\`\`\`\n${renderLines(a.lines)}\n\`\`\`\n*${status}*\n`;
}

function render(ctx) {
  const { results, info, schemas, typedefCount, dotted, longRows, evo, evoAnn, errors, unreg, modeMismatch } = ctx;
  const out = [];
  const p = (s = '') => out.push(s);
  p('# Struct wire catalog: Java fory-core vs pyfory (xlang user types)');
  p();
  p(`Generated by \`node peers/struct-catalog.mjs\` (do not edit by hand; the findings text is \`peers/struct-findings.md\`) with **Java** = ${info.java.runtime} ${info.java.version} (JDK ${info.java.java}), **pyfory** = ${info.python.runtime} ${info.python.version} (CPython ${info.python.python}). Types: \`peers/README.md\` "User types"; values: \`peers/struct-values.mjs\`; byte annotations: \`peers/xlang-annotate.mjs\` (a reader written from these observations — an annotation marked *consumed all bytes* is a successful parse under the documented rules).`);
  p();
  p('Notation: `S` = compatible=false (same-schema mode), `C` = compatible=true (meta share), suffix `R` = ref=true. `P<J` = pyfory reads the bytes Java wrote (with the written value as `expect`), `J<P` = Java reads pyfory\'s. `=` = byte-identical to Java.');
  p();
  p(FINDINGS);
  p();
  p('## Generated evidence');
  p();
  // ---- summary matrix
  p('### Byte identity and cross reads');
  p();
  p('| case | ' + MODES.map((m) => `${modeShort(m)}: J=P? · P<J · J<P`).join(' | ') + ' |');
  p('|---|' + MODES.map(() => '---').join('|') + '|');
  for (const cs of CASES) {
    const cells = MODES.map((m) => {
      const r = results.find((x) => x.case === cs && x.mode === m);
      if (!r) return 'n/a';
      const j = r.write.java;
      const py = r.write.python;
      if (!j.ok || !py.ok) return `write: J ${j.ok ? 'ok' : 'ERR'} / P ${py.ok ? 'ok' : 'ERR'}`;
      return `${j.hex === py.hex ? '=' : '≠'} · ${readCell(r.read['python<java'])} · ${readCell(r.read['java<python'])}`;
    });
    p(`| ${cellEsc(cs.title)} | ${cells.map(cellEsc).join(' | ')} |`);
  }
  p();
  const annFails = results.flatMap((r) => W2.filter((n) => r.ann[n] && !r.ann[n].ok).map((n) => `${r.case.id} ${modeShort(r.mode)} ${n}: ${r.ann[n].error}`));
  p(`Annotator: ${results.reduce((a, r) => a + Object.values(r.ann).length, 0)} payloads parsed, ${annFails.length} not fully consumed${annFails.length ? `: ${annFails.join('; ')}` : ''}. TypeDefs seen: ${typedefCount.total}, header hash = murmur3 recipe for ${typedefCount.match}.`);
  p();

  // ---- TypeDefs per type
  p('### TypeDefs (compatible=true, ref=false): field order, type, nullable (`?`), ref (`&`)');
  p();
  p('Nested element/key/value types print `{nullable}`/`{ref}` when those bits are set in the TypeDef. "same" = Java and pyfory wrote identical TypeDef bodies.');
  p();
  p('| type | TypeDef header (Java) | fields in wire order (Java) | pyfory |');
  p('|---|---|---|---|');
  const keys = [...new Set([...schemas.java.false.keys(), ...schemas.python.false.keys()])];
  for (const k of keys) {
    const j = schemas.java.false.get(k);
    const py = schemas.python.false.get(k);
    const jf = j ? j.fields.map(fieldLine).join(', ') : '—';
    const pf = py ? py.fields.map(fieldLine).join(', ') : '—';
    const hdr = j ? `0x${j.header.toString(16).padStart(16, '0')} (size ${j.size})` : '';
    p(`| ${k} | ${hdr} | ${cellEsc(jf)} | ${jf === pf && j && py && j.header === py.header ? 'same' : cellEsc(pf)} |`);
  }
  p();
  p('With ref=true the TypeDefs differ only where a field is ref-tracked:');
  p();
  for (const k of keys) {
    for (const n of W2) {
      const a = schemas[n].false.get(k);
      const bb = schemas[n].true.get(k);
      if (a && bb && a.fields.map(fieldLine).join() !== bb.fields.map(fieldLine).join()) {
        p(`- ${n} ${k}: ref=true fields ${bb.fields.map(fieldLine).join(', ')}`);
      }
    }
  }
  p();

  // ---- field order
  p('### Field order vs the spec\'s rules');
  p();
  p('Spec order computed from the TypeDef fields (group 1 non-nullable primitives, group 2 nullable primitives, group 3 everything else by name; in groups 1-2: fixed before compressed, size descending, type id ascending, then identifier; tag ids before names).');
  p();
  p('| type | writer | matches spec order | order |');
  p('|---|---|---|---|');
  for (const k of keys) {
    for (const n of W2) {
      const td = schemas[n].false.get(k);
      if (!td || !td.struct) continue;
      const want = specOrder(td.fields).map((f) => f.name).join(', ');
      const got = td.fields.map((f) => f.name).join(', ');
      p(`| ${k} | ${n} | ${want === got ? 'yes' : `NO (spec: ${want})`} | ${got} |`);
    }
  }
  p();

  // ---- schema hash
  p('### Same-schema mode: the 4-byte struct hash');
  p();
  p('`fingerprint` is built from the TypeDef with the spec recipe (`<name or tag>,<type id>,<ref>,<nullable>;` sorted by identifier; user types (enum/struct/ext/union kinds) hashed as 0; nested element/key/value types as `<id>,0,0`; top-level ref/nullable from the TypeDef written with the same ref setting). `spec` = low 32 bits of murmur3 x64_128(fingerprint, seed 47) lane 0. Observed = the hash each runtime wrote (compatible=false). `java recipe` = the same with two Java rules: unannotated boxed fields count nullable=1, and the ref bit is 0 when ref=false.');
  p();
  p('| type | ref | fingerprint | spec | pyfory wrote | Java wrote | java recipe |');
  p('|---|---|---|---|---|---|---|');
  const observedHash = {};
  for (const r of results) {
    if (r.mode.compatible) continue;
    for (const n of W2) {
      const a = r.ann[n];
      if (!a) continue;
      for (const l of a.lines) {
        const m = /schema hash 0x([0-9a-f]{8})/.exec(l.text);
        if (m) {
          // attribute the first hash of a payload to the root type (enough for the table)
          const key = rootKey(r.case);
          if (key) {
            observedHash[`${key}/${r.mode.ref}/${n}`] ??= m[1];
          }
          break;
        }
      }
    }
  }
  for (const k of keys) {
    for (const ref of [false, true]) {
      const td = schemas.python[ref].get(k) || schemas.java[ref].get(k);
      const tdJ = schemas.java[ref].get(k);
      if (!td || !td.struct) continue;
      const fp = fingerprint(td);
      const spec = schemaHash(fp).toString(16).padStart(8, '0');
      const boxed = new Set(JAVA_BOXED[k] || []);
      const jfp = tdJ ? fingerprint(tdJ, { refOf: (f) => f.ref && ref, nullableOf: (f) => f.nullable || boxed.has(f.name) }) : '';
      const jh = jfp ? schemaHash(jfp).toString(16).padStart(8, '0') : '';
      const pyObs = observedHash[`${k}/${ref}/python`] || '';
      const jObs = observedHash[`${k}/${ref}/java`] || '';
      const mark = (obs, want) => (obs ? `${obs}${obs === want ? ' ✓' : ' ✗'}` : '');
      p(`| ${k} | ${ref} | \`${cellEsc(fp.length > 160 ? `${fp.slice(0, 160)}…` : fp)}\` | ${spec} | ${mark(pyObs, spec)} | ${mark(jObs, spec)} | ${jh}${jObs ? (jObs === jh ? ' ✓' : ' ✗') : ''} |`);
    }
  }
  p();

  // ---- dotted names
  p('### Java `register(cls, "example.Person")` vs `register(cls, "example", "Person")`');
  p();
  for (const d of dotted) p(`- ${modeName(d.mode)}: ${d.same ? 'byte-identical' : `DIFFERENT: ${d.a.hex} vs ${d.b.hex}`} (list [Person, Shade, Point2])`);
  p('- pyfory has only `register_type(cls, name="example.Person")` (the last `.` splits namespace and type name) or `type_id=`; there is no separate namespace argument.');
  p();

  // ---- long names
  p('### Long namespace (meta string > 16 bytes) and meta-string dedup');
  p();
  for (const r of longRows) {
    p(`#### ${modeName(r.mode)}: list [Person n, "x", Person m, Shade.RED] with namespace \`${r.ns}\``);
    p();
    p(`P<J: ${readCell(r.read['python<java'])} · J<P: ${readCell(r.read['java<python'])}`);
    p();
    for (const n of W2) {
      p(`${n}: \`${r.write[n].hex}\``);
      p();
      p(annBlock(r.ann[n]));
    }
  }

  // ---- evolution
  p('### Schema evolution (Evolving v1 {a:int32, b:string}, v2 {a, b, c:list<int64>, d:float64}, v3 {b, e:bool})');
  p();
  p('Reader config `schemaVersion` selects the class registered under `example.Evolving` / id 207. Cell = the decoded fields (reader\'s natural types) or the error. Writer values: v1 {a:1,b:"bee"}, v2 {a:1,b:"bee",c:[10,20],d:0.25}, v3 {b:"bee",e:true}.');
  p();
  p('| compatible | registration | writer → reader | J→J | J→P | P→J | P→P |');
  p('|---|---|---|---|---|---|---|');
  const fmtFields = (res) => {
    if (!res.ok) return `ERR ${shortErr(res, 140)}`;
    const f = res.value.fields || {};
    return Object.entries(f).map(([k, v]) => `${k}=${v.t === 'list' ? `[${v.v.map((x) => x.v).join(',')}]` : v.v}`).join(' ');
  };
  for (const compatible of [true, false]) {
    for (const byId of [false, true]) {
      for (const [wv, rv] of [[1, 2], [2, 1], [1, 3], [3, 1], [2, 3], [3, 2]]) {
        const cell = (w, r) => {
          const e = evo.find((x) => x.compatible === compatible && x.byId === byId && x.wv === wv && x.rv === rv && x.w === w && x.r === r);
          return e ? cellEsc(fmtFields(e.res)) : '';
        };
        p(`| ${compatible} | ${byId ? 'id 207' : 'name example.Evolving'} | v${wv} → v${rv} | ${cell('java', 'java')} | ${cell('java', 'python')} | ${cell('python', 'java')} | ${cell('python', 'python')} |`);
      }
    }
  }
  p();
  p('v2 payload (compatible, by name), as written by Java and pyfory:');
  p();
  for (const n of W2) {
    p(`${n}: \`${evoAnn[n].hex}\``);
    p();
    p(annBlock(evoAnn[n].ann));
  }

  // ---- errors
  p('### Unregistered types (reader config `omitTypes`)');
  p();
  p('| compatible | type not registered on the reader | writer | Java reads | pyfory reads |');
  p('|---|---|---|---|---|');
  const ok = (r) => (r.ok ? `ok → ${cellEsc(JSON.stringify(r.value).slice(0, 160))}` : `ERR ${cellEsc(shortErr(r, 200))}`);
  for (const u of unreg) p(`| ${u.compatible} | ${u.key} | ${u.w} | ${ok(u.read.java)} | ${ok(u.read.python)} |`);
  p();
  p('### Writer and reader in different modes');
  p();
  p('| writer compatible | reader compatible | type | writer | Java reads | pyfory reads |');
  p('|---|---|---|---|---|---|');
  for (const u of modeMismatch) p(`| ${u.wc} | ${u.rc} | ${u.key} | ${u.w} | ${u.read.java.ok ? readCell(u.read.java) : ok(u.read.java)} | ${u.read.python.ok ? readCell(u.read.python) : ok(u.read.python)} |`);
  p();
  p('### Crafted payloads');
  p();
  p('Built from Java\'s PersonById bytes (compatible: `01 ff 1c 00` + TypeDef; same-schema: `01 ff 1b c8 01` + hash + fields). "re-hashed" = the TypeDef header was recomputed with the murmur3 recipe, so only the intended change differs.');
  p();
  p('| probe | hex | Java reads | pyfory reads |');
  p('|---|---|---|---|');
  for (const e of errors) p(`| ${cellEsc(e.title)} | \`${e.hex}\` | ${ok(e.read.java)} | ${ok(e.read.python)} |`);
  p();

  // ---- per case
  p('## Annotated payloads');
  p();
  p('Each case in the four modes. When both runtimes wrote the same bytes only one annotation is shown. List variants of the benchmark types and Wide are shown as hex only (their annotation status is still checked; the element structs are annotated in the single-value cases).');
  p();
  for (const cs of CASES) {
    p(`### ${cs.title}`);
    p();
    for (const m of MODES) {
      const r = results.find((x) => x.case === cs && x.mode === m);
      if (!r) continue;
      const j = r.write.java;
      const py = r.write.python;
      p(`<details><summary>${modeName(m)} — ${j.ok && py.ok ? (j.hex === py.hex ? `identical, ${j.hex.length / 2} B` : `differ (Java ${j.hex.length / 2} B, pyfory ${py.hex.length / 2} B)`) : 'write error'}; P<J ${cellEsc(readCell(r.read['python<java']))}; J<P ${cellEsc(readCell(r.read['java<python']))}</summary>`);
      p();
      for (const n of W2) {
        const w = r.write[n];
        if (!w.ok) {
          p(`${n}: write ERR ${shortErr(w, 400)}`);
          p();
          continue;
        }
        if (n === 'python' && j.ok && j.hex === w.hex) {
          p('pyfory: = Java');
          p();
          continue;
        }
        p(`${n} (${w.hex.length / 2} B): \`${w.hex}\``);
        p();
        if (cs.brief) {
          p(`*annotator: ${r.ann[n]?.ok ? 'consumed all bytes' : r.ann[n]?.error}*`);
          p();
        } else p(annBlock(r.ann[n]));
      }
      p('</details>');
      p();
    }
  }
  p(`<!-- generated in ${((Date.now() - t0) / 1000).toFixed(1)} s -->`);
  return `${out.join('\n')}\n`;
}

const W2 = ['java', 'python'];
function rootKey(cs) {
  const v = cs.value;
  if (v.t !== 'struct') return null;
  return /^\d+$/.test(v.type) ? `id:${v.type}` : `name:${v.type}`;
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
