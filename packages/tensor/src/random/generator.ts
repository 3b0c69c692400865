// torch.Generator: a seeded stream of random numbers for one kind of device. A CPU generator (the default)
// reproduces PyTorch's CPU stream (mt19937, cpu-stream.ts); a generator of any other device draws from a
// counter-based Philox stream (philox.ts), which a device can also produce in parallel, as PyTorch's CUDA
// generators do. The sampling methods are what tensor creation (rand, randn, randint, randperm, ...) and
// the in-place fills (uniform_, normal_, bernoulli_, ...) are built on.
import type { Device } from '../device';
import { CpuStream } from './cpu-stream';
import { PhiloxStream } from './philox';
import { DEFAULT_SEED, intRange, nondeterministicSeed, toSeed } from './seed';
import type { FloatArray, IntArray, RandomStream } from './stream';

/** `new Generator(options)`: the device whose tensors it fills and the seed. */
export interface GeneratorOptions {
  /** The device whose tensors it fills (default 'cpu'): 'cpu' gives PyTorch's CPU stream, any other Philox. */
  device?: Device;
  /** The seed (default: torch.Generator()'s, 67280421310721). */
  seed?: number | bigint;
}

/** What setState accepts: the bytes of getState(), or the uint8 tensor PyTorch's get_rng_state() returns. */
export type RngState = Uint8Array | { readonly dtype: string; dataSync(): ArrayLike<number> };

function stateBytes(state: RngState, op: string): Uint8Array {
  if (state instanceof Uint8Array) return state;
  if (state !== null && typeof state === 'object' && typeof (state as { dataSync?: unknown }).dataSync === 'function') {
    if (state.dtype !== 'uint8') throw new TypeError(`${op}: expected a uint8 state tensor (torch.get_rng_state()'s dtype), got ${state.dtype}`);
    return Uint8Array.from(state.dataSync());
  }
  throw new TypeError(`${op}: expected the state from getState() (a Uint8Array) or a uint8 tensor, got ${Object.prototype.toString.call(state)}`);
}

function checkUniform(low: number, high: number): void {
  if (!(low <= high) || !Number.isFinite(high - low)) {
    throw new RangeError(`uniform_: expects to return a [from, to) range of finite values, but found from=${low}, to=${high}`);
  }
}

function checkNormal(mean: number, std: number): void {
  if (!Number.isFinite(mean) || !(std >= 0) || !Number.isFinite(std)) {
    throw new RangeError(`normal_: expects a finite mean and a finite std >= 0.0, but found mean=${mean}, std=${std}`);
  }
}

/**
 * A seeded stream of random numbers, like torch.Generator: `new Generator()` (CPU, PyTorch's stream),
 * `new Generator(seed)`, `new Generator({ device: 'webgpu', seed })`. Everything it returns is a deterministic
 * function of the seed and the calls made since.
 *
 * Generators from two copies of this module (CJS and ESM in one process) are different classes:
 * check for a generator with isGenerator(), not instanceof, and use only public methods on one.
 */
export class Generator {
  /** The device whose tensors it fills: 'cpu' (PyTorch's mt19937 stream) or another device (Philox). */
  readonly device: string;
  private readonly stream: RandomStream;

  constructor(seedOrOptions: number | bigint | GeneratorOptions = {}) {
    const options: GeneratorOptions = typeof seedOrOptions === 'object' && seedOrOptions !== null ? seedOrOptions : { seed: seedOrOptions };
    const device = options.device ?? 'cpu';
    if (typeof device !== 'string' || (device as string) === '') throw new TypeError(`Generator: device must be a device string such as 'cpu', got ${String(device)}`);
    this.device = device;
    this.stream = device === 'cpu' ? new CpuStream() : new PhiloxStream();
    this.manualSeed(options.seed ?? DEFAULT_SEED);
  }

  /** 'mt19937' for a CPU generator (PyTorch's CPU stream), 'philox' for any other device. */
  get kind(): 'mt19937' | 'philox' {
    return this.stream.kind;
  }

  /** Sets the seed and restarts the stream (torch.Generator.manual_seed). Negative seeds wrap modulo 2^64. */
  manualSeed(seed: number | bigint): this {
    this.stream.reseed(toSeed(seed, 'manualSeed'));
    return this;
  }

