/**
 * User types across languages: structs by id and by name, nested structs, lists/maps of structs,
 * enums, nullable and `any` fields, refs and cycles, unions, ext types, schema evolution and the
 * standard benchmark types — TS ⇄ pyfory and TS ⇄ Java, both modes, both ref settings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { usePeer } from './xlang/peer.js';
import * as V from '../../../peers/struct-values.mjs';
import { Fory, type TypeSpec } from '../src/index.js';
import { h, hex } from './helpers.js';
import { diff, looselyEqual, toFerry, type Tagged } from './xlang/tagged.js';
import * as S from './xlang/schemas.js';

type Kind = 'python' | 'java';
type Mode = 'C' | 'CR' | 'S' | 'SR';

interface StructCase {
  name: string;
  value: () => unknown;
  /** Root type for typed writes (undefined: dynamic, e.g. a list of structs). */
  type?: TypeSpec;
  refOnly?: boolean;
  /** Exchanges a runtime itself cannot do with the other runtime (peers/struct-findings.md). */
  skip?: Partial<Record<Kind, Mode[]>>;
  /** Encoder differences between the runtimes: modes where bytes are not compared with this peer. */
  notExact?: Partial<Record<Kind, Mode[]>>;
}

const SAME: Mode[] = ['S', 'SR'];
const COMPAT: Mode[] = ['C', 'CR'];
const ALL: Mode[] = ['C', 'CR', 'S', 'SR'];
// Where pyfory's encoder differs from Java's, Ferry follows Java (peers/struct-findings.md §7):
// namespace meta-string encoding byte (pyfory 01, Java 04; same bits), nested TypeDef element/key/value
// types (pyfory nullable=0, Java 1: a different TypeDef hash), and same-schema lists of structs
// (pyfory 08 + element type info, Java declared 0c). Each runtime reads the other's form.
const PY_NAMESPACE = SAME;
const PY_NESTED = COMPAT;
const PY_NESTED_AND_LISTS = ALL;

