import { Type, type Infer } from '@ferry/core';

// Registered under the same name by every peer (Java: fory.register(Person.class, "example.Person"),
// Python: fory.register_type(Person, name="example.Person")).
export const Person = Type.struct({ typeName: 'example.Person' }, { name: Type.string(), age: Type.int32() });
export type Person = Infer<typeof Person>;
