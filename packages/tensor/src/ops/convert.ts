// Copies and conversions: contiguous, clone, detach, to(dtype|device), item, tolist.
import { DTYPES, isFloating, parseDType, type DType, type TypedArray } from '../dtype';
import { getBackend } from '../registry';
import { formatShape } from '../shape';
import { Tensor, type Nested } from '../tensor';
import { allocate } from './alloc';
import { checkSameDevice } from '../errors';
import { inPlaceWrite, nameGradFn, recordOp } from '../autograd-hook';
import { broadcastRef, makeView } from './views';

export function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : clone(t);
}

export function clone(t: Tensor): Tensor {
  return nameGradFn(castTo(t, t.dtype, t.device), 'CloneBackward0', t);
}

function castTo(t: Tensor, dtype: DType, device: string): Tensor {
  const out = allocate(t.shape, dtype, device, 'to');
  if (device === t.device) {
    getBackend(device).copy(t, out);
    recordOp('to', [t], [out], { dtype: t.dtype, device: t.device });
    return out;
  }
  // Across devices: read from the source, upload to the target. The CPU copy is synchronous.
  const src = getBackend(t.device);
  if (!src.caps.syncRead || !src.readSync) throw new Error(`to('${device}'): reading from '${t.device}' is asynchronous; use await x.toAsync('${device}')`);
  const host = contiguous(t);
  const data = src.readSync(host);
  const staged = new Tensor(getBackend(device).upload(data, t.dtype), t.shape);
  const result = dtype === t.dtype ? staged : out;
  if (result === out) getBackend(device).copy(staged, out);
  recordOp('to', [t], [result], { dtype: t.dtype, device: t.device });
  return result;
}

/** `to` for any pair of devices: waits for an asynchronous source (e.g. WebGPU to CPU). */
export async function toAsync(t: Tensor, target: DType | string | { dtype?: DType; device?: string }): Promise<Tensor> {
  const { dtype, device } = resolveTarget(t, target);
  if (device === t.device || getBackend(t.device).caps.syncRead) return to(t, { dtype, device });
  const data = await getBackend(t.device).read(t);
  const staged = new Tensor(getBackend(device).upload(data, t.dtype), t.shape);
  recordOp('to', [t], [staged], { dtype: t.dtype, device: t.device });
  return dtype === t.dtype ? staged : to(staged, { dtype });
}

export function detach(t: Tensor): Tensor {
  return new Tensor(t.storage, t.shape, t.strides, t.offset, t.dtype);
}

export function to(t: Tensor, target: DType | string | { dtype?: DType; device?: string }): Tensor {
  const { dtype, device } = resolveTarget(t, target);
  if (dtype === t.dtype && device === t.device) return t;
  return castTo(t, dtype, device);
}

function resolveTarget(t: Tensor, target: DType | string | { dtype?: DType; device?: string }): { dtype: DType; device: string } {
  let dtype = t.dtype;
  let device = t.device;
  if (typeof target === 'string') {
    if ((DTYPES as readonly string[]).includes(target) || target.startsWith('torch.')) dtype = parseDType(target, 'to');
    else {
      getBackend(target);
      device = target;
    }
  } else {
    if (target.dtype !== undefined) dtype = parseDType(target.dtype, 'to');
    if (target.device !== undefined) {
      getBackend(target.device);
      device = target.device;
    }
  }
  return { dtype, device };
}

export function copyInto(dst: Tensor, src: Tensor): void {
  checkSameDevice('copy_', [dst, src]);
  // src broadcasts to dst's shape, as PyTorch's copy_ allows.
  inPlaceWrite(dst, 'copy_', [src], () => {
    getBackend(dst.device).copy(broadcastRef(src, dst.shape), dst);
    if (!src.requiresGrad) return null;
    // dst's new history: src broadcast and cast to dst (CopyBackwards), recorded even for a leaf src.
    const copied = makeView(src, dst.shape, broadcastRef(src, dst.shape).strides, src.offset);
    recordOp('copy', [src], [copied], { dtype: dst.dtype });
    return copied;
  });
}

export function setRequiresGrad(t: Tensor, requiresGrad: boolean): void {
  if (requiresGrad && !isFloating(t.dtype)) {
    throw new TypeError(`requiresGrad: only tensors of floating point dtype can require gradients, got ${t.dtype} (shape ${formatShape(t.shape)}); convert it with .float() first`);
  }
  if (!requiresGrad && t.gradFn !== null) {
    throw new Error('requiresGrad_(false): you can only change requiresGrad flags of leaf variables; use detach() for a non-leaf');
  }
  t.requiresGrad = requiresGrad;
}

export function itemOf(t: Tensor, values: TypedArray): number | boolean {
  if (values.length !== 1) {
    throw new RangeError(`item(): a Tensor with ${values.length} elements cannot be converted to a scalar (shape ${formatShape(t.shape)})`);
  }
  return t.dtype === 'bool' ? values[0] !== 0 : values[0]!;
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

