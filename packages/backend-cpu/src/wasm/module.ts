// The float32 SIMD kernels (wasm/*.c, compiled by scripts/build-wasm.mjs) instantiated over one shared
// WebAssembly memory, the memory CPU storages live in (heap.ts). Pointers and strides passed to the
// kernels are bytes and elements as each export says. Where WebAssembly SIMD or shared memory is
// missing (an old engine; a browser page that is not cross-origin isolated), or a Content Security
// Policy forbids compiling, `simdKernels()` is null and the plain-TypeScript kernels serve.
import { KERNELS_WASM_BASE64 } from './kernels-bytes';

type I = number;
export interface SimdKernels {
  readonly memory: WebAssemblyMemory;
  binary_f32(op: I, rows: I, cols: I, a: I, ars: I, ai: I, b: I, brs: I, bi: I, out: I, ors: I): void;
  compare_f32(op: I, rows: I, cols: I, a: I, ars: I, ai: I, b: I, brs: I, bi: I, out: I, ors: I): void;
  where_f32(rows: I, cols: I, cond: I, crs: I, ci: I, a: I, ars: I, ai: I, b: I, brs: I, bi: I, out: I, ors: I): void;
  unary_f32(op: I, rows: I, cols: I, a: I, ars: I, out: I, ors: I): void;
  copy2d_32(rows: I, cols: I, src: I, srs: I, scs: I, dst: I, drs: I): void;
  fill_64(dst: I, n: I, value: number): void;
  fill_32(dst: I, n: I, bits: I): void;
  fill_8(dst: I, n: I, value: I): void;
  im2col_f32(x: I, channels: I, sc: I, srow: I, scol: I, H: I, W: I, kh: I, kw: I, OW: I, oh0: I, oh1: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I, cols: I, width: I): void;
  col2im_f32(cols: I, width: I, image: I, channels: I, sc: I, srow: I, scol: I, H: I, W: I, kh: I, kw: I, OW: I, oh0: I, oh1: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I): void;
  conv_im2col_f32(x: I, x0: I, x1: I, x2: I, x3: I, H: I, W: I, Cg: I, G: I, Mg: I, w: I, kh: I, kw: I, OH: I, OW: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I, bias: I, bs: I, out: I, rows: I, u0: I, u1: I, cols: I, ws: I): void;
  conv_im2col_dgrad_f32(dy: I, dy0: I, dy1: I, w: I, gi: I, g0: I, g1: I, g2: I, g3: I, H: I, W: I, Cg: I, G: I, Mg: I, kh: I, kw: I, OH: I, OW: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I, rows: I, u0: I, u1: I, cols: I, ws: I): void;
  conv_im2col_wgrad_f32(x: I, x0: I, x1: I, x2: I, x3: I, H: I, W: I, dy: I, dy0: I, dy1: I, Cg: I, G: I, Mg: I, kh: I, kw: I, OH: I, OW: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I, rows: I, u0: I, u1: I, cols: I, ws: I, part: I, bias: I): void;
  conv_im2col_wgrad_finish_f32(part: I, threads: I, stride: I, G: I, Mg: I, K: I, dw: I, db: I): void;
  maxpool2d_f32(x: I, N: I, C: I, s0: I, s1: I, s2: I, s3: I, H: I, W: I, OH: I, OW: I, kh: I, kw: I, sh: I, sw: I, ph: I, pw: I, dh: I, dw: I, values: I, indices: I): void;
  maxpool2d_backward_f32(g: I, N: I, C: I, g0: I, g1: I, g2: I, g3: I, idx: I, i0: I, i1: I, i2: I, i3: I, OH: I, OW: I, d: I, plane: I): void;
  winograd_workspace(K: I, M: I, OW: I): number;
  winograd_weights_f32(w: I, M: I, K: I, sm: I, sk: I, si: I, sj: I, U: I): void;
  winograd_f32(x: I, K: I, sx0: I, sx1: I, sx2: I, sx3: I, H: I, W: I, U: I, M: I, OH: I, OW: I, ph: I, pw: I, bias: I, bs: I, out: I, g0: I, g1: I, ws: I): void;
  winograd_wgrad_workspace(K: I, M: I, OW: I): number;
  winograd_wgrad_f32(x: I, K: I, sx0: I, sx1: I, sx2: I, sx3: I, H: I, W: I, dy: I, M: I, sy0: I, sy1: I, sy2: I, sy3: I, OH: I, OW: I, ph: I, pw: I, g0: I, g1: I, ws: I): void;
  winograd_wgrad_finish_f32(ws: I, threads: I, stride: I, K: I, M: I, OW: I, dw: I): void;
  sgemm_workspace(): number;
  sgemm(M: I, N: I, K: I, a: I, ars: I, acs: I, b: I, brs: I, bcs: I, c: I, ldc: I, accumulate: I, row0: I, row1: I, ws: I): void;
  bias_relu(c: I, ldc: I, N: I, bias: I, relu: I, row0: I, row1: I): void;
  reduce_rows_f32(op: I, rows: I, cols: I, x: I, xrs: I, out: I, ors: I): void;
  reduce_cols_f32(op: I, outer: I, R: I, inner: I, x: I, out: I): void;
  argreduce_rows_f32(op: I, rows: I, cols: I, x: I, xrs: I, out: I, ors: I): void;
  argreduce_cols_f32(op: I, outer: I, R: I, inner: I, x: I, out: I): void;
  softmax_f32(rows: I, cols: I, x: I, out: I, log: I): void;
  softmax_backward_f32(rows: I, cols: I, y: I, g: I, out: I, log: I): void;
  cross_entropy_f32(rows: I, cols: I, x: I, target: I, weight: I, ignore: I, out: I): void;
  adam_f32(
    n: I, param: I, grad: I, m: I, v: I, vmax: I, lrWd: number, wd: number, beta1: number, oneMinusBeta1: number,
    beta2: number, oneMinusBeta2: number, bc2sqrt: number, eps: number, negStep: number, decoupled: I, maximize: I,
  ): void;
  sgd_f32(n: I, param: I, grad: I, buf: I, negLr: number, wd: number, momentum: number, oneMinusDampening: number, nesterov: I, maximize: I): void;
}

