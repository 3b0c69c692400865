// im2col and col2im (PyTorch's unfold and fold) for one sample and one channel group, over a range
// of output rows: convolution becomes a matrix product with a [C * kh * kw, OH * OW] matrix of
// input patches. Work goes in chunks of output rows so that the patch matrix stays in cache.
import type { ConvGeometry, TensorRef, TypedArray } from '@x/tensor';
import type { GemmBuffer } from './conv-engine';

/** One sample's channels of a strided NCHW view (or of a dense buffer). */
export interface Planes {
  /** Offset of the first channel. */
  readonly offset: number;
  /** Strides of channel, row and column. */
  readonly sc: number;
  readonly sh: number;
  readonly sw: number;
  readonly channels: number;
  readonly H: number;
  readonly W: number;
}

/** A convolution's sizes: input [N, C, H, W], weight [Cout, Cg, kh, kw], output [N, Cout, OH, OW],
 * G groups of Mg output channels, K = Cg * kh * kw patch rows, L = OH * OW output positions. */
export interface ConvDims {
  N: number; C: number; H: number; W: number;
  Cout: number; kh: number; kw: number; OH: number; OW: number;
  G: number; Cg: number; Mg: number; K: number; L: number;
}

export function convDims(x: { shape: readonly number[] }, weight: { shape: readonly number[] }, out: { shape: readonly number[] }, g: ConvGeometry): ConvDims {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [Cout, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const [, , OH, OW] = out.shape as [number, number, number, number];
  const G = g.groups;
  return { N, C, H, W, Cout, kh, kw, OH, OW, G, Cg, Mg: Cout / G, K: Cg * kh * kw, L: OH * OW };
}

/** The channels [c0, c0 + count) of sample n of a strided NCHW view. */
export function planes(ref: TensorRef, n: number, c0: number, count: number): Planes {
  const [s0, s1, s2, s3] = ref.strides as [number, number, number, number];
  const [, , H, W] = ref.shape as [number, number, number, number];
  return { offset: ref.offset + n * s0 + c0 * s1, sc: s1, sh: s2, sw: s3, channels: count, H, W };
}

/**
 * How a patch matrix [K, positions] is laid out: as rows `width` apart (the B operand of a product),
 * or packed in panels of 4 rows (packPanels' layout, the A operand) over `width` positions.
 */
export interface Layout {
  readonly panels: boolean;
  readonly width: number;
}

const startOf = (layout: Layout, row: number): number =>
  layout.panels ? (row >> 2) * 4 * layout.width + (row & 3) : row * layout.width;

/** The output columns ow whose input column ow * stride + shift lies inside [0, W). */
function inside(W: number, OW: number, stride: number, shift: number): [number, number] {
  const lo = Math.min(OW, Math.max(0, Math.ceil(-shift / stride)));
  const hi = Math.min(OW, Math.max(lo, Math.floor((W - 1 - shift) / stride) + 1));
  return [lo, hi];
}

/**
 * The patch matrix of output rows [oh0, oh1): at (row, (oh - oh0) * OW + ow), row = (c, i, j), the
 * input value at (c, oh * sh - ph + i * dh, ow * sw - pw + j * dw), or 0 outside the input.
 */
export function im2col(X: TypedArray, p: Planes, kh: number, kw: number, OW: number, oh0: number, oh1: number, g: ConvGeometry, cols: GemmBuffer, layout: Layout): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [ph, pw] = g.padding;
  const cs = layout.panels ? 4 : 1;
  const step = sw * p.sw;
  for (let c = 0; c < p.channels; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const shift = j * dw - pw;
        const [lo, hi] = inside(p.W, OW, sw, shift);
        let q = startOf(layout, (c * kh + i) * kw + j);
        for (let oh = oh0; oh < oh1; oh++) {
          const ih = oh * sh - ph + i * dh;
          if (ih < 0 || ih >= p.H) {
            for (let ow = 0; ow < OW; ow++, q += cs) cols[q] = 0;
            continue;
          }
          let ow = 0;
          for (; ow < lo; ow++, q += cs) cols[q] = 0;
          for (let s = p.offset + c * p.sc + ih * p.sh + (lo * sw + shift) * p.sw; ow < hi; ow++, q += cs, s += step) cols[q] = X[s]!;
          for (; ow < OW; ow++, q += cs) cols[q] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col (rows layout, `ld` apart): adds each patch value onto the input position it came from. */
export function col2im(cols: GemmBuffer, ld: number, p: Planes, kh: number, kw: number, OW: number, oh0: number, oh1: number, g: ConvGeometry, image: TypedArray): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [ph, pw] = g.padding;
  const step = sw * p.sw;
  for (let c = 0; c < p.channels; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const shift = j * dw - pw;
        const [lo, hi] = inside(p.W, OW, sw, shift);
        const row = ((c * kh + i) * kw + j) * ld;
        for (let oh = oh0; oh < oh1; oh++) {
          const ih = oh * sh - ph + i * dh;
          if (ih < 0 || ih >= p.H) continue;
          let q = row + (oh - oh0) * OW + lo;
          for (let ow = lo, s = p.offset + c * p.sc + ih * p.sh + (lo * sw + shift) * p.sw; ow < hi; ow++, q++, s += step) image[s]! += cols[q]!;
        }
      }
    }
  }
}

/** Output rows [oh0, oh1) of a strided [channels, OH, OW] block into out[r * ld + (oh - oh0) * OW + ow]. */
export function readChunk(src: TypedArray, p: Planes, OW: number, oh0: number, oh1: number, out: GemmBuffer, ld: number): void {
  for (let r = 0; r < p.channels; r++) {
    let q = r * ld;
    for (let oh = oh0; oh < oh1; oh++) {
      for (let ow = 0, s = p.offset + r * p.sc + oh * p.sh; ow < OW; ow++, q++, s += p.sw) out[q] = src[s]!;
    }
  }
}

/** The same block transposed, out[((oh - oh0) * OW + ow) * ld + r]; each row's sum is added to sums[r] unless null. */
export function readTransposed(src: TypedArray, p: Planes, OW: number, oh0: number, oh1: number, out: GemmBuffer, ld: number, sums: Float64Array | null): void {
  for (let r = 0; r < p.channels; r++) {
    let q = r;
    let sum = 0;
    for (let oh = oh0; oh < oh1; oh++) {
      for (let ow = 0, s = p.offset + r * p.sc + oh * p.sh; ow < OW; ow++, q += ld, s += p.sw) {
        const v = src[s]!;
        out[q] = v;
        sum += v;
      }
    }
    if (sums !== null) sums[r] += sum;
  }
}

/** How many output rows to unfold at once: the patch matrix [K, rows * OW] kept near 128 KiB of float32. */
export function chunkRows(K: number, OH: number, OW: number): number {
  return Math.max(1, Math.min(OH, Math.floor(32768 / Math.max(K, 1) / Math.max(OW, 1))));
}

/** n rounded up to a multiple of m. */
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;
