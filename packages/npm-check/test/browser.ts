// Bundles a program for the browser with esbuild (minified, as an app's production build) and runs it
// in headless Chromium (Debian's package, driven by playwright-core; no browser download).
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface ChromiumOptions {
  /**
   * WebGPU: Chromium keeps its GPU process (SwiftShader where there is no GPU) with
   * --enable-unsafe-webgpu, and the page is served from http://127.0.0.1 (WebGPU needs a secure context).
   */
  webgpu?: boolean;
}

/** Serves one page that loads `code` as a module, on 127.0.0.1 (a secure context) at a free port. */
async function servePage(code: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(code);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><title>@x</title><script type="module" src="/bundle.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Runs an ES module bundle in a blank page; it must set window.__result (or __error). */
export async function runInChromium(code: string, timeoutMs = 60_000, options: ChromiumOptions = {}): Promise<unknown> {
  const browser = await launchChromium({ webgpu: options.webgpu });
  const { context } = browser;
  const served = options.webgpu ? await servePage(code) : null;
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (served) await page.goto(served.url);
    else {
      await page.goto('about:blank');
      await page.addScriptTag({ content: code, type: 'module' });
    }
    await page.waitForFunction(() => '__result' in window || '__error' in window, undefined, { timeout: timeoutMs });
    const { result, error } = await page.evaluate(() => ({ result: (window as { __result?: unknown }).__result, error: (window as { __error?: string }).__error }));
    if (error !== undefined || errors.length) throw new Error(`the page failed: ${error ?? ''}${errors.join('\n')}`);
    return result;
  } finally {
    served?.server.close();
    await browser.close();
  }
}

type BrowserContext = Awaited<ReturnType<typeof chromium.launchPersistentContext>>;

export interface LaunchOptions {
  /** WebGPU on (--enable-unsafe-webgpu; SwiftShader's adapter where there is no GPU) or off (--disable-gpu: no adapter). */
  webgpu?: boolean;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Touch events (a phone): pages get pointer events of type 'touch'. */
  hasTouch?: boolean;
  isMobile?: boolean;
}

/** Debian's Chromium, headless, with a fresh profile (playwright passes it as --user-data-dir); close() also removes it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { webgpu = false, ...contextOptions } = options;
  const profile = mkdtempSync(join(tmpdir(), 'x-chromium-'));
  const args = webgpu ? [...FLAGS.filter((f) => f !== '--disable-gpu'), '--enable-unsafe-webgpu'] : FLAGS;
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args, ...contextOptions });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
