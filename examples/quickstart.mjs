// Quick start for Ferry. Run with `npm run example` (builds the packages first).
// Imports the built @ferry/core package exactly as an application would.
import { Decimal, Fory, LocalDate, Type } from '@ferry/core';

const fory = new Fory({ ref: true });

// Dynamic values: the xlang type is inferred (see the README's type mapping table).
const order = {
  id: 2n ** 60n, // int64 beyond 2^53 stays a bigint
  customer: 'Zoë',
  placed: new Date('2026-11-21T10:00:00Z'),
  due: LocalDate.of(2026, 12, 1),
  total: Decimal.parse('1234.50'),
  lines: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-7', qty: 1 },
  ],
  samples: new Float32Array([0.5, 1.5, 2.5]),
};
order.self = order; // cycles are fine with ref: true

const bytes = fory.serialize(order);
const back = fory.deserialize(bytes);
console.log(`serialized ${bytes.length} bytes`);
console.log('customer:', back.get('customer'), '| id:', back.get('id'), '| total:', String(back.get('total')));
console.log('cycle preserved:', back.get('self') === back);

// Typed writes pick an exact wire type.
console.log('int16 300 →', Buffer.from(fory.serialize(300, Type.int16())).toString('hex'));

// Structs: the seed's example. Java registers `Person` as "example.Person", Python with
// `register_type(Person, name="example.Person")`; these bytes are readable by both.
const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });
const people = new Fory().register(Person);
const bob = people.serialize({ name: 'Bob', age: 25 }, Person);
console.log('Person("Bob", 25) →', Buffer.from(bob).toString('hex'));
console.log('read back:', people.deserialize(bob));

// Out-of-band: the large array travels outside the payload, without being copied.
const buffers = [];
const samples = new Float64Array(1 << 20).fill(0.5); // 8 MiB
const payload = fory.serialize({ samples }, { bufferCallback: (o) => (buffers.push(o.toBuffer()), false) });
const decoded = fory.deserialize(payload, { buffers });
console.log(`out-of-band: payload ${payload.length} bytes + ${buffers[0].byteLength} bytes of samples;`,
  'zero-copy view:', decoded.get('samples').buffer === samples.buffer);
