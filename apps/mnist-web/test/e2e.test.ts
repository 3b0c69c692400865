// The page end to end, as a person uses it: Vite builds it (vite.config.ts, the @x packages' published
// entry points), Vite's preview server serves it on 127.0.0.1, and Debian's Chromium (driven by
// playwright-core through npm-check's launcher: no browser download) loads it, draws digits with the
// mouse, the keyboard and a finger, checks the predicted class, trains in the page, runs axe-core's
// WCAG 2.1 AA checks and saves screenshots to test-output/. Once on WebGPU (SwiftShader's adapter where there is no GPU), once with
// WebGPU off (the CPU fallback and its note), once on a phone viewport with touch.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../packages/npm-check/test/browser';
import type { PageState } from '../src/state';
import { DIGITS, drawWithMouse, drawWithTouch } from './strokes';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(appDir, 'test-output');
const dist = mkdtempSync(join(tmpdir(), 'mnist-web-'));
let server: PreviewServer;
let url: string;

const pageState = (page: Page) => page.evaluate(() => (window as unknown as { mnist: PageState }).mnist);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await build({ root: appDir, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  server = await preview({ root: appDir, logLevel: 'warn', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 0 } });
  url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

/** Waits until the drawing's prediction is shown, and returns the predicted class. */
async function predicted(page: Page): Promise<number | null> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => !(window as unknown as { mnist: PageState }).mnist.busy);
  const s = await pageState(page);
  expect(s.error).toBeNull();
  return s.prediction;
}

async function open(page: Page, query = ''): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url + query);
  await page.waitForFunction(() => (window as unknown as { mnist?: PageState }).mnist?.ready || (window as unknown as { mnist?: PageState }).mnist?.error, undefined, { timeout: 60_000 });
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA checks on the page as it is: one line per violation, with the elements. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** What the CPU runs gave, for the WebGPU run to match: the first 7's probabilities, the phone's losses. */
let cpuSeven: number[] | null = null;
let cpuLosses: number[] | null = null;

