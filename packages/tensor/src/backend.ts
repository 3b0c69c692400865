// The Backend interface: the few primitive kernels a device implements. Everything else in @x/tensor
// is composed from these, so a new backend gets every op for free and may override none of them.
//
// Designed for an asynchronous device: kernels enqueue work on storage handles and return at once;
// only `read` waits. A synchronous device (the CPU) may also offer `readSync` and `typedArray`.
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

export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'sin' | 'cos'
  | 'tanh' | 'sigmoid' | 'relu' | 'floor' | 'ceil' | 'round' | 'trunc' | 'reciprocal' | 'erf'
  | 'logicalNot' | 'isnan';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'floorDivide' | 'truncDivide' | 'pow' | 'remainder' | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr';

/** `sum`/`prod` of bool or integers accumulate in the output dtype; `argmax`/`argmin` write int64 indices. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'argmax' | 'argmin';

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

export interface Backend {
  readonly device: string;
  supportsDType(dtype: DType): boolean;

  /** A new storage of `length` elements, zero-filled. */
  allocate(dtype: DType, length: number): Storage;
  /** A new storage holding a copy of `data` (already converted to dtype's array type). */
  upload(data: TypedArray, dtype: DType): Storage;
  /** The values of a view in row-major order, as a fresh typed array. */
  read(ref: TensorRef): Promise<TypedArray>;
  /** Synchronous read: only devices that can (the CPU). */
  readSync?(ref: TensorRef): TypedArray;
  /** The storage's own memory, shared (CPU only): for numpy() and fromArray(). */
  typedArray?(storage: Storage): TypedArray;
  /** A storage over caller-owned memory, shared (CPU only). */
  wrap?(data: TypedArray, dtype: DType): Storage;
  /** Frees device memory early; the storage must not be used afterwards. */
  dispose?(storage: Storage): void;

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
  // float32/float64). Inputs are any strided views; outputs are fresh contiguous tensors, zero-filled
  // by `allocate`, which a kernel may accumulate into.

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
