// float32 convolution and its gradients on the heap's SIMD GEMM: im2col writes the patch matrix
// straight into heap memory, the weights and the output gradient are read in place (their strides
// passed to the GEMM), and the products write straight into the output. The loop over samples
// (and chunks of output rows) runs in wasm/conv-units.c, split over the worker pool on several
// threads, each thread over its share with its own scratch: the forward and the input gradient keep
// the bits of one thread, the weight gradient sums per-thread partials. With fewer shares than
// threads the loop runs here and its products split instead (threaded like matmul). Each returns
// false when an operand is not a float32 heap view of the layout it reads (the other engines serve).
import type { ConvGeometry, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { allocateCpu, disposeCpu } from '../storage';
import { simd, BINARY_CODE, REDUCE_CODE, type SimdKernels } from '../wasm/module';
import { convDims as dims, planes, type ConvDims as Dims, type Planes } from './conv-im2col';
import { heapPtr } from './simd-layout';
import { gemm, gemmWorkspace, worthThreads } from './simd-matmul';
import { runParallel, threadsAvailable, threadWorkspace, threadWorkspaces } from '../pool-threads';

/** float32 heap views only; `dense`: these must be contiguous. */
function usable(k: SimdKernels | null, refs: readonly (TensorRef | null)[], dense: readonly (TensorRef | null)[]): k is SimdKernels {
  if (k === null) return false;
  for (const r of refs) if (r !== null && (r.dtype !== 'float32' || heapPtr(r) < 0)) return false;
  for (const r of dense) if (r !== null && !isContiguous(r.shape, r.strides)) return false;
  return true;
}

/** Positions of an [N, C, OH, OW] view are contiguous per channel (read by the GEMM with a channel stride). */
const planesDense = (r: TensorRef) => r.strides[3] === 1 && (r.shape[2] === 1 || r.strides[2] === r.shape[3]);

/** Output rows per patch matrix: at most 2^18 floats (1 MiB). */
const chunkRows = (K: number, OH: number, OW: number) => Math.max(1, Math.min(OH, Math.floor(262144 / Math.max(K, 1) / Math.max(OW, 1))));

/** stride, padding and dilation as the kernels take them: sh, sw, ph, pw, dh, dw. */
const geometry = (g: ConvGeometry): [number, number, number, number, number, number] => [g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1]];

/** The patch matrix of output rows [oh0, oh1) of one sample's channel group into cols (row stride `width`). */
function patches(k: SimdKernels, x: TensorRef, p: Planes, d: Dims, oh0: number, oh1: number, g: ConvGeometry, cols: number, width: number): void {
  const px = heapPtr(x) + (p.offset - x.offset) * 4;
  k.im2col_f32(px, p.channels, p.sc, p.sh, p.sw, p.H, p.W, d.kh, d.kw, d.OW, oh0, oh1, ...geometry(g), cols, width);
}

/** A float32 heap scratch matrix for the patch matrix; disposed by the caller. */
function scratch(n: number) {
  const s = allocateCpu('float32', Math.max(n, 1), 'uninit');
  return { storage: s, ptr: s.ptr };
}

/** How many convolutions ran split over threads by samples (tests check the path was taken). */
export const im2colSplitStats = { runs: 0 };

/** Floats of one thread's patch matrix (at least Mg: the weight gradient sums channels there), whole cache lines. */
const colsFloats = (d: Dims, rows: number) => Math.ceil(Math.max(d.K * rows * d.OW, d.Mg, 1) / 16) * 16;

/**
 * Threads to run a convolution of `units` independent shares (`macs` multiply-adds in all) over, in
 * wasm/conv-units.c; 0 where the loop here serves better: fewer shares than threads, and products
 * (`productMacs` each) large enough to split over all of them.
 */
function unitThreads(units: number, macs: number, productMacs: number): number {
  const available = threadsAvailable();
  if (available <= 1 || !worthThreads(macs)) return 1;
  if (units < available && worthThreads(productMacs)) return 0;
  if (units < 2) return 1;
  const t = Math.min(available, units);
  return threadWorkspaces(t) ? t : 1;
}

type UnitKernel = 'conv_im2col_f32' | 'conv_im2col_dgrad_f32' | 'conv_im2col_wgrad_f32';

/**
 * Runs `kernel` over the units [0, units) in `threads` contiguous ranges, thread t with args(u0, u1,
 * t, its GEMM workspace); on this thread alone when threads is 1. Returns how many ranges ran.
 */
function overUnits(k: SimdKernels, kernel: UnitKernel, units: number, threads: number, ws: number, args: (u0: number, u1: number, t: number, ws: number) => number[]): number {
  if (threads <= 1) {
    (k[kernel] as (...a: number[]) => void)(...args(0, units, 0, ws));
    return 1;
  }
  const step = Math.ceil(units / threads);
  const parts: number[][] = [];
  for (let u = 0; u < units; u += step) parts.push(args(u, Math.min(units, u + step), parts.length, threadWorkspace(parts.length)));
  im2colSplitStats.runs++;
  runParallel(kernel, parts);
  return parts.length;
}

