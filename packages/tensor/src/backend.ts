// The Backend interface: the few primitive kernels a device implements, plus what a device says about
// itself (caps), its memory (allocate/dispose), its error channel (check/sync) and optional fused
// kernels. Everything else in @x/tensor is composed from the primitives, so a new backend gets every
// op for free; the optional parts (fused kernels, `random`, `flush`, `memory`) are never required.
//
// Designed for an asynchronous device: kernels enqueue work on storage handles and return at once;
// only `read` and `sync` wait. A synchronous device (the CPU) also offers `readSync` and, when its
// storages are host memory, `typedArray` and `wrap` (caps say which).
//
// Aliasing: an `out` may also be one of a kernel's inputs (in-place ops pass the target itself, as
// `x.add_(y)` does), and two inputs may share a storage. A kernel must give the result it would give
// with fresh memory for `out` whenever out and the aliased input are the same view (same offset and
// strides), which is the only aliasing the front end creates; a device that must bind such an operand
// once (WebGPU rejects one buffer bound read-only and writable in one dispatch) binds it read-write.
import type { DType, TypedArray } from './dtype';
/** A device's buffer. Backends extend it with their own handle (a typed array, a GPUBuffer...). */
export interface Storage {
  readonly device: string;
  readonly dtype: DType;
  /** Elements, not bytes. */
  readonly length: number;
  /** Bumped by every in-place write; autograd uses it to detect modified saved tensors. */
  version: number;
}

/**
 * A strided view of a storage: what every kernel reads and writes. Strides may be 0 (broadcast) and,
 * for inputs only, negative (flip builds such a view and copies it); users never see negative strides.
 */
export interface TensorRef {
  readonly storage: Storage;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** For backend authors: the elementwise unary kernels a Backend implements. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'sin' | 'cos'
  | 'tanh' | 'sigmoid' | 'relu' | 'floor' | 'ceil' | 'round' | 'trunc' | 'reciprocal' | 'erf'
  | 'logicalNot' | 'isnan';

/** For backend authors: the elementwise binary kernels a Backend implements. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'floorDivide' | 'truncDivide' | 'pow' | 'remainder' | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr';

/** `sum`/`prod` of bool or integers accumulate in the output dtype; `argmax`/`argmin` write int64 indices. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'argmax' | 'argmin';

/** For backend authors: the scan kernels a Backend implements. */
export type ScanOp = 'cumsum' | 'cumprod';

/** A binary operand: a tensor view already broadcast to the output's shape, or a scalar. */
export type Operand = TensorRef | number;

/**
 * Where a 2-D convolution or pooling window reads an NCHW input: output position (oh, ow) and kernel
 * offset (i, j) read input row oh * stride[0] - padding[0] + i * dilation[0] (columns likewise).
 * `padding` is the top/left padding only: the bottom/right extent follows from the output's size,
 * so asymmetric padding (conv's 'same' with an even kernel) needs no padded copy. Reads outside the
 * input are zeros for a convolution and are skipped by max pooling.
 */
export interface ConvGeometry {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Input and output channels are split into this many groups, each convolved with its own filters. */
  readonly groups: number;
}

/** A pooling window: `kernel` is its size (rows, columns); the rest as in ConvGeometry. */
export interface PoolGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
}

/** How a device holds a dtype: in its own type, emulated in another (int64 in 32-bit lanes), or not at all. */
export type DTypeSupport = 'native' | 'emulated' | 'unsupported';

/** What a fresh storage holds: zeros, or whatever the memory held (pooled memory; the kernel overwrites every element). */
export type AllocInit = 'zeros' | 'uninit';

