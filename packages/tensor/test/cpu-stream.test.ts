// The CPU generator: PyTorch's mt19937 and transforms, its state format, and the exact float arithmetic
// they need (the values of every op against PyTorch are in backend-cpu/test/random-pytorch.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/random/generator';
import { MT19937 } from '../src/random/mt19937';
import { fma32, fma64, float32Below } from '../src/random/float-bits';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/random.json', import.meta.url), 'utf8')) as {
  cases: { name: string; seed: number; values: number[] }[];
  states: { after: string; state: number[]; then?: number[] }[];
};
const golden = (name: string, seed: number): number[] => fixture.cases.find((c) => c.name === name && c.seed === seed)!.values;
const bits = (a: Float32Array): number[] => Array.from(new Int32Array(a.buffer));

describe('MT19937', () => {
  it('gives the known answer of the C++ standard: the 10000th output for seed 5489 is 4123659995', () => {
    const mt = new MT19937(5489n);
    let v = 0;
    for (let i = 0; i < 10_000; i++) v = mt.nextUint32();
    expect(v).toBe(4123659995);
  });

  it('seeds from the low 32 bits and keeps all 64 as the initial seed, as PyTorch', () => {
    const a = new Generator(2n ** 40n + 3n), b = new Generator(3);
    expect(a.initialSeed()).toBe(2n ** 40n + 3n);
    expect([a.nextUint32(), a.nextUint32()]).toEqual([b.nextUint32(), b.nextUint32()]);
  });
});

