// One release of @x/tensor per process: a copy of another release line refuses to load, and each @x
// package refuses an @x/tensor it was not released with. Both errors name the versions and the fix.
import { afterEach, expect, it, vi } from 'vitest';
import { checkRelease, version } from '../src/index';
import pkg from '../package.json';

const KEY = Symbol.for('@x/tensor.release');
const g = globalThis as unknown as Record<symbol, unknown>;

afterEach(() => vi.resetModules());

it('reports its own package version', () => {
  expect(version).toBe(pkg.version);
});

it('a second copy of the same release line loads', async () => {
  vi.resetModules();
  const again = await import('../src/version');
  expect(again.version).toBe(version);
});

it('a copy of another release line refuses to load, naming both copies', async () => {
  const first = Object.getOwnPropertyDescriptor(g, KEY)!;
  expect(first.value).toMatchObject({ version: pkg.version });
  delete g[KEY];
  Object.defineProperty(globalThis, KEY, { value: { version: '7.3.1', url: 'file:///app/node_modules/@x/tensor/dist/index.js' }, configurable: true });
  try {
    vi.resetModules();
    await expect(import('../src/version')).rejects.toThrow(
      new RegExp(`^@x/tensor ${pkg.version.replace(/\./g, '\\.')} \\(.*version\\.ts\\) cannot load: @x/tensor 7\\.3\\.1 \\(file:///app/node_modules/@x/tensor/dist/index\\.js\\) is already loaded.*\`npm ls @x/tensor\`.*npm install @x/tensor@${pkg.version.replace(/\./g, '\\.')}`),
    );
  } finally {
    delete g[KEY];
    Object.defineProperty(globalThis, KEY, first);
  }
});

it('checkRelease accepts the same release line and refuses another', () => {
  const [major, minor] = version.split('.');
  expect(() => checkRelease('@x/nn', `${major}.${minor}.99`)).not.toThrow();
  const other = major === '0' ? `0.${Number(minor) + 1}.0` : `${Number(major) + 1}.0.0`;
  expect(() => checkRelease('@x/nn', other)).toThrow(
    `@x/nn ${other} needs @x/tensor ${other}, but @x/tensor ${version} is installed: the @x packages are released together, so install matching versions (\`npm install @x/tensor@${other}\`, or upgrade @x/nn to ${version}).`,
  );
});
