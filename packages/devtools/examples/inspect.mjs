// The README example: inspect a payload without the writer's code. Run: node examples/inspect.mjs
import { Fory, Type } from '@ferry/core';
import { inspect, renderInspectResult } from '@ferry/devtools';

// Some writer (Ferry here; pyfory or Java fory-core alike) produced these bytes.
const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32(), tags: Type.list(Type.string()) });
const writer = new Fory().register(Person); // compatible mode: the payload carries a TypeDef
const bytes = writer.serialize({ name: 'Zoë', age: 30, tags: ['admin'] }, Person);

// The inspector needs no registration: field names and types come from the TypeDef.
const result = inspect(bytes);
const { root } = result;
console.log(root.type, root.wireType.name, `[${root.start}, ${root.end})`);
for (const field of root.children) console.log(` ${field.label}: ${field.type} = ${field.preview} [${field.start}, ${field.end})`);
console.log(renderInspectResult(result).trimEnd());

// Malformed input never throws: a partial tree plus the error and its offset.
const broken = inspect(bytes.subarray(0, bytes.length - 3));
console.log(broken.error.code, broken.error.offset, broken.error.path);