/** What a device can do, in one record: the front end reads these instead of probing for methods. */
export interface BackendCaps {
  /**
   * `readSync` works: values can be read without awaiting (the CPU). Such a device also checks data
   * (index bounds, a loss's input range) on the spot and throws at the op; other devices report data
   * errors through `check` at the next `read`/`sync`.
   */
  readonly syncRead: boolean;
  /** Storages are host memory that `typedArray` and `wrap` share without a copy (`numpy()`, `fromArray`). */
  readonly hostShared: boolean;
  /** How each dtype is held; an op that needs an 'unsupported' one fails with an error naming dtype, op and device. */
  readonly dtypes: Readonly<Record<DType, DTypeSupport>>;
  /** The integers an int64 storage holds exactly, [min, max]: ±(2^53 - 1) in float64 lanes, [-2^31, 2^31 - 1] when emulated in 32 bits. */
  readonly int64Range: readonly [min: number, max: number];
  /**
   * A storage nobody references frees its memory by itself (plain JS memory, the CPU): for tensors
   * the garbage collector takes without dispose(), the safety net then only updates the counts and
   * never holds on to their storages. False (a GPU): the safety net calls `dispose` for them.
   */
  readonly collectsGarbage: boolean;
}

/** What a device adds to `torch.memory()`: the front end itself counts live tensors, storages and their bytes. */
export interface DeviceMemory {
  /** Bytes the device keeps for reuse (a pool), not held by any live storage. */
  readonly pooledBytes: number;
  /** Anything else worth reporting (buffers, bytes as the device lays them out...). */
  readonly [key: string]: number;
}

/**
 * The counter-based random stream of a device (Philox4x32-10, as @x's host generator and PyTorch's
 * CUDA use): element i of `out` (row-major) draws from word i mod 4 of block `counter + floor(i / 4)`
 * (128-bit add, word 0 least significant) under `key`. `uniform` maps a word w to low + (high - low) *
 * ((w >>> 8) * 2^-24), kept below high; `normal` takes elements 2j, 2j+1 from u1 = 1 - ((w(2j) >>> 8) *
 * 2^-24) and u2 = (w(2j+1) >>> 8) * 2^-24 as mean + std * sqrt(-2 ln u1) * (cos, sin)(2 pi u2); `bits`
 * stores the word itself (0 .. 2^32 - 1; wrapped into int32). The front end reserves ceil(n / 4)
 * blocks per call, so every device gives the same numbers for the same seed.
 */
export interface RandomRequest {
  readonly kind: 'uniform' | 'normal' | 'bits';
  readonly key: readonly [number, number];
  readonly counter: readonly [number, number, number, number];
  /** uniform: low and high; normal: mean and std; bits: unused. */
  readonly a: number;
  readonly b: number;
}

/**
 * Kernels a backend may provide for composite ops. The front end keeps composing each of these from
 * primitives (that composition is the reference every fused kernel is tested against); when the
 * device registers one, the front end calls it instead, and a kernel that returns false (an operand
 * it does not handle: a dtype, a layout) falls back to the composition. A missing kernel is never an
 * error. Outputs are fresh contiguous tensors allocated 'uninit' unless stated otherwise. A kernel
 * that returns false has done nothing. On a device without sync reads a kernel decides from its
 * operands' metadata only (dtypes, shapes, strides, scalar arguments), never from their values, so it
 * can answer at once. Inputs are never aliased with outputs except where a kernel updates in place;
 * the front end bumps the version counters of the tensors a kernel updates in place.
 */
