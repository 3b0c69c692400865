// Autograd works when CJS and ESM copies of @x/tensor and @x/autograd meet in one process.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

it('gradients flow across CJS and ESM copies', () => {
  for (const dist of ['../../tensor/dist/index.cjs', '../dist/index.js', '../dist/index.cjs']) {
    expect(existsSync(here(dist)), `${dist} is missing: run \`pnpm build\` first (turbo's test task does)`).toBe(true);
  }
  const out = execFileSync(process.execPath, [here('./scripts/dual-package.mjs')], { encoding: 'utf8' });
  expect(out.trim()).toBe('dual-package ok');
});
