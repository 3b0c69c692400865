// Random numbers for @x: a Generator modelled on torch.Generator, plus the sampling primitives
// that tensor creation (rand, randn, randint, randperm, ...) is built on.
//
// Engine: Philox4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11).
// Why this one: it is counter-based - block i of the stream is a pure function of (key, i) - so a
// GPU backend can produce any slice of the stream in parallel and match the CPU bit for bit; it is
// what PyTorch uses on CUDA (key = seed, as here); it passes TestU01's BigCrush; and it needs only
// 32-bit integer math, which JS does well (Math.imul) and WGSL has (WGSL has no u64).

const M0 = 0xd2511f53; // Philox multipliers and Weyl key increments, from the paper.
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32s (a double holds only 53 bits, so split into 16-bit halves). */
function mulhi32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, hl = ah * bl, lh = al * bh;
  const mid = (ll >>> 16) + (hl & 0xffff) + (lh & 0xffff); // carries out of the low 32 bits
  return (ah * bh + (hl >>> 16) + (lh >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block: 4 uint32 outputs for a 128-bit counter (word 0 least significant) and a 64-bit key. */
export function philox4x32_10(
  counter: ArrayLike<number>,
  key: ArrayLike<number>,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let c0 = counter[0] >>> 0, c1 = counter[1] >>> 0, c2 = counter[2] >>> 0, c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0, k1 = key[1] >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0; // reads the old c1 before it is replaced
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0; // reads the old c3 before it is replaced
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** torch.Generator()'s default seed (c10's default_rng_seed_val), so `new Generator()` is reproducible as in PyTorch. */
const DEFAULT_SEED = 67280421310721n;
const U64 = 1n << 64n;

// getState() layout, little-endian, 40 bytes:
//   0..7 seed (u64, also the Philox key) | 8..23 block counter (4 x u32) | 24 position in block (0..4)
//   25 has-cached-normal (0/1) | 26 format version | 27..31 zero | 32..39 cached normal (f64)
const STATE_BYTES = 40;
const STATE_VERSION = 1;

/** Normalizes a seed like torch.manual_seed: integers in [-2^63, 2^64); negatives wrap modulo 2^64. */
function toSeed(seed: number | bigint, op: string): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else if (typeof seed === 'number' && Number.isInteger(seed)) s = BigInt(seed);
  else throw new TypeError(`${op}: seed must be an integer (number or bigint), got ${String(seed)}`);
  if (s < -(1n << 63n) || s >= U64) {
    throw new RangeError(`${op}: seed must be in [-2^63, 2^64), got ${s}`);
  }
  return s < 0n ? s + U64 : s;
}

/** A non-deterministic seed (crypto.getRandomValues where available), 53 bits so it is exact as a number. */
export function nondeterministicSeed(): number {
  const words = new Uint32Array(2);
  const crypto = (globalThis as unknown as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (typeof crypto?.getRandomValues === 'function') {
    crypto.getRandomValues(words);
  } else {
    words[0] = Math.random() * 2 ** 32;
    words[1] = (Math.random() * 2 ** 32) ^ Date.now();
  }
  return (words[1] >>> 11) * 2 ** 32 + words[0];
}

/** Checks an integer range [low, high) and returns its size (1 .. 2^53). */
function intRange(low: number, high: number, op: string): number {
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new TypeError(`${op}: low and high must be integers, got low=${low}, high=${high}`);
  }
  if (low >= high) throw new RangeError(`${op}: expected low < high, got low=${low} >= high=${high}`);
  const range = high - low;
  // high - range !== low catches a difference that was rounded (it exceeded 2^53).
  if (Math.abs(low) > 2 ** 53 || Math.abs(high) > 2 ** 53 || range > 2 ** 53 || high - range !== low) {
    throw new RangeError(`${op}: low and high must lie in [-2^53, 2^53] and high - low <= 2^53, got low=${low}, high=${high}`);
  }
  return range;
}

const scratch = new DataView(new ArrayBuffer(8));

/** The largest float32 strictly below x (x finite). */
function float32Below(x: number): number {
  const f = Math.fround(x);
  if (f < x) return f;
  if (f === 0) return -(2 ** -149);
  scratch.setFloat32(0, f);
  const bits = scratch.getUint32(0);
  scratch.setUint32(0, f > 0 ? bits - 1 : bits + 1);
  return scratch.getFloat32(0);
}

/** The largest float64 strictly below x (x finite). */
function float64Below(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  scratch.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return scratch.getFloat64(0);
}

/**
 * A seeded stream of random numbers, like torch.Generator. Everything it returns is a deterministic
 * function of the seed and the calls made since. Subclasses may override nextUint32 (all sampling
 * goes through it).
 *
 * Generators from two copies of this module (CJS and ESM in one process) are different classes:
 * check for a generator with isGenerator(), not instanceof, and use only public methods on one.
 */
export class Generator {
  private seedValue = 0n;
  private readonly key = new Uint32Array(2);
  private readonly counter = new Uint32Array(4); // index of the current block, 128-bit
  private readonly block = new Uint32Array(4); // philox4x32_10(counter, key)
  private pos = 0; // next unread word of block; 4 = all read
  private cachedNormal: number | null = null; // Box-Muller's second output

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /** Sets the seed and restarts the stream (torch.Generator.manual_seed). Negative seeds wrap modulo 2^64. */
  manualSeed(seed: number | bigint): this {
    this.setSeed(toSeed(seed, 'manualSeed'));
    this.counter.fill(0);
    this.cachedNormal = null;
    this.refill();
    return this;
  }

  /** The seed the stream started from, in [0, 2^64) (torch.Generator.initial_seed). */
  initialSeed(): bigint {
    return this.seedValue;
  }

  /** Re-seeds from a non-deterministic source and returns the new seed (torch.Generator.seed). */
  seed(): number {
    const s = nondeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /** A snapshot of the whole state (a copy); setState() resumes the exact stream from it. */
  getState(): Uint8Array {
    const state = new Uint8Array(STATE_BYTES);
    const view = new DataView(state.buffer);
    view.setBigUint64(0, this.seedValue, true);
    for (let i = 0; i < 4; i++) view.setUint32(8 + 4 * i, this.counter[i], true);
    view.setUint8(24, this.pos);
    view.setUint8(25, this.cachedNormal === null ? 0 : 1);
    view.setUint8(26, STATE_VERSION);
    view.setFloat64(32, this.cachedNormal ?? 0, true);
    return state;
  }

  /** Restores a state from getState(); validates it fully before changing anything. */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array)) {
      throw new TypeError(`Generator.setState: expected a Uint8Array from getState(), got ${Object.prototype.toString.call(state)}`);
    }
    if (state.length !== STATE_BYTES) {
      throw new RangeError(`Generator.setState: expected a state of ${STATE_BYTES} bytes (from getState()), got ${state.length} bytes`);
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const pos = view.getUint8(24), hasNormal = view.getUint8(25), version = view.getUint8(26);
    if (version !== STATE_VERSION || pos > 4 || hasNormal > 1) {
      throw new RangeError('Generator.setState: invalid state (corrupted, or not from this version\'s getState())');
    }
    this.setSeed(view.getBigUint64(0, true));
    for (let i = 0; i < 4; i++) this.counter[i] = view.getUint32(8 + 4 * i, true);
    this.refill();
    this.pos = pos;
    this.cachedNormal = hasNormal ? view.getFloat64(32, true) : null;
    return this;
  }

  /** A uniform uint32. */
  nextUint32(): number {
    if (this.pos === 4) {
      // Next block: increment the 128-bit counter with carry. Re-read each word after the
      // increment: the Uint32Array wraps 2^32 to 0, but the ++ expression's value would not.
      for (let i = 0; i < 4; i++) {
        this.counter[i]++;
        if (this.counter[i] !== 0) break;
      }
      this.refill();
    }
    return this.block[this.pos++];
  }

  /** Uniform in [0, 1) with 24 random bits: every value is a float32, so it never rounds up to 1. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) * 2 ** -24;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat64(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 2 ** 26 + lo) * 2 ** -53;
  }

  /** A standard normal (Box-Muller; the second output of each pair is cached and returned next). */
  nextNormal(): number {
    if (this.cachedNormal !== null) {
      const z = this.cachedNormal;
      this.cachedNormal = null;
      return z;
    }
    const u1 = 1 - this.nextFloat64(); // in (0, 1]: log(u1) is finite
    const u2 = this.nextFloat64();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** A uniform integer in [low, high), without modulo bias; high - low may be up to 2^53. */
  nextInt(low: number, high: number): number {
    return low + this.below(intRange(low, high, 'nextInt'));
  }

  /** Fills out with uniform values in [low, high), guaranteed < high after rounding to out's type. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low: number, high: number): T {
    if (!(low <= high) || !Number.isFinite(high - low)) {
      throw new RangeError(`uniform: expected finite low <= high, got low=${low}, high=${high}`);
    }
    const span = high - low;
    const f32 = out instanceof Float32Array;
    // low + span * u can round up to high (in float32 often, e.g. low=1e6, high=1e6+1): use the
    // largest value below high instead, or low when [low, high) holds no value of this type.
    const top = f32 ? Math.max(float32Below(high), Math.fround(low)) : Math.max(float64Below(high), low);
    for (let i = 0; i < out.length; i++) {
      const v = f32 ? Math.fround(low + span * this.nextFloat32()) : low + span * this.nextFloat64();
      out[i] = v < high ? v : top;
    }
    return out;
  }

  /** Fills out with normal values of the given mean and standard deviation (std >= 0). */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean: number, std: number): T {
    if (!Number.isFinite(mean) || !(std >= 0) || !Number.isFinite(std)) {
      throw new RangeError(`normal: expected a finite mean and a finite std >= 0, got mean=${mean}, std=${std}`);
    }
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.nextNormal();
    return out;
  }

  /** Fills out with uniform integers in [low, high); every value must fit out's element type. */
  fillRandint<T extends Float64Array | Int32Array | Uint8Array>(out: T, low: number, high: number): T {
    const range = intRange(low, high, 'randint');
    const fits =
      out instanceof Int32Array ? low >= -(2 ** 31) && high - 1 <= 2 ** 31 - 1 :
      out instanceof Uint8Array ? low >= 0 && high - 1 <= 255 : true; // Float64Array: intRange's ±2^53
    if (!fits) {
      throw new RangeError(`randint: [${low}, ${high}) does not fit in the output's ${out.constructor.name}`);
    }
    for (let i = 0; i < out.length; i++) out[i] = low + this.below(range);
    return out;
  }

  /** A uniformly random permutation of 0 .. n-1 (Fisher-Yates), for randperm. */
  permutation(n: number): Float64Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
    }
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A uniform integer in [0, range), 1 <= range <= 2^53, by rejection: no modulo bias. */
  private below(range: number): number {
    if (range <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % range); // a multiple of range: [0, limit) maps evenly
      let u: number;
      do u = this.nextUint32(); while (u >= limit);
      return u % range;
    }
    const limit = 2 ** 53 - (2 ** 53 % range);
    let u: number;
    do u = (this.nextUint32() >>> 11) * 2 ** 32 + this.nextUint32(); while (u >= limit);
    return u % range;
  }

  private setSeed(seed: bigint): void {
    this.seedValue = seed;
    this.key[0] = Number(seed & 0xffffffffn);
    this.key[1] = Number(seed >> 32n);
  }

  private refill(): void {
    philox4x32_10(this.counter, this.key, this.block);
    this.pos = 0;
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
