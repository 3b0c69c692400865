// The generated Tensor methods, torch.* functions and API reference are what the schema gives:
// run `pnpm --filter @x/tensor generate` after changing src/schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, generateAll } from '../scripts/generate';

describe('generated files', () => {
  for (const [path, text] of Object.entries(generateAll())) {
    it(`${path} is up to date with src/schema (else run pnpm --filter @x/tensor generate)`, () => {
      expect(readFileSync(join(PACKAGE_ROOT, path), 'utf8') === text).toBe(true);
    });
  }
});
