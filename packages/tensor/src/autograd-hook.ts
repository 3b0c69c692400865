// The slot @x/autograd fills when imported. Kept on globalThis (like the device registry) so that an
// ESM and a CJS copy of @x/tensor see the same autograd.
import type { Tensor } from './tensor';

export interface AutogradHook {
  backward(tensor: Tensor, gradient: Tensor | undefined, options?: { retainGraph?: boolean; createGraph?: boolean }): void;
}

const KEY = Symbol.for('@x/tensor.autograd');

export function installAutograd(hook: AutogradHook): void {
  (globalThis as unknown as Record<symbol, AutogradHook>)[KEY] = hook;
}

export function autogradHook(op: string): AutogradHook {
  const hook = (globalThis as unknown as Record<symbol, AutogradHook | undefined>)[KEY];
  if (!hook) throw new Error(`${op}() needs autograd: add import '@x/autograd' to your program`);
  return hook;
}
