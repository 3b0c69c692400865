// Max pooling with argmax indices, PyTorch's CPU loop: the window is clipped to the input (padding
// is never a candidate), scanned row-major; a larger value or any NaN takes over. The backward adds
// each output gradient at its index.
import type { PoolGeometry, TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { simd } from '../wasm/module';
import { heapPtr } from './simd-layout';
import { COST, overRange } from '../split-threads';

/**
 * Runs a pooling kernel (`args`: N at argument 1, C at 2) over the planes of [N, C, ...] (`work` per
 * plane), split over
 * threads when large: by samples, or by channels for one sample. `ptrs` are [argument, bytes per
 * sample, bytes per channel] of its pointers. Every plane's output is written by one thread, in the
 * order of one thread.
 */
function overPlanes(kernel: 'maxpool2d_f32' | 'maxpool2d_backward_f32', N: number, C: number, work: number, args: readonly number[], ptrs: readonly (readonly [number, number, number])[]): void {
  if (N === 1) overRange(kernel, C, work, 1, args, 2, ptrs.map(([arg, , perC]) => [arg, perC]));
  else overRange(kernel, N, C * work, 1, args, 1, ptrs.map(([arg, perN]) => [arg, perN]));
}

/** float32 pooling on the SIMD module's compiled loop (values and indices fresh and contiguous). */
function simdMaxPool2d(x: TensorRef, g: PoolGeometry, values: TensorRef, indices: TensorRef): boolean {
  const k = simd();
  if (k === null || x.dtype !== 'float32') return false;
  const [px, pv, pi] = [heapPtr(x), heapPtr(values), heapPtr(indices)];
  if (px < 0 || pv < 0 || pi < 0) return false;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [, , OH, OW] = values.shape as [number, number, number, number];
  const [s0, s1, s2, s3] = x.strides as [number, number, number, number];
  const plane = OH * OW;
  const args = [px, N, C, s0, s1, s2, s3, H, W, OH, OW, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], pv, pi];
  overPlanes('maxpool2d_f32', N, C, H * W * COST.maxPool, args, [[0, 4 * s0, 4 * s1], [19, 4 * C * plane, 4 * plane], [20, 8 * C * plane, 8 * plane]]);
  return true;
}

function simdMaxPool2dBackward(gradOut: TensorRef, indices: TensorRef, gradInput: TensorRef): boolean {
  const k = simd();
  if (k === null || gradOut.dtype !== 'float32' || gradInput.dtype !== 'float32') return false;
  const [pg, pi, pd] = [heapPtr(gradOut), heapPtr(indices), heapPtr(gradInput)];
  if (pg < 0 || pi < 0 || pd < 0) return false;
  const [N, C, OH, OW] = gradOut.shape as [number, number, number, number];
  const [, , H, W] = gradInput.shape as [number, number, number, number];
  const [g0, g1, g2, g3] = gradOut.strides as [number, number, number, number];
  const [i0, i1, i2, i3] = indices.strides as [number, number, number, number];
  const plane = H * W;
  const args = [pg, N, C, g0, g1, g2, g3, pi, i0, i1, i2, i3, OH, OW, pd, plane];
  overPlanes('maxpool2d_backward_f32', N, C, OH * OW * COST.maxPoolBackward, args, [[0, 4 * g0, 4 * g1], [7, 8 * i0, 8 * i1], [14, 4 * C * plane, 4 * plane]]);
  return true;
}

/** [start, end) of the input positions of each output position along one dim, clipped to the input. */
function windows(out: number, size: number, kernel: number, stride: number, pad: number, dilation: number): Int32Array {
  const w = new Int32Array(2 * out);
  for (let o = 0; o < out; o++) {
    let start = o * stride - pad;
    const end = Math.min(start + (kernel - 1) * dilation + 1, size);
    while (start < 0) start += dilation;
    w[2 * o] = start;
    w[2 * o + 1] = end;
  }
  return w;
}

export function maxPool2d(x: TensorRef, g: PoolGeometry, values: TensorRef, indices: TensorRef): void {
  if (simdMaxPool2d(x, g, values, indices)) return;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [, , OH, OW] = values.shape as [number, number, number, number];
  const [s0, s1, s2, s3] = x.strides as [number, number, number, number];
  const [dh, dw] = g.dilation;
  const rows = windows(OH, H, g.kernel[0], g.stride[0], g.padding[0], dh);
  const cols = windows(OW, W, g.kernel[1], g.stride[1], g.padding[1], dw);
  const X = dataOf(x.storage);
  const V = dataOf(values.storage);
  const I = dataOf(indices.storage);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * s0 + c * s1;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = rows[2 * oh]!;
        const h1 = rows[2 * oh + 1]!;
        for (let ow = 0; ow < OW; ow++, o++) {
          const w0 = cols[2 * ow]!;
          const w1 = cols[2 * ow + 1]!;
          let best = -Infinity;
          let at = h0 * W + w0;
          for (let ih = h0; ih < h1; ih += dh) {
            const row = base + ih * s2;
            for (let iw = w0; iw < w1; iw += dw) {
              const v = X[row + iw * s3]!;
              if (v > best || v !== v) {
                best = v;
                at = ih * W + iw;
              }
            }
          }
          V[values.offset + o] = best;
          I[indices.offset + o] = at;
        }
      }
    }
  }
}

export function maxPool2dBackward(gradOut: TensorRef, indices: TensorRef, _g: PoolGeometry, gradInput: TensorRef): void {
  if (simdMaxPool2dBackward(gradOut, indices, gradInput)) return;
  const [N, C, OH, OW] = gradOut.shape as [number, number, number, number];
  const [, , H, W] = gradInput.shape as [number, number, number, number];
  const [g0, g1, g2, g3] = gradOut.strides as [number, number, number, number];
  const [i0, i1, i2, i3] = indices.strides as [number, number, number, number];
  const G = dataOf(gradOut.storage);
  const I = dataOf(indices.storage);
  const D = dataOf(gradInput.storage);
  const plane = H * W;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const d = gradInput.offset + (n * C + c) * plane;
      for (let oh = 0; oh < OH; oh++) {
        const gr = gradOut.offset + n * g0 + c * g1 + oh * g2;
        const ir = indices.offset + n * i0 + c * i1 + oh * i2;
        for (let ow = 0; ow < OW; ow++) D[d + I[ir + ow * i3]!] += G[gr + ow * g3]!;
      }
    }
  }
}
