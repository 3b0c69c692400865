// The committed kernels (wasm/kernels.wasm and its base64 twin in src/wasm/) are what the C sources
// compile to. Needs clang and wasm-ld (Debian's clang and lld, which .ci/run installs); on a machine
// without them the check is skipped, except in CI, where it must run.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const hasToolchain = ['clang', 'wasm-ld'].every((tool) => spawnSync(tool, ['--version']).status === 0);
const script = path.resolve(__dirname, '../scripts/build-wasm.mjs');

describe('the committed WebAssembly kernels', () => {
  it.runIf(hasToolchain || process.env.CI)('match their C sources (scripts/build-wasm.mjs --check)', () => {
    expect(hasToolchain, 'clang and wasm-ld are needed: apt-get install clang lld').toBe(true);
    const out = execFileSync('node', [script, '--check'], { encoding: 'utf8' });
    expect(out).toContain('matches its sources');
  }, 120_000);
});
