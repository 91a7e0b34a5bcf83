/** The README's runnable example stays runnable and prints what the README shows. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('examples/inspect.mjs prints the tree of a struct payload and the error of a truncated one', async () => {
  const script = fileURLToPath(new URL('../examples/inspect.mjs', import.meta.url));
  // No colours in console.log output, whatever the runner (Nx sets FORCE_COLOR).
  const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 30_000, env });
  expect(stdout.split('\n').filter(Boolean)).toStrictEqual([
    'example.Person NAMED_COMPATIBLE_STRUCT [1, 52)',
    ' age: int32 = 30 [39, 40)',
    ' name: string = "Zoë" [40, 44)',
    ' tags: list<string> = ["admin"] [44, 52)',
    '52 bytes, header 0x01 xlang, compatible, 5 nodes',
    'typedef#0 example.Person [4, 39) struct { age: int32, name: string, tags: list<string> }',
    '$ [1, 52) #0 example.Person example.Person {age: 30, name: "Zoë", tags: ["admin"]} (NAMED_COMPATIBLE_STRUCT example.Person typedef#0)',
    '├─ age [39, 40) #1 int32 30',
    '├─ name [40, 44) #2 string "Zoë" (latin1)',
    '└─ tags [44, 52) #3 list<string> ["admin"]',
    '   └─ [0] [46, 52) #4 string "admin" (latin1)',
    'TRUNCATED 47 $.tags[0]',
  ]);
});