/** Binary op codes of binary_f32/compare_f32 (wasm/elementwise.c). */
export const BINARY_CODE: Readonly<Record<string, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, lt: 6, le: 7, gt: 8, ge: 9, eq: 10, ne: 11 };
/** binary_f32's code for ReLU's gradient (a: the incoming gradient, b: ReLU's output): fused.reluBackward. */
export const RELU_GRAD_CODE = 12;
/** Unary op codes of unary_f32. */
export const UNARY_CODE: Readonly<Record<string, number>> = {
  neg: 0, abs: 1, sqrt: 2, exp: 3, log: 4, sigmoid: 5, tanh: 6, relu: 7, reciprocal: 8, rsqrt: 9,
};
/** Reduce op codes of reduce_rows_f32/reduce_cols_f32. */
export const REDUCE_CODE: Readonly<Record<string, number>> = { sum: 0, max: 1, min: 2 };

/** The parts of the WebAssembly API used here (lib "ES2022" declares none of it). */
export interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WebAssemblyMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** 4 GiB: the most a wasm32 memory can hold. Shared memory reserves its maximum up front (address space only). */
export const MAX_PAGES = 65536;

function decode(b64: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array }; atob?: (s: string) => string };
  if (g.Buffer) return new Uint8Array(g.Buffer.from(b64, 'base64'));
  const bin = g.atob!(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let module: object | null | undefined;
let kernels: SimdKernels | null | undefined;
/** Why the SIMD kernels cannot run here (null while they can, or before the first check). */
let unavailable: string | null = null;

const describeError = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The compiled module (for worker threads to instantiate over the same memory), or null. */
export function kernelModule(): object | null {
  if (module !== undefined) return module;
  module = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) unavailable = 'this engine has no WebAssembly';
    else if (typeof SharedArrayBuffer === 'undefined') unavailable = 'no SharedArrayBuffer (a page needs cross-origin isolation: the COOP and COEP headers)';
    else module = new wasm.Module(decode(KERNELS_WASM_BASE64));
  } catch (e) {
    // no SIMD or threads proposal in this engine, or compiling is forbidden: the TypeScript kernels serve
    unavailable = `the WebAssembly SIMD kernels do not compile here (a Content-Security-Policy without 'wasm-unsafe-eval', or an engine without SIMD): ${describeError(e)}`;
  }
  return module;
}

/** Instantiates the kernels over `memory` (the main thread's, or a worker's view of the same memory). */
export function instantiate(mod: object, memory: WebAssemblyMemory): SimdKernels {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new wasm.Instance(mod, { env: { memory } });
  return Object.assign(Object.create(null) as object, instance.exports as object, { memory }) as SimdKernels;
}

/** The kernels over the backend's shared memory, or null where they cannot run (checked once). */
export function simdKernels(): SimdKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  const mod = kernelModule();
  if (mod === null) return kernels;
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const memory = new wasm.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    kernels = instantiate(mod, memory);
  } catch (e) {
    kernels = null;
    unavailable = `the WebAssembly SIMD kernels do not start here (shared memory refused): ${describeError(e)}`;
  }
  return kernels;
}

let enabled = true;

/** The kernels when enabled (tests and benches turn them off to run the TypeScript reference). */
export function simd(): SimdKernels | null {
  return enabled ? simdKernels() : null;
}

/** Turns the WebAssembly SIMD kernels off (false) or back on: the TypeScript kernels then run every op. */
export function setSimd(on: boolean): void {
  enabled = on;
}

/** Which kernels run, and why not the SIMD ones when they do not (torch.backendInfo('cpu') reports it). */
export function simdStatus(): { readonly kernels: 'wasm-simd' | 'typescript'; readonly reason: string | null } {
  if (!enabled) return { kernels: 'typescript', reason: 'the WebAssembly SIMD kernels were turned off (setSimd(false))' };
  return simdKernels() ? { kernels: 'wasm-simd', reason: null } : { kernels: 'typescript', reason: unavailable ?? 'the WebAssembly SIMD kernels cannot run here' };
}
