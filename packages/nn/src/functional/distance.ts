// F.cosineSimilarity and F.pairwiseDistance, as PyTorch 1.13 composes them (Distance.cpp), so that
// values match to the bit on the CPU and autograd differentiates them on every backend.
import { bindArgs, broadcastShapes, defineSignature, formatShape, isFloating, noGrad, resultType, type Tensor } from '@x/tensor';

const COSINE = defineSignature('nn.functional.cosineSimilarity(x1: Tensor, x2: Tensor, dim: number = 1, eps: number = 1e-8): Tensor', {
  doc: 'Cosine similarity of x1 and x2 along dim (broadcasting), each norm clamped to at least eps.',
});
const PAIRWISE = defineSignature(
  'nn.functional.pairwiseDistance(x1: Tensor, x2: Tensor, p: number = 2, eps: number = 1e-6, keepdim: boolean = false): Tensor',
  { doc: 'The p-norm of x1 - x2 + eps over the last dim (broadcasting).' },
);

interface CosineArgs {
  x1: Tensor;
  x2: Tensor;
  dim: number;
  eps: number;
}

/**
 * Σ (x1 / ‖x1‖)(x2 / ‖x2‖) along dim, each squared norm clamped to eps² (the clamp passes gradients
 * through, as PyTorch's clamp_min_ under no_grad does). `F.cosineSimilarity(x1, x2, { dim: 0 })`.
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim?: number, eps?: number): Tensor;
export function cosineSimilarity(x1: Tensor, x2: Tensor, options: { dim?: number; eps?: number }): Tensor;
export function cosineSimilarity(options: { x1: Tensor; x2: Tensor; dim?: number; eps?: number }): Tensor;
export function cosineSimilarity(...args: unknown[]): Tensor {
  const { x1, x2, dim, eps } = bindArgs<CosineArgs>(COSINE, args);
  const dtype = resultType([x1, x2]);
  if (!isFloating(dtype)) {
    throw new TypeError(`cosine_similarity: expected common dtype to be floating point, yet common dtype is ${dtype} (x1 ${x1.dtype}, x2 ${x2.dtype}); convert the inputs with .float()`);
  }
  const shape = broadcastShapes('cosine_similarity', x1.shape, x2.shape);
  const unit = (x: Tensor): Tensor => {
    const e = x.to(dtype).expand([...shape]);
    const squared = e.pow(2).sum(dim, true);
    noGrad(() => squared.clamp_(eps * eps));
    return e.div(squared.sqrt_());
  };
  return unit(x1).mul(unit(x2)).sum(dim);
}

interface PairwiseArgs {
  x1: Tensor;
  x2: Tensor;
  p: number;
  eps: number;
  keepdim: boolean;
}

/** ‖x1 - x2 + eps‖_p over the last dim of the broadcast inputs. `F.pairwiseDistance(a, b, { p: 1 })`. */
export function pairwiseDistance(x1: Tensor, x2: Tensor, p?: number, eps?: number, keepdim?: boolean): Tensor;
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: { p?: number; eps?: number; keepdim?: boolean }): Tensor;
export function pairwiseDistance(options: { x1: Tensor; x2: Tensor; p?: number; eps?: number; keepdim?: boolean }): Tensor;
export function pairwiseDistance(...args: unknown[]): Tensor {
  const { x1, x2, p, eps, keepdim } = bindArgs<PairwiseArgs>(PAIRWISE, args);
  const last = Math.max(x1.ndim, x2.ndim) - 1;
  if (last < 0) throw new RangeError(`pairwise_distance: the inputs need at least one dim, got shapes ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`);
  return x1.sub(x2).add(eps).norm(p, last, keepdim);
}
