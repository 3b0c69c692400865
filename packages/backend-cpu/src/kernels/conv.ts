// 2-D convolution and its two gradients as im2col + matrix products, one sample and channel group
// at a time, over chunks of output positions so that the patch matrix stays in cache:
//   forward:      out[g] = W[g] @ cols(x[g]) + bias
//   input grad:   dx[g]  = col2im(W[g]^T @ dOut[g])
//   weight grad:  dW[g] += dOut[g] @ cols(x[g])^T   (summed over samples and chunks)
// The products run on a GemmEngine (conv-engine.ts): WebAssembly SIMD, or plain JS.
import type { ConvGeometry, TensorRef } from '@x/tensor';
import { dataOf } from '../storage';
import { chunkRows, col2im, convDims as dims, im2col, planes, readChunk, readTransposed, roundUp, type ConvDims as Dims } from './conv-im2col';
import { packPanels } from './conv-gemm';
import { engineFor, type GemmBuffer } from './conv-engine';
import { simdConv2d, simdConv2dBackwardInput, simdConv2dBackwardWeight } from './conv-simd';
import { winogradConv2d, winogradConv2dBackwardInput, winogradConv2dBackwardWeight } from './conv-winograd';

/** W[g] of group `grp` packed for the product; `transpose` packs W[g]^T (rows k, reduction over filters). */
function packWeight(weight: TensorRef, d: Dims, grp: number, transpose: boolean, out: GemmBuffer): void {
  const Wd = dataOf(weight.storage);
  const [s0, s1, s2, s3] = weight.strides as [number, number, number, number];
  const m0 = grp * d.Mg;
  const at = (m: number, k: number) => {
    const c = Math.floor(k / (d.kh * d.kw));
    const r = k - c * d.kh * d.kw;
    const i = Math.floor(r / d.kw);
    return Wd[weight.offset + (m0 + m) * s0 + c * s1 + i * s2 + (r - i * d.kw) * s3]!;
  };
  if (transpose) packPanels(d.K, d.Mg, (k, m) => at(m, k), out);
  else packPanels(d.Mg, d.K, at, out);
}

const packedLength = (rows: number, depth: number) => roundUp(rows, 4) * depth;

export function conv2d(x: TensorRef, weight: TensorRef, bias: TensorRef | null, g: ConvGeometry, out: TensorRef): void {
  if (winogradConv2d(x, weight, bias, g, out) || simdConv2d(x, weight, bias, g, out)) return;
  const d = dims(x, weight, out, g);
  if (d.N === 0 || d.Cout === 0 || d.L === 0) return;
  const engine = engineFor(out.dtype);
  const rows = chunkRows(d.K, d.OH, d.OW);
  const ld = roundUp(rows * d.OW, engine.tile);
  const [cols, acc, ...packed] = engine.alloc([d.K * ld, roundUp(d.Mg, 4) * ld, ...Array.from({ length: d.G }, () => packedLength(d.Mg, d.K))]);
  packed.forEach((buffer, grp) => packWeight(weight, d, grp, false, buffer));
  const X = dataOf(x.storage);
  const O = dataOf(out.storage);
  const B = bias === null ? null : dataOf(bias.storage);
  for (let n = 0; n < d.N; n++) {
    for (let grp = 0; grp < d.G; grp++) {
      const src = planes(x, n, grp * d.Cg, d.Cg);
      const o0 = out.offset + (n * d.Cout + grp * d.Mg) * d.L;
      for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
        const oh1 = Math.min(d.OH, oh0 + rows);
        const count = (oh1 - oh0) * d.OW;
        const width = roundUp(count, engine.tile);
        im2col(X, src, d.kh, d.kw, d.OW, oh0, oh1, g, cols!, { panels: false, width });
        engine.gemm(packed[grp]!, d.Mg, d.K, cols!, 0, width, width, acc!, 0, width, false);
        for (let m = 0; m < d.Mg; m++) {
          const b = B === null ? 0 : B[bias!.offset + (grp * d.Mg + m) * bias!.strides[0]!]!;
          const o = o0 + m * d.L + oh0 * d.OW;
          for (let j = 0, a = m * width; j < count; j++, a++) O[o + j] = acc![a]! + b;
        }
      }
    }
  }
}

