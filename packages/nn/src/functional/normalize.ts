// F.normalize: Lp normalisation along a dim, as PyTorch 1.13 composes it (functional.py).
import { bindArgs, defineSignature, type Tensor } from '@x/tensor';

const NORMALIZE = defineSignature('nn.functional.normalize(input: Tensor, p: number = 2, dim: number = 1, eps: number = 1e-12): Tensor', {
  doc: 'input / max(‖input‖_p, eps) along dim.',
});

/** input / max(‖input‖_p along dim, eps). `F.normalize(x, { dim: -1 })`, `F.normalize(x, 1, 0)`. */
export function normalize(input: Tensor, p?: number, dim?: number, eps?: number): Tensor;
export function normalize(input: Tensor, options: { p?: number; dim?: number; eps?: number }): Tensor;
export function normalize(options: { input: Tensor; p?: number; dim?: number; eps?: number }): Tensor;
export function normalize(...args: unknown[]): Tensor {
  const { input, p, dim, eps } = bindArgs<{ input: Tensor; p: number; dim: number; eps: number }>(NORMALIZE, args);
  const denom = input.norm(p, dim, true).clamp(eps).expandAs(input);
  return input.div(denom);
}
