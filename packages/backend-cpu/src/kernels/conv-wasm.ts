// The matrix-product micro-kernel of convolution in WebAssembly SIMD, emitted here as bytes (no
// toolchain, no eval): ~4-7x the plain-JS kernel (V8, Node 20: ~19 GFLOP/s in float32 against ~3-5
// for JS on one core). Absent WebAssembly SIMD (or where a page's CSP forbids compiling it), the
// engines in conv-engine.ts fall back to the JS kernel.
//
// gemm32/gemm64(a, b, c, panels, K, blocks, ldb, ldc, accumulate), pointers in bytes:
//   for each panel p < panels (4 rows of A, packed by packPanels) and block q < blocks (8 float32 or
//   4 float64 columns): C[4p + r][q * w + x] (+)= sum_k A[p][k][r] * B[k][q * w + x]
// with row strides ldb and ldc in bytes. A 4 x (2 vectors) tile of sums stays in registers.

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));
const simd = (code: number, ...rest: number[]): number[] => [0xfd, ...uleb(code), ...rest];

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = [0x6a];
const SUB = [0x6b];
const MUL = [0x6c];
const EQ = [0x46];
const EQZ = [0x45];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = [0x0b];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const vload = (offset: number) => simd(0x00, 4, ...uleb(offset));
const vstore = (offset: number) => simd(0x0b, 4, ...uleb(offset));
const VZERO = simd(0x0c, ...new Array<number>(16).fill(0));

/** The kernel's code (locals and body) for float64 (f64x2) or float32 (f32x4) lanes. */
function kernel(f64: boolean): number[] {
  const es = f64 ? 8 : 4;
  const add = f64 ? simd(0xf0) : simd(0xe4);
  const mul = f64 ? simd(0xf2) : simd(0xe6);
  const splat = (offset: number) => (f64 ? simd(0x0a, 3, ...uleb(offset)) : simd(0x09, 2, ...uleb(offset)));
  // params
  const [A, B, C, PANELS, K, BLOCKS, LDB, LDC, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // i32 locals, then v128 locals: 8 sums, 2 B vectors, 1 A splat
  const [i, j, k, pa, pb, pc] = [9, 10, 11, 12, 13, 14];
  const sum = (r: number, h: number) => 15 + r * 2 + h;
  const bv = (h: number) => 23 + h;
  const av = 25;
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) code.push(...p);
  };
  emit(i32(0), set(i), BLOCK, LOOP, get(i), get(PANELS), EQ, brIf(1));
  emit(i32(0), set(j), BLOCK, LOOP, get(j), get(BLOCKS), EQ, brIf(1));
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) emit(VZERO, set(sum(r, h)));
  emit(get(A), get(i), get(K), MUL, i32(4 * es), MUL, ADD, set(pa));
  emit(get(B), get(j), i32(32), MUL, ADD, set(pb));
  emit(get(K), set(k), BLOCK, get(k), EQZ, brIf(0), LOOP);
  emit(get(pb), vload(0), set(bv(0)), get(pb), vload(16), set(bv(1)));
  for (let r = 0; r < 4; r++) {
    emit(get(pa), splat(r * es), set(av));
    for (let h = 0; h < 2; h++) emit(get(sum(r, h)), get(av), get(bv(h)), mul, add, set(sum(r, h)));
  }
  emit(get(pa), i32(4 * es), ADD, set(pa), get(pb), get(LDB), ADD, set(pb));
  emit(get(k), i32(1), SUB, tee(k), brIf(0), END, END);
  // pc = C + 4 i ldc + 32 j; rows r at pc + r ldc
  emit(get(C), get(i), i32(4), MUL, get(LDC), MUL, ADD, get(j), i32(32), MUL, ADD, set(pc));
  const row = (r: number) => [...get(pc), ...get(LDC), ...i32(r), ...MUL, ...ADD];
  emit(get(ACCUMULATE), IF);
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) emit(get(sum(r, h)), row(r), vload(16 * h), add, set(sum(r, h)));
  emit(END);
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) emit(row(r), get(sum(r, h)), vstore(16 * h));
  emit(get(j), i32(1), ADD, set(j), br(0), END, END);
  emit(get(i), i32(1), ADD, set(i), br(0), END, END);
  const locals = vec([[...uleb(6), I32], [...uleb(11), V128]]);
  return [...locals, ...code, ...END];
}

function moduleBytes(): Uint8Array {
  const gemmType = [0x60, ...vec(new Array<number[]>(9).fill([I32])), ...vec([])];
  const bodies = [kernel(false), kernel(true)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([gemmType])),
    ...section(3, vec([uleb(0), uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('gemm32'), 0x00, 0], [...name('gemm64'), 0x00, 1], [...name('memory'), 0x02, 0]])),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ]);
}

type Gemm = (a: number, b: number, c: number, panels: number, K: number, blocks: number, ldb: number, ldc: number, accumulate: number) => void;

/** The parts of the WebAssembly API used here (lib "ES2022" declares none of it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmKernels {
  readonly memory: WasmMemory;
  readonly gemm32: Gemm;
  readonly gemm64: Gemm;
}

let loaded: WasmKernels | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (checked once). */
export function wasmKernels(): WasmKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm) {
      const instance = new wasm.Instance(new wasm.Module(moduleBytes()), {});
      loaded = instance.exports as unknown as WasmKernels;
    }
  } catch {
    // no SIMD (an old engine), or compiling is forbidden: the JS kernel serves
  }
  return loaded;
}
