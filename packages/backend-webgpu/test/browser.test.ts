// @x/backend-webgpu in headless Chromium (Debian's chromium, SwiftShader's WebGPU adapter where there is
// no GPU), on a page served from 127.0.0.1: the browser bundle pulls no Node module, a matmul matches
// the CPU and a small MLP trains on WebGPU. Uses npm-check's Chromium harness (playwright-core with
// executablePath; no browser download).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, runInChromium } from '../../npm-check/test/browser';

const dir = mkdtempSync(join(tmpdir(), 'x-webgpu-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@x/backend-webgpu in headless Chromium', () => {
  it('runs a matmul and training steps on navigator.gpu', async () => {
    const { code, nodeBuiltins } = await bundle(fileURLToPath(new URL('./browser/page.ts', import.meta.url)), join(dir, 'page.js'));
    expect(nodeBuiltins).toEqual([]);
    expect(code).not.toMatch(/dawn\.node|from"webgpu"/);
    const r = (await runInChromium(code, 240_000, { webgpu: true })) as { adapter: string; matmulMaxError: number; device: string; firstLoss: number; lastLoss: number };
    expect(r.adapter.length).toBeGreaterThan(0);
    expect(r.device).toBe('webgpu');
    expect(r.matmulMaxError).toBeLessThan(1e-4);
    expect(r.lastLoss).toBeLessThan(r.firstLoss * 0.8);
  }, 300_000);
});
