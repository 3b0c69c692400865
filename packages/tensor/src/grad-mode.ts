// Grad mode: whether ops record autograd history. It follows async code: `noGrad(async () => ...)`
// keeps recording off inside the function across awaits without turning it off for code that runs
// meanwhile elsewhere (Node's AsyncLocalStorage). Without AsyncLocalStorage (browsers), an async
// function passed to noGrad turns recording off globally until its promise settles.
// The state lives on globalThis so that an ESM and a CJS copy of this package agree.

interface GradState {
  enabled: boolean;
}

interface ContextStorage {
  getStore(): GradState | undefined;
  run<R>(store: GradState, fn: () => R): R;
}

interface Shared {
  root: GradState;
  storage: ContextStorage | null;
}

const KEY = Symbol.for('@x/tensor.gradMode');

function loadContextStorage(): ContextStorage | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.('node:async_hooks') as { AsyncLocalStorage?: new () => ContextStorage } | undefined;
  return hooks?.AsyncLocalStorage ? new hooks.AsyncLocalStorage() : null;
}

function shared(): Shared {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  return (g[KEY] ??= { root: { enabled: true }, storage: loadContextStorage() });
}

function current(): GradState {
  const s = shared();
  return s.storage?.getStore() ?? s.root;
}

/** Whether autograd records ops now (false inside `noGrad`); PyTorch's `torch.is_grad_enabled()`. */
export function isGradEnabled(): boolean {
  return current().enabled;
}

/** Turns recording on or off for the current context (the whole program outside noGrad/enableGrad). */
export function setGradEnabled(enabled: boolean): void {
  current().enabled = Boolean(enabled);
}

function withGradMode<R>(enabled: boolean, fn: () => R): R {
  const s = shared();
  if (s.storage) return s.storage.run({ enabled }, fn);
  const previous = s.root.enabled;
  s.root.enabled = enabled;
  let result: R;
  try {
    result = fn();
  } catch (e) {
    s.root.enabled = previous;
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => (s.root.enabled = previous)) as R;
  s.root.enabled = previous;
  return result;
}

/** torch.no_grad(): runs fn without recording autograd history; works with async functions too. */
export function noGrad<R>(fn: () => R): R {
  return withGradMode(false, fn);
}

/** torch.enable_grad(): records history inside fn even within noGrad. */
export function enableGrad<R>(fn: () => R): R {
  return withGradMode(true, fn);
}
