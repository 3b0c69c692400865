// PyTorch's CPU random stream (PyTorch 1.13's CPUGeneratorImpl with the transforms ATen's CPU kernels apply):
// after the same seed and the same calls, the same values bit for bit. What each transform does, from
// ATen's TransformationHelper.h, DistributionsHelper.h and native/cpu/DistributionTemplates.h:
//   random()     one mt19937 draw; random64() two, the first the high word
//   float32 u    (random() & (2^24 - 1)) * 2^-24, then x * (to - from) + from with one rounding (FMA)
//   float64 u    (random64() & (2^53 - 1)) * 2^-53, the same multiply-add in float64
//   normal       contiguous float32 of >= 16 elements: float32 uniforms, then the AVX2 Box-Muller of
//                box-muller-avx2.ts on blocks of 16 (the last block redrawn when 16 does not divide the
//                size); contiguous float64 of >= 16: the same in float64 with the libm's log, cos and sin;
//                otherwise one value at a time from two float64 uniforms (u1, u2): r = sqrt(-2 log(1 - u2)),
//                theta = 2 pi u1, r cos(theta) returned and r sin(theta) cached in the generator
//   randint      (random() % range) + low, or random64() % range for 64-bit and float outputs when the range
//                is 2^32 or more (modulo bias included, as in PyTorch)
//   bernoulli    float64 uniform < p (a float32 uniform when p is a float32 tensor)
//   randperm     0..n-1, then for i < n-1 swap element i with element i + random() % (n - i)
import { normalFill16Avx2 } from './box-muller-avx2';
import { fma32, fma64 } from './float-bits';
import { MT19937, MT_N } from './mt19937';
import { checkFits, checkPermutationSize } from './seed';
import type { FloatArray, IntArray, RandomStream } from './stream';

/**
 * torch.get_rng_state()'s layout, little-endian (the C struct CPUGeneratorImplState, 5056 bytes):
 * 0 seed u64 | 8 left i32 | 12 seeded i32 | 16 next u64 | 24 state: 624 x u64 (each a u32 value)
 * | 5016 normal_x f64 (unused) | 5024 cached double normal f64 | 5032 normal_rho f64 (unused)
 * | 5040 cached-double-normal valid i32 | 5048 cached float normal f32 | 5052 its valid flag u8 | padding.
 */
export const CPU_STATE_BYTES = 5056;
const NORMAL_Y = 5024;
const NORMAL_VALID = 5040;
const FLOAT_NORMAL = 5048;
const FLOAT_NORMAL_VALID = 5052;

const TWO_PI = 2 * Math.PI;

export class CpuStream implements RandomStream {
  readonly kind = 'mt19937';
  private readonly engine = new MT19937();
  private cachedNormal: number | null = null; // next_double_normal_sample_
  private cachedFloatNormal: number | null = null; // next_float_normal_sample_ (kept for the state only)

  reseed(seed: bigint): void {
    this.engine.reseed(seed);
    this.cachedNormal = null;
    this.cachedFloatNormal = null;
  }

  initialSeed(): bigint {
    return this.engine.seed;
  }

  getState(): Uint8Array {
    const state = new Uint8Array(CPU_STATE_BYTES);
    const view = new DataView(state.buffer);
    const e = this.engine;
    view.setBigUint64(0, e.seed, true);
    view.setInt32(8, e.left, true);
    view.setInt32(12, 1, true);
    view.setBigUint64(16, BigInt(e.next), true);
    for (let i = 0; i < MT_N; i++) view.setUint32(24 + 8 * i, e.state[i]!, true);
    if (this.cachedNormal !== null) {
      view.setFloat64(NORMAL_Y, this.cachedNormal, true);
      view.setInt32(NORMAL_VALID, 1, true);
    }
    if (this.cachedFloatNormal !== null) {
      view.setFloat32(FLOAT_NORMAL, this.cachedFloatNormal, true);
      view.setUint8(FLOAT_NORMAL_VALID, 1);
    }
    return state;
  }

