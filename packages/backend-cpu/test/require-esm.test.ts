// CommonJS callers: require('@x/tensor') and require('@x/backend-cpu') load the ESM build (Node 20.19+
// can require() ES modules) and share one module instance with import().
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

it("require('@x/tensor') works and is the same module as import()", () => {
  for (const dist of ['../../tensor/dist/index.js', '../dist/index.js']) {
    expect(existsSync(here(dist)), `${dist} is missing: run \`pnpm build\` first (turbo's test task does)`).toBe(true);
  }
  const out = execFileSync(process.execPath, [here('./scripts/require-esm.cjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(out.trim()).toBe('require-esm ok');
});
