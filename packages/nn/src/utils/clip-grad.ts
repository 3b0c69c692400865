// nn.utils.clipGradNorm_ and clipGradValue_: PyTorch 1.13's clip_grad.py, op for op. The norm stays
// a tensor on the gradients' device and scales them without a read (no device synchronisation), as
// PyTorch does; only errorIfNonfinite needs the value, which clipGradNormAsync_ awaits on any device.
import { bindArgs, defineSignature, getBackend, noGrad, pyFloat, stack, tensor, type Tensor } from '@x/tensor';
import { tensorList, type TensorOrTensors } from './params';

const CLIP_GRAD_NORM = defineSignature(
  "nn.utils.clipGradNorm_(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | 'inf' = 2, errorIfNonfinite: boolean = false): Tensor",
  { doc: "Scales the gradients in place so that their total norm is at most maxNorm; returns the total norm (a 0-d tensor)." },
);
const CLIP_GRAD_NORM_ASYNC = defineSignature(
  "nn.utils.clipGradNormAsync_(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | 'inf' = 2, errorIfNonfinite: boolean = false): Promise<Tensor>",
  { doc: 'clipGradNorm_ on any device: awaits the norm to check it when errorIfNonfinite.' },
);
const CLIP_GRAD_VALUE = defineSignature('nn.utils.clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void', {
  doc: 'Clamps every gradient in place to [-clipValue, clipValue].',
});

interface ClipGradNormArgs {
  parameters: TensorOrTensors;
  maxNorm: number;
  normType: number | 'inf';
  errorIfNonfinite: boolean;
}

/** clipGradNorm_'s keyword arguments (normType, errorIfNonfinite). */
export interface ClipGradNormOptions {
  normType?: number | 'inf';
  errorIfNonfinite?: boolean;
}

function order(op: string, normType: unknown): number {
  const p = normType === 'inf' ? Infinity : normType;
  if (typeof p !== 'number' || Number.isNaN(p)) throw new TypeError(`${op}: normType must be a number or 'inf', got ${String(normType)}`);
  return p;
}

/** The total norm of the gradients (PyTorch's formula) and the gradients themselves. */
function totalNorm(op: string, a: ClipGradNormArgs): { grads: Tensor[]; norm: Tensor; p: number } {
  const p = order(op, a.normType);
  if (typeof a.maxNorm !== 'number') throw new TypeError(`${op}: maxNorm must be a number, got ${typeof a.maxNorm}`);
  const params = tensorList(op, a.parameters);
  const grads = params.flatMap((t) => (t.grad === null ? [] : [t.grad]));
  // PyTorch returns torch.tensor(0.) on the default device; here it is on the parameters' device.
  if (grads.length === 0) return { grads, norm: tensor(0, { dtype: 'float32', device: params[0]?.device }), p };
  const device = grads[0]!.device;
  const norm = noGrad(() => {
    if (p === Infinity) {
      const norms = grads.map((g) => g.detach().abs().max().to(device));
      return norms.length === 1 ? norms[0]! : stack(norms).max();
    }
    return stack(grads.map((g) => g.detach().norm(p).to(device))).norm(p);
  });
  return { grads, norm, p };
}

/** coef = maxNorm / (norm + 1e-6) as Python's `float / tensor` (a reciprocal, then a product), clamped to 1. */
function scale(grads: readonly Tensor[], norm: Tensor, maxNorm: number): void {
  noGrad(() => {
    const coef = norm.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1.0);
    for (const g of grads) g.detach().mul_(coef.to(g.device));
  });
}

function nonfiniteError(p: number): Error {
  return new Error(
    `clipGradNorm_: The total norm of order ${pyFloat(p)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
      'To disable this error and scale the gradients by the non-finite norm anyway, set `errorIfNonfinite: false`',
  );
}

/**
 * PyTorch's clip_grad_norm_: scales every gradient in place by min(1, maxNorm / (totalNorm + 1e-6)),
 * where totalNorm is the normType-norm of the gradients' norms; returns totalNorm as a 0-d tensor.
 * errorIfNonfinite needs the norm's value: on a device that cannot read synchronously, use
 * `await clipGradNormAsync_(...)`.
 */
export function clipGradNorm_(parameters: TensorOrTensors, maxNorm: number, normType?: number | 'inf', errorIfNonfinite?: boolean): Tensor;
export function clipGradNorm_(parameters: TensorOrTensors, maxNorm: number, options: ClipGradNormOptions): Tensor;
export function clipGradNorm_(parameters: TensorOrTensors, options: ClipGradNormOptions & { maxNorm: number }): Tensor;
export function clipGradNorm_(options: ClipGradNormOptions & { parameters: TensorOrTensors; maxNorm: number }): Tensor;
export function clipGradNorm_(...args: unknown[]): Tensor {
  const a = bindArgs<ClipGradNormArgs>(CLIP_GRAD_NORM, args);
  const { grads, norm, p } = totalNorm('clipGradNorm_', a);
  if (a.errorIfNonfinite && grads.length > 0) {
    if (getBackend(norm.device).readSync === undefined) {
      throw new Error(`clipGradNorm_: errorIfNonfinite needs the norm's value, which device '${norm.device}' cannot read synchronously; use await nn.utils.clipGradNormAsync_(...)`);
    }
    if (!Number.isFinite(Number(norm.itemSync()))) throw nonfiniteError(p);
  }
  scale(grads, norm, a.maxNorm);
  return norm;
}

/** clipGradNorm_ on any device: awaits the norm to check it when errorIfNonfinite, then scales. */
export async function clipGradNormAsync_(parameters: TensorOrTensors, maxNorm: number, normType?: number | 'inf', errorIfNonfinite?: boolean): Promise<Tensor>;
export async function clipGradNormAsync_(parameters: TensorOrTensors, maxNorm: number, options: ClipGradNormOptions): Promise<Tensor>;
export async function clipGradNormAsync_(parameters: TensorOrTensors, options: ClipGradNormOptions & { maxNorm: number }): Promise<Tensor>;
export async function clipGradNormAsync_(options: ClipGradNormOptions & { parameters: TensorOrTensors; maxNorm: number }): Promise<Tensor>;
export async function clipGradNormAsync_(...args: unknown[]): Promise<Tensor> {
  const a = bindArgs<ClipGradNormArgs>(CLIP_GRAD_NORM_ASYNC, args);
  const { grads, norm, p } = totalNorm('clipGradNormAsync_', a);
  if (a.errorIfNonfinite && grads.length > 0 && !Number.isFinite(Number(await norm.item()))) throw nonfiniteError(p);
  scale(grads, norm, a.maxNorm);
  return norm;
}

/** PyTorch's clip_grad_value_: clamps every gradient in place to [-clipValue, clipValue]. */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number): void;
export function clipGradValue_(parameters: TensorOrTensors, options: { clipValue: number }): void;
export function clipGradValue_(options: { parameters: TensorOrTensors; clipValue: number }): void;
export function clipGradValue_(...args: unknown[]): void {
  const a = bindArgs<{ parameters: TensorOrTensors; clipValue: number }>(CLIP_GRAD_VALUE, args);
  if (typeof a.clipValue !== 'number') throw new TypeError(`clipGradValue_: clipValue must be a number, got ${typeof a.clipValue}`);
  const v = a.clipValue;
  noGrad(() => {
    for (const t of tensorList('clipGradValue_', a.parameters)) if (t.grad !== null) t.grad.clamp_(-v, v);
  });
}