const CASES: StructCase[] = [
  { name: 'example.Person by name (the seed example)', value: () => V.person('Bob', 25), type: S.Person, notExact: { python: PY_NAMESPACE } },
  { name: 'PersonById (id 200)', value: () => V.personById('Bob', 25), type: S.PersonById },
  { name: 'list [Person, Person]', value: () => V.list(V.person('A', 1), V.person('B', 2)), notExact: { python: PY_NAMESPACE } },
  { name: 'list [Person, "x", Person] (type meta dedup)', value: () => V.list(V.person('A', 1), V.S('x'), V.person('B', 2)), notExact: { java: ['CR', 'SR'], python: PY_NAMESPACE } },
  // pyfory writes type meta for by-name struct fields in same-schema mode, Java (and the spec) not.
  { name: 'example.Node chain', value: () => V.nodeChain(), type: S.Node, skip: { python: SAME } },
  { name: 'example.Node cycle (ref)', value: () => V.nodeCycle(), type: S.Node, refOnly: true, skip: { python: SAME } },
  { name: 'Scalars: every scalar kind', value: () => V.scalars(), type: S.Scalars },
  { name: 'Containers: lists, sets, maps, arrays, nested struct', value: () => V.containers(), type: S.Containers, notExact: { java: ALL, python: ALL } },
  { name: 'DenseArrays: all 13 dense array types', value: () => V.denseArrays(), type: S.DenseArrays },
  { name: 'Colored: enum fields by id and by name, list<enum>', value: () => V.colored(), type: S.Colored, notExact: { python: PY_NESTED } },
  { name: 'enum Color.BLUE at the root', value: () => V.en('203', 'BLUE'), type: S.Color },
  { name: 'enum example.Shade.GREEN at the root', value: () => V.en('example.Shade', 'GREEN'), type: S.Shade, notExact: { python: PY_NAMESPACE } },
  // Java hashes its boxed Integer field as nullable in same-schema mode (struct-findings §4).
  { name: 'Nullables: all null', value: () => V.nullablesNull(), type: S.Nullables, skip: { java: SAME }, notExact: { python: PY_NESTED } },
  { name: 'Nullables: all set', value: () => V.nullablesSet(), type: S.Nullables, skip: { java: SAME }, notExact: { python: PY_NESTED } },
  { name: 'Poly: any fields with mixed values', value: () => V.poly(), type: S.Poly, notExact: { java: ['CR', 'SR'], python: PY_NESTED } },
  { name: 'Poly: any field holding a struct', value: () => V.polyStruct(), type: S.Poly, notExact: { python: ALL } },
  { name: 'Holder: ext by id and by name, union field', value: () => V.holder(), type: S.Holder, skip: { python: SAME }, notExact: { java: ['CR', 'SR'] } },
  { name: 'union Shape case 1 at the root', value: () => V.union('208', 1, V.S('hi')), type: S.Shape, notExact: { java: ['CR', 'SR'] } },
  { name: 'union Shape case 2 (struct)', value: () => V.union('208', 2, V.personById('U', 5)), type: S.Shape, notExact: { java: ['CR', 'SR'] } },
  { name: 'TagIds: fields identified by tag id', value: () => V.tagIds(), type: S.TagIds },
  { name: 'Wide: 64 fields (TypeDef over 255 bytes)', value: () => V.wide(), type: S.Wide },
  { name: 'benchmark NumericStruct (id 1)', value: () => V.numericStruct(), type: S.NumericStruct },
  { name: 'benchmark Sample (id 2)', value: () => V.sample(), type: S.Sample, skip: { java: SAME } },
  // Java writes non-Latin1 strings as UTF-16 (a Media title), and in compatible mode with ref=true it
  // does not ref-track struct elements of declared lists (Ferry does, as pyfory, keeping identity).
  { name: 'benchmark MediaContent (id 5)', value: () => V.mediaContent(), type: S.MediaContent, notExact: { java: ALL, python: PY_NESTED_AND_LISTS } },
  { name: 'benchmark NumericStructList (id 6)', value: () => V.numericStructList(), type: S.NumericStructList, notExact: { java: ['CR'], python: PY_NESTED_AND_LISTS } },
  { name: 'benchmark SampleList (id 7)', value: () => V.sampleList(), type: S.SampleList, skip: { java: SAME }, notExact: { java: ['CR'], python: PY_NESTED_AND_LISTS } },
  { name: 'benchmark MediaContentList (id 8)', value: () => V.mediaContentList(), type: S.MediaContentList, notExact: { java: ALL, python: PY_NESTED_AND_LISTS } },
];

function newFory(ref: boolean, compatible: boolean, codegen = true): { fory: Fory; types: Record<string, TypeSpec> } {
  const types = S.userTypes(1);
  const fory = new Fory({ ref, compatible, codegen });
  fory.register(...(Object.values(types) as never[]));
  return { fory, types };
}