describe('apps/mnist-web in Chromium', () => {
  it('bundles no Node module', () => {
    const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const f of chunks) {
      const code = readFileSync(join(dist, 'assets', f), 'utf8');
      // an import of a Node built-in, or Vite's stub for one it had to leave out
      expect(code, f).not.toMatch(/from\s*["']node:|import\(\s*["']node:|__vite-browser-external/);
    }
    // the static assets: the weights and the MNIST subset
    expect(readdirSync(dist)).toContain('model.safetensors');
    expect(readdirSync(join(dist, 'data')).sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
  });

  it('with WebGPU off: says so, runs on the CPU, reads mouse and keyboard digits, trains one epoch', async () => {
    const browser = await launchChromium({ webgpu: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      const errors = await open(page);
      const s = await pageState(page);
      expect(s.error).toBeNull();
      expect(s.device).toBe('cpu');
      await expect.poll(() => page.locator('#backend').textContent()).toMatch(/the CPU \(@x\/backend-cpu\)/);
      expect(await page.locator('#fallback').isVisible()).toBe(true);
      // Chromium without a GPU process: navigator.gpu but no adapter; the backend's error behind "Why"
      expect(await page.locator('#fallback').textContent()).toMatch(/^This browser has WebGPU but offers no adapter/);
      expect(await page.locator('#fallback details').textContent()).toMatch(/webgpu\.ready\(\): no WebGPU adapter was found/);

      for (const digit of [7, 0, 3]) {
        await drawWithMouse(page, DIGITS[digit]!);
        expect(await predicted(page), `drew a ${digit}`).toBe(digit);
        if (digit === 7) cpuSeven = (await pageState(page)).probabilities;
        await page.click('#clear');
        expect(await predicted(page)).toBeNull();
      }

      // the keyboard pen: a vertical stroke is a 1
      await page.focus('#pad');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Space');
      for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      expect(await predicted(page)).toBe(1);
      await page.keyboard.press('Escape');
      expect(await predicted(page)).toBeNull();

      await drawWithMouse(page, DIGITS[7]!);
      expect(await predicted(page)).toBe(7);
      await page.click('#train');
      await page.waitForFunction(() => {
        const m = (window as unknown as { mnist: PageState }).mnist;
        return m.training.done || m.error !== null;
      }, undefined, { timeout: 120_000 });
      const t = (await pageState(page)).training;
      expect(t.steps).toBe(157); // 10,000 images in batches of 64
      expect(t.losses).toHaveLength(157);
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(t.losses[0]).toBeGreaterThan(2); // ln 10 = 2.30 at the start
      expect(mean(t.losses.slice(-20))).toBeLessThan(0.6);
      expect(t.accuracy).toBeGreaterThan(0.8);
      expect(await page.locator('#weights').textContent()).toMatch(/trained in this page/);
      await expect.poll(() => page.locator('#curves svg path').count()).toBeGreaterThan(0);
      expect(await predicted(page)).toBe(7);
      // with everything drawn (bars, curves, the note and its disclosure)
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      console.log(`trained in the page (CPU): ${t.seconds!.toFixed(1)} s, test accuracy ${(t.accuracy! * 100).toFixed(1)}%`);
      await page.screenshot({ path: join(shots, 'desktop-cpu.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('on a phone: fits the width and reads a digit drawn with a finger', async () => {
    const browser = await launchChromium({ webgpu: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    try {
      const page = await browser.context.newPage();
      const errors = await open(page, '?train=640');
      const cdp = await browser.context.newCDPSession(page);
      await drawWithTouch(page, cdp, DIGITS[3]!);
      expect(await predicted(page)).toBe(3);
      // nothing wider than the screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // the first screen, with the shipped weights' verdict repeated under the pad
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await page.locator('#predicted-inline').isVisible()).toBe(true);
      await page.screenshot({ path: join(shots, 'phone-cpu.png') });
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.locator('#train').tap();
      await page.waitForFunction(() => (window as unknown as { mnist: PageState }).mnist.training.done, undefined, { timeout: 60_000 });
      const t = (await pageState(page)).training;
      expect(t.steps).toBe(10); // 640 images in batches of 64
      cpuLosses = t.losses;
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('on WebGPU: names the adapter, reads mouse digits as the CPU does, trains on the GPU', async () => {
    const browser = await launchChromium({ webgpu: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      const errors = await open(page, '?train=640');
      const s = await pageState(page);
      expect(s.error).toBeNull();
      expect(s.device).toBe('webgpu');
      expect(s.adapter).toBeTruthy();
      await expect.poll(() => page.locator('#backend').textContent()).toContain(`WebGPU (@x/backend-webgpu) on ${s.adapter}`);
      expect(await page.locator('#fallback').isVisible()).toBe(false);
      for (const digit of [3, 7]) {
        await page.click('#clear');
        await drawWithMouse(page, DIGITS[digit]!);
        expect(await predicted(page), `drew a ${digit}`).toBe(digit);
      }
      // the same drawing, the same viewport: WebGPU's probabilities are the CPU's (float32 tolerance)
      const gpuSeven = (await pageState(page)).probabilities!;
      if (cpuSeven !== null) gpuSeven.forEach((p, i) => expect(p, `class ${i}`).toBeCloseTo(cpuSeven![i]!, 4));
      await page.click('#train');
      await page.waitForFunction(() => {
        const m = (window as unknown as { mnist: PageState }).mnist;
        return m.training.done || m.error !== null;
      }, undefined, { timeout: 120_000 });
      const after = await pageState(page);
      expect(after.error).toBeNull();
      expect(after.training.steps).toBe(10); // 640 images in batches of 64
      expect(after.training.losses[0]).toBeGreaterThan(2);
      // the same seed, initial weights and shuffle as the phone's CPU run: the same losses, step by step
      if (cpuLosses !== null) after.training.losses.forEach((l, i) => expect(l, `step ${i + 1}`).toBeCloseTo(cpuLosses![i]!, 3));
      await expect.poll(() => page.locator('#curves svg path').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      // back to the shipped weights for the screenshot (the README's): a confident 7
      await page.click('#use-shipped');
      expect(await predicted(page)).toBe(7);
      expect((await pageState(page)).probabilities![7]).toBeGreaterThan(0.9);
      console.log(`WebGPU adapter: ${s.adapter}; trained 10 steps in the page in ${after.training.seconds!.toFixed(1)} s, test accuracy ${(after.training.accuracy! * 100).toFixed(1)}%`);
      await page.screenshot({ path: join(shots, 'desktop-webgpu.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