export function conv2dBackwardInput(gradOut: TensorRef, weight: TensorRef, g: ConvGeometry, gradInput: TensorRef): void {
  if (winogradConv2dBackwardInput(gradOut, weight, g, gradInput) || simdConv2dBackwardInput(gradOut, weight, g, gradInput)) return;
  const d = dims(gradInput, weight, gradOut, g);
  if (d.N === 0 || d.C === 0) return;
  const engine = engineFor(gradInput.dtype);
  const rows = chunkRows(Math.max(d.K, d.Mg), d.OH, d.OW);
  const ld = roundUp(rows * d.OW, engine.tile);
  const [gout, cols, ...packed] = engine.alloc([d.Mg * ld, roundUp(d.K, 4) * ld, ...Array.from({ length: d.G }, () => packedLength(d.K, d.Mg))]);
  packed.forEach((buffer, grp) => packWeight(weight, d, grp, true, buffer));
  const GO = dataOf(gradOut.storage);
  const GI = dataOf(gradInput.storage);
  for (let n = 0; n < d.N; n++) {
    for (let grp = 0; grp < d.G; grp++) {
      const src = planes(gradOut, n, grp * d.Mg, d.Mg);
      // gradInput is fresh (zero-filled) and contiguous: col2im adds straight into it
      const dst = planes(gradInput, n, grp * d.Cg, d.Cg);
      for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
        const oh1 = Math.min(d.OH, oh0 + rows);
        const width = roundUp((oh1 - oh0) * d.OW, engine.tile);
        readChunk(GO, src, d.OW, oh0, oh1, gout!, width);
        engine.gemm(packed[grp]!, d.K, d.Mg, gout!, 0, width, width, cols!, 0, width, false);
        col2im(cols!, width, dst, d.kh, d.kw, d.OW, oh0, oh1, g, GI);
      }
    }
  }
}

export function conv2dBackwardWeight(x: TensorRef, gradOut: TensorRef, g: ConvGeometry, gradWeight: TensorRef, gradBias: TensorRef | null): void {
  if (winogradConv2dBackwardWeight(x, gradOut, g, gradWeight, gradBias) || simdConv2dBackwardWeight(x, gradOut, g, gradWeight, gradBias)) return;
  const d = dims(x, gradWeight, gradOut, g);
  if (d.Cout === 0) return;
  const engine = engineFor(gradWeight.dtype);
  const rows = chunkRows(Math.max(d.K, d.Mg), d.OH, d.OW);
  const depth = rows * d.OW;
  // dW[g]^T [K, Mg] += cols [K, positions] (packed: each patch row is read along positions) @ dOut[g]^T
  const mw = roundUp(d.Mg, engine.tile);
  const [cols, goutT, ...acc] = engine.alloc([packedLength(d.K, depth), depth * mw, ...Array.from({ length: d.G }, () => roundUp(d.K, 4) * mw)]);
  for (const a of acc) a.fill(0);
  const sums = gradBias === null ? null : new Float64Array(d.Cout);
  const X = dataOf(x.storage);
  const GO = dataOf(gradOut.storage);
  const GW = dataOf(gradWeight.storage);
  for (let n = 0; n < d.N; n++) {
    for (let grp = 0; grp < d.G; grp++) {
      const src = planes(x, n, grp * d.Cg, d.Cg);
      const gsrc = planes(gradOut, n, grp * d.Mg, d.Mg);
      for (let oh0 = 0; oh0 < d.OH; oh0 += rows) {
        const oh1 = Math.min(d.OH, oh0 + rows);
        const count = (oh1 - oh0) * d.OW;
        im2col(X, src, d.kh, d.kw, d.OW, oh0, oh1, g, cols!, { panels: true, width: count });
        readTransposed(GO, gsrc, d.OW, oh0, oh1, goutT!, mw, sums === null ? null : sums.subarray(grp * d.Mg, (grp + 1) * d.Mg));
        engine.gemm(cols!, d.K, count, goutT!, 0, mw, mw, acc[grp]!, 0, mw, true);
      }
    }
  }
  for (let grp = 0; grp < d.G; grp++) {
    const o0 = gradWeight.offset + grp * d.Mg * d.K;
    const a = acc[grp]!;
    for (let m = 0; m < d.Mg; m++) for (let k = 0; k < d.K; k++) GW[o0 + m * d.K + k] = a[k * mw + m]!;
  }
  if (gradBias !== null) {
    const GB = dataOf(gradBias.storage);
    for (let m = 0; m < d.Cout; m++) GB[gradBias.offset + m] = sums![m]!;
  }
}