export interface FusedKernels {
  /** softmax (log: false) or log-softmax (log: true) of x along `dim` into out (x's shape), in x's float dtype. */
  softmax?(x: TensorRef, dim: number, log: boolean, out: TensorRef): boolean;
  /** The gradient of softmax/log-softmax: from the forward's output `y` and the incoming gradient `grad` into gradInput. */
  softmaxBackward?(y: TensorRef, grad: TensorRef, dim: number, log: boolean, gradInput: TensorRef): boolean;
  /**
   * out += a @ b in place for 2-D a [M, K], b [K, N] and out [M, N] (PyTorch's out.addmm_(a, b)), the
   * product's sums as the device's matmul; out shares no memory with a or b. The front end counts
   * the write (out's version). Autograd adds a linear layer's weight gradient into .grad with it.
   */
  addmm?(a: TensorRef, b: TensorRef, out: TensorRef): boolean;
  /** ReLU's gradient from its output y: gradInput = grad where y > 0, else 0 (PyTorch's threshold_backward(grad, y, 0)); all of y's shape. */
  reluBackward?(y: TensorRef, grad: TensorRef, gradInput: TensorRef): boolean;
  /** x [M, K] @ weight[N, K]^T + bias [N] (or null), then ReLU when `relu`, into out [M, N]. */
  linear?(x: TensorRef, weight: TensorRef, bias: TensorRef | null, relu: boolean, out: TensorRef): boolean;
  /**
   * Cross-entropy of logits [N, C] against int64 class targets [N]: per-sample losses into out [N]
   * (0 where target == ignoreIndex), with class weights [C] (or null) applied, no label smoothing.
   */
  crossEntropy?(logits: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, out: TensorRef): boolean;
  /**
   * PyTorch's nll_loss of log-probabilities logp [N, C] at int64 class targets [N], with class weights
   * [C] (or null): -weight[t]·logp[n, t] per sample (0 where t == ignoreIndex) into out [N] for
   * 'none'; their sum into out [] for 'sum'; for 'mean', that sum divided by the summed weights of
   * the non-ignored targets (all ignored: NaN), in PyTorch's summation order. A device that can read
   * the targets at once returns false for one out of range, and the composition raises PyTorch's error.
   */
  nllLoss?(logp: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, reduction: 'none' | 'sum' | 'mean', out: TensorRef): boolean;
  /**
   * nll_loss's gradient into gradInput [N, C] (logp's shape): zero but at each non-ignored target,
   * gradInput[n, t] = weight[t]·(-g) with g = grad[n] ('none'), grad ('sum', grad []) or grad divided
   * by the summed weights of the non-ignored targets ('mean'), as PyTorch's nll_loss_backward.
   */
  nllLossBackward?(grad: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, reduction: 'none' | 'sum' | 'mean', gradInput: TensorRef): boolean;
  /** Layer norm over the last `normalizedDims` dims of x, with optional elementwise weight and bias of those dims' shape. */
  layerNorm?(x: TensorRef, normalizedDims: number, weight: TensorRef | null, bias: TensorRef | null, eps: number, out: TensorRef): boolean;
  /** One Adam/AdamW step on one parameter, in place (param, expAvg, expAvgSq, maxExpAvgSq): see AdamStep. */
  adam?(step: AdamStep): boolean;
  /** One SGD step with momentum on one parameter, in place: see SgdStep. */
  sgd?(step: SgdStep): boolean;
  /**
   * An elementwise chain: `ops` applied in order to a running value that starts as `inputs[0]`, each
   * binary op taking its other operand from the next input (a view broadcast to out's shape, or a
   * scalar); every intermediate is rounded to `compute` as the unfused kernels would.
   */
  elementwise?(ops: readonly ChainOp[], inputs: readonly Operand[], out: TensorRef, compute: DType): boolean;
}

/** One link of an elementwise chain: a unary op, or a binary op whose right operand is the chain's next input (`swap`: it is the left one). */
export type ChainOp = { readonly unary: UnaryOp } | { readonly binary: BinaryOp; readonly swap?: boolean };

/**
 * PyTorch 1.13's single-tensor Adam/AdamW for one contiguous parameter, operation for operation
 * (each result rounded to the parameter's dtype): `stepSize` = lr / (1 - beta1^step) and
 * `biasCorrection2Sqrt` = sqrt(1 - beta2^step) come computed in float64 on the host.
 */
export interface AdamStep {
  readonly param: TensorRef;
  readonly grad: TensorRef;
  readonly expAvg: TensorRef;
  readonly expAvgSq: TensorRef;
  /** amsgrad's running maximum, or null. */
  readonly maxExpAvgSq: TensorRef | null;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: param *= 1 - lr * weightDecay before the update (else weight decay is added to the gradient). */
  readonly decoupled: boolean;
  readonly maximize: boolean;
  readonly stepSize: number;
  readonly biasCorrection2Sqrt: number;
}

/**
 * PyTorch 1.13's SGD with momentum for one parameter, in place: the momentum buffer is already
 * initialised to the first step's gradient by the front end, which runs that step itself.
 */
export interface SgdStep {
  readonly param: TensorRef;
  readonly grad: TensorRef;
  readonly momentumBuffer: TensorRef;
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
}

