import { expect, it } from 'vitest';

it('the package entry loads', async () => {
  const mod = await import('@ferry/devtools');
  expect(typeof mod).toBe('object');
});
