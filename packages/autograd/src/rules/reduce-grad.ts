// Helpers shared by the rules: undoing broadcasting and re-inserting reduced dims.
import type { Tensor } from '@x/tensor';

/** Sums `g` down to `shape`: the gradient of broadcasting an input of `shape` up to g's shape. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  const summed = dims.length ? g.sum(dims, true) : g;
  return summed.reshape([...shape]);
}

/** Puts back the dims a reduction without keepdim removed, so `g` broadcasts against the input. */
export function unsqueezeDims(g: Tensor, dims: readonly number[], keepdim: boolean, inputShape: readonly number[]): Tensor {
  if (keepdim) return g;
  return g.reshape(inputShape.map((s, i) => (dims.includes(i) ? 1 : s)));
}
