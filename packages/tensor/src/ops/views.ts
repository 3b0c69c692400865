// View ops: they touch shape/strides/offset only and share the storage.
import { Tensor } from '../tensor';
import { formatShape, inferSize, normalizeDim, numelOf, viewStrides } from '../shape';
import { contiguous } from './convert';
import { nameGradFn, recordOp, type OpAttrs } from '../autograd-hook';
import { isGradEnabled } from '../grad-mode';

export function makeView(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const base = t._base ?? t;
  const v = new Tensor(t.storage, shape, strides, offset, t.dtype, base);
  // As PyTorch's CreationMeta::NO_GRAD_MODE: such a view never takes its base's history.
  if (base.requiresGrad && !isGradEnabled()) v._noGradView = true;
  return v;
}

/** t broadcast to `shape` for a kernel's input: an internal view that autograd does not see. */
export function broadcastRef(t: Tensor, shape: readonly number[]): Tensor {
  if (t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i])) return t;
  const lead = shape.length - t.ndim;
  const strides = shape.map((s, i) => (i < lead || t.shape[i - lead] !== s ? 0 : t.strides[i - lead]!));
  return makeView(t, shape, strides, t.offset);
}

/** The same view as t under a new object, seen by autograd (x[...] with no index returns one). */
export function alias(t: Tensor): Tensor {
  return recordedView('view', t, t.shape, t.strides, t.offset);
}

/** A view that autograd sees as `op` of t (its gradient rule needs only t's shape and `attrs`). */
export function recordedView(op: string, t: Tensor, shape: readonly number[], strides: readonly number[], offset: number, attrs: OpAttrs = {}): Tensor {
  const v = makeView(t, shape, strides, offset);
  recordOp(op, [t], [v], attrs);
  return v;
}

export function view(t: Tensor, shape: readonly number[]): Tensor {
  const size = inferSize('view', shape, t.numel(), t.shape);
  const strides = viewStrides(t.shape, t.strides, size);
  if (strides === null) {
    throw new Error(
      `view: view size is not compatible with input tensor's size and stride (at least one dimension spans ` +
        `across two contiguous subspaces): cannot view a tensor of shape ${formatShape(t.shape)} and strides ` +
        `${formatShape(t.strides)} as ${formatShape(size)}. Use .reshape(...) instead.`,
    );
  }
  return recordedView('view', t, size, strides, t.offset);
}

/** A view when the strides allow it, a copy otherwise (as PyTorch's reshape). */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  const size = inferSize('reshape', shape, t.numel(), t.shape);
  const strides = viewStrides(t.shape, t.strides, size);
  // PyTorch 1.13 names these nodes after the ops it runs: _reshape_alias, or a copy then _unsafe_view
  if (strides !== null) return nameGradFn(recordedView('view', t, size, strides, t.offset), 'ReshapeAliasBackward0');
  return nameGradFn(view(contiguous(t), size), 'UnsafeViewBackward0');
}

export function transpose(t: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim('transpose', dim0, t.ndim);
  const b = normalizeDim('transpose', dim1, t.ndim);
  if (t.ndim === 0) return t;
  const shape = [...t.shape];
  const strides = [...t.strides];
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  return recordedView('transpose', t, shape, strides, t.offset, { dim0: a, dim1: b });
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RangeError(`t: expects a tensor with <= 2 dimensions, but got ${x.ndim}D (shape ${formatShape(x.shape)}); use transpose(dim0, dim1) or permute`);
  return x.ndim < 2 ? x : nameGradFn(transpose(x, 0, 1), 'TBackward0');
}

export function reverseDims(t: Tensor): Tensor {
  return permute(t, t.shape.map((_, i) => t.ndim - 1 - i));
}

export function permute(t: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== t.ndim) {
    throw new RangeError(`permute: number of dims don't match: the tensor has ${t.ndim} dims (shape ${formatShape(t.shape)}) but ${dims.length} were given (${formatShape(dims)})`);
  }
  const seen = new Set<number>();
  const norm = dims.map((d) => normalizeDim('permute', d, t.ndim));
  for (const d of norm) {
    if (seen.has(d)) throw new RangeError(`permute: dims ${formatShape(dims)} repeat dim ${d}; give each dim once`);
    seen.add(d);
  }
  return recordedView('permute', t, norm.map((d) => t.shape[d]!), norm.map((d) => t.strides[d]!), t.offset, { dims: norm });
}

