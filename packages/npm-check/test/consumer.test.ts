// What npm users get. Every published package is packed as `pnpm publish` would pack it, the tarballs
// are installed with npm into a fresh project outside the workspace, and that project uses them the
// ways users do: ESM (Node 20, 22, 24), CommonJS require(), TypeScript with skipLibCheck off under
// node16 and bundler resolution, publint and arethetypeswrong, and a minified esbuild bundle that
// trains in headless Chromium.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAll, type Packed } from './pack';
import { bundle, runInChromium, chromiumPath } from './browser';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const WORKSPACE = here('../../..');
const TSC = join(WORKSPACE, 'node_modules/typescript/bin/tsc');

const exec = promisify(execFile);
let dir = '';
let packed: Packed[] = [];

/** Runs a command in the consumer project, asynchronously (a long synchronous call would stall vitest's worker). */
async function run(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<string> {
  try {
    return (await exec(cmd, args, { cwd: opts.cwd ?? dir, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${err.stdout ?? ''}\n${err.stderr ?? err.message}`.slice(0, 20_000));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'x-consumer-'));
  packed = await packAll(join(dir, 'tarballs'));
  const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:./tarballs/${p.file}`]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x-consumer', private: true, type: 'module', dependencies }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  cpSync(here('../consumer'), dir, { recursive: true });
  // train.ts with its types stripped, for Node (20 has no type stripping)
  for (const name of ['train', 'transforms']) {
    writeFileSync(join(dir, `${name}.mjs`), transformSync(readFileSync(join(dir, `${name}.ts`), 'utf8'), { loader: 'ts', format: 'esm' }).code);
  }
});

afterAll(() => {
  if (dir && !process.env.X_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it('hold dist, README and LICENSE; no sources, no source maps', () => {
    for (const p of packed) {
      expect(p.files.filter((f) => !/^(dist\/|worker\/|README\.md$|LICENSE$|package\.json$)/.test(f)), p.name).toEqual([]);
      expect(p.files, p.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
      expect(p.files.filter((f) => f.endsWith('.map') || f.endsWith('.cjs') || f.endsWith('.d.cts')), p.name).toEqual([]);
    }
  });

  it('have manifests with metadata, no workspace: ranges, no source condition, @x/tensor as a peer', () => {
    const version = packed.find((p) => p.name === '@x/tensor')!.manifest.version;
    for (const { name, manifest: m, raw } of packed) {
      expect(raw, name).not.toMatch(/workspace:|"source"/);
      expect(m.version, `${name} is released in lockstep with @x/tensor`).toBe(version);
      expect(m.license, name).toBe('MIT');
      expect(m.engines, name).toEqual({ node: '>=20.19' });
      expect(m.type, name).toBe('module');
      for (const key of ['repository', 'homepage', 'bugs', 'keywords', 'description'] as const) expect(m[key], `${name}: ${key}`).toBeTruthy();
      if (name !== '@x/tensor') {
        expect(m.peerDependencies?.['@x/tensor'], `${name} peers on @x/tensor`).toBeTruthy();
        expect(m.dependencies?.['@x/tensor'], `${name} must not bring its own @x/tensor`).toBeUndefined();
      }
    }
  });

  it('READMEs link with absolute URLs (relative links break on the registry page)', () => {
    for (const p of packed) {
      const readme = readFileSync(join(dir, 'node_modules', p.name, 'README.md'), 'utf8');
      const relative = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!).filter((u) => !/^(https?:|mailto:)/.test(u));
      expect(relative, p.name).toEqual([]);
    }
  });

  it('pass publint and arethetypeswrong (ESM only)', async () => {
    const { publint } = await import('publint');
    const attw = here('../node_modules/@arethetypeswrong/cli/dist/index.js');
    const attwRuns = packed.map((p) =>
      run(process.execPath, [attw, join(dir, 'tarballs', p.file), '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-color']).then(
        () => '',
        (e: Error) => `${p.name}: ${e.message}`,
      ),
    );
    for (const p of packed) {
      const { messages } = await publint({ pkgDir: join(dir, 'node_modules', p.name), level: 'suggestion', strict: true });
      expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`), `publint ${p.name}`).toEqual([]);
    }
    expect((await Promise.all(attwRuns)).filter(Boolean).join('\n')).toBe('');
  });
});

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
let nodeTransforms: Record<string, unknown> = {};
const transformed = (out: string) => {
  const r = lastJson(out);
  expect(r).toMatchObject({ size: [8, 6], shape: [3, 4, 4] });
  expect(r.mean).toBeGreaterThan(-1);
  expect(r.mean).toBeLessThan(1);
  return r;
};

describe('Node', () => {
  const trained = (out: string) => {
    const r = JSON.parse(out.trim().split('\n').pop()!) as { firstLoss: number; lastLoss: number; printed: string; reloadedSame: boolean };
    expect(r.lastLoss).toBeLessThan(r.firstLoss / 10);
    expect(r.printed).toMatch(/^Net\(\n {2}\(body\): Sequential\(\n {4}\(0\): Linear\(in_features=2, out_features=16, bias=True\)\n {4}\(1\): ReLU\(\)/);
    expect(r.reloadedSame).toBe(true);
  };

  it(`ESM import (Node ${process.versions.node})`, async () => {
    trained(await run(process.execPath, ['run-node.mjs', 'train']));
    nodeTransforms = transformed(await run(process.execPath, ['run-node.mjs', 'transforms']));
  });

  it('CommonJS require() of every package', async () => {
    expect((await run(process.execPath, ['require.cjs'])).trim()).toBe('require ok');
  });

  for (const major of ['22', '24']) {
    it(`ESM import and require() under Node ${major}`, async () => {
      trained(await run('npx', ['-y', `node@${major}`, 'run-node.mjs', 'train']));
      expect(transformed(await run('npx', ['-y', `node@${major}`, 'run-node.mjs', 'transforms']))).toEqual(nodeTransforms);
      expect((await run('npx', ['-y', `node@${major}`, 'require.cjs'])).trim()).toBe('require ok');
    });
  }
});

describe('TypeScript (skipLibCheck off)', () => {
  for (const [module, moduleResolution] of [['node16', 'node16'], ['esnext', 'bundler']] as const) {
    it(`${moduleResolution} resolution`, async () => {
      const tsconfig = {
        compilerOptions: { target: 'es2022', module, moduleResolution, strict: true, skipLibCheck: false, noEmit: true, lib: ['es2022', 'dom'], types: [] },
        files: ['types.ts'],
      };
      writeFileSync(join(dir, `tsconfig.${moduleResolution}.json`), JSON.stringify(tsconfig));
      await run(process.execPath, [TSC, '-p', `tsconfig.${moduleResolution}.json`]);
    });
  }
});

describe('a browser (esbuild --minify, headless Chromium)', () => {
  const noChromium = !existsSync(chromiumPath) && !process.env.CI;
  it.skipIf(noChromium)('trains, prints real class names and round-trips a whole model', async () => {
    mkdirSync(join(dir, 'bundles'), { recursive: true });
    const { code, gzipBytes, nodeBuiltins } = await bundle(join(dir, 'browser-train.ts'), join(dir, 'bundles/train.js'));
    expect(nodeBuiltins).toEqual([]);
    // A guard against pulling in something big by accident: the training stack was 160 kB gzipped with
    // the .pt reader and PyTorch's CPU generator, 194 kB with every op's keyword forms and the schema,
    // 214 kB with the CPU's Winograd convolution kernels (7 kB of the base64 WebAssembly module), about
    // 219 kB with their weight gradient, 225.2 kB with the kernels split over worker threads
    // (split-threads.ts, wasm/conv-units.c) and the pool's failure path.
    expect(gzipBytes).toBeLessThan(235_000);
    const r = (await runInChromium(code)) as { firstLoss: number; lastLoss: number; printed: string; reloadedPrinted: string; reloadedSame: boolean };
    expect(r.lastLoss).toBeLessThan(r.firstLoss / 10);
    expect(r.printed).toMatch(/^Net\(\n {2}\(body\): Sequential\(\n {4}\(0\): Linear\(in_features=2, out_features=16, bias=True\)\n {4}\(1\): ReLU\(\)/);
    expect(r.reloadedPrinted).toBe(r.printed);
    expect(r.reloadedSame).toBe(true);
  });

  it.skipIf(noChromium)('runs the image transforms (PNG in memory, Compose) with the numbers Node gives', async () => {
    mkdirSync(join(dir, 'bundles'), { recursive: true });
    const { code, nodeBuiltins } = await bundle(join(dir, 'browser-transforms.ts'), join(dir, 'bundles/transforms.js'));
    expect(nodeBuiltins).toEqual([]);
    expect(await runInChromium(code)).toEqual(nodeTransforms);
  });
});

describe('install size (npm, a fresh project on the tarballs)', () => {
  const du = async (path: string) => Number((await run('du', ['-sk', '--apparent-size', path])).split('\t')[0]) * 1024;

  it('@x/vision alone (with its peers @x/tensor and @x/backend-cpu) stays under 2 MB', async () => {
    const solo = join(dir, 'vision-only');
    mkdirSync(solo, { recursive: true });
    const pick = (n: string) => `file:../tarballs/${packed.find((p) => p.name === n)!.file}`;
    const dependencies = { '@x/vision': pick('@x/vision'), '@x/tensor': pick('@x/tensor'), '@x/backend-cpu': pick('@x/backend-cpu') };
    writeFileSync(join(solo, 'package.json'), JSON.stringify({ name: 'x-vision-only', private: true, type: 'module', dependencies }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: solo });
    const bytes = await du(join(solo, 'node_modules'));
    const stack = await du(join(dir, 'node_modules'));
    console.log(`install size: @x/vision with its peers ${(bytes / 1e6).toFixed(2)} MB; the whole stack ${(stack / 1e6).toFixed(2)} MB`);
    expect(bytes).toBeLessThan(2_000_000);
  });
});
