// Copies and conversions: contiguous, clone, detach, to(dtype|device), item, tolist.
import type { Device } from '../device';
import { ARRAY_TYPE, castScalar, DTYPES, isFloating, parseDType, type DType, type TypedArray } from '../dtype';
import { requireDType } from '../caps';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import { Tensor, type Nested } from '../tensor';
import { allocate } from './alloc';
import { checkSameDevice } from '../errors';
import { inPlaceWrite, nameGradFn, recordOp } from '../autograd-hook';
import { broadcastRef, makeView } from './views';
import { readAsync } from './read';

export function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : clone(t);
}

export function clone(t: Tensor): Tensor {
  return nameGradFn(castTo(t, t.dtype, t.device), 'CloneBackward0', t);
}

function castTo(t: Tensor, dtype: DType, device: string): Tensor {
  if (device === t.device) {
    const out = allocate(t.shape, dtype, device, 'to', 'uninit');
    getBackend(device).copy(t, out);
    recordOp('to', [t], [out], { dtype: t.dtype, device: t.device });
    return out;
  }
  // Across devices: read from the source, upload to the target. The CPU copy is synchronous.
  const src = getBackend(t.device);
  if (!src.caps.syncRead || !src.readSync) throw new Error(`to('${device}'): reading from '${t.device}' is asynchronous; use await x.toAsync('${device}')`);
  requireDType('to', dtype, device);
  const result = upload(src.readSync(t), t.dtype, t.shape, dtype, device);
  recordOp('to', [t], [result], { dtype: t.dtype, device: t.device });
  return result;
}

/** Values of dtype `from` as a new tensor of dtype `dtype` on `device`, converted on the device when it holds `from`, else on the host. */
function upload(data: TypedArray, from: DType, shape: readonly number[], dtype: DType, device: string): Tensor {
  const backend = getBackend(device);
  if (from === dtype) return new Tensor(backend.upload(data, dtype), shape);
  if (backend.caps.dtypes[from] === 'unsupported') {
    // e.g. float64 CPU values to a float32 tensor on a device without float64: convert on the host.
    const host = new ARRAY_TYPE[dtype](data.length);
    for (let i = 0; i < data.length; i++) host[i] = castScalar(data[i]!, dtype);
    return new Tensor(backend.upload(host, dtype), shape);
  }
  const staged = new Tensor(backend.upload(data, from), shape);
  const out = allocate(shape, dtype, device, 'to', 'uninit');
  backend.copy(staged, out);
  staged.dispose();
  return out;
}

/** Where `to` goes: a dtype or device name, or both by name; `copy` makes a new tensor even when nothing changes. */
export type ToTarget = DType | string | { dtype?: DType; device?: string; copy?: boolean };

/** `to` for any pair of devices: waits for an asynchronous source (e.g. WebGPU to CPU). */
export async function toAsync(t: Tensor, target: ToTarget): Promise<Tensor> {
  const { dtype, device } = resolveTarget(t, target);
  const copy = typeof target === 'object' && target.copy === true;
  if (device === t.device || getBackend(t.device).caps.syncRead) return to(t, { dtype, device, copy });
  requireDType('toAsync', dtype, device);
  const result = upload(await getBackend(t.device).read(t), t.dtype, t.shape, dtype, device);
  recordOp('to', [t], [result], { dtype: t.dtype, device: t.device });
  return result;
}

export function detach(t: Tensor): Tensor {
  return new Tensor(t.storage, t.shape, t.strides, t.offset, t.dtype);
}

/** x.detach_(): the tensor itself leaves its graph (a leaf that does not require grad). */
export function detachInPlace<T extends Tensor>(t: T): T {
  t.gradFn = null;
  t.requiresGrad = false;
  return t;
}

export function to(t: Tensor, target: ToTarget): Tensor {
  const { dtype, device } = resolveTarget(t, target);
  if (dtype === t.dtype && device === t.device && !(typeof target === 'object' && target.copy === true)) return t;
  return castTo(t, dtype, device);
}

