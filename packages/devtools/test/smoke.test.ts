import { it } from 'vitest';
import { Fory, Type } from '@ferry/core';
import { inspect } from '../src/index.js';
it('smoke', () => {
  const fory = new Fory({ ref: true });
  const shared = ['x'];
  const bytes = fory.serialize({ a: 1, b: 'héllo', c: [1, 2, 3], d: shared, e: shared, f: new Map([[1, null]]), g: new Uint8Array([1,2,3]) });
  const r = inspect(bytes);
  const pr = (n: any, d = 0): void => { console.log(' '.repeat(d*2) + `#${n.id} ${n.label} [${n.start},${n.end}) ${n.kind} ${n.type} ${n.wireType?.name ?? ''} ${n.refFlag ?? ''} ${n.refId ?? ''} ${n.refTarget ?? ''} ${n.stringEncoding ?? ''} ${n.preview} ${n.note ?? ''}`); for (const c of n.children ?? []) pr(c, d+1); };
  pr(r.root);
  console.log(r.error, r.warnings, r.header);
  const P = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });
  for (const compatible of [true, false]) {
    const f = new Fory({ compatible }); f.register(P);
    const b = f.serialize([{ name: 'Bob', age: 25 }, { name: 'Al', age: 3 }], Type.list(P));
    const r2 = inspect(b); pr(r2.root); console.log(r2.error, r2.undecoded, r2.typeDefs);
    const r3 = inspect(b, { schemas: [P] }); pr(r3.root); console.log(r3.error, r3.undecoded);
    const r4 = inspect(b.subarray(0, b.length - 3), { schemas: [P] }); pr(r4.root); console.log(r4.error);
  }
});
