// Resize with torchvision's tensor semantics (F.interpolate, align_corners=False). Torchvision 0.14
// (Debian's) does not antialias tensors by default, so neither do we. The source indices and weights
// depend only on the sizes, so they are computed here and the pixels move through indexSelect (any backend).
import * as torch from '@x/tensor';
import { onChw, sizeOf, type Input } from './kind';

/** Resize's `interpolation`: `'bilinear'` or `'nearest'`. */
export type Interpolation = 'bilinear' | 'nearest';

/** Resize's `interpolation` and `antialias`. */
export interface ResizeOptions {
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Bilinear only: widen the filter when downscaling (torchvision's antialias=True). Default false, torchvision 0.14's default for tensors. */
  antialias?: boolean;
}

/** The output [h, w]: a number sets the shorter side and keeps the aspect ratio, as torchvision. */
export function outputSize(size: number | readonly number[], h: number, w: number): [number, number] {
  if (typeof size === 'number' || size.length === 1) {
    const s = typeof size === 'number' ? size : size[0]!;
    const [short, long] = h <= w ? [h, w] : [w, h];
    if (short === s) return [h, w];
    const newLong = Math.trunc((s * long) / short);
    return h <= w ? [s, newLong] : [newLong, s];
  }
  return [size[0]!, size[1]!];
}

function nearestIndex(inSize: number, outSize: number): number[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, i) => Math.min(Math.floor(i * scale), inSize - 1));
}

function linearTaps(inSize: number, outSize: number): { i0: number[]; i1: number[]; w1: number[] } {
  const scale = inSize / outSize;
  const i0: number[] = []; const i1: number[] = []; const w1: number[] = [];
  for (let i = 0; i < outSize; i++) {
    const src = Math.max((i + 0.5) * scale - 0.5, 0);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0.push(lo); i1.push(Math.min(lo + 1, inSize - 1)); w1.push(src - lo);
  }
  return { i0, i1, w1 };
}

function idx(values: number[], device: torch.Device): torch.Tensor {
  return torch.tensor(values, { dtype: 'int64', device });
}

/** Linear interpolation of float `x` along `dim` (negative). */
function lerpAlong(x: torch.Tensor, dim: number, outSize: number): torch.Tensor {
  const inSize = x.shape[x.ndim + dim]!;
  if (inSize === outSize) return x;
  const { i0, i1, w1 } = linearTaps(inSize, outSize);
  const shape = dim === -1 ? [outSize] : [outSize, 1];
  const w = torch.tensor(w1, { dtype: x.dtype, device: x.device }).view(...shape);
  const a = x.indexSelect(x.ndim + dim, idx(i0, x.device));
  const b = x.indexSelect(x.ndim + dim, idx(i1, x.device));
  return a.add(b.sub(a).mul(w));
}

/** The [out, in] weights of torch's antialiased bilinear (triangle filter stretched by the scale). */
function antialiasWeights(inSize: number, outSize: number): number[][] {
  const scale = inSize / outSize;
  const support = scale >= 1 ? scale : 1;
  const inv = scale >= 1 ? 1 / scale : 1;
  return Array.from({ length: outSize }, (_, i) => {
    const center = scale * (i + 0.5);
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    const row = new Array<number>(inSize).fill(0);
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const d = Math.abs((j - center + 0.5) * inv);
      row[j] = d < 1 ? 1 - d : 0;
      total += row[j]!;
    }
    return total > 0 ? row.map((v) => v / total) : row;
  });
}

/** Antialiased linear interpolation along `dim` (negative), as a matmul with the weight matrix. */
function antialiasAlong(x: torch.Tensor, dim: -1 | -2, outSize: number): torch.Tensor {
  const inSize = x.shape[x.ndim + dim]!;
  if (inSize === outSize) return x;
  const w = torch.tensor(antialiasWeights(inSize, outSize), { dtype: x.dtype, device: x.device });
  return dim === -1 ? x.matmul(w.t()) : w.matmul(x);
}

/** Resizes a [..., H, W] tensor to [h, w]. uint8 input is interpolated in float32 and rounded back. */
export function resizeTensor(x: torch.Tensor, h: number, w: number, interpolation: Interpolation, antialias = false): torch.Tensor {
  const [H, W] = [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
  if (interpolation === 'nearest') {
    let out = x;
    if (H !== h) out = out.indexSelect(x.ndim - 2, idx(nearestIndex(H, h), x.device));
    if (W !== w) out = out.indexSelect(x.ndim - 1, idx(nearestIndex(W, w), x.device));
    return out;
  }
  const floating = torch.isFloating(x.dtype);
  const f = floating ? x : x.to('float32');
  const out = antialias ? antialiasAlong(antialiasAlong(f, -1, w), -2, h) : lerpAlong(lerpAlong(f, -2, h), -1, w);
  return floating ? out : out.round().clamp(0, 255).to(x.dtype);
}

/** transforms.Resize(size, { interpolation }): a number is the shorter side, [h, w] is exact. */
export function Resize(size: number | readonly number[], options: ResizeOptions = {}): <T extends Input>(x: T) => T {
  const interpolation = options.interpolation ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new RangeError(`Resize: interpolation must be 'bilinear' or 'nearest', got ${String(interpolation)}`);
  }
  const sizes = typeof size === 'number' ? [size] : [...size];
  if ((sizes.length !== 1 && sizes.length !== 2) || !sizes.every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(`Resize: size must be a positive integer or [h, w], got ${JSON.stringify(size)}`);
  }
  return (x) => {
    const [H, W] = sizeOf(x);
    const [h, w] = outputSize(size, H, W);
    return onChw(x, 'Resize', (t) => resizeTensor(t, h, w, interpolation, options.antialias === true));
  };
}