function resolveTarget(t: Tensor, target: ToTarget): { dtype: DType; device: Device } {
  let dtype = t.dtype;
  let device = t.device;
  if (typeof target === 'string') {
    if ((DTYPES as readonly string[]).includes(target) || target.startsWith('torch.')) dtype = parseDType(target, 'to');
    else {
      getBackend(target);
      device = target as Device;
    }
  } else {
    if (target.dtype !== undefined) dtype = parseDType(target.dtype, 'to');
    if (target.device !== undefined) {
      getBackend(target.device);
      device = target.device as Device;
    }
  }
  return { dtype, device };
}

export function copyInto<T extends Tensor>(dst: T, src: Tensor): T {
  checkSameDevice('copy_', [dst, src]);
  // src broadcasts to dst's shape, as PyTorch's copy_ allows.
  return inPlaceWrite(dst, 'copy_', [src], () => {
    getBackend(dst.device).copy(broadcastRef(src, dst.shape), dst);
    if (!src.requiresGrad) return null;
    // dst's new history: src broadcast and cast to dst (CopyBackwards), recorded even for a leaf src.
    const copied = makeView(src, dst.shape, broadcastRef(src, dst.shape).strides, src.offset);
    recordOp('copy', [src], [copied], { dtype: dst.dtype });
    return copied;
  });
}

export function setRequiresGrad<T extends Tensor>(t: T, requiresGrad: boolean): T {
  if (requiresGrad && !isFloating(t.dtype)) {
    throw new TypeError(`requiresGrad: only tensors of floating point dtype can require gradients, got ${t.dtype} (shape ${formatShape(t.shape)}); convert it with .float() first`);
  }
  if (!requiresGrad && t.gradFn !== null) {
    throw new Error('requiresGrad_(false): you can only change requiresGrad flags of leaf variables; use detach() for a non-leaf');
  }
  t.requiresGrad = requiresGrad;
  return t;
}

// item() is a number for every dtype: a bool tensor gives 1 or 0 (Python's True == 1, so PyTorch's
// `correct += (pred == y).sum().item()` and `if x.all().item():` port as they are); isNonzero() is the
// boolean form (PyTorch's is_nonzero / bool(x)).
export function itemOf(t: Tensor, values: TypedArray): number {
  if (values.length !== 1) {
    throw new RangeError(`item(): a Tensor with ${values.length} elements cannot be converted to a scalar (shape ${formatShape(t.shape)})`);
  }
  return values[0]!;
}

export async function itemAsync(t: Tensor): Promise<number> {
  return itemOf(t, await readAsync(t));
}

export function nonzeroOf(t: Tensor, values: TypedArray): boolean {
  if (values.length !== 1) {
    const what = values.length === 0 ? 'Boolean value of Tensor with no values is ambiguous' : 'Boolean value of Tensor with more than one value is ambiguous';
    throw new RangeError(`isNonzero(): ${what} (shape ${formatShape(t.shape)}); reduce it first, e.g. x.all() or x.any()`);
  }
  return values[0] !== 0;
}

export async function nonzeroAsync(t: Tensor): Promise<boolean> {
  return nonzeroOf(t, await readAsync(t));
}

export async function tolistAsync(t: Tensor): Promise<Nested> {
  return toNested(t, await readAsync(t));
}

export function toNested(t: Tensor, values: TypedArray): Nested {
  const asValue = (v: number): number | boolean => (t.dtype === 'bool' ? v !== 0 : v);
  if (t.ndim === 0) return asValue(values[0]!);
  let pos = 0;
  const build = (d: number): Nested[] => {
    const n = t.shape[d]!;
    const out: Nested[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d === t.ndim - 1 ? asValue(values[pos++]!) : build(d + 1);
    return out;
  };
  return build(0);
}