  /** Accepts what torch.set_rng_state accepts: the size, a seeded state, 0 < left <= 624 and next <= 624. */
  setState(state: Uint8Array, op: string): void {
    if (state.length !== CPU_STATE_BYTES) {
      throw new RangeError(`${op}: expected a CPU generator state of ${CPU_STATE_BYTES} bytes (torch.get_rng_state()'s size), got ${state.length} bytes`);
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const left = view.getInt32(8, true);
    const seeded = view.getInt32(12, true) !== 0;
    const next = Number(BigInt.asUintN(32, view.getBigUint64(16, true)));
    if (!seeded || left <= 0 || left > MT_N || next > MT_N) {
      throw new RangeError(`${op}: invalid mt19937 state (seeded=${seeded}, left=${left}, next=${next}; expected a seeded state with 0 < left <= ${MT_N} and next <= ${MT_N}): the state is corrupted or not from torch.get_rng_state()`);
    }
    const e = this.engine;
    e.seed = view.getBigUint64(0, true);
    e.left = left;
    e.next = next;
    for (let i = 0; i < MT_N; i++) e.state[i] = view.getUint32(24 + 8 * i, true); // the low word of each u64
    this.cachedNormal = view.getInt32(NORMAL_VALID, true) !== 0 ? view.getFloat64(NORMAL_Y, true) : null;
    this.cachedFloatNormal = view.getUint8(FLOAT_NORMAL_VALID) !== 0 ? view.getFloat32(FLOAT_NORMAL, true) : null;
  }

  nextUint32(): number {
    return this.engine.nextUint32();
  }

  nextUint64(): [number, number] {
    const high = this.engine.nextUint32();
    return [high, this.engine.nextUint32()];
  }

  nextFloat32(): number {
    return (this.engine.nextUint32() & 0xffffff) * 2 ** -24;
  }

  nextFloat64(): number {
    const high = this.engine.nextUint32() & 0x1fffff;
    return (high * 2 ** 32 + this.engine.nextUint32()) * 2 ** -53;
  }

  nextNormal(): number {
    if (this.cachedNormal !== null) {
      const z = this.cachedNormal;
      this.cachedNormal = null;
      return z;
    }
    const u1 = this.nextFloat64();
    const u2 = this.nextFloat64();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = TWO_PI * u1;
    this.cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  nextInt(low: number, range: number): number {
    return low + this.modulo(range, true);
  }

  fillUniform(out: FloatArray, low: number, high: number): void {
    if (out instanceof Float32Array) {
      const from = Math.fround(low), width = Math.fround(Math.fround(high) - from);
      const plain = from === 0 && width === 1;
      for (let i = 0; i < out.length; i++) {
        const x = this.nextFloat32();
        out[i] = plain ? x : fma32(x, width, from);
      }
    } else {
      const width = high - low;
      const plain = low === 0 && width === 1;
      for (let i = 0; i < out.length; i++) {
        const x = this.nextFloat64();
        out[i] = plain ? x : fma64(x, width, low);
      }
    }
  }

  fillNormal(out: FloatArray, mean: number, std: number, contiguous: boolean): void {
    const n = out.length;
    if (!contiguous || n < 16) {
      for (let i = 0; i < n; i++) out[i] = fma64(this.nextNormal(), std, mean);
      return;
    }
    const f32 = out instanceof Float32Array;
    const m = f32 ? Math.fround(mean) : mean;
    const s = f32 ? Math.fround(std) : std;
    const uniform = (from: number): void => {
      for (let i = from; i < from + (from === 0 ? n : 16); i++) out[i] = f32 ? this.nextFloat32() : this.nextFloat64();
    };
    const fill16 = (o: number): void => {
      if (f32) normalFill16Avx2(out, o, m, s);
      else normalFill16Float64(out, o, m, s);
    };
    uniform(0);
    for (let i = 0; i + 16 <= n; i += 16) fill16(i);
    if (n % 16 !== 0) {
      uniform(n - 16); // the last 16 drawn again and transformed together
      fill16(n - 16);
    }
  }

  fillRandint(out: IntArray, low: number, range: number): void {
    checkFits(out, low, low + range);
    const wide = out instanceof Float64Array || out instanceof Float32Array;
    for (let i = 0; i < out.length; i++) out[i] = low + this.modulo(range, wide);
  }

  fillBernoulli(out: IntArray | FloatArray, p: number | FloatArray): void {
    if (typeof p === 'number') {
      for (let i = 0; i < out.length; i++) out[i] = this.nextFloat64() < p ? 1 : 0;
    } else if (p instanceof Float32Array) {
      for (let i = 0; i < out.length; i++) out[i] = this.nextFloat32() < p[i]! ? 1 : 0;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = this.nextFloat64() < p[i]! ? 1 : 0;
    }
  }

  permutation(n: number): Float64Array {
    checkPermutationSize(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = i + (this.engine.nextUint32() % (n - i));
      const t = p[i]!;
      p[i] = p[z]!;
      p[z] = t;
    }
    return p;
  }

  /** uniform_int_from_to's draw: random() % range, or random64() % range when `wide` and range >= 2^32. */
  private modulo(range: number, wide: boolean): number {
    if (!wide || range < 2 ** 32) return this.engine.nextUint32() % range;
    const [high, low] = this.nextUint64();
    return Number(((BigInt(high) << 32n) | BigInt(low)) % BigInt(range));
  }
}

/** normal_fill_16 in float64 (no vector path): ATen's scalar loop, with the fused final multiply-add. */
function normalFill16Float64(data: FloatArray, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j]!;
    const u2 = data[o + j + 8]!;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    data[o + j] = fma64(radius * Math.cos(theta), std, mean);
    data[o + j + 8] = fma64(radius * Math.sin(theta), std, mean);
  }
}
