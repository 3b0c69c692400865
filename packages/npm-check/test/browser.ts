// Bundles a program for the browser with esbuild (minified, as an app's production build) and runs it
// in headless Chromium (Debian's package, driven by playwright-core; no browser download).
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export interface Bundle {
  code: string;
  gzipBytes: number;
  /** Node built-in modules the bundle would need (esbuild fails on them for platform 'browser'). */
  nodeBuiltins: string[];
}

export async function bundle(entry: string, outfile: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: true,
    metafile: true,
    logLevel: 'silent',
  });
  const nodeBuiltins = Object.values(result.metafile.inputs)
    .flatMap((i) => i.imports)
    .filter((i) => i.external && /^(node:|fs$|path$|url$|worker_threads$|crypto$|zlib$|module$)/.test(i.path))
    .map((i) => i.path);
  const code = readFileSync(outfile, 'utf8');
  return { code, gzipBytes: gzipSync(code).length, nodeBuiltins };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs an ES module bundle in a blank page; it must set window.__result (or __error). */
export async function runInChromium(code: string, timeoutMs = 60_000): Promise<unknown> {
  const profile = mkdtempSync(join(tmpdir(), 'x-chromium-'));
  // a fresh profile directory (playwright passes it as --user-data-dir)
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: FLAGS });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('about:blank');
    await page.addScriptTag({ content: code, type: 'module' });
    await page.waitForFunction(() => '__result' in window || '__error' in window, undefined, { timeout: timeoutMs });
    const { result, error } = await page.evaluate(() => ({ result: (window as { __result?: unknown }).__result, error: (window as { __error?: string }).__error }));
    if (error !== undefined || errors.length) throw new Error(`the page failed: ${error ?? ''}${errors.join('\n')}`);
    return result;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
