// F.interpolate: PyTorch 1.13's nn.functional.interpolate (its argument checks, output sizes and
// recompute_scale_factor) over the CPU kernels' index and weight arithmetic (UpSample.h), applied
// one spatial dim at a time with indexSelect, mul and add. The separable passes run in the kernels'
// order (last dim innermost) with the same float32 roundings, so values match PyTorch's CPU results
// to the bit, gradients come from autograd, and every backend runs it.
import { adaptiveAvgPool2d, bindArgs, defineSignature, formatShape, isFloating, tensor, type Device, type DType, type Tensor } from '@x/tensor';

/** F.interpolate's algorithms, as PyTorch's mode strings. */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'trilinear' | 'area' | 'bicubic';

const INTERPOLATE = defineSignature(
  "nn.functional.interpolate(input: Tensor, size: number | number[] | null = null, scaleFactor: number | number[] | null = null, mode: InterpolateMode = 'nearest', alignCorners: boolean | null = null, recomputeScaleFactor: boolean | null = null, antialias: boolean = false): Tensor",
  { doc: 'Resizes the spatial dims of [N, C, ...] input to size, or by scaleFactor (nearest, linear, bilinear, trilinear, area).' },
);

/** F.interpolate's keyword arguments (size or scaleFactor, mode, alignCorners, recomputeScaleFactor, antialias). */
export interface InterpolateOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
  antialias?: boolean;
}

interface InterpolateArgs {
  input: Tensor;
  size: number | readonly number[] | null;
  scaleFactor: number | readonly number[] | null;
  mode: InterpolateMode;
  alignCorners: boolean | null;
  recomputeScaleFactor: boolean | null;
  antialias: boolean;
}

const LINEAR_MODES: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
const MODES = ['nearest', 'nearest-exact', 'linear', 'bilinear', 'trilinear', 'area', 'bicubic'];
const ORDINAL = ['', '1D', '2D', '3D', '4D', '5D'];
const pyList = (v: readonly number[]) => `[${v.join(', ')}]`;

/**
 * Resizes [N, C, d1, ..., dk] input (k = 1, 2 or 3) to `size` or by `scaleFactor`, as PyTorch 1.13:
 * `F.interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners: false })`. Without
 * recomputeScaleFactor, a given scale factor is also what maps output to input coordinates (not
 * the ratio of the rounded sizes). Modes: nearest, nearest-exact, linear (3-D), bilinear (4-D),
 * trilinear (5-D), area (3-D and 4-D); bicubic and antialias are not implemented.
 */
