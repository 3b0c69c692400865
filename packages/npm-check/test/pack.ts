// Packs every published package with pnpm (which applies publishConfig and rewrites workspace: ranges,
// as `pnpm publish` does) and reads back what each tarball holds.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGES = ['tensor', 'autograd', 'backend-cpu', 'nn', 'optim', 'data', 'vision'] as const;

export interface Manifest {
  name: string;
  version: string;
  type?: string;
  license?: string;
  description?: string;
  repository?: unknown;
  homepage?: string;
  bugs?: unknown;
  keywords?: string[];
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface Packed {
  name: string;
  file: string;
  files: string[];
  manifest: Manifest;
  raw: string;
  bytes: number;
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** pnpm as the test was started (`pnpm test` sets npm_execpath), else the repo's pinned pnpm via npx. */
async function pnpm(args: string[], cwd: string): Promise<void> {
  const execpath = process.env.npm_execpath;
  // pnpm's npm_execpath is a JS file (run it with node) or, for its standalone builds, an executable
  const [cmd, pre]: [string, string[]] = !execpath || !/pnpm/.test(execpath)
    ? ['npx', ['-y', 'pnpm@12.4.2']]
    : /\.[cm]?js$/.test(execpath) ? [process.execPath, [execpath]] : [execpath, []];
  await exec(cmd, [...pre, ...args], { cwd, encoding: 'utf8' });
}

const exec = promisify(execFile);
const tar = async (args: string[]) => (await exec('tar', args, { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;

export async function packAll(dest: string): Promise<Packed[]> {
  mkdirSync(dest, { recursive: true });
  for (const p of PACKAGES) await pnpm(['pack', '--pack-destination', dest], join(ROOT, 'packages', p));
  const tarballs = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  return Promise.all(
    tarballs.map(async (file) => {
      const path = join(dest, file);
      const raw = await tar(['-xzOf', path, 'package/package.json']);
      const manifest = JSON.parse(raw) as Manifest;
      const files = (await tar(['-tzf', path])).trim().split('\n').map((f) => f.replace(/^package\//, ''));
      return { name: manifest.name, file, files, manifest, raw, bytes: statSync(path).size };
    }),
  );
}
