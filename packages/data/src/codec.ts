// Items come back from worker threads by structured clone; tensors arrive as { data, shape, dtype }.
import * as torch from '@x/tensor';

interface WireTensor { __xTensor: true; data: torch.TypedArray; shape: number[]; dtype: torch.DType }

function isWireTensor(x: unknown): x is WireTensor {
  return typeof x === 'object' && x !== null && (x as { __xTensor?: unknown }).__xTensor === true;
}

/** Rebuilds tensors (CPU, over the transferred array) in a structure posted by a worker. */
export function decode(x: unknown): unknown {
  if (isWireTensor(x)) return torch.fromArray(x.data, x.shape, { dtype: x.dtype });
  if (Array.isArray(x)) return x.map(decode);
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = decode(v);
    return out;
  }
  return x;
}
