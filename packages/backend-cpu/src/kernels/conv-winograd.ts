// float32 3 x 3 convolution at stride 1, its input gradient (a 3 x 3 convolution of the output
// gradient with the flipped, transposed filters) and its weight gradient, by Winograd's F(2 x 2, 3 x 3)
// (wasm/winograd.c):
// 2.25 times fewer multiply-adds than im2col + GEMM, float32 sums as the GEMM's, a few more roundings
// from the transforms. Each returns false where it does not apply (another kernel size, stride,
// dilation or dtype, groups, a strided output, memory outside the heap, few channels): the im2col
// kernels serve.
import type { ConvGeometry, TensorRef } from '@x/tensor';
import { isContiguous } from '@x/tensor';
import { allocateCpu, disposeCpu, type CpuStorage } from '../storage';
import { simd, type SimdKernels } from '../wasm/module';
import { runParallel, threadsAvailable, type ThreadKernel } from '../pool-threads';
import { biasGradient } from './conv-simd';
import { heapPtr } from './simd-layout';
import { worthThreads } from './simd-matmul';

/** Fewer input or output channels than this: the transforms cost more than the products save. */
const MIN_CHANNELS = 8;
/** A workspace above this (very wide images with many channels) is not worth it: im2col serves. */
const MAX_WORKSPACE = 16 * 2 ** 20;

function applies(g: ConvGeometry, weight: TensorRef): boolean {
  const [, , kh, kw] = weight.shape as [number, number, number, number];
  return kh === 3 && kw === 3 && g.groups === 1 && g.stride[0] === 1 && g.stride[1] === 1 && g.dilation[0] === 1 && g.dilation[1] === 1;
}

/** How many convolutions ran by Winograd's algorithm (tests check the path was taken). */
export const winogradStats = { runs: 0 };

const heapF32 = (r: TensorRef | null) => r === null || (r.dtype === 'float32' && heapPtr(r) >= 0);

/** A float32 heap scratch block of n floats (null when the heap is full). */
function scratch(n: number): CpuStorage | null {
  const s = allocateCpu('float32', Math.max(n, 1), 'uninit');
  if (s.ptr >= 0) return s;
  disposeCpu(s);
  return null;
}

/**
 * Runs `call` over the tile rows [0, rows), split into `threads` ranges (thread t gets args(r0, r1, t):
 * its own workspace) on the worker pool; returns how many ranges ran.
 */
function overRows(kernel: ThreadKernel, rows: number, threads: number, args: (r0: number, r1: number, t: number) => readonly number[], call: (a: readonly number[]) => void): number {
  if (threads <= 1) {
    call(args(0, rows, 0));
    return 1;
  }
  const step = Math.ceil(rows / threads);
  const parts: (readonly number[])[] = [];
  for (let r = 0; r < rows; r += step) parts.push(args(r, Math.min(rows, r + step), parts.length));
  runParallel(kernel, parts);
  return parts.length;
}

/** Threads for a convolution of this many multiply-adds over this many tile rows. */
const threadsFor = (macs: number, rows: number): number => (worthThreads(macs) ? Math.min(threadsAvailable(), rows) : 1);

/**
 * out [N, M, OH, OW] (contiguous) = bias + the 3 x 3 convolution of x [N, K, H, W] (any strides)
 * with padding (ph, pw), the filter w[m, k, i, j] at byte address `w` with element strides.
 */
function run(k: SimdKernels, x: TensorRef, w: number, ws: readonly [number, number, number, number], M: number, pad: readonly [number, number], bias: TensorRef | null, out: TensorRef): boolean {
  const [N, K, H, W] = x.shape as [number, number, number, number];
  const [, , OH, OW] = out.shape as [number, number, number, number];
  if (K < MIN_CHANNELS || M < MIN_CHANNELS) return false;
  const wsBytes = k.winograd_workspace(K, M, OW);
  if (wsBytes > MAX_WORKSPACE) return false;
  // tile rows (2 output rows of a sample each), split over the threads, each with its own workspace
  const rows = N * Math.ceil(OH / 2);
  const threads = threadsFor(16 * M * K * rows * Math.ceil(OW / 2), rows);
  const wsFloats = Math.ceil(wsBytes / 64) * 16;
  const U = scratch(16 * Math.ceil(M / 4) * 4 * K);
  const work = scratch(wsFloats * threads);
  try {
    if (U === null || work === null) return false;
    winogradStats.runs++;
    k.winograd_weights_f32(w, M, K, ws[0], ws[1], ws[2], ws[3], U.ptr);
    const [s0, s1, s2, s3] = x.strides as [number, number, number, number];
    const pb = bias === null ? 0 : heapPtr(bias);
    const bs = bias === null ? 0 : bias.strides[0]!;
    const args = (r0: number, r1: number, t: number) => [heapPtr(x), K, s0, s1, s2, s3, H, W, U.ptr, M, OH, OW, pad[0], pad[1], pb, bs, heapPtr(out), r0, r1, work.ptr + t * wsFloats * 4] as const;
    overRows('winograd_f32', rows, threads, args, (a) => k.winograd_f32(...(a as Parameters<SimdKernels['winograd_f32']>)));
    return true;
  } finally {
    if (U !== null) disposeCpu(U);
    if (work !== null) disposeCpu(work);
  }
}

