// The dual-package hazard: a CJS require and an ESM import of @x/tensor in one process must share
// one device registry and one generator. This runs the built packages, as users get them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

it('CJS and ESM copies of @x/tensor share the registry and the generator', () => {
  for (const dist of ['../../tensor/dist/index.cjs', '../../tensor/dist/index.js', '../dist/index.js']) {
    expect(existsSync(here(dist)), `${dist} is missing: run \`pnpm build\` first (turbo's test task does)`).toBe(true);
  }
  const out = execFileSync(process.execPath, [here('./scripts/dual-package.mjs')], { encoding: 'utf8' });
  expect(out.trim()).toBe('dual-package ok');
});
