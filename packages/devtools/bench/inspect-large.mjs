/**
 * How long `inspect` takes on large payloads: `npx nx run devtools:build && node bench/inspect-large.mjs`.
 * Prints sizes, node counts and median milliseconds; a measurement, not a test.
 */
import { Fory, Type } from '@ferry/core';
import { inspect } from '@ferry/devtools';

const Item = Type.struct({ id: 1 }, { id: Type.int32(), name: Type.string(), score: Type.float64(), tags: Type.list(Type.string()) });
const payloads = [];
for (const compatible of [true, false]) {
  const fory = new Fory({ compatible });
  fory.register(Item);
  const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `item-${i}-${'x'.repeat(i % 17)}`, score: i / 7, tags: ['a', `t${i % 10}`] }));
  payloads.push([`100k structs (${compatible ? 'compatible' : 'schema-consistent'})`, fory.serialize(items, Type.list(Item)), { schemas: [Item] }]);
}
const strings = Array.from({ length: 100_000 }, (_, i) => `string number ${i} ${'é'.repeat(i % 40)}`);
payloads.push(['100k strings (dynamic list)', new Fory().serialize(strings), {}]);

for (const [name, bytes, options] of payloads) {
  inspect(bytes, options); // warm-up
  const times = [];
  const cpu = [];
  let nodes = 0;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = inspect(bytes, options);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    nodes = r.nodeCount;
    if (r.error) throw new Error(r.error.message);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time (incl. GC threads) is steadier than wall time on a shared machine.
  console.log(`${name}: ${(bytes.length / 1e6).toFixed(2)} MB, ${nodes} nodes, wall median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}), cpu median ${cpu[2].toFixed(0)} ms`);
}