export function winogradConv2d(x: TensorRef, weight: TensorRef, bias: TensorRef | null, g: ConvGeometry, out: TensorRef): boolean {
  const k = simd();
  if (k === null || !applies(g, weight) || !heapF32(x) || !heapF32(weight) || !heapF32(bias) || !heapF32(out)) return false;
  if (!isContiguous(out.shape, out.strides) || out.shape.some((s) => s === 0)) return false;
  const [M] = weight.shape as [number];
  const [s0, s1, s2, s3] = weight.strides as [number, number, number, number];
  return run(k, x, heapPtr(weight), [s0, s1, s2, s3], M, g.padding, bias, out);
}

/** gradInput = the convolution of gradOut with w'[c, m, i, j] = w[m, c, 2 - i, 2 - j], padding 2 - p. */
export function winogradConv2dBackwardInput(gradOut: TensorRef, weight: TensorRef, g: ConvGeometry, gradInput: TensorRef): boolean {
  const k = simd();
  if (k === null || !applies(g, weight) || !heapF32(gradOut) || !heapF32(weight) || !heapF32(gradInput)) return false;
  if (!isContiguous(gradInput.shape, gradInput.strides) || gradInput.shape.some((s) => s === 0) || gradOut.shape.some((s) => s === 0)) return false;
  const [, C] = weight.shape as [number, number];
  const [s0, s1, s2, s3] = weight.strides as [number, number, number, number];
  const flipped = heapPtr(weight) + (2 * s2 + 2 * s3) * 4;
  return run(k, gradOut, flipped, [s1, s0, -s2, -s3], C, [2 - g.padding[0], 2 - g.padding[1]], null, gradInput);
}

/**
 * gradWeight [M, K, 3, 3] (contiguous) = G^T (the sum over tiles of Z . V) G, Z the transformed output
 * gradient and V the transformed input (wasm/winograd.c); gradBias the per-channel sums of gradOut.
 */
export function winogradConv2dBackwardWeight(x: TensorRef, gradOut: TensorRef, g: ConvGeometry, gradWeight: TensorRef, gradBias: TensorRef | null): boolean {
  const k = simd();
  if (k === null || !applies(g, gradWeight) || !heapF32(x) || !heapF32(gradOut) || !heapF32(gradWeight) || !heapF32(gradBias)) return false;
  if (!isContiguous(gradWeight.shape, gradWeight.strides)) return false;
  const [N, K, H, W] = x.shape as [number, number, number, number];
  const [, M, OH, OW] = gradOut.shape as [number, number, number, number];
  if (N === 0 || OH === 0 || OW === 0 || K < MIN_CHANNELS || M < MIN_CHANNELS) return false;
  const wsBytes = k.winograd_wgrad_workspace(K, M, OW);
  if (wsBytes > MAX_WORKSPACE) return false;
  const rows = N * Math.ceil(OH / 2);
  const threads = threadsFor(16 * M * K * rows * Math.ceil(OW / 2), rows);
  const wsFloats = Math.ceil(wsBytes / 64) * 16;
  const work = scratch(wsFloats * threads);
  if (work === null) return false;
  try {
    if (gradBias !== null && !biasGradient(k, gradOut, gradBias)) return false;
    winogradStats.runs++;
    const [s0, s1, s2, s3] = x.strides as [number, number, number, number];
    const [d0, d1, d2, d3] = gradOut.strides as [number, number, number, number];
    const args = (r0: number, r1: number, t: number) =>
      [heapPtr(x), K, s0, s1, s2, s3, H, W, heapPtr(gradOut), M, d0, d1, d2, d3, OH, OW, g.padding[0], g.padding[1], r0, r1, work.ptr + t * wsFloats * 4] as const;
    const parts = overRows('winograd_wgrad_f32', rows, threads, args, (a) => k.winograd_wgrad_f32(...(a as Parameters<SimdKernels['winograd_wgrad_f32']>)));
    k.winograd_wgrad_finish_f32(work.ptr, parts, wsFloats * 4, K, M, OW, heapPtr(gradWeight));
    return true;
  } finally {
    disposeCpu(work);
  }
}
