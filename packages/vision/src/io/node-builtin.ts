// Node's built-in modules without an import statement: process.getBuiltinModule (Node >= 20.16) gives
// them where they exist, so a browser bundle of @x/vision never tries to resolve `node:` specifiers.

/** The module, or undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/** The module, or an error saying that `api` needs Node (and what to do instead: `hint`). */
export function requireNode<T>(id: string, api: string, hint = "in a browser, pass the file's bytes instead"): T {
  const mod = nodeBuiltin<T>(id);
  if (mod === undefined) throw new Error(`${api}: needs Node's ${id.replace('node:', '')} module (Node >= 20.16); ${hint}`);
  return mod;
}
