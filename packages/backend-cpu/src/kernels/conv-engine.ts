// Where convolution's matrix products run: the WebAssembly SIMD kernels (float32 sums for float32
// tensors, as PyTorch's CPU convolution; float64 sums for the other dtypes) or, without
// WebAssembly SIMD, the plain-JS kernel (float64 sums). Each engine hands out its own buffers:
// views of the WebAssembly memory, or plain Float64Arrays.
import type { DType } from '@x/tensor';
import { gemmPacked } from './conv-gemm';
import { wasmKernels } from './conv-wasm';

export type GemmBuffer = Float32Array | Float64Array;

export interface GemmEngine {
  /** Widths (N, ldb, ldc) are multiples of this; packed A has its rows padded to a multiple of 4. */
  readonly tile: number;
  /** Fresh buffers of these lengths, valid until the next `alloc` (contents unspecified). */
  alloc(lengths: readonly number[]): GemmBuffer[];
  /**
   * C[cOff + i * ldc + j] (+)= sum_k A[i, k] * B[bOff + k * ldb + j] for i < M and j < N: A packed by
   * packPanels (M rows, K deep), N a multiple of `tile`. Rows of C past M up to the next multiple of
   * 4, and columns past N up to ldc, may be overwritten.
   */
  gemm(A: GemmBuffer, M: number, K: number, B: GemmBuffer, bOff: number, ldb: number, N: number, C: GemmBuffer, cOff: number, ldc: number, accumulate: boolean): void;
}

const jsEngine: GemmEngine = {
  tile: 4,
  alloc: (lengths) => lengths.map((n) => new Float64Array(n)),
  gemm: (A, M, K, B, bOff, ldb, N, C, cOff, ldc, accumulate) =>
    gemmPacked(A as Float64Array, M, K, B as Float64Array, bOff, ldb, N, C as Float64Array, cOff, ldc, accumulate),
};

function wasmEngine(f64: boolean): GemmEngine | null {
  const kernels = wasmKernels();
  if (kernels === null) return null;
  const { memory } = kernels;
  const gemm = f64 ? kernels.gemm64 : kernels.gemm32;
  const es = f64 ? 8 : 4;
  return {
    tile: f64 ? 4 : 8,
    alloc: (lengths) => {
      // 64-byte aligned regions; growing the memory detaches earlier views, so all are made at once
      const offsets: number[] = [];
      let end = 0;
      for (const n of lengths) {
        offsets.push(end);
        end += Math.ceil((n * es) / 64) * 64;
      }
      if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
      return lengths.map((n, i) => (f64 ? new Float64Array(memory.buffer, offsets[i], n) : new Float32Array(memory.buffer, offsets[i], n)));
    },
    gemm: (A, M, K, B, bOff, ldb, N, C, cOff, ldc, accumulate) => {
      if (M === 0 || N === 0) return;
      gemm(A.byteOffset, B.byteOffset + bOff * es, C.byteOffset + cOff * es, Math.ceil(M / 4), K, N / (f64 ? 4 : 8), ldb * es, ldc * es, accumulate ? 1 : 0);
    },
  };
}

let engines: { f32: GemmEngine; f64: GemmEngine } | undefined;

/** The engine for a dtype. `useWasm: false` forces the JS kernel (tests compare the two). */
export function engineFor(dtype: DType, useWasm = wasmEnabled): GemmEngine {
  if (!useWasm) return jsEngine;
  engines ??= { f32: wasmEngine(false) ?? jsEngine, f64: wasmEngine(true) ?? jsEngine };
  return dtype === 'float32' ? engines.f32 : engines.f64;
}

let wasmEnabled = true;

/** Turns the WebAssembly kernels off (or back on): for tests and for measuring the JS fallback. */
export function setConvWasm(enabled: boolean): void {
  wasmEnabled = enabled;
}
