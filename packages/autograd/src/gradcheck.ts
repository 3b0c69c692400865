// Numerical gradient checking: central differences in float64 against autograd's gradients.
import { noGrad, type Tensor } from '@x/tensor';
import { grad } from './backward';

/** gradcheck's finite-difference step `eps` and tolerances `atol`, `rtol` (PyTorch's names). */
export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

/**
 * Checks fn's gradients at `inputs` (contiguous float64 tensors that require grad) against central
 * differences. Returns true, or throws an error naming the output and input elements and both values.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  inputs.forEach((t, i) => {
    if (t.dtype !== 'float64' || !t.requiresGrad || !t.isContiguous()) {
      throw new Error(`gradcheck: input ${i} must be a contiguous float64 tensor that requires grad (got ${t.dtype}, requiresGrad ${t.requiresGrad}); create it with { dtype: 'float64', requiresGrad: true }`);
    }
  });
  const out = fn(...inputs);
  const n = out.numel();
  // Analytical Jacobian first, row by row (perturbing the inputs later invalidates the graph).
  const analytic: (Float64Array | null)[][] = [];
  for (let k = 0; k < n; k++) {
    const seed = noGrad(() => out.detach().mul(0).reshape(-1).set([k], 1).reshape([...out.shape]));
    const g = grad(out, [...inputs], { gradOutputs: seed, retainGraph: true, allowUnused: true });
    analytic.push(g.map((t) => (t === null ? null : Float64Array.from(t.reshape(-1).dataSync()))));
  }
  const values = (): number[] => Array.from(noGrad(() => fn(...inputs)).reshape(-1).dataSync());
  inputs.forEach((x, i) => {
    const flat = x.detach().reshape(-1); // shares x's storage (x is contiguous)
    for (let j = 0; j < flat.numel(); j++) {
      const original = flat.at(j).itemSync() as number;
      noGrad(() => flat.set([j], original + eps));
      const plus = values();
      noGrad(() => flat.set([j], original - eps));
      const minus = values();
      noGrad(() => flat.set([j], original));
      for (let k = 0; k < n; k++) {
        const numeric = (plus[k]! - minus[k]!) / (2 * eps);
        const a = analytic[k]![i]?.[j] ?? 0;
        if (!(Math.abs(numeric - a) <= atol + rtol * Math.abs(numeric))) {
          throw new Error(`gradcheck: Jacobian mismatch for output ${k} with respect to input ${i}, element ${j}: numerical ${numeric}, analytical ${a}`);
        }
      }
    }
  });
  return true;
}
