// PyTorch's CPU random stream: after torch.manualSeed, the random ops give PyTorch 1.13's values bit for bit
// (fixtures from packages/tensor/scripts/random_goldens.py, run on an AVX2 CPU).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

interface Case { name: string; seed: number; values: number[] }
interface State { after: string; state: number[]; then?: number[] }
const fixture = JSON.parse(readFileSync(new URL('../../tensor/test/fixtures/random.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  states: State[];
};

function bits(t: Tensor): number[] {
  return Array.from(new Int32Array(Float32Array.from(t.contiguous().dataSync() as Float32Array).buffer));
}
function floats(t: Tensor): number[] {
  return Array.from(t.contiguous().dataSync(), Number);
}

const transposedUniform = (): Tensor => torch.empty(4, 3).t().uniform_();

/** The JS for each fixture case, and how its values are compared (float32 bits or plain numbers). */
const ops: Record<string, [() => Tensor, (t: Tensor) => number[]]> = {
  'rand(10)': [() => torch.rand(10), bits],
  'randn(10)': [() => torch.randn(10), bits],
  'randn(1000)': [() => torch.randn(1000), bits],
  'rand(10, float64)': [() => torch.rand(10, { dtype: 'float64' }), floats],
  'randint(0, 10, [20])': [() => torch.randint(0, 10, [20]), floats],
  'randperm(10)': [() => torch.randperm(10), floats],
  'randn(5) then randn(3): the cached second normal': [() => torch.cat([torch.randn(5), torch.randn(3)]), bits],
  'randn(3) then rand(2)': [() => torch.cat([torch.randn(3), torch.rand(2)]), bits],
  'randn(16)': [() => torch.randn(16), bits],
  'randn(17): the last 16 drawn again': [() => torch.randn(17), bits],
  'randn(33)': [() => torch.randn(33), bits],
  'randn(4096)': [() => torch.randn(4096), bits],
  'normal_(0.3, 2.7) on 1000': [() => torch.empty(1000).normal_(0.3, 2.7), bits],
  'normal_(0.3, 2.7) on 7': [() => torch.empty(7).normal_(0.3, 2.7), bits],
  'normal_(-1, 0.02) on float64 7': [() => torch.empty(7, { dtype: 'float64' }).normal_(-1, 0.02), floats],
  'uniform_(-0.0357, 0.0357) on 1000': [() => torch.empty(1000).uniform_(-0.0357, 0.0357), bits],
  'uniform_(1.1, 7.3) on 1000': [() => torch.empty(1000).uniform_(1.1, 7.3), bits],
  'uniform_(-3.5, 2.25) on float64 100': [() => torch.empty(100, { dtype: 'float64' }).uniform_(-3.5, 2.25), floats],
  'uniform_ of a transposed [3, 4]: memory order': [transposedUniform, bits],
  'normal_ of a transposed [8, 4]: the scalar path in memory order': [() => torch.empty(4, 8).t().normal_(), bits],
  'normal_ of every other element of 40: the scalar path': [() => torch.zeros(40).at('::2').normal_(), bits],
  'randint(-2^40, 2^40, [5]): random64': [() => torch.randint(-(2 ** 40), 2 ** 40, [5]), floats],
  'randint(3, 17, [5], float32)': [() => torch.randint(3, 17, [5], { dtype: 'float32' }), floats],
  'randint(-2^31, 2^31, [5], int32)': [() => torch.randint(-(2 ** 31), 2 ** 31, [5], { dtype: 'int32' }), floats],
  'randint(0, 256, [8], uint8)': [() => torch.randint(0, 256, [8], { dtype: 'uint8' }), floats],
  'randperm(1000)': [() => torch.randperm(1000), floats],
  'bernoulli_(0.3) on 20': [() => torch.empty(20).bernoulli_(0.3), floats],
  'bernoulli(p) float32': [() => torch.bernoulli(torch.linspace(0, 1, 12)), floats],
  'bernoulli(p) float64': [() => torch.bernoulli(torch.linspace(0, 1, 12, { dtype: 'float64' })), floats],
};

describe('the CPU stream is PyTorch 1.13\'s', () => {
  const cases = fixture.cases.filter((c) => c.name in ops);
  it('covers the fixture', () => {
    expect(cases.length).toBeGreaterThan(40);
  });
  for (const c of cases) {
    it(`${c.name}, seed ${c.seed}`, () => {
      const [run, encode] = ops[c.name]!;
      torch.manualSeed(c.seed);
      expect(encode(run())).toEqual(c.values);
    });
  }

  // float64 normals take log, cos and sin in float64, where glibc's (PyTorch's) and V8's differ in the last
  // bit for a few percent of arguments: the same draws, within an ulp or two, most values identical.
  const float64Normals: Record<string, (n: number) => Tensor> = {
    'randn(5, float64)': (n) => torch.randn(n, { dtype: 'float64' }),
    'randn(64, float64)': (n) => torch.randn(n, { dtype: 'float64' }),
  };
  for (const c of fixture.cases.filter((x) => x.name in float64Normals)) {
    it(`${c.name}, seed ${c.seed}: within 2 ulp of PyTorch's`, () => {
      torch.manualSeed(c.seed);
      const got = floats(float64Normals[c.name]!(c.values.length));
      got.forEach((v, i) => expect(Math.abs(v - c.values[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(v))));
      expect(got.filter((v, i) => v === c.values[i]).length).toBeGreaterThanOrEqual(c.values.length * 0.6);
    });
  }
});

describe('getRngState / setRngState use PyTorch\'s format', () => {
  it('gives PyTorch\'s state bytes, byte for byte', () => {
    torch.manualSeed(0);
    expect(Array.from(torch.getRngState())).toEqual(fixture.states[0]!.state);
    torch.randn(1); // leaves a cached normal behind
    expect(Array.from(torch.getRngState())).toEqual(fixture.states[1]!.state);
  });

  it('resumes PyTorch\'s stream from its state (a Uint8Array or a uint8 tensor)', () => {
    for (const s of fixture.states.slice(1)) {
      torch.manualSeed(99);
      torch.setRngState(Uint8Array.from(s.state));
      const n = s.then!.length;
      const got = s.after.includes('randn') ? torch.randn(n) : torch.rand(n);
      expect(bits(got)).toEqual(s.then);
      torch.setRngState(torch.tensor(s.state, { dtype: 'uint8' }));
      expect(bits(s.after.includes('randn') ? torch.randn(n) : torch.rand(n))).toEqual(s.then);
    }
  });

  it('refuses a state that is not one, naming what is wrong', () => {
    expect(() => torch.setRngState(new Uint8Array(40))).toThrow(/5056 bytes.*got 40/);
    const bad = Uint8Array.from(fixture.states[0]!.state);
    bad[8] = 0; // left = 0
    expect(() => torch.setRngState(bad)).toThrow(/invalid mt19937 state.*left=0/);
    expect(() => torch.setRngState(torch.zeros(5056))).toThrow(/uint8/);
  });
});

describe('generators and devices', () => {
  it('a CPU generator of the same seed gives the default generator\'s values', () => {
    torch.manualSeed(5);
    const a = torch.randn(20);
    const g = new torch.Generator().manualSeed(5);
    expect(bits(torch.randn(20, { generator: g }))).toEqual(bits(a));
  });

  it('refuses a generator of another device, as PyTorch', () => {
    const g = new torch.Generator({ device: 'webgpu' });
    expect(g.kind).toBe('philox');
    expect(() => torch.rand(3, { generator: g })).toThrow(/expected a 'cpu' generator.*'webgpu'/);
    expect(() => torch.randperm(3, { generator: g })).toThrow(/randperm/);
  });
});
