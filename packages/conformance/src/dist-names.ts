// Every class a package exports carries its public name in the built files (imported or require()d), so that
// prints, error messages and torch.load's class lookup show `Embedding`, never a bundler's `_Embedding`.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

function isClass(v: unknown): v is abstract new (...args: never[]) => unknown {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

/** A module namespace (`export * as ns`): native (null prototype) or a bundler's object of getters. */
function isNamespace(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (Object.getPrototypeOf(v) === null) return true;
  const descriptors = Object.values(Object.getOwnPropertyDescriptors(v));
  return descriptors.length > 0 && descriptors.every((d) => d.get !== undefined);
}

/** `path.Name → name` for every exported class whose `name` differs, namespaces (nn.functional...) included. */
function misnamedClasses(exports: Record<string, unknown>, path = '', seen = new Set<unknown>()): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(exports)) {
    if (isClass(value)) {
      if (value.name !== key) out.push(`${path}${key} is named '${value.name}'`);
    } else if (isNamespace(value) && !seen.has(value)) {
      seen.add(value);
      out.push(...misnamedClasses(value as Record<string, unknown>, `${path}${key}.`, seen));
    }
  }
  return out;
}

/** Loads a built entry point in a plain Node process (no test-runner resolution) and lists its misnamed classes. */
function checkInNode(file: string, kind: 'ESM' | 'require()'): string[] {
  const helpers = [isClass, isNamespace, misnamedClasses].map((f) => f.toString()).join('\n');
  const load = kind === 'ESM' ? `await import(${JSON.stringify(pathToFileURL(file).href)})` : `createRequire(${JSON.stringify(file)})(${JSON.stringify(file)})`;
  const script = `import { createRequire } from 'node:module';\n${helpers}\nconsole.log(JSON.stringify(misnamedClasses(${load})));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

/** Checks the built entry point of a package, imported and require()d (`packageDir`: its root URL). */
export function describeDistClassNames(pkg: string, packageDir: URL): void {
  describe(`${pkg}: exported classes keep their names in dist/`, () => {
    // ESM only: CommonJS callers require() the same dist/index.js (Node 20.19+)
    for (const kind of ['ESM', 'require()'] as const) {
      it(kind, () => {
        const file = fileURLToPath(new URL('dist/index.js', packageDir));
        expect(existsSync(file), `${file} is missing: run \`pnpm build\` first (turbo's test task does)`).toBe(true);
        expect(checkInNode(file, kind)).toEqual([]);
      });
    }
  });
}