export function movedim(t: Tensor, source: number, destination: number): Tensor {
  const s = normalizeDim('movedim', source, t.ndim);
  const d = normalizeDim('movedim', destination, t.ndim);
  const order = t.shape.map((_, i) => i).filter((i) => i !== s);
  order.splice(d, 0, s);
  return permute(t, order);
}

export function unsqueeze(t: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, t.ndim + 1);
  const shape = [...t.shape];
  const strides = [...t.strides];
  const stride = d >= t.ndim ? 1 : shape[d]! * strides[d]!;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return nameGradFn(recordedView('view', t, shape, strides, t.offset), 'UnsqueezeBackward0');
}

export function squeeze(t: Tensor, dim?: number | readonly number[]): Tensor {
  const dims =
    dim === undefined
      ? t.shape.map((_, i) => i)
      : (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim('squeeze', d, t.ndim));
  const keep = t.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  const out = recordedView('view', t, t.shape.filter((_, i) => keep[i]), t.strides.filter((_, i) => keep[i]), t.offset);
  return nameGradFn(out, dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1');
}

export function expand(t: Tensor, size: readonly number[]): Tensor {
  if (size.length < t.ndim) {
    throw new RangeError(`expand: the number of sizes provided (${size.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim}); target ${formatShape(size)}, tensor ${formatShape(t.shape)}`);
  }
  const lead = size.length - t.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < size.length; i++) {
    const want = size[i]!;
    if (i < lead) {
      if (want < 0) throw new RangeError(`expand: the expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape.push(want);
      strides.push(0);
      continue;
    }
    const have = t.shape[i - lead]!;
    if (want === -1 || want === have) {
      shape.push(have);
      strides.push(t.strides[i - lead]!);
    } else if (have === 1 && Number.isInteger(want) && want >= 0) {
      shape.push(want);
      strides.push(0);
    } else {
      throw new RangeError(
        `expand: the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(size)}.  Tensor sizes: ${formatShape(t.shape)}`,
      );
    }
  }
  return recordedView('expand', t, shape, strides, t.offset);
}

export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, t.ndim);
  const size = t.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(start) || s < 0 || s > size) {
    throw new RangeError(`narrow: start (${start}) out of range for dimension ${d} of size ${size} (shape ${formatShape(t.shape)})`);
  }
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new RangeError(`narrow: start (${s}) + length (${length}) exceeds dimension size (${size}) of dim ${d} (shape ${formatShape(t.shape)})`);
  }
  return slice(t, d, s, s + length, 1);
}

/** Python-style slice of one dim (start/end already clamped by the caller or here). */
export function slice(t: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  const size = t.shape[dim]!;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = clamp(start);
  const e = Math.max(clamp(end), s);
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape[dim] = Math.ceil((e - s) / step);
  strides[dim] = t.strides[dim]! * step;
  return recordedView('slice', t, shape, strides, shape[dim] === 0 ? t.offset : t.offset + s * t.strides[dim]!, { dim, start: s, end: e, step });
}

export function select(t: Tensor, dim: number, index: number): Tensor {
  if (t.ndim === 0) throw new RangeError('select: invalid index of a 0-dim tensor; use tensor.item() to read its value');
  const d = normalizeDim('select', dim, t.ndim);
  const size = t.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(`index ${index} is out of bounds for dimension ${d} with size ${size} (shape ${formatShape(t.shape)})`);
  }
  const i = index < 0 ? index + size : index;
  return recordedView('select', t, t.shape.filter((_, k) => k !== d), t.strides.filter((_, k) => k !== d), t.offset + i * t.strides[d]!, { dim: d, index: i });
}

export function flatten(t: Tensor, startDim: number, endDim: number): Tensor {
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normalizeDim('flatten', startDim, t.ndim);
  const e = normalizeDim('flatten', endDim, t.ndim);
  if (s > e) throw new RangeError(`flatten: start_dim (${startDim}) cannot come after end_dim (${endDim})`);
  if (s === e) return t;
  const shape = [...t.shape.slice(0, s), numelOf(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)];
  return reshape(t, shape);
}

export function unflatten(t: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim('unflatten', dim, t.ndim);
  const inner = inferSize('unflatten', sizes, t.shape[d]!, [t.shape[d]!]);
  return view(t, [...t.shape.slice(0, d), ...inner, ...t.shape.slice(d + 1)]);
}

export function unbind(t: Tensor, dim: number): Tensor[] {
  const d = normalizeDim('unbind', dim, t.ndim);
  return Array.from({ length: t.shape[d]! }, (_, i) => select(t, d, i));
}