export function interpolate(input: Tensor, size?: number | readonly number[] | null, scaleFactor?: number | readonly number[] | null, mode?: InterpolateMode, alignCorners?: boolean | null, recomputeScaleFactor?: boolean | null, antialias?: boolean): Tensor;
export function interpolate(input: Tensor, options: InterpolateOptions): Tensor;
export function interpolate(options: InterpolateOptions & { input: Tensor }): Tensor;
export function interpolate(...args: unknown[]): Tensor {
  const a = bindArgs<InterpolateArgs>(INTERPOLATE, args);
  const { input, mode } = a;
  let { alignCorners, recomputeScaleFactor } = a;
  if (!MODES.includes(mode)) throw new RangeError(`interpolate: unknown mode '${String(mode)}' (use ${MODES.map((m) => `'${m}'`).join(', ')})`);
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new RangeError('interpolate: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear (alignCorners with mode ' + `'${mode}')`);
  } else if (alignCorners === null) {
    alignCorners = false;
  }
  const dim = input.ndim - 2;
  const spatial = input.shape.slice(2);
  let outputSize: number[] | null = null;
  let scales: number[] | null = null;
  if (a.size !== null && a.scaleFactor !== null) throw new RangeError('interpolate: only one of size or scale_factor should be defined (got both size and scaleFactor)');
  if (a.size !== null) outputSize = perDim(a.size, spatial, 'output', 'output size of', 'output size in (o1, o2, ...,oK)');
  else if (a.scaleFactor !== null) scales = perDim(a.scaleFactor, spatial, 'scale_factor', 'scale_factor of shape', 'scale_factor in (s1, s2, ...,sK)');
  else throw new RangeError('interpolate: either size or scale_factor should be defined (pass size or scaleFactor)');
  if (recomputeScaleFactor && a.size !== null) throw new RangeError('interpolate: recompute_scale_factor is not meaningful with an explicit size.');
  if (mode === 'area' && outputSize === null) recomputeScaleFactor = true;
  if (recomputeScaleFactor && scales !== null) {
    outputSize = scales.map((s, i) => Math.floor(spatial[i]! * s));
    scales = null;
  }
  if (a.antialias) {
    if (!((mode === 'bilinear' || mode === 'bicubic') && input.ndim === 4)) throw new RangeError('interpolate: Anti-alias option is only supported for bilinear and bicubic modes');
    throw new RangeError(`interpolate: antialias is not implemented (mode '${mode}'); resize without it, or with transforms.Resize`);
  }
  if (dim < 1 || dim > 3) {
    throw new RangeError(
      `interpolate: Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D, shape ${formatShape(input.shape)}) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`,
    );
  }
  if (mode in LINEAR_MODES && LINEAR_MODES[mode] !== input.ndim) {
    const wants = Object.entries(LINEAR_MODES).find(([m]) => m === mode)![1];
    throw new RangeError(`interpolate: Got ${ORDINAL[input.ndim]} input, but ${mode} mode needs ${ORDINAL[wants]} input (shape ${formatShape(input.shape)})`);
  }
  if (mode === 'bicubic') throw new RangeError("interpolate: mode 'bicubic' is not implemented; use 'bilinear' or 'nearest'");
  if (mode === 'area') {
    if (dim === 3) throw new RangeError("interpolate: mode 'area' on 5-D input (adaptive_avg_pool3d) is not implemented");
    return dim === 1 ? adaptiveAvgPool2d(input.unsqueeze(2), [1, outputSize![0]!]).squeeze(2) : adaptiveAvgPool2d(input, outputSize!);
  }
  // PyTorch's upsample kernels: the output size from the scale factors (C++ truncation), then checked.
  const out = outputSize ?? scales!.map((s, i) => Math.trunc(spatial[i]! * s));
  const kernel = mode === 'nearest' || mode === 'nearest-exact' ? `upsample_${mode.replace('-', '_')}${dim}d` : `upsample_${mode}${dim}d`;
  if (spatial.some((s) => !(s > 0)) || out.some((s) => !(s > 0))) {
    const names = ['D', 'H', 'W'].slice(3 - dim);
    const list = (v: readonly number[]) => v.map((s, i) => `${names[i]}: ${s}`).join(', ');
    throw new RangeError(`${kernel}: Input and output sizes should be greater than 0, but got input (${list(spatial)}) output (${list(out)})`);
  }
  if (!(mode === 'nearest' || mode === 'nearest-exact') && !isFloating(input.dtype)) {
    throw new TypeError(`"${kernel}" not implemented for '${input.dtype}' (shape ${formatShape(input.shape)}); convert the input with .float()`);
  }
  if (mode !== 'nearest' && mode !== 'nearest-exact') {
    const weights = spatial.map((s, d) => linearWeights(input.dtype, s, out[d]!, alignCorners!, scales?.[d]));
    if (dim > 1 && channelsLastContiguous(input)) return channelsLastLinear(input, weights);
    // Innermost (last) dim first, as the kernels nest their loops.
    let x = input;
    for (let d = dim - 1; d >= 0; d--) x = linearPass(x, d + 2, weights[d]!);
    return x;
  }
  let x = input;
  for (let d = dim - 1; d >= 0; d--) x = x.indexSelect(d + 2, indexTensor(nearestIndices(mode, spatial[d]!, out[d]!, scales?.[d]), x.device));
  return x;
}

/** One value per spatial dim from a number or a list of them, with PyTorch's message for a wrong length. */
function perDim(value: number | readonly number[], spatial: readonly number[], what: string, given: string, format: string): number[] {
  if (!Array.isArray(value)) return new Array<number>(spatial.length).fill(value as number);
  if (value.length !== spatial.length) {
    throw new RangeError(
      `interpolate: Input and ${what} must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(spatial)} and ${given} ${pyList(value)}. ` +
        `Please provide input tensor in (N, C, d1, d2, ...,dK) format and ${format} format.`,
    );
  }
  return [...value];
}

/**
 * PyTorch's is_contiguous(ChannelsLast / ChannelsLast3d): the strides of an NHWC (NDHWC) layout,
 * dims of size 1 ignored. A contiguous [N, 1, H, W] tensor is both, and PyTorch then runs its
 * channels-last kernel, which rounds differently.
 */
