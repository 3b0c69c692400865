// Every public export has a doc comment: the API reference (`pnpm docs:api`, typedoc) is made from them.
// The exports written before this rule are listed in undocumented.json; a new export without a doc
// comment fails here; a listed one that has gained its comment is reported, to be taken off the list.
// After documenting, update the list: X_UPDATE_UNDOCUMENTED=1 pnpm --filter @x/npm-check exec vitest run test/docs.test.ts
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { publicExports } from './exports';

const LIST = fileURLToPath(new URL('../undocumented.json', import.meta.url));

it('every public export has a doc comment (or is on the list of older ones)', () => {
  const all = publicExports();
  expect(all.length).toBeGreaterThan(500);
  const missing = all.filter((e) => !e.documented).map((e) => e.name).sort();
  if (process.env.X_UPDATE_UNDOCUMENTED) writeFileSync(LIST, `${JSON.stringify(missing, null, 1)}\n`);
  const listed = new Set(JSON.parse(readFileSync(LIST, 'utf8')) as string[]);
  const fresh = missing.filter((n) => !listed.has(n));
  const stale = [...listed].filter((n) => !missing.includes(n));
  expect(fresh, 'public exports without a doc comment: write one (/** ... */) above each').toEqual([]);
  // Several people document the listed ones at once, so a stale entry is reported, not failed on.
  if (stale.length) console.warn(`documented now (or gone), to take off undocumented.json (X_UPDATE_UNDOCUMENTED=1 reruns it): ${stale.join(', ')}`);
  console.log(`doc comments: ${all.length - missing.length} of ${all.length} public exports (${missing.length} older ones listed)`);
});

// Warnings (an `@x` in a comment read as a tag, say) do not fail it: the reference still builds.
it('the API reference builds as static HTML with one command (`pnpm docs:api`, typedoc)', async () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'x-api-reference-'));
  try {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: root });
    for (const page of ['index.html', 'modules/_x_tensor.html', 'modules/_x_nn.functional.html', 'classes/_x_tensor.Tensor.html']) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
