// The release of @x/tensor loaded in this process, and the checks that keep one release line in it.
//
// Tensors, devices, the default generator and autograd's recorder are shared by every copy of
// @x/tensor in a process (they live on globalThis under Symbol.for keys), which is right for two
// copies of one release and wrong for two releases: their tensors and backends would meet with
// different layouts. So the first copy loaded claims the process, a copy of another release line
// refuses to load, and each @x package checks on import that it was released with the @x/tensor it
// got (the packages are released in lockstep, so their versions match).
import { version as PACKAGE_VERSION } from '../package.json';

/** The version of @x/tensor, as `torch.__version__`: e.g. `'0.1.0'`. */
export const version: string = PACKAGE_VERSION;

/** The release line a version belongs to: `'0.1'` for 0.1.x (0.x minors may break), `'1'` for 1.x. */
function releaseLine(v: string): string {
  const [major = '', minor = ''] = v.split('.');
  return major === '0' ? `0.${minor}` : major;
}

interface Claim {
  version: string;
  url: string;
}

const KEY = Symbol.for('@x/tensor.release');

/** Records this copy of @x/tensor, or throws if a copy of another release line is already loaded. */
function claimProcess(url: string): void {
  const g = globalThis as unknown as Record<symbol, Claim | undefined>;
  const first = g[KEY];
  if (first === undefined) {
    Object.defineProperty(globalThis, KEY, { value: { version, url }, configurable: true, enumerable: false, writable: false });
    return;
  }
  if (releaseLine(first.version) === releaseLine(version)) return;
  throw new Error(
    `@x/tensor ${version} (${url}) cannot load: @x/tensor ${first.version} (${first.url}) is already loaded in this ` +
      `process, and tensors, devices and gradients cannot cross between releases. Install one version of the @x ` +
      `packages: \`npm ls @x/tensor\` lists the copies; \`npm install @x/tensor@${version}\` (and the same version of ` +
      `every other @x package) makes them one.`,
  );
}

claimProcess(typeof import.meta.url === 'string' ? import.meta.url : 'unknown location');

/**
 * Called by every `@x` package on import with its own name and version: throws unless it belongs to
 * the release line of the @x/tensor loaded (the packages are released together, in lockstep).
 * @internal
 */
export function checkRelease(pkg: string, pkgVersion: string): void {
  if (releaseLine(pkgVersion) === releaseLine(version)) return;
  throw new Error(
    `${pkg} ${pkgVersion} needs @x/tensor ${pkgVersion}, but @x/tensor ${version} is installed: the @x packages are ` +
      `released together, so install matching versions (\`npm install @x/tensor@${pkgVersion}\`, or upgrade ${pkg} ` +
      `to ${version}).`,
  );
}
