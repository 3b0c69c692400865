// Reading values back: async on every device, sync where the device allows (the CPU).
import type { TypedArray } from '../dtype';
import { getBackend } from '../registry';
import type { Tensor } from '../tensor';

export function readAsync(t: Tensor): Promise<TypedArray> {
  try {
    return getBackend(t.device).read(t);
  } catch (e) {
    // A disposed tensor (or a device that fails at once) rejects, as an async read should.
    return Promise.reject(e);
  }
}

export function readSync(t: Tensor, op: string): TypedArray {
  const backend = getBackend(t.device);
  if (!backend.caps.syncRead || !backend.readSync) {
    const asyncName = op === 'itemSync' ? 'item' : op === 'tolistSync' ? 'tolist' : 'dataAsync';
    throw new Error(`${op}(): device '${t.device}' cannot be read synchronously; use await x.${asyncName}() (or .cpu() first)`);
  }
  return backend.readSync(t);
}

/** The storage's own typed array, for contiguous CPU tensors only; it spans exactly this tensor's elements. */
export function numpyView(t: Tensor): TypedArray {
  const backend = getBackend(t.device);
  if (!backend.caps.hostShared || !backend.typedArray) throw new Error(`numpy(): device '${t.device}' has no host memory; call .cpu() first (or await x.dataAsync() for a copy)`);
  if (t.requiresGrad) throw new Error(`numpy(): can't call numpy() on a tensor that requires grad; use x.detach().numpy()`);
  if (!t.isContiguous()) {
    throw new Error(`numpy(): the tensor is not contiguous (shape [${t.shape.join(', ')}], strides [${t.strides.join(', ')}]), so no typed array can alias it; use x.contiguous().numpy() (a copy) or x.dataSync()`);
  }
  const all = backend.typedArray(t.storage);
  const n = t.numel();
  return t.offset === 0 && n === all.length ? all : all.subarray(t.offset, t.offset + n);
}
