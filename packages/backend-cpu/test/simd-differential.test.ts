// The WebAssembly SIMD kernels against the TypeScript kernels (the reference), on random float32
// inputs with special values mixed in, on shapes that leave SIMD tails and on broadcast and strided
// views: equal at float32 tolerance (torch.testing's rtol 1.3e-6, atol 1e-5), NaN where NaN.
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setSimd } from '../src/wasm/module';

afterAll(() => setSimd(true));

const SPECIAL = [0, -0, 1, -1, Infinity, -Infinity, NaN, 88.5, -88.5, 89, -104, 1e-30, -1e-30, 1e-40, 20, -20];

function input(shape: number[], seed: number, scale = 3): torch.Tensor {
  torch.manualSeed(seed);
  const t = torch.randn(shape).mul(scale);
  const flat = t.reshape(-1);
  const n = flat.shape[0]!;
  // sprinkle special values
  for (let i = 0; i < Math.min(n, SPECIAL.length); i++) flat.at(Math.floor((i * n) / SPECIAL.length)).fill_(SPECIAL[i]!);
  return t;
}

function both(f: () => torch.Tensor): [number[], number[]] {
  setSimd(false);
  const want = Array.from(f().reshape(-1).dataSync() as ArrayLike<number>);
  setSimd(true);
  const got = Array.from(f().reshape(-1).dataSync() as ArrayLike<number>);
  return [got, want];
}

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length).toBe(want.length);
  const bad: string[] = [];
  got.forEach((g, i) => {
    const w = want[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= 1e-5 + 1.3e-6 * Math.abs(w);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${g}, want ${w}`);
  });
  expect(bad, what).toEqual([]);
}

const SHAPES: number[][] = [[1], [7], [37], [1000], [5, 13], [3, 4, 9]];

describe('SIMD unary kernels match the TypeScript kernels', () => {
  const ops = ['neg', 'abs', 'sqrt', 'exp', 'log', 'sigmoid', 'tanh', 'relu', 'reciprocal', 'rsqrt'] as const;
  for (const op of ops) {
    it(op, () => {
      for (const [s, shape] of SHAPES.entries()) {
        const x = input(shape, s + 1);
        const [got, want] = both(() => (x as unknown as Record<string, () => torch.Tensor>)[op]!.call(x));
        expectClose(got, want, `${op} ${JSON.stringify(shape)}`);
      }
    });
  }

  it('exp and log over a dense sweep stay within 2 float32 ulp of the correctly rounded result', () => {
    const xs = torch.linspace(-103, 88.7, 20011);
    const [got] = both(() => xs.exp());
    const src = xs.dataSync() as Float32Array;
    const bad: string[] = [];
    got.forEach((g, i) => {
      const w = Math.fround(Math.exp(src[i]!));
      const ulp = Math.max(Math.abs(w) * 2 ** -23, 2 ** -149);
      if (!(Math.abs(g - w) <= 2 * ulp)) bad.push(`exp(${src[i]}) = ${g}, want ${w}`);
    });
    const ys = torch.linspace(1e-6, 1e6, 20011);
    const [gotLog] = both(() => ys.log());
    const srcY = ys.dataSync() as Float32Array;
    gotLog.forEach((g, i) => {
      const w = Math.fround(Math.log(srcY[i]!));
      if (!(Math.abs(g - w) <= 2 * Math.abs(w) * 2 ** -23 + 2 ** -40)) bad.push(`log(${srcY[i]}) = ${g}, want ${w}`);
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('SIMD binary kernels match the TypeScript kernels', () => {
  const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const;
  for (const op of ops) {
    it(op, () => {
      const call = (a: torch.Tensor, b: torch.Tensor | number) => (a as unknown as Record<string, (o: unknown) => torch.Tensor>)[op]!.call(a, b);
      for (const [s, shape] of SHAPES.entries()) {
        const a = input(shape, 10 + s);
        const b = input(shape, 20 + s);
        const cast = (t: torch.Tensor) => (t.dtype === 'bool' ? t.to('float32') : t);
        expectClose(...both(() => cast(call(a, b))), `${op} ${JSON.stringify(shape)}`);
        expectClose(...both(() => cast(call(a, 0.75))), `${op} scalar ${JSON.stringify(shape)}`);
        // broadcast along rows and along columns, and a transposed (strided) operand
        const row = input([shape[shape.length - 1]!], 30 + s);
        expectClose(...both(() => cast(call(a, row))), `${op} row ${JSON.stringify(shape)}`);
        if (shape.length >= 2) {
          const col = input([...shape.slice(0, -1), 1], 40 + s);
          expectClose(...both(() => cast(call(a, col))), `${op} column ${JSON.stringify(shape)}`);
          const t = input([...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!], 50 + s).mT;
          expectClose(...both(() => cast(call(a, t))), `${op} transposed ${JSON.stringify(shape)}`);
        }
      }
    });
  }

  it('where with bool conditions, tensors and scalars', () => {
    const a = input([9, 33], 60);
    const b = input([9, 33], 61);
    const cond = a.gt(b);
    expectClose(...both(() => torch.where(cond, a, b)), 'where tensors');
    expectClose(...both(() => torch.where(cond, a, 0)), 'where scalar b');
    expectClose(...both(() => torch.where(cond, 0, b)), 'where scalar a');
    expectClose(...both(() => torch.where(cond.at(0), a, b)), 'where broadcast cond');
  });

  it('in place on the output (x.add_(y), x.mul_(2))', () => {
    const [got, want] = both(() => input([1001], 70).add_(input([1001], 71)).mul_(2));
    expectClose(got, want, 'in place');
  });
});

describe('SIMD strided copies match the TypeScript kernel', () => {
  it.each([[128, 784], [9, 13], [5, 4], [100, 3]])('contiguous() of transposed, sliced and flipped [%i, %i] views', (r, c) => {
    const x = input([r, c], r * c);
    for (const view of [x.T, x.at('::2').T, x.flip(0), x.flip(1).T, x.at(':', '1:')]) {
      const [got, want] = both(() => view.contiguous());
      expect(got).toEqual(want);
    }
    const i = torch.randint(-50, 50, [r, c], { dtype: 'int32' });
    expect(both(() => i.T.contiguous())[0]).toEqual(both(() => i.T.contiguous())[1]);
  });
});

describe('SIMD fills match the TypeScript kernel', () => {
  const VALUES: Record<string, number[]> = {
    float32: [0, -0, 1.5, NaN, -Infinity, 1e40, 1e-45, 0.1],
    float64: [0, -0, 0.1, NaN, Infinity, 1e300],
    int32: [0, -3, 2 ** 31 - 1, -(2 ** 31)],
    int64: [0, -3, 2 ** 53 - 1],
    uint8: [0, 7, 255],
    bool: [0, 1],
  };
  for (const [dtype, values] of Object.entries(VALUES)) {
    it(`${dtype}: whole, offset, sliced and strided views of every size around the vector width`, () => {
      for (const n of [1, 15, 16, 17, 63, 64, 65, 1001]) {
        for (const v of values) {
          // every view holds its own storage (a fill's target), read whole, so what it must not touch shows too
          const views: [string, (t: torch.Tensor) => torch.Tensor][] = [
            ['whole', (t) => t], ['offset 1', (t) => t.at('1:')], ['offset 3, stop short', (t) => t.at('3:-2')],
            ['every other', (t) => t.at('::2')], ['columns', (t) => t.reshape(-1, 1).expand(-1, 2).contiguous().T.at(0)],
          ];
          for (const [what, view] of views) {
            const run = () => {
              const t = torch.full([n + 3], 9, { dtype: dtype as torch.DType });
              view(t).fill_(v);
              return t;
            };
            const [got, want] = both(run);
            expect(got.map((g, i) => Object.is(g, want[i]) || [g, want[i]]).filter((x) => x !== true), `${dtype} ${v} ${what} n=${n}`).toEqual([]);
          }
        }
      }
    });
  }
});

describe('SIMD reductions match the TypeScript kernels', () => {
  for (const op of ['sum', 'amax', 'amin'] as const) {
    it(op, () => {
      const x = input([6, 7, 37], 80, 1);
      for (const dims of [[0], [1], [2], [0, 1], [1, 2], [0, 1, 2]]) {
        expectClose(...both(() => (x as unknown as Record<string, (d: number[]) => torch.Tensor>)[op]!.call(x, dims)), `${op} ${JSON.stringify(dims)}`);
      }
    });
  }

  it('argmax, argmin and max/min(dim): the first of ties (±0 included), the first NaN, along every dim and over all', () => {
    // few distinct values: ties everywhere; a NaN in some rows and columns; zeros of both signs
    torch.manualSeed(82);
    const x = torch.randint(-2, 3, [6, 7, 37]).float();
    const flat = x.reshape(-1);
    for (const i of [5, 300, 1200]) flat.at(i).fill_(NaN);
    for (const i of [40, 41, 77]) flat.at(i).fill_(-0);
    const wide = input([3, 1000], 83); // long rows: the 16-wide search
    for (const t of [x, wide]) {
      for (const dim of [...t.shape.keys(), null]) {
        for (const op of ['argmax', 'argmin'] as const) {
          const [got, want] = both(() => t[op](dim));
          expect(got, `${op} ${dim}`).toEqual(want);
        }
        if (dim === null) continue;
        for (const op of ['max', 'min'] as const) {
          const [got, want] = both(() => (t[op](dim) as unknown as { indices: torch.Tensor }).indices);
          expect(got, `${op}(${dim}).indices`).toEqual(want);
          expectClose(...both(() => (t[op](dim) as unknown as { values: torch.Tensor }).values), `${op}(${dim}).values`);
        }
      }
    }
  });

  it('a long float32 sum keeps float64-like accuracy (blocks of float32 lanes summed in doubles)', () => {
    const x = torch.full([1_000_003], 0.1);
    const exact = 1_000_003 * Math.fround(0.1);
    expect(Math.abs((x.sum().itemSync() as number) - exact) / exact).toBeLessThan(1e-6);
  });
});

describe('SIMD pooling matches the TypeScript kernel', () => {
  it('max pooling (2 x 2 fast path and general windows) with NaN and ties: values, indices and gradients', () => {
    const x = input([2, 3, 9, 10], 90);
    x.at(0, 0, 0, 0).fill_(NaN);
    x.at(0, 0, 0, 1).fill_(NaN);
    x.at(1, 1).fill_(0.5); // ties: the first maximum wins
    const cases: [number | [number, number], { stride?: number; padding?: number; dilation?: number }, torch.PoolGeometry][] = [
      [2, {}, { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] }],
      [3, { stride: 2, padding: 1 }, { kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] }],
      [[2, 3], { stride: 1, dilation: 2 }, { kernel: [2, 3], stride: [1, 1], padding: [0, 0], dilation: [2, 2] }],
    ];
    for (const [kernel, opts, geometry] of cases) {
      const run = () => {
        const [values, indices] = torch.maxPool2d(x, kernel, { ...opts, returnIndices: true });
        const grad = torch.maxPool2dBackward(torch.onesLike(values), indices, x.shape, geometry);
        return torch.cat([values.reshape(-1), indices.to('float32').reshape(-1), grad.reshape(-1)]);
      };
      const [got, want] = both(run);
      expect(got).toEqual(want);
    }
  });
});