export function simdConv2d(x: TensorRef, weight: TensorRef, bias: TensorRef | null, g: ConvGeometry, out: TensorRef): boolean {
  const k = simd();
  if (!usable(k, [x, weight, bias, out], [weight, out])) return false;
  const ws = gemmWorkspace(k);
  if (ws < 0) return false;
  const d = dims(x, weight, out, g);
  if (d.N === 0 || d.Cout === 0 || d.L === 0) return true;
  const rows = chunkRows(d.K, d.OH, d.OW);
  const units = d.N * d.G * Math.ceil(d.OH / rows);
  const threads = unitThreads(units, d.N * d.Cout * d.K * d.L, d.Mg * d.K * rows * d.OW);
  const per = colsFloats(d, rows);
  const cols = scratch(per * Math.max(threads, 1));
  if (cols.ptr < 0) {
    disposeCpu(cols.storage);
    return false;
  }
  const pw = heapPtr(weight);
  const po = heapPtr(out);
  const pb = bias === null ? 0 : heapPtr(bias);
  try {
    if (threads > 0) {
      const [x0, x1, x2, x3] = x.strides as [number, number, number, number];
      const bs = bias === null ? 0 : bias.strides[0]!;
      overUnits(k, 'conv_im2col_f32', units, threads, ws, (u0, u1, t, w) =>
        [heapPtr(x), x0, x1, x2, x3, d.H, d.W, d.Cg, d.G, d.Mg, pw, d.kh, d.kw, d.OH, d.OW, ...geometry(g), pb, bs, po, rows, u0, u1, cols.ptr + t * per * 4, w]);
      return true;
    }
    for (let n = 0; n < d.N; n++) {
      for (let grp = 0; grp < d.G; grp++) {
        const src = planes(x, n, grp * d.Cg, d.Cg);
        const o0 = (n * d.Cout + grp * d.Mg) * d.L;
        for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
          const oh1 = Math.min(d.OH, oh0 + rows);
          const count = (oh1 - oh0) * d.OW;
          patches(k, x, src, d, oh0, oh1, g, cols.ptr, count);
          const c = po + (o0 + oh0 * d.OW) * 4;
          gemm(k, d.Mg, count, d.K, pw + grp * d.Mg * d.K * 4, d.K, 1, cols.ptr, count, 1, c, d.L, ws);
          if (bias !== null) {
            const bs = bias.strides[0]!;
            k.binary_f32(BINARY_CODE.add!, d.Mg, count, c, d.L, 1, pb + grp * d.Mg * bs * 4, bs, 0, c, d.L);
          }
        }
      }
    }
  } finally {
    disposeCpu(cols.storage);
  }
  return true;
}

export function simdConv2dBackwardInput(gradOut: TensorRef, weight: TensorRef, g: ConvGeometry, gradInput: TensorRef): boolean {
  const k = simd();
  if (!usable(k, [gradOut, weight, gradInput], [weight]) || !planesDense(gradOut)) return false;
  const ws = gemmWorkspace(k);
  if (ws < 0) return false;
  const d = dims(gradInput, weight, gradOut, g);
  if (d.N === 0 || d.C === 0 || d.L === 0) return true;
  const rows = chunkRows(d.K, d.OH, d.OW);
  // a share is a whole sample's group: the chunks of one add onto overlapping input rows
  const units = d.N * d.G;
  const threads = unitThreads(units, d.N * d.Cout * d.K * d.L, d.Mg * d.K * rows * d.OW);
  const per = colsFloats(d, rows);
  const cols = scratch(per * Math.max(threads, 1));
  if (cols.ptr < 0) {
    disposeCpu(cols.storage);
    return false;
  }
  const pw = heapPtr(weight);
  const pg = heapPtr(gradOut);
  const [s0, s1] = gradOut.strides as [number, number];
  try {
    if (threads > 0) {
      const [g0, g1, g2, g3] = gradInput.strides as [number, number, number, number];
      overUnits(k, 'conv_im2col_dgrad_f32', units, threads, ws, (u0, u1, t, w) =>
        [pg, s0, s1, pw, heapPtr(gradInput), g0, g1, g2, g3, d.H, d.W, d.Cg, d.G, d.Mg, d.kh, d.kw, d.OH, d.OW, ...geometry(g), rows, u0, u1, cols.ptr + t * per * 4, w]);
      return true;
    }
    for (let n = 0; n < d.N; n++) {
      for (let grp = 0; grp < d.G; grp++) {
        // gradInput is fresh (zero-filled): col2im adds straight into it
        const dst = planes(gradInput, n, grp * d.Cg, d.Cg);
        for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
          const oh1 = Math.min(d.OH, oh0 + rows);
          const count = (oh1 - oh0) * d.OW;
          // cols [K, count] = W[g]^T [K, Mg] @ gradOut[n, g] [Mg, count]
          const b = pg + (n * s0 + grp * d.Mg * s1 + oh0 * d.OW) * 4;
          gemm(k, d.K, count, d.Mg, pw + grp * d.Mg * d.K * 4, 1, d.K, b, s1, 1, cols.ptr, count, ws);
          const pi = heapPtr(gradInput) + (dst.offset - gradInput.offset) * 4;
          k.col2im_f32(cols.ptr, count, pi, d.Cg, dst.sc, dst.sh, dst.sw, dst.H, dst.W, d.kh, d.kw, d.OW, oh0, oh1, ...geometry(g));
        }
      }
    }
  } finally {
    disposeCpu(cols.storage);
  }
  return true;
}