/** For backend authors: what `Backend.info()` reports (torch.backendInfo adds the device, availability and threads). */
export interface BackendKernelInfo {
  /** The kernels that run: `'wasm-simd'` or `'typescript'` on the CPU, `'webgpu'` on WebGPU. */
  readonly kernels: string;
  /** Why these kernels and not faster ones (null when the fastest run), e.g. a CSP forbidding WebAssembly. */
  readonly reason: string | null;
  /** How many threads the kernels may use now (the caller's included). */
  readonly threads?: number;
}

/** For backend authors: what a device implements (storage, kernels, caps), registered with `registerBackend`; see @x/backend-cpu. */
export interface Backend {
  readonly device: string;
  readonly caps: BackendCaps;
  /**
   * Whether the device can run work in this process now (WebGPU: an adapter was found); absent means
   * always. `torch.isAvailable(device)` asks it.
   */
  available?(): boolean;
  /**
   * Which kernels run here and why (`torch.backendInfo(device)` asks it): e.g. the CPU's WebAssembly
   * SIMD kernels, or its TypeScript kernels because a Content-Security-Policy forbids compiling
   * WebAssembly. Absent: the backend does not say.
   */
  info?(): BackendKernelInfo;

  // ---- memory ----

  /**
   * A new storage of `length` elements: zero-filled ('zeros'), or with unspecified contents
   * ('uninit': the caller overwrites every element before reading, so pooled memory need not be cleared).
   */
  allocate(dtype: DType, length: number, init: AllocInit): Storage;
  /** A new storage holding a copy of `data` (already converted to dtype's array type). */
  upload(data: TypedArray, dtype: DType): Storage;
  /**
   * Frees a storage: the front end calls it exactly once, when the last tensor over the storage is
   * disposed (t.dispose(), torch.tidy, or the garbage-collection safety net). Work queued before it
   * still reads and writes the storage; the device may reuse the memory for later allocations.
   */
  dispose(storage: Storage): void;
  /** The storage's own memory, shared (caps.hostShared): for numpy(). Such memory has escaped: never pool it. */
  typedArray?(storage: Storage): TypedArray;
  /** A storage over caller-owned memory, shared (caps.hostShared): for fromArray() and load(). Never pooled. */
  wrap?(data: TypedArray, dtype: DType): Storage;
  /** Pool statistics and the like for torch.memory(). */
  memory?(): DeviceMemory;

  // ---- reads, errors, and the queue ----

  /**
   * The values of a view in row-major order, as a fresh typed array. Waits for queued work; rejects
   * with the first data error recorded (by `check` or a kernel) since the last read or sync, and clears it.
   */
  read(ref: TensorRef): Promise<TypedArray>;
  /** Synchronous read: exactly when caps.syncRead. */
  readSync?(ref: TensorRef): TypedArray;
  /**
   * A data check (an index out of range, a loss input outside its domain): when the queued work
   * reaches it, if any element of the bool view `flag` is true, the device records `error(v)`, where v
   * is the element of `values` (a view of flag's shape, when given) at the first true position in
   * row-major order. The first error recorded wins; the next read or sync rejects with it and clears
   * it. A device with caps.syncRead may throw at once instead. A device may record an error that its
   * own kernel finds (an index out of range) the same way, instead of throwing from a queued kernel.
   */
  check(flag: TensorRef, error: (value?: number) => Error, values?: TensorRef): void;
  /** Submits queued work without waiting (end of optimizer.step, each DataLoader batch). Optional. */
  flush?(): void;
  /** Resolves when all queued work has finished; rejects with a recorded data error, as `read` does. */
  sync(): Promise<void>;

  // ---- optional kernels ----

  /** Fills a contiguous float32/float64 (uniform, normal) or integer (bits) view from the device's counter-based stream. */
  random?(request: RandomRequest, out: TensorRef): void;
  /** Faster kernels for composite ops (see FusedKernels); absent ones are composed from primitives. */
  readonly fused?: FusedKernels;

  // Kernels. `out` is any strided view (in-place ops pass the target itself); inputs have out's
  // shape (broadcast dims carry stride 0). Values are converted to out's dtype as PyTorch casts.

