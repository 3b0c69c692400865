// adamUpdate as one loop over host memory, when every tensor it touches is a contiguous CPU tensor of
// the parameter's float dtype. It runs the same operations in the same order and rounds each result to
// the dtype, as the op-by-op kernels do when they store it, so it gives the same bits (the PyTorch
// trajectory tests hold either way) without eleven passes over the parameter and their temporaries.
import { castScalar, getBackend, type DType, type Tensor } from '@x/tensor';
import type { AdamHyper, AdamState } from './adam-update';
import { powInt } from './pow';

type Host = Float32Array | Float64Array;

function hostOf(t: Tensor, dtype: DType, numel: number): Host | null {
  if (t.dtype !== dtype || t.numel() !== numel || !t.isContiguous() || !getBackend(t.device).typedArray) return null;
  return t.detach().numpy() as Host;
}

/** maximum() as the kernel computes it: NaN wins, and +0 over -0. */
function maximum(a: number, b: number): number {
  return a !== a || b !== b ? NaN : a > b ? a : b === a && a === 0 ? (Object.is(a, -0) ? b : a) : b;
}

/** One Adam/AdamW step for `param` on the host; false (nothing done) when the tensors do not allow it. */
export function adamUpdateFused(param: Tensor, grad: Tensor, state: AdamState, h: AdamHyper, decoupled: boolean): boolean {
  const dtype = param.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return false;
  const n = param.numel();
  const tensors = [param, grad, state.exp_avg, state.exp_avg_sq];
  if (h.amsgrad) {
    if (state.max_exp_avg_sq === undefined) return false; // the op path gives the error
    tensors.push(state.max_exp_avg_sq);
  }
  if (new Set(tensors.map((t) => t.storage)).size !== tensors.length) return false;
  const hosts = tensors.map((t) => hostOf(t, dtype, n));
  if (hosts.includes(null)) return false;
  const [P, G, M, V, MX] = hosts as Host[];

  const [beta1, beta2] = h.betas as [number, number];
  state.step += 1;
  const step = state.step;
  const stepSize = h.lr / (1 - powInt(beta1, step));
  const bc2Sqrt = Math.sqrt(1 - powInt(beta2, step));
  // Scalars reach the kernels cast to the tensor's dtype; each op's result is rounded to it.
  const r: (x: number) => number = dtype === 'float32' ? Math.fround : (x) => x;
  const s = (x: number) => castScalar(x, dtype);
  const decay = s(1 - h.lr * h.weightDecay);
  const wd = s(h.weightDecay);
  const b1 = s(beta1);
  const a1 = 1 - beta1;
  const sa1 = s(a1);
  const b2 = s(beta2);
  const v2 = 1 - beta2;
  const sv2 = s(v2);
  const div2 = s(bc2Sqrt);
  const eps = s(h.eps);
  const value = -stepSize;
  const sValue = s(value);
  const maximize = h.maximize;
  const coupledDecay = !decoupled && h.weightDecay !== 0;
  for (let i = 0; i < n; i++) {
    let g = maximize ? -G[i]! : G[i]!;
    let p = P[i]!;
    if (decoupled) p = r(p * decay); // param.mul_(1 - lr * weightDecay)
    else if (coupledDecay) g = r(g + r(p * wd)); // grad.add(param, { alpha: weightDecay })
    // exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 })
    const m = r(r(M[i]! * b1) + (a1 === 1 ? g : r(g * sa1)));
    // addcmul_(exp_avg_sq.mul_(beta2), grad, grad, 1 - beta2)
    const v = r(r(V[i]! * b2) + (v2 === 1 ? r(g * g) : r(r(g * sv2) * g)));
    let second = v;
    if (MX) second = MX[i] = maximum(MX[i]!, v);
    // exp_avg_sq.sqrt().div_(sqrt(bias_correction2)).add_(eps)
    const denom = r(r(r(Math.sqrt(second)) / div2) + eps);
    // addcdiv_(param, exp_avg, denom, -stepSize)
    P[i] = r(p + (value === 1 ? r(m / denom) : r(r(m * sValue) / denom)));
    M[i] = m;
    V[i] = v;
  }
  for (const t of tensors) if (t !== grad) t.storage.version++;
  return true;
}
