import { describe, expect, expectTypeOf, it } from 'vitest';
import { Type, type Infer } from '../src/index.js';

const Person = Type.struct({ namespace: 'example', typeName: 'Person' }, {
  name: Type.string(),
  age: Type.int32(),
  tags: Type.list(Type.string()),
  scores: Type.map(Type.string(), Type.int32()),
  manager: Type.nullable(Type.ref<{ name: string }>('example.Person')),
});
type Person = Infer<typeof Person>;

describe('schema declarations infer TypeScript types', () => {
  it('struct fields, nullable fields optional', () => {
    expectTypeOf<Person>().toEqualTypeOf<{
      name: string;
      age: number;
      tags: string[];
      scores: Map<string, number>;
      manager?: { name: string } | null;
    }>();
    expect(Person.identity).toEqual({ id: undefined, namespace: 'example', typeName: 'Person', display: 'example.Person' });
  });
  it('dotted names split at the last dot; ids validate', () => {
    expect(Type.struct({ typeName: 'com.acme.Order' }, {}).identity.namespace).toBe('com.acme');
    expect(Type.struct({ typeName: 'Order' }, {}).identity.namespace).toBe('');
    expect(() => Type.struct({ id: -1 }, {})).toThrow(RangeError);
  });
  it('enums infer their names; unions infer case/value pairs', () => {
    const Color = Type.enum({ id: 203 }, ['RED', 'GREEN', 'BLUE']);
    expectTypeOf<Infer<typeof Color>>().toEqualTypeOf<'RED' | 'GREEN' | 'BLUE'>();
    expect(Color.values.get('BLUE')).toBe(2);
    const Shape = Type.union({ id: 208 }, { 0: Type.int32(), 1: Type.string() });
    expectTypeOf<Infer<typeof Shape>>().toEqualTypeOf<{ readonly case: 0; readonly value: number } | { readonly case: 1; readonly value: string }>();
  });
});
