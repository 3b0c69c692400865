// The counter-based stream of every device other than the CPU (PyTorch's CUDA uses Philox too, though
// with its own transforms, so these values are @x's, not PyTorch's).
//
// Engine: Philox4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11). Block i
// of the stream is a pure function of (key, i), so a device can produce any slice of it in parallel; it
// passes TestU01's BigCrush and needs only 32-bit integer math, which JS does well (Math.imul) and WGSL
// has (WGSL has no u64). The key is the seed, as on CUDA.
import { float32Below, float64Below } from './float-bits';
import { checkFits, checkPermutationSize } from './seed';
import type { FloatArray, IntArray, RandomStream } from './stream';

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
  let c0 = counter[0]! >>> 0, c1 = counter[1]! >>> 0, c2 = counter[2]! >>> 0, c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0, k1 = key[1]! >>> 0;
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

// getState() layout, little-endian, 40 bytes:
//   0..7 seed (u64, also the Philox key) | 8..23 block counter (4 x u32) | 24 position in block (0..4)
//   25 has-cached-normal (0/1) | 26 format version | 27..31 zero | 32..39 cached normal (f64)
export const PHILOX_STATE_BYTES = 40;
const STATE_VERSION = 1;

/**
 * Philox4x32-10 with @x's transforms: uniform floats from 24 or 53 bits that never reach `high`, Box-Muller
 * normals, integers without modulo bias, Fisher-Yates permutations. Every draw goes through nextUint32.
 */
export class PhiloxStream implements RandomStream {
  readonly kind = 'philox';
  private seedValue = 0n;
  private readonly key = new Uint32Array(2);
  private readonly counter = new Uint32Array(4); // index of the current block, 128-bit
  private readonly block = new Uint32Array(4); // philox4x32_10(counter, key)
  private pos = 0; // next unread word of block; 4 = all read
  private cachedNormal: number | null = null; // Box-Muller's second output

  reseed(seed: bigint): void {
    this.setSeed(seed);
    this.counter.fill(0);
    this.cachedNormal = null;
    this.refill();
  }

  initialSeed(): bigint {
    return this.seedValue;
  }

  getState(): Uint8Array {
    const state = new Uint8Array(PHILOX_STATE_BYTES);
    const view = new DataView(state.buffer);
    view.setBigUint64(0, this.seedValue, true);
    for (let i = 0; i < 4; i++) view.setUint32(8 + 4 * i, this.counter[i]!, true);
    view.setUint8(24, this.pos);
    view.setUint8(25, this.cachedNormal === null ? 0 : 1);
    view.setUint8(26, STATE_VERSION);
    view.setFloat64(32, this.cachedNormal ?? 0, true);
    return state;
  }

  setState(state: Uint8Array, op: string): void {
    if (state.length !== PHILOX_STATE_BYTES) {
      throw new RangeError(`${op}: expected a state of ${PHILOX_STATE_BYTES} bytes (from getState() of a generator of this device), got ${state.length} bytes`);
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const pos = view.getUint8(24), hasNormal = view.getUint8(25), version = view.getUint8(26);
    if (version !== STATE_VERSION || pos > 4 || hasNormal > 1) {
      throw new RangeError(`${op}: invalid state (corrupted, or not from this version's getState())`);
    }
    this.setSeed(view.getBigUint64(0, true));
    for (let i = 0; i < 4; i++) this.counter[i] = view.getUint32(8 + 4 * i, true);
    this.refill();
    this.pos = pos;
    this.cachedNormal = hasNormal ? view.getFloat64(32, true) : null;
  }

  nextUint32(): number {
    if (this.pos === 4) {
      // Next block: increment the 128-bit counter with carry. Re-read each word after the
      // increment: the Uint32Array wraps 2^32 to 0, but the ++ expression's value would not.
      for (let i = 0; i < 4; i++) {
        this.counter[i]!++;
        if (this.counter[i] !== 0) break;
      }
      this.refill();
    }
    return this.block[this.pos++]!;
  }

  /**
   * Hands `blocks` whole blocks of the stream to a device kernel (Backend.random's RandomRequest): the key
   * and the first block's counter; the host stream goes on after them (the current block, if started, is
   * skipped), so host and device never draw the same words.
   */
  reserveBlocks(blocks: number): { key: [number, number]; counter: [number, number, number, number] } {
    if (!Number.isSafeInteger(blocks) || blocks < 0) throw new RangeError(`reserveBlocks: expected a non-negative integer, got ${blocks}`);
    if (this.pos > 0) this.advance(1);
    const counter: [number, number, number, number] = [this.counter[0]!, this.counter[1]!, this.counter[2]!, this.counter[3]!];
    this.advance(blocks);
    this.refill();
    return { key: [this.key[0]!, this.key[1]!], counter };
  }

  /** Adds n to the 128-bit block counter. */
  private advance(n: number): void {
    let carry = n;
    for (let i = 0; i < 4 && carry > 0; i++) {
      const sum = this.counter[i]! + (carry % 2 ** 32);
      this.counter[i] = sum; // wraps modulo 2^32
      carry = Math.floor(carry / 2 ** 32) + (sum >= 2 ** 32 ? 1 : 0);
    }
  }

  nextUint64(): [number, number] {
    const high = this.nextUint32();
    return [high, this.nextUint32()];
  }

  /** 24 random bits: every value is a float32, so it never rounds up to 1. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) * 2 ** -24;
  }

  nextFloat64(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 2 ** 26 + lo) * 2 ** -53;
  }

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

  nextInt(low: number, range: number): number {
    return low + this.below(range);
  }

  /** Guaranteed < high after rounding to out's type. */
  fillUniform(out: FloatArray, low: number, high: number): void {
    const span = high - low;
    const f32 = out instanceof Float32Array;
    // low + span * u can round up to high (in float32 often, e.g. low=1e6, high=1e6+1): use the
    // largest value below high instead, or low when [low, high) holds no value of this type.
    const top = f32 ? Math.max(float32Below(high), Math.fround(low)) : Math.max(float64Below(high), low);
    for (let i = 0; i < out.length; i++) {
      const v = f32 ? Math.fround(low + span * this.nextFloat32()) : low + span * this.nextFloat64();
      out[i] = v < high ? v : top;
    }
  }

  fillNormal(out: FloatArray, mean: number, std: number): void {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.nextNormal();
  }

  fillRandint(out: IntArray, low: number, range: number): void {
    checkFits(out, low, low + range);
    for (let i = 0; i < out.length; i++) out[i] = low + this.below(range);
  }

  fillBernoulli(out: IntArray | FloatArray, p: number | FloatArray): void {
    for (let i = 0; i < out.length; i++) out[i] = this.nextFloat64() < (typeof p === 'number' ? p : p[i]!) ? 1 : 0;
  }

  /** Fisher-Yates. */
  permutation(n: number): Float64Array {
    checkPermutationSize(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
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