for (const kind of ['python', 'java'] as const) {
  describe(`${kind} peer: user types`, () => {
    const peerOf = usePeer(kind);

    for (const mode of ALL) {
      const compatible = mode.startsWith('C');
      const ref = mode.endsWith('R');
      describe(`${compatible ? 'compatible' : 'schema-consistent'}, ref=${ref}`, () => {
        const { fory, types } = newFory(ref, compatible);
        const interpreted = newFory(ref, compatible, false).fory;
        beforeAll(async () => {
          const res = await peerOf().request({ op: 'config', ref, compatible });
          expect(res.ok, res.error).toBe(true);
        });
        for (const c of CASES) {
          if (c.refOnly && !ref) continue;
          if (c.skip?.[kind]?.includes(mode)) continue;
          const ferryValue = () => toFerry(c.value() as Tagged, new Map(), c.type, types);
          const encode = (f: Fory) => (c.type ? f.serialize(ferryValue() as never, c.type) : f.serialize(ferryValue()));

          it(`${c.name}: TS → ${kind} → TS`, async () => {
            const bytes = encode(fory);
            // Generated and interpreted struct code write identical bytes.
            expect(hex(encode(interpreted))).toBe(hex(bytes));
            const res = await peerOf().request({ op: 'read', hex: hex(bytes), expect: c.value() as Tagged });
            expect(res.ok, `${kind} could not read ${hex(bytes)}: ${res.error}`).toBe(true);
            expect(res.equal, `${kind} read ${JSON.stringify(res.value)}: ${res.diff}`).toBe(true);
            expect(res.hex, res.reserializeError).toBeTruthy();
            expect(diff(fory.deserialize(h(res.hex!)), c.value() as Tagged)).toBeNull();
          });

          it(`${c.name}: ${kind} → TS → ${kind}`, async () => {
            const res = await peerOf().request({ op: 'write', value: c.value() as Tagged });
            expect(res.ok, res.error).toBe(true);
            const decoded = fory.deserialize(h(res.hex!));
            expect(diff(decoded, c.value() as Tagged)).toBeNull();
            expect(diff(interpreted.deserialize(h(res.hex!)), c.value() as Tagged)).toBeNull();
            if (!c.notExact?.[kind]?.includes(mode)) expect(hex(encode(fory))).toBe(res.hex);
            // Re-serialize what TS decoded, for the peer to read once more.
            const again = c.type ? fory.serialize(decoded as never, c.type) : fory.serialize(decoded);
            const reread = await peerOf().request({ op: 'read', hex: hex(again), expect: c.value() as Tagged });
            expect(reread.ok, reread.error).toBe(true);
            // Only a number's int/float family may change: `any` positions hold one JS `number`.
            const same = reread.equal || looselyEqual(reread.value as Tagged, c.value() as Tagged);
            expect(same, `${JSON.stringify(reread.value)}: ${reread.diff}`).toBe(true);
          });
        }
      });
    }

    describe('schema evolution (compatible)', () => {
      for (const [mine, theirs] of [
        [1, 2],
        [2, 1],
        [1, 3],
        [3, 1],
        [2, 3],
        [3, 2],
      ] as const) {
        it(`TS v${mine} ⇄ ${kind} v${theirs}, by name and by id`, async () => {
          await peerOf().request({ op: 'config', ref: false, compatible: true, schemaVersion: theirs });
          const types = S.userTypes(mine);
          const fory = new Fory({ compatible: true }).register(...(Object.values(types) as never[]));
          for (const byId of [false, true]) {
            const spec = types[byId ? '207' : 'example.Evolving']!;
            // Peer writes its version; TS reads known fields and defaults the rest.
            const res = await peerOf().request({ op: 'write', value: V.evolving(theirs, byId) as Tagged });
            expect(res.ok, res.error).toBe(true);
            const got = fory.deserialize<Record<string, unknown>>(h(res.hex!));
            const theirFields = (V.evolving(theirs, byId) as { fields: Record<string, Tagged> }).fields;
            const mineFields = (V.evolving(mine, byId) as { fields: Record<string, Tagged> }).fields;
            for (const name of Object.keys(mineFields)) {
              if (name in theirFields) expect(diff(got[name], theirFields[name]!)).toBeNull();
              else expect(got[name], `missing field ${name} gets its default`).toEqual(name === 'c' ? [] : name === 'e' ? false : name === 'b' ? '' : 0);
            }
            // TS writes its version; the peer reads the fields it knows.
            const mineValue = toFerry(V.evolving(mine, byId) as Tagged, new Map(), spec, types);
            const back = await peerOf().request({ op: 'read', hex: hex(fory.serialize(mineValue as never, spec)) });
            expect(back.ok, back.error).toBe(true);
            const peerFields = (back.value as unknown as { fields: Record<string, Tagged> }).fields;
            for (const name of Object.keys(theirFields)) if (name in mineFields) expect(peerFields[name]).toEqual(mineFields[name]);
          }
          await peerOf().request({ op: 'config', ref: false, compatible: true, schemaVersion: 1 });
        });
      }
    });
  });
}