  fill(out: TensorRef, value: number): void;
  /** Strided copy with dtype conversion. */
  copy(src: TensorRef, out: TensorRef): void;
  /** `compute` is the dtype the op is evaluated in (inputs are cast to it first). */
  unary(op: UnaryOp, x: TensorRef, out: TensorRef, compute: DType): void;
  binary(op: BinaryOp, a: Operand, b: Operand, out: TensorRef, compute: DType): void;
  where(cond: TensorRef, a: Operand, b: Operand, out: TensorRef): void;
  /** clamp with optional bounds; the bounds are already cast to `compute`. */
  clamp(x: TensorRef, min: Operand | null, max: Operand | null, out: TensorRef, compute: DType): void;
  /**
   * Reduces `dims` of x; out has x's shape with those dims set to 1. For argmax/argmin `dims` has
   * one entry and ties give the first index (NaN counts as the maximum, as in PyTorch).
   */
  reduce(op: ReduceOp, x: TensorRef, dims: readonly number[], out: TensorRef): void;
  /** Inclusive scan along `dim`; x already has out's dtype (or is an integer widened into int64 out). */
  scan(op: ScanOp, x: TensorRef, dim: number, out: TensorRef): void;
  /** Batched matrix product: a [...B, M, K] @ b [...B, K, N] -> out [...B, M, N], batch dims already broadcast. */
  matmul(a: TensorRef, b: TensorRef, out: TensorRef): void;
  /** out[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (and so on); index is int64 with out's shape. */
  gather(x: TensorRef, dim: number, index: TensorRef, out: TensorRef): void;
  /** out[index[i][j]][j] = src[i][j] (dim 0), or accumulates with 'add'/'multiply'; out is written in place. */
  scatter(out: TensorRef, dim: number, index: TensorRef, src: Operand, reduce: 'none' | 'add' | 'multiply'): void;
  /** Sorts along `dim` (stable); NaN sorts as the largest value. Writes values and int64 indices. */
  sort(x: TensorRef, dim: number, descending: boolean, values: TensorRef, indices: TensorRef): void;

  // Convolution and pooling. All operands have one dtype (convolution: any but bool; max pooling:
  // float32/float64). Inputs are any strided views; outputs are fresh contiguous tensors. conv2d and
  // maxPool2d get them 'uninit' and must write every element; the gradients get them with 'zeros',
  // which a kernel may accumulate into.

  /**
   * Cross-correlation plus bias: x [N, C, H, W] with weight [Cout, C / groups, kh, kw] and bias
   * [Cout] (or null) -> out [N, Cout, OH, OW]. float32 may be summed in float32, as PyTorch does.
   */
  conv2d(x: TensorRef, weight: TensorRef, bias: TensorRef | null, geometry: ConvGeometry, out: TensorRef): void;
  /** The gradient of conv2d with respect to x: gradOut [N, Cout, OH, OW] -> gradInput [N, C, H, W]. */
  conv2dBackwardInput(gradOut: TensorRef, weight: TensorRef, geometry: ConvGeometry, gradInput: TensorRef): void;
  /**
   * The gradients of conv2d with respect to weight and bias: (x, gradOut) -> gradWeight [Cout, C /
   * groups, kh, kw] and, unless null, gradBias [Cout] (gradOut summed over samples and positions).
   */
  conv2dBackwardWeight(x: TensorRef, gradOut: TensorRef, geometry: ConvGeometry, gradWeight: TensorRef, gradBias: TensorRef | null): void;
  /**
   * Max pooling of x [N, C, H, W] into values [N, C, OH, OW] and int64 indices (ih * W + iw within
   * each plane, as PyTorch's). Positions outside the input are skipped; the first maximum in
   * row-major window order wins, and a NaN always replaces the current maximum (PyTorch's rule).
   */
  maxPool2d(x: TensorRef, geometry: PoolGeometry, values: TensorRef, indices: TensorRef): void;
  /**
   * The gradient of maxPool2d: each gradOut value [N, C, OH, OW] is added to gradInput [N, C, H, W]
   * at its index (summed where windows share a maximum). `geometry` lets a device gather per input
   * position (the windows that can hold it) instead of scattering with atomics.
   */
  maxPool2dBackward(gradOut: TensorRef, indices: TensorRef, geometry: PoolGeometry, gradInput: TensorRef): void;
}