  /** The seed the stream started from, in [0, 2^64) (torch.Generator.initial_seed). */
  initialSeed(): bigint {
    return this.stream.initialSeed();
  }

  /** Re-seeds from a non-deterministic source and returns the new seed (torch.Generator.seed). */
  seed(): number {
    const s = nondeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /**
   * A snapshot of the whole state (a copy); setState() resumes the exact stream from it. A CPU generator's
   * state has the layout of PyTorch's torch.get_rng_state() (5056 bytes), so it round-trips with PyTorch.
   */
  getState(): Uint8Array {
    return this.stream.getState();
  }

  /** Restores a state from getState() (or PyTorch's, for a CPU generator); validates it fully first. */
  setState(state: RngState): this {
    this.stream.setState(stateBytes(state, 'Generator.setState'), 'Generator.setState');
    return this;
  }

  /** A uniform uint32 (PyTorch's random()). */
  nextUint32(): number {
    return this.stream.nextUint32();
  }

  /** 64 random bits as a bigint (PyTorch's random64(): two draws, the first the high word). */
  nextUint64(): bigint {
    const [high, low] = this.stream.nextUint64();
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** Uniform in [0, 1) from 24 random bits (a float32 uniform). */
  nextFloat32(): number {
    return this.stream.nextFloat32();
  }

  /** Uniform in [0, 1) from 53 random bits (a float64 uniform). */
  nextFloat64(): number {
    return this.stream.nextFloat64();
  }

  /** A standard normal (Box-Muller; the second output of each pair is cached and returned next). */
  nextNormal(): number {
    return this.stream.nextNormal();
  }

  /** A uniform integer in [low, high); high - low may be up to 2^53 (as torch.randint draws one). */
  nextInt(low: number, high: number): number {
    return this.stream.nextInt(low, intRange(low, high, 'nextInt'));
  }

  /** Fills out with uniform values in [low, high), as uniform_ on a tensor of out's dtype. */
  fillUniform<T extends FloatArray>(out: T, low: number, high: number): T {
    checkUniform(low, high);
    this.stream.fillUniform(out, low, high);
    return out;
  }

  /**
   * Fills out with normal values of the given mean and standard deviation (std >= 0), as normal_ on a
   * tensor of out's dtype; `contiguous: false` for a tensor whose memory is not one dense block.
   */
  fillNormal<T extends FloatArray>(out: T, mean: number, std: number, options: { contiguous?: boolean } = {}): T {
    checkNormal(mean, std);
    this.stream.fillNormal(out, mean, std, options.contiguous ?? true);
    return out;
  }

  /** Fills out with uniform integers in [low, high); every value must fit out's element type. */
  fillRandint<T extends IntArray>(out: T, low: number, high: number): T {
    this.stream.fillRandint(out, low, intRange(low, high, 'randint'));
    return out;
  }

  /** Fills out with ones with probability p (a number in [0, 1], or one probability per element). */
  fillBernoulli<T extends IntArray>(out: T, p: number | FloatArray): T {
    this.stream.fillBernoulli(out, p);
    return out;
  }

  /**
   * For a device's random kernel (Backend.random): reserves `blocks` Philox blocks and returns the key and
   * the first block's counter; later draws continue after them. Philox generators only (not the CPU's).
   */
  reserveBlocks(blocks: number): { key: [number, number]; counter: [number, number, number, number] } {
    if (!(this.stream instanceof PhiloxStream)) throw new TypeError(`reserveBlocks: the '${this.device}' generator is not a Philox stream (the CPU's is PyTorch's mt19937)`);
    return this.stream.reserveBlocks(blocks);
  }

  /** A uniformly random permutation of 0 .. n-1, for randperm. */
  permutation(n: number): Float64Array {
    return this.stream.permutation(n);
  }
}

// A brand shared by every copy of this module (Symbol.for is process-wide), so isGenerator works
// where instanceof would not. Set on the prototype so it stays out of the public type.
const BRAND = Symbol.for('@x/tensor.Generator');
Object.defineProperty(Generator.prototype, BRAND, { value: true });

/** True for a Generator from any copy of this module (CJS or ESM). */
export function isGenerator(value: unknown): value is Generator {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export type { FloatArray, IntArray } from './stream';
