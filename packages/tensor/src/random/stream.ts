// What a Generator draws from: one implementation per kind of device. The CPU's reproduces PyTorch's CPU
// generator (mt19937 and the transforms ATen applies per dtype, cpu-stream.ts); every other device keeps
// a counter-based Philox stream (philox-stream.ts), as PyTorch's CUDA does. Each draws the same way
// whatever typed array it fills, so the values are a function of the seed and the calls made since.

export type FloatArray = Float32Array | Float64Array;
export type IntArray = Float64Array | Float32Array | Int32Array | Uint8Array;

export interface RandomStream {
  /** 'mt19937' (PyTorch's CPU stream) or 'philox'. */
  readonly kind: 'mt19937' | 'philox';
  /** Restarts the stream from `seed` (already normalized to [0, 2^64)) and clears cached normals. */
  reseed(seed: bigint): void;
  initialSeed(): bigint;
  /** A copy of the whole state; setState() resumes the exact stream from it. */
  getState(): Uint8Array;
  /** Validates fully before changing anything; `op` starts the error messages. */
  setState(state: Uint8Array, op: string): void;

  nextUint32(): number;
  /** 64 random bits as [high word, low word] (PyTorch's random64 = high << 32 | low). */
  nextUint64(): [number, number];
  /** Uniform in [0, 1) from 24 random bits. */
  nextFloat32(): number;
  /** Uniform in [0, 1) from 53 random bits. */
  nextFloat64(): number;
  /** A standard normal (Box-Muller, the pair's second value cached). */
  nextNormal(): number;
  /** A uniform integer in [low, high) (range already checked: 1 .. 2^53). */
  nextInt(low: number, range: number): number;

  fillUniform(out: FloatArray, low: number, high: number): void;
  /** `contiguous`: the tensor's memory is one dense block in this order (PyTorch's vectorised path may apply). */
  fillNormal(out: FloatArray, mean: number, std: number, contiguous: boolean): void;
  fillRandint(out: IntArray, low: number, range: number): void;
  /** Ones with probability p (a number, or one probability per element whose array type is its dtype). */
  fillBernoulli(out: IntArray | FloatArray, p: number | FloatArray): void;
  permutation(n: number): Float64Array;
}