function channelsLastContiguous(t: Tensor): boolean {
  const order = t.ndim === 4 ? [1, 3, 2, 0] : t.ndim === 5 ? [1, 4, 3, 2, 0] : null;
  if (order === null) return false;
  let expected = 1;
  for (const d of order) {
    const size = t.shape[d]!;
    if (size === 1) continue;
    if (t.strides[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

function indexTensor(values: number[], device: Device): Tensor {
  return tensor(values, { dtype: 'int64', device });
}

/** PyTorch's compute_scales_value<float>: 1 / scale when given (and positive), else in / out, in float32. */
function floatScale(inSize: number, outSize: number, scale: number | undefined): number {
  return scale !== undefined && scale > 0 ? Math.fround(1 / scale) : Math.fround(Math.fround(inSize) / outSize);
}

/** The input index of each output index (UpSample.h's nearest_idx and nearest_exact_idx, float32 arithmetic). */
function nearestIndices(mode: 'nearest' | 'nearest-exact', inSize: number, outSize: number, scale: number | undefined): number[] {
  const idx = new Array<number>(outSize);
  const s = floatScale(inSize, outSize, scale);
  for (let j = 0; j < outSize; j++) {
    if (mode === 'nearest-exact') idx[j] = Math.min(Math.floor(Math.fround((j + 0.5) * s)), inSize - 1);
    else if (outSize === inSize) idx[j] = j;
    else if (outSize === 2 * inSize) idx[j] = j >> 1;
    else idx[j] = Math.min(Math.floor(Math.fround(j * s)), inSize - 1);
  }
  return idx;
}

interface LinearWeights {
  i0: number[];
  i1: number[];
  w0: number[];
  w1: number[];
}

/**
 * The indices and weights of one linear dim, as PyTorch's area_pixel_compute_scale,
 * area_pixel_compute_source_index and compute_source_index_and_lambda give them on the CPU: the
 * ratio in the input's precision, the source position in double (measured against PyTorch 1.13's
 * weights), the weights rounded to the input's precision (w0 = 1 - w1 after rounding w1).
 */
function linearWeights(dtype: string, inSize: number, outSize: number, alignCorners: boolean, scale: number | undefined): LinearWeights {
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  let ratio: number;
  if (alignCorners) ratio = outSize > 1 ? r(r(inSize - 1) / (outSize - 1)) : 0;
  else ratio = scale !== undefined && scale > 0 ? r(1 / scale) : r(r(inSize) / outSize);
  const w: LinearWeights = { i0: [], i1: [], w0: [], w1: [] };
  for (let j = 0; j < outSize; j++) {
    if (outSize === inSize) {
      w.i0.push(j);
      w.i1.push(j);
      w.w0.push(1);
      w.w1.push(0);
      continue;
    }
    let real = alignCorners ? ratio * j : ratio * (j + 0.5) - 0.5;
    if (!alignCorners && real < 0) real = 0;
    const k = Math.min(Math.trunc(real), inSize - 1);
    const l1 = r(Math.min(Math.max(real - k, 0), 1));
    w.i0.push(k);
    w.i1.push(k + (k < inSize - 1 ? 1 : 0));
    w.w1.push(l1);
    w.w0.push(r(1 - l1));
  }
  return w;
}

/** A [outSize] weight along `axis` of an ndim-D tensor, broadcastable against it. */
function weightAlong(values: number[], axis: number, ndim: number, dtype: DType, device: Device): Tensor {
  return tensor(values, { dtype, device }).reshape(Array.from({ length: ndim }, (_, i) => (i === axis ? values.length : 1)));
}

/** One pass of the generic kernel along `axis`: out[j] = x[i0] * w0 + x[i1] * w1, in the input's precision. */
function linearPass(x: Tensor, axis: number, w: LinearWeights): Tensor {
  const a = x.indexSelect(axis, indexTensor(w.i0, x.device)).mul(weightAlong(w.w0, axis, x.ndim, x.dtype, x.device));
  const b = x.indexSelect(axis, indexTensor(w.i1, x.device)).mul(weightAlong(w.w1, axis, x.ndim, x.dtype, x.device));
  return a.add(b);
}

/**
 * PyTorch's channels-last linear kernel: each of the 2^k corners weighs by the product of its
 * per-dim weights (in the input's precision), and the corners' terms are summed in double (its
 * accscalar_t), corner by corner, then rounded once to the input's dtype.
 */
function channelsLastLinear(input: Tensor, weights: readonly LinearWeights[]): Tensor {
  const k = weights.length;
  const r = input.dtype === 'float32' ? Math.fround : (v: number) => v;
  const x64 = input.to('float64');
  let total: Tensor | null = null;
  for (let corner = 0; corner < 1 << k; corner++) {
    let g = x64;
    let w: Tensor | null = null;
    for (let d = 0; d < k; d++) {
      const high = ((corner >> (k - 1 - d)) & 1) === 1;
      const wd = weights[d]!;
      g = g.indexSelect(d + 2, indexTensor(high ? wd.i1 : wd.i0, input.device));
      const factor = weightAlong(high ? wd.w1 : wd.w0, d + 2, input.ndim, 'float64', input.device);
      // the weights multiply in the input's precision: r() after each product
      w = w === null ? factor : roundTo(w.mul(factor), r === Math.fround ? 'float32' : 'float64');
    }
    const term = g.mul(w!);
    total = total === null ? term : total.add(term);
  }
  return total!.to(input.dtype);
}

/** Rounds float64 values to `dtype`'s precision (and back to float64). */
function roundTo(t: Tensor, dtype: DType): Tensor {
  return dtype === 'float64' ? t : t.to(dtype).to('float64');
}