export function simdConv2dBackwardWeight(x: TensorRef, gradOut: TensorRef, g: ConvGeometry, gradWeight: TensorRef, gradBias: TensorRef | null): boolean {
  const k = simd();
  if (!usable(k, [x, gradOut, gradWeight, gradBias], [gradWeight, gradBias]) || !planesDense(gradOut)) return false;
  const ws = gemmWorkspace(k);
  if (ws < 0) return false;
  const d = dims(x, gradWeight, gradOut, g);
  // gradWeight and gradBias are fresh zeros: nothing to sum leaves them so
  if (d.Cout === 0 || d.N === 0 || d.L === 0) return true;
  const pgw = heapPtr(gradWeight);
  const rows = chunkRows(d.K, d.OH, d.OW);
  const units = d.N * d.G * Math.ceil(d.OH / rows);
  const threads = unitThreads(units, d.N * d.Cout * d.K * d.L, d.Mg * d.K * rows * d.OW);
  const per = colsFloats(d, rows);
  // each thread's partial sums ([G][K][Mg], then [Cout] for the bias) after the patch matrices
  const part = Math.ceil((d.Cout * (d.K + 1)) / 16) * 16;
  const cols = scratch((per + part) * Math.max(threads, 1));
  if (cols.ptr < 0) {
    disposeCpu(cols.storage);
    return false;
  }
  const pg = heapPtr(gradOut);
  const [s0, s1] = gradOut.strides as [number, number];
  try {
    if (threads > 0) {
      const [x0, x1, x2, x3] = x.strides as [number, number, number, number];
      const partials = cols.ptr + per * threads * 4;
      const n = overUnits(k, 'conv_im2col_wgrad_f32', units, threads, ws, (u0, u1, t, w) =>
        [heapPtr(x), x0, x1, x2, x3, d.H, d.W, pg, s0, s1, d.Cg, d.G, d.Mg, d.kh, d.kw, d.OH, d.OW, ...geometry(g), rows, u0, u1, cols.ptr + t * per * 4, w,
          partials + t * part * 4, gradBias === null ? 0 : 1]);
      k.conv_im2col_wgrad_finish_f32(partials, n, part * 4, d.G, d.Mg, d.K, pgw, gradBias === null ? 0 : heapPtr(gradBias));
      return true;
    }
    // gradWeight is fresh zeros: the products accumulate into it
    for (let n = 0; n < d.N; n++) {
      for (let grp = 0; grp < d.G; grp++) {
        const src = planes(x, n, grp * d.Cg, d.Cg);
        for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
          const oh1 = Math.min(d.OH, oh0 + rows);
          const count = (oh1 - oh0) * d.OW;
          patches(k, x, src, d, oh0, oh1, g, cols.ptr, count);
          // gradWeight[g] [Mg, K] += gradOut[n, g] [Mg, count] @ cols^T [count, K]
          const a = pg + (n * s0 + grp * d.Mg * s1 + oh0 * d.OW) * 4;
          gemm(k, d.Mg, d.K, count, a, s1, 1, cols.ptr, 1, count, pgw + grp * d.Mg * d.K * 4, d.K, ws, 1);
        }
      }
    }
  } finally {
    disposeCpu(cols.storage);
  }
  return gradBias === null || biasGradient(k, gradOut, gradBias);
}

/**
 * gradBias (fresh zeros, contiguous) += the per-channel sums of gradOut [N, C, OH, OW] (positions
 * dense per channel), sample by sample. False when the layout does not fit or the heap is full.
 */
export function biasGradient(k: SimdKernels, gradOut: TensorRef, gradBias: TensorRef): boolean {
  if (!planesDense(gradOut) || !isContiguous(gradBias.shape, gradBias.strides)) return false;
  const [N, C, OH, OW] = gradOut.shape as [number, number, number, number];
  const sums = scratch(C);
  try {
    if (sums.ptr < 0) return false;
    const pg = heapPtr(gradOut);
    const pb = heapPtr(gradBias);
    const [s0, s1] = gradOut.strides as [number, number];
    for (let n = 0; n < N && OH * OW > 0; n++) {
      k.reduce_rows_f32(REDUCE_CODE.sum!, C, OH * OW, pg + n * s0 * 4, s1, sums.ptr, 1);
      k.binary_f32(BINARY_CODE.add!, 1, C, pb, 0, 1, sums.ptr, 0, 1, pb, 0);
    }
    return true;
  } finally {
    disposeCpu(sums.storage);
  }
}
