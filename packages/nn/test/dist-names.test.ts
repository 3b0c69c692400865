// The classes this package exports keep their public names once built (no bundler's `_Name`), so a
// model holding them prints and loads back.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeDistClassNames } from '@x/conformance';

describeDistClassNames('@x/nn', new URL('../', import.meta.url));

it('a whole model with an Embedding saves and loads with the built package', () => {
  const script = fileURLToPath(new URL('./scripts/embedding-dist.mjs', import.meta.url));
  expect(execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim()).toBe('embedding dist ok');
});
