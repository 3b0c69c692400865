// The slot @x/autograd fills when imported: ops report what they computed (`recordOp`) and in-place
// writes ask first. Kept on globalThis (like the device registry) so that an ESM and a CJS copy of
// @x/tensor see the same autograd. Without @x/autograd, recording costs one property read.
import { isGradEnabled } from './grad-mode';
import type { Tensor } from './tensor';

/** @internal The non-tensor arguments an op records for autograd. */
export type OpAttrs = Readonly<Record<string, unknown>>;

/** @internal The slot @x/autograd fills when imported; ops report to it. */
export interface AutogradHook {
  /** `outputs` were computed by `op` from `inputs` (null for a non-tensor operand) and `attrs`. */
  record(op: string, inputs: readonly (Tensor | null)[], outputs: readonly Tensor[], attrs: OpAttrs): void;
  /** Called before an in-place write into `t` (of values from `sources`) while grad mode is on; throws when not allowed. */
  beforeInPlace(t: Tensor, op: string, sources: readonly Tensor[]): void;
  /** Called after an in-place write: `t` now holds `result`'s values (null: values not from a recorded op). */
  afterInPlace(t: Tensor, result: Tensor | null, op: string): void;
  backward(tensor: Tensor, gradient: Tensor | undefined, options?: { retainGraph?: boolean; createGraph?: boolean }): void;
  registerHook(tensor: Tensor, fn: (grad: Tensor) => Tensor | void): { remove(): void };
  /** Renames the node that produced `tensor` (created for it by the composite's last op). */
  nameGradFn?(tensor: Tensor, name: string): void;
  retainGrad(tensor: Tensor): void;
}

const KEY = Symbol.for('@x/tensor.autograd');

function slot(): AutogradHook | undefined {
  return (globalThis as unknown as Record<symbol, AutogradHook | undefined>)[KEY];
}

/** @internal Installs autograd (called by @x/autograd on import). */
export function installAutograd(hook: AutogradHook): void {
  (globalThis as unknown as Record<symbol, AutogradHook>)[KEY] = hook;
}

export function autogradHook(op: string): AutogradHook {
  const hook = slot();
  if (!hook) throw new Error(`${op}() needs autograd: add import '@x/autograd' to your program`);
  return hook;
}

/** x.retainGrad(): keeps `.grad` for a non-leaf tensor too; returns x. */
export function retainGradOf<T extends Tensor>(t: T): T {
  autogradHook('retainGrad').retainGrad(t);
  return t;
}

/**
 * Whether autograd follows t: it requires grad, or it is a view of a tensor that does (a view taken
 * before its base required grad gets its history from the base when used; one taken under noGrad
 * never does, as in PyTorch).
 */
function followed(t: Tensor | null): boolean {
  return t !== null && (t.requiresGrad || (t._base !== null && t._base.requiresGrad && !t._noGradView));
}

/** Whether autograd would record an op on these inputs right now. */
export function isTracking(inputs: readonly (Tensor | null)[]): boolean {
  return slot() !== undefined && inputs.some(followed) && isGradEnabled();
}

/**
 * Reports an op to autograd when it is loaded, grad mode is on, and an input requires grad.
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function recordOp(op: string, inputs: readonly (Tensor | null)[], outputs: readonly Tensor[], attrs: OpAttrs = {}): void {
  const hook = slot();
  if (!hook) return;
  let tracked = false;
  for (const t of inputs) if (followed(t)) tracked = true;
  if (tracked && isGradEnabled()) hook.record(op, inputs, outputs, attrs);
}

/** Writes that read what they overwrite cannot target a tensor whose elements share memory (PyTorch's rule). */
const OVERLAP_OK = new Set(['fill_', 'set']);

function checkNoInternalOverlap(t: Tensor, op: string): void {
  if (OVERLAP_OK.has(op)) return;
  if (t.shape.some((size, d) => size > 1 && t.strides[d] === 0)) {
    throw new Error(
      `${op}: unsupported operation: more than one element of the written-to tensor refers to a single memory location ` +
        `(shape [${t.shape.join(', ')}], strides [${t.strides.join(', ')}]; an expand()ed tensor?). Please clone() the tensor before performing the operation.`,
    );
  }
}

/**
 * Wraps an in-place write into `t` of values that come from `sources` (tensors; none for a constant
 * fill). `write` returns the recorded tensor whose values it copied in when there is one (add_,
 * copy_), else null. Autograd checks the write first and then moves t's history onto that result.
 */
export function inPlaceWrite<T extends Tensor>(t: T, op: string, sources: readonly Tensor[], write: () => Tensor | null): T {
  checkNoInternalOverlap(t, op);
  const hook = slot();
  // Any view of a tensor that requires grad goes to autograd, noGrad views included (PyTorch refuses writing those).
  const tracking = hook !== undefined && isGradEnabled() && (t.requiresGrad || t._base?.requiresGrad === true || sources.some((s) => s.requiresGrad));
  if (tracking) hook.beforeInPlace(t, op, sources);
  const result = write();
  t.storage.version++;
  if (tracking) hook.afterInPlace(t, result, op);
  return t;
}

/**
 * For composite ops (mean is sum then div): names the node of `result`, fresh from the composite's
 * last op, after the composite, as PyTorch names it (`MeanBackward0`, not `DivBackward0`). A result
 * that is one of the inputs (an op that returned its input) keeps its node. Returns `result`.
 * @internal autograd plumbing for @x/autograd and backends (not part of the user API).
 */
export function nameGradFn(result: Tensor, name: string, ...inputs: readonly Tensor[]): Tensor {
  if (result.gradFn === null || inputs.includes(result)) return result;
  slot()?.nameGradFn?.(result, name);
  return result;
}