describe('the CPU generator\'s transforms', () => {
  it('fills as PyTorch\'s rand, randn and randperm after the same seed', () => {
    expect(bits(new Generator(0).fillUniform(new Float32Array(10), 0, 1))).toEqual(golden('rand(10)', 0));
    expect(bits(new Generator(42).fillNormal(new Float32Array(1000), 0, 1))).toEqual(golden('randn(1000)', 42));
    expect(bits(new Generator(3).fillNormal(new Float32Array(17), 0, 1))).toEqual(golden('randn(17): the last 16 drawn again', 3));
    expect(Array.from(new Generator(10).permutation(1000))).toEqual(golden('randperm(1000)', 10));
    expect(Array.from(new Generator(0).fillRandint(new Float64Array(20), 0, 10))).toEqual(golden('randint(0, 10, [20])', 0));
  });

  it('draws one 32-bit word per float32 uniform and two per float64 uniform, the first the high word', () => {
    const g = new Generator(1), raw = new Generator(1);
    const hi = raw.nextUint32(), lo = raw.nextUint32();
    expect(g.nextUint64()).toBe((BigInt(hi) << 32n) | BigInt(lo));
    const g2 = new Generator(1);
    expect(g2.nextFloat64()).toBe(((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53);
    expect(g2.nextFloat32()).toBe((raw.nextUint32() & 0xffffff) * 2 ** -24);
  });

  it('nextInt draws as torch.randint does (a modulo, 64 bits for ranges of 2^32 and more)', () => {
    const g = new Generator(4), raw = new Generator(4);
    expect(g.nextInt(5, 12)).toBe(5 + (raw.nextUint32() % 7));
    const wide = 2 ** 40;
    expect(g.nextInt(0, wide)).toBe(Number(raw.nextUint64() % BigInt(wide)));
  });
});

describe('the CPU generator\'s state is torch.get_rng_state()\'s', () => {
  it('is PyTorch\'s bytes after a seed and after a cached normal', () => {
    const g = new Generator(0);
    expect(Array.from(g.getState())).toEqual(fixture.states[0]!.state);
    g.nextNormal();
    expect(Array.from(g.getState())).toEqual(fixture.states[1]!.state);
  });

  it('resumes exactly, the cached normal included', () => {
    const g = new Generator(77);
    g.nextNormal();
    for (let i = 0; i < 700; i++) g.nextUint32(); // across a regeneration of the state
    const state = g.getState();
    const expected = [g.nextNormal(), g.nextNormal(), g.nextUint32(), g.nextFloat64()];
    const h = new Generator(1).setState(state);
    expect([h.nextNormal(), h.nextNormal(), h.nextUint32(), h.nextFloat64()]).toEqual(expected);
    expect(h.initialSeed()).toBe(77n);
  });

  it('refuses what PyTorch refuses, leaving the generator as it was', () => {
    const g = new Generator(8);
    const before = g.getState();
    expect(() => g.setState(new Uint8Array(40))).toThrow(/5056 bytes.*got 40/);
    for (const [offset, value, pattern] of [[8, 0, /left=0/], [8, 625, /left=625/], [12, 0, /seeded=false/], [16, 625, /next=625/]] as const) {
      const bad = g.getState();
      new DataView(bad.buffer).setInt32(offset, value, true);
      expect(() => g.setState(bad)).toThrow(pattern);
    }
    expect(g.getState()).toEqual(before);
  });
});

describe('exact fused multiply-adds', () => {
  const SCALE = 400n;
  /** x * 2^400 as a bigint (exact for the magnitudes used here: no bits below 2^-400). */
  function scaled(x: number): bigint {
    let m = x, e = 0;
    while (!Number.isInteger(m)) { m *= 2; e++; }
    return (BigInt(m) << SCALE) >> BigInt(e);
  }
  /** a * b + c exactly, times 2^400. */
  const exactSum = (a: number, b: number, c: number): bigint => ((scaled(a) * scaled(b)) >> SCALE) + scaled(c);

  it('fma64 rounds once (BigInt to Number rounds to nearest, as the exact result should)', () => {
    const g = new Generator(4);
    for (let i = 0; i < 20_000; i++) {
      const a = g.nextFloat64() * 4 - 2, b = g.nextFloat64() * 4 - 2, c = (g.nextFloat64() - 0.5) * 2 ** (i % 20 - 10);
      expect(fma64(a, b, c)).toBe(Number(exactSum(a, b, c)) * 2 ** -400);
    }
    // 0.1 * 10 - 1 is 2^-54 exactly, where two roundings give 0
    expect(fma64(0.1, 10, -1)).toBe(2 ** -54);
    expect(0.1 * 10 - 1).toBe(0);
  });

  it('fma32 rounds once, ties included', () => {
    const nearest32 = (a: number, b: number, c: number): number => {
      const sum = exactSum(a, b, c);
      const r = Math.fround(a * b + c);
      // the float32 nearest the exact sum among r and its neighbours (ties to the even bit pattern)
      let best = r, bestDist = -1n;
      for (const v of [float32Below(r), r, -float32Below(-r)]) {
        const d = scaled(v) - sum, dist = d < 0n ? -d : d;
        const even = (new Int32Array(new Float32Array([v]).buffer)[0]! & 1) === 0;
        if (bestDist < 0n || dist < bestDist || (dist === bestDist && even)) [best, bestDist] = [v, dist];
      }
      return best;
    };
    // (1 + 2^-23) * 2^-24 (1 - 2^-23) + (1 + 2^-23) is 2^-70 below a float32 midpoint, which the double sum
    // lands on: rounding that again goes up (ties to even), one rounding goes down.
    const [a, b, c] = [1 + 2 ** -23, 2 ** -24 * (1 - 2 ** -23), 1 + 2 ** -23];
    expect(Math.fround(a * b + c)).toBe(1 + 2 ** -22);
    expect(fma32(a, b, c)).toBe(1 + 2 ** -23);
    expect(nearest32(a, b, c)).toBe(1 + 2 ** -23);
    const g = new Generator(3);
    for (let i = 0; i < 20_000; i++) {
      const a = Math.fround(g.nextFloat64() * 4 - 2), b = Math.fround(g.nextFloat64() * 4 - 2), c = Math.fround((g.nextFloat64() - 0.5) * 2 ** (i % 20 - 10));
      expect(fma32(a, b, c)).toBe(nearest32(a, b, c));
    }
  });
});
