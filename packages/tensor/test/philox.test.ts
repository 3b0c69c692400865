// The Philox stream of generators of devices other than the CPU (the CPU's is PyTorch's: cpu-stream.test.ts).
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/random/generator';
import { philox4x32_10, PhiloxStream } from '../src/random/philox';

// Statistical checks use fixed seeds, so they are deterministic; bounds are at about p = 0.001
// (or 5 standard errors), loose enough for any sound generator and tight enough to catch bias.
const N = 100_000;

function moments(xs: ArrayLike<number>): { mean: number; variance: number; skew: number; kurtosis: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i];
  mean /= xs.length;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= xs.length;
  m3 /= xs.length;
  m4 /= xs.length;
  return { mean, variance: m2, skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

function chiSquare(counts: ArrayLike<number>, expected: number): number {
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) chi2 += (counts[i] - expected) ** 2 / expected;
  return chi2;
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, abs error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function draws(g: { nextUint32(): number }, n: number): number[] {
  return Array.from({ length: n }, () => g.nextUint32());
}

/** A Philox generator, as every device other than the CPU gets. */
function philox(seed?: number | bigint): Generator {
  return new Generator({ device: 'webgpu', seed });
}

/** A stream whose raw values are all ones: the largest value every primitive can see. */
class AllOnes extends PhiloxStream {
  override nextUint32(): number {
    return 0xffffffff;
  }
}

describe('Philox4x32-10', () => {
  // Random123's tests/kat_vectors, the three "philox4x32 10" lines: counter[4], key[2] -> output[4].
  const vectors: [number[], number[], number[]][] = [
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ];

  it('matches the Random123 known-answer vectors', () => {
    for (const [counter, key, expected] of vectors) {
      expect(Array.from(philox4x32_10(counter, key))).toEqual(expected);
    }
  });

  it('a generator seeded with 0 starts with block (counter 0, key 0)', () => {
    expect(draws(philox(0), 4)).toEqual(vectors[0][2]);
  });

  it('the key is the 64-bit seed (low word first) and the counter walks blocks 0, 1, 2, ...', () => {
    const seed = 0x299f31d0a4093822n;
    const g = philox(seed);
    const expected: number[] = [];
    for (let block = 0; block < 3; block++) expected.push(...philox4x32_10([block, 0, 0, 0], [0xa4093822, 0x299f31d0]));
    expect(draws(g, 12)).toEqual(expected);
  });

  it('carries the counter across 32-bit words', () => {
    const g = philox(5);
    const state = g.getState();
    const view = new DataView(state.buffer);
    view.setUint32(8, 0xffffffff, true); // counter word 0
    view.setUint32(12, 0xffffffff, true); // counter word 1
    view.setUint8(24, 4); // current block used up
    g.setState(state);
    expect(draws(g, 4)).toEqual(Array.from(philox4x32_10([0, 0, 1, 0], [5, 0])));
  });
});

describe('Generator seeding', () => {
  it('is reproducible: the same seed gives the same sequence, different seeds differ', () => {
    expect(draws(philox(42), 1000)).toEqual(draws(philox(42), 1000));
    expect(draws(philox(42), 100)).not.toEqual(draws(philox(43), 100));
    const a = philox(7), b = philox(7);
    expect([a.nextNormal(), a.nextFloat64(), a.nextInt(0, 10), a.nextFloat32()])
      .toEqual([b.nextNormal(), b.nextFloat64(), b.nextInt(0, 10), b.nextFloat32()]);
  });

  it('manualSeed restarts the stream, clears the cached normal and returns this', () => {
    const g = philox(1);
    const first = draws(g, 10);
    g.nextNormal(); // leaves a cached normal behind
    expect(g.manualSeed(1)).toBe(g);
    expect(draws(g, 10)).toEqual(first);
    const fresh = philox(9);
    g.manualSeed(9);
    expect(g.nextNormal()).toBe(fresh.nextNormal());
  });

  it('accepts number and bigint seeds, wraps negatives modulo 2^64 and rejects the rest', () => {
    expect(draws(philox(123), 8)).toEqual(draws(philox(123n), 8));
    expect(philox(-1).initialSeed()).toBe(2n ** 64n - 1n);
    expect(draws(philox(-1), 8)).toEqual(draws(philox(2n ** 64n - 1n), 8));
    expect(philox(2n ** 64n - 1n).initialSeed()).toBe(2n ** 64n - 1n);
    expect(() => philox(1.5)).toThrow(/integer/);
    expect(() => philox(NaN)).toThrow(/integer/);
    expect(() => philox(2n ** 64n)).toThrow(/\[-2\^63, 2\^64\)/);
    expect(() => philox(-(2n ** 63n) - 1n)).toThrow(RangeError);
  });

  it('defaults to torch.Generator()\'s seed', () => {
    expect(philox().initialSeed()).toBe(67280421310721n);
  });

  it('seed() re-seeds non-deterministically and returns an exact seed', () => {
    const g = philox(0);
    const s1 = g.seed();
    expect(Number.isSafeInteger(s1) && s1 >= 0).toBe(true);
    expect(g.initialSeed()).toBe(BigInt(s1));
    expect(draws(g, 5)).toEqual(draws(philox(s1), 5));
    expect(g.seed()).not.toBe(s1);
  });
});

describe('Generator state', () => {
  it('getState/setState resumes the exact sequence at every position in a block', () => {
    for (let skip = 0; skip < 9; skip++) {
      const g = philox(2024);
      draws(g, skip);
      const state = g.getState();
      const expected = [...draws(g, 20), g.nextNormal(), g.nextFloat64()];
      const h = philox(0).setState(state);
      expect([...draws(h, 20), h.nextNormal(), h.nextFloat64()]).toEqual(expected);
      expect(h.initialSeed()).toBe(2024n);
    }
  });

  it('carries the cached second normal', () => {
    const g = philox(3);
    g.nextNormal(); // the pair's second value is now cached
    const state = g.getState();
    const expected = [g.nextNormal(), g.nextNormal(), g.nextNormal()];
    g.manualSeed(0);
    g.setState(state);
    expect([g.nextNormal(), g.nextNormal(), g.nextNormal()]).toEqual(expected);
  });

  it('returns a copy, and reads states held in a larger buffer', () => {
    const g = philox(11);
    const state = g.getState();
    state.fill(0);
    const copy = philox(11);
    expect(g.nextUint32()).toBe(copy.nextUint32());
    const big = new Uint8Array(100);
    big.set(copy.getState(), 30);
    const expected = draws(copy, 10);
    expect(draws(philox(0).setState(big.subarray(30, 70)), 10)).toEqual(expected);
  });

  it('rejects wrong-size or corrupt states without changing the generator', () => {
    const g = philox(8);
    const before = g.getState();
    expect(() => g.setState(new Uint8Array(39))).toThrow(/expected a state of 40 bytes.*got 39/);
    expect(() => g.setState(new Uint8Array(5056))).toThrow(/40 bytes/);
    expect(() => g.setState([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
    const bad = g.getState();
    bad[24] = 5; // position past the block
    expect(() => g.setState(bad)).toThrow(/invalid state/);
    expect(() => g.setState(new Uint8Array(40))).toThrow(/invalid state/); // no version byte
    expect(g.getState()).toEqual(before);
  });
});

describe('uniform', () => {
  it('nextFloat32 has 24 bits and nextFloat64 53 bits; both stay below 1 at the top of the stream', () => {
    const g = philox(5);
    for (let i = 0; i < 1000; i++) {
      const f = g.nextFloat32();
      expect(Number.isInteger(f * 2 ** 24) && f >= 0 && f < 1).toBe(true);
      const d = g.nextFloat64();
      expect(Number.isInteger(d * 2 ** 53) && d >= 0 && d < 1).toBe(true);
    }
    const top = new AllOnes();
    expect(top.nextFloat32()).toBe(1 - 2 ** -24);
    expect(Math.fround(top.nextFloat32())).toBeLessThan(1);
    expect(top.nextFloat64()).toBe(1 - 2 ** -53);
  });

  it('fillUniform has the range, mean and variance of U(low, high)', () => {
    const [low, high] = [-2, 3];
    for (const out of [new Float64Array(N), new Float32Array(N)]) {
      philox(17).fillUniform(out, low, high);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(low);
      expect(Math.max(...out)).toBeLessThan(high);
      const { mean, variance } = moments(out);
      const width = high - low;
      // mean: variance width^2/12, so its standard error is width / sqrt(12 N)
      expect(Math.abs(mean - (low + high) / 2)).toBeLessThan(5 * width / Math.sqrt(12 * N));
      // variance: standard error of the sample variance of a uniform is width^2 * sqrt(1/180 / N)
      expect(Math.abs(variance - width ** 2 / 12)).toBeLessThan(5 * width ** 2 * Math.sqrt(1 / 180 / N));
    }
  });

  it('float32 uniform never equals high, even where low + span * u rounds up to it', () => {
    // float32 spacing at 1e6 is 1/16, so about 3% of raw values round up to high.
    const [low, high] = [1e6, 1e6 + 1];
    const out = philox(0).fillUniform(new Float32Array(N), low, high);
    expect(out.every((v) => v >= low && v < high)).toBe(true);
    expect(out.some((v) => v === high - 1 / 16)).toBe(true); // the top value is still reachable
    // The largest raw value: 1 + (1 - 2^-24) rounds to 2 in float32.
    const top = new Float32Array(4);
    new AllOnes().fillUniform(top, 1, 2);
    expect(Array.from(top)).toEqual(Array(4).fill(2 - 2 ** -23));
    new AllOnes().fillUniform(top, 0, 1);
    expect(top[0]).toBeLessThan(1);
  });

  it('float64 uniform never equals high either', () => {
    const [low, high] = [2 ** 53 - 4, 2 ** 53 - 2]; // spacing 1: a quarter of raw values round up to high
    const out = philox(1).fillUniform(new Float64Array(10_000), low, high);
    expect(out.every((v) => v >= low && v < high)).toBe(true);
    expect(new Set(out)).toEqual(new Set([low, low + 1]));
  });

  it('handles low === high and rejects bad bounds', () => {
    expect(Array.from(philox(0).fillUniform(new Float32Array(3), 0.5, 0.5))).toEqual([0.5, 0.5, 0.5]);
    expect(() => philox(0).fillUniform(new Float64Array(1), 1, 0)).toThrow(/\[from, to\) range/);
    expect(() => philox(0).fillUniform(new Float64Array(1), 0, Infinity)).toThrow(RangeError);
    expect(() => philox(0).fillUniform(new Float64Array(1), NaN, 1)).toThrow(RangeError);
  });
});

describe('normal', () => {
  const xs = philox(31).fillNormal(new Float64Array(N), 0, 1);

  it('has mean 0, variance 1, skew 0 and kurtosis 3', () => {
    const { mean, variance, skew, kurtosis } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(skew)).toBeLessThan(5 * Math.sqrt(6 / N));
    expect(Math.abs(kurtosis - 3)).toBeLessThan(5 * Math.sqrt(24 / N));
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('gives independent values within and across Box-Muller pairs (lag-1 correlation ~ 0)', () => {
    for (const offset of [0, 1]) { // pairs (x0, x1), (x2, x3), ... and then (x1, x2), (x3, x4), ...
      let sum = 0, count = 0;
      for (let i = offset; i + 1 < N; i += 2, count++) sum += xs[i] * xs[i + 1];
      expect(Math.abs(sum / count)).toBeLessThan(5 / Math.sqrt(count));
    }
  });

  it('passes a Kolmogorov-Smirnov test against the normal CDF', () => {
    const sorted = Float64Array.from(xs).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = normalCdf(sorted[i]);
      d = Math.max(d, Math.abs(F - i / N), Math.abs(F - (i + 1) / N));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(N)); // KS critical value at alpha = 0.001
  });

  it('fillNormal applies mean and std, also into float32', () => {
    const out = philox(32).fillNormal(new Float32Array(N), 10, 3);
    const { mean, variance } = moments(out);
    expect(Math.abs(mean - 10)).toBeLessThan(5 * 3 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(variance) - 3)).toBeLessThan(5 * 3 * Math.sqrt(0.5 / N));
    expect(Array.from(philox(0).fillNormal(new Float64Array(3), 2, 0))).toEqual([2, 2, 2]);
    expect(() => philox(0).fillNormal(new Float64Array(1), 0, -1)).toThrow(/std >= 0/);
    expect(() => philox(0).fillNormal(new Float64Array(1), 0, NaN)).toThrow(RangeError);
  });

  it('never takes log(0): a raw uniform of 0 still gives a finite normal', () => {
    class Zeros extends PhiloxStream {
      override nextUint32(): number {
        return 0;
      }
    }
    const g = new Zeros();
    expect(g.nextNormal() === 0).toBe(true); // u1 = 1: radius 0 (the sign of zero does not matter)
    const top = new AllOnes(); // u1 = 2^-53: the largest radius
    const z = top.nextNormal();
    expect(Number.isFinite(z) && Math.abs(z) < 9).toBe(true);
  });
});

describe('integers', () => {
  it('nextInt covers [low, high) with equal counts (chi-square)', () => {
    const g = philox(77);
    const counts = new Array(7).fill(0);
    let outside = 0;
    for (let i = 0; i < 70_000; i++) {
      const v = g.nextInt(-3, 4);
      if (Number.isInteger(v) && v >= -3 && v < 4) counts[v + 3]++;
      else outside++;
    }
    expect(outside).toBe(0);
    expect(chiSquare(counts, 10_000)).toBeLessThan(22.46); // df 6, p = 0.001
  });

  it('has no modulo bias, for 32-bit and 53-bit ranges', () => {
    // With plain modulo, values below range / 3 would come up half the time, not a third.
    for (const range of [3 * 2 ** 30, 3 * 2 ** 51]) {
      const g = philox(5);
      let low = 0;
      for (let i = 0; i < 30_000; i++) if (g.nextInt(0, range) < range / 3) low++;
      expect(Math.abs(low / 30_000 - 1 / 3)).toBeLessThan(0.015);
    }
  });

  it('handles ranges up to 2^53 and rejects bad ones', () => {
    const g = philox(6);
    for (let i = 0; i < 1000; i++) {
      const v = g.nextInt(-(2 ** 52), 2 ** 52);
      expect(Number.isSafeInteger(v) && v >= -(2 ** 52) && v < 2 ** 52).toBe(true);
    }
    expect(g.nextInt(5, 6)).toBe(5);
    expect(() => g.nextInt(3, 3)).toThrow(/low < high/);
    expect(() => g.nextInt(0, 1.5)).toThrow(/integers/);
    expect(() => g.nextInt(-1, 2 ** 53)).toThrow(/2\^53/);
    expect(() => g.nextInt(0, 2 ** 54)).toThrow(/2\^53/);
  });

  it('fillRandint fills each array type with every value about equally often', () => {
    const out = philox(8).fillRandint(new Uint8Array(256 * 400), 0, 256);
    const counts = new Array(256).fill(0);
    for (const v of out) counts[v]++;
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(chiSquare(counts, 400)).toBeLessThan(331); // df 255, p = 0.001
    const ints = philox(9).fillRandint(new Int32Array(1000), -(2 ** 31), 2 ** 31);
    expect(ints.some((v) => v < 0) && ints.some((v) => v > 0)).toBe(true);
    const longs = philox(9).fillRandint(new Float64Array(1000), -5, 5);
    expect(longs.every((v) => Number.isInteger(v) && v >= -5 && v < 5)).toBe(true);
    expect(new Set(longs).size).toBe(10);
  });

  it('fillRandint rejects values that do not fit the array', () => {
    const g = philox(0);
    expect(() => g.fillRandint(new Uint8Array(1), 0, 257)).toThrow(/does not fit/);
    expect(() => g.fillRandint(new Uint8Array(1), -1, 2)).toThrow(/does not fit/);
    expect(() => g.fillRandint(new Int32Array(1), 0, 2 ** 31 + 1)).toThrow(/does not fit/);
  });
});

describe('permutation', () => {
  it('is a permutation of 0 .. n-1, reproducible from the seed', () => {
    for (const n of [0, 1, 2, 1000]) {
      const p = philox(3).permutation(n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(philox(3).permutation(50)).toEqual(philox(3).permutation(50));
    expect(philox(3).permutation(50)).not.toEqual(philox(4).permutation(50));
    expect(() => philox(0).permutation(-1)).toThrow(/non-negative integer/);
    expect(() => philox(0).permutation(2.5)).toThrow(RangeError);
  });

  it('gives all 3! orders equally often (chi-square)', () => {
    const g = philox(12);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = g.permutation(3).join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()], 10_000)).toBeLessThan(20.52); // df 5, p = 0.001
  });
});


describe('reserveBlocks (for a device kernel)', () => {
  it('hands out whole blocks after the ones the host used, and the host continues after them', () => {
    const g = philox(9);
    const first = draws(g, 1); // block 0 started
    const { key, counter } = g.reserveBlocks(3);
    expect(key).toEqual([9, 0]);
    expect(counter).toEqual([1, 0, 0, 0]);
    expect(draws(g, 4)).toEqual(Array.from(philox4x32_10([4, 0, 0, 0], [9, 0])));
    expect(first).toEqual([philox4x32_10([0, 0, 0, 0], [9, 0])[0]]);
    expect(() => new Generator(1).reserveBlocks(1)).toThrow(/mt19937/);
  });
});
