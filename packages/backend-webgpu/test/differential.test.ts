// A seeded random differential test of every primitive: the same op on the same values, as views with
// random shapes, strides (transposed, sliced with steps, broadcast with stride 0, flipped) and dtypes,
// on the CPU and on WebGPU; values must agree (float32 to 1e-5 relative, the rest exactly), and each
// case leaks no WebGPU tensor (torch.tidy frees everything it made). The budget is bounded and seeded:
// a failure prints the seed and the case.
import { describe, expect, it } from 'vitest';
import './setup';
import * as torch from '@x/tensor';
import '@x/backend-cpu';

type T = torch.Tensor;
const SEED = Number(process.env.WEBGPU_DIFF_SEED ?? 20261206);
const CASES_PER_FAMILY = Number(process.env.WEBGPU_DIFF_CASES ?? 24);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  shape(rank = this.int(0, 4), max = 5): number[] {
    return Array.from({ length: rank }, () => this.int(1, max));
  }
  values(n: number, dtype: torch.DType): number[] {
    return Array.from({ length: n }, () => {
      if (dtype === 'bool') return this.int(0, 1);
      if (dtype === 'uint8') return this.int(0, 255);
      if (dtype === 'int32' || dtype === 'int64') return this.int(-20, 20);
      return Math.round((this.r() * 6 - 3) * 1000) / 1000;
    });
  }
  /** A tensor of `shape` on the CPU reached through a random view of a larger base (same values on both devices). */
  tensor(shape: readonly number[], dtype: torch.DType): { cpu: T; gpu: T; how: string } {
    const how: string[] = [];
    const kind = shape.length === 0 ? 0 : this.int(0, 4);
    let baseShape = [...shape];
    if (kind === 1) baseShape = [...shape].reverse(); // transposed view
    if (kind === 2) baseShape = shape.map((s) => s * 2); // stepped slice
    if (kind === 3) baseShape = shape.map((s, d) => (d === 0 ? 1 : s)); // broadcast dim 0
    const n = baseShape.reduce((a, b) => a * b, 1);
    const base = torch.tensor(this.values(n, dtype), { dtype: dtype === 'bool' ? 'uint8' : dtype }).to(dtype).reshape(baseShape);
    const view = (b: T): T => {
      if (kind === 1) return b.permute(...shape.map((_, d) => shape.length - 1 - d));
      if (kind === 2) return b.at(...shape.map(() => '::2'));
      if (kind === 3) return b.expand(...shape);
      if (kind === 4) return b.flip(0); // a negative-stride read (flip copies through it)
      return b;
    };
    how.push(['plain', 'transposed', 'stepped', 'broadcast', 'flipped'][kind]!);
    return { cpu: view(base), gpu: view(base.to('webgpu')), how: `${dtype} ${JSON.stringify(shape)} ${how.join(',')}` };
  }
}

async function same(cpu: T | T[], gpu: T | T[], what: string): Promise<void> {
  const a = Array.isArray(cpu) ? cpu : [cpu];
  const b = Array.isArray(gpu) ? gpu : [gpu];
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    expect(y.device, what).toBe('webgpu');
    expect([y.dtype, ...y.shape], what).toEqual([x.dtype, ...x.shape]);
    const want = x.dataSync();
    const got = await y.dataAsync();
    for (let i = 0; i < want.length; i++) {
      const e = want[i]!;
      const g = got[i]!;
      if (Number.isNaN(e)) expect(Number.isNaN(g), `${what} [${i}]: got ${g}, expected NaN`).toBe(true);
      else if (x.dtype === 'float32' && Number.isFinite(e)) expect(Math.abs(g - e), `${what} [${i}]: got ${g}, expected ${e}`).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(e));
      else expect(g, `${what} [${i}]`).toBe(e);
    }
  }
}

type Case = (g: Gen) => { what: string; run: (dev: 'cpu' | 'gpu') => T | T[] };

const FLOAT_UNARY = ['neg', 'abs', 'sign', 'exp', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'erf', 'log1p', 'expm1'] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'lt', 'ge', 'remainder', 'pow'] as const;
const DTYPES: torch.DType[] = ['float32', 'int32', 'int64', 'uint8', 'bool'];

const FAMILIES: Record<string, Case> = {
  copy: (g) => {
    const s = g.shape();
    const from = g.pick(DTYPES);
    const to = g.pick(DTYPES);
    const x = g.tensor(s, from);
    return { what: `copy ${x.how} -> ${to}`, run: (d) => (d === 'cpu' ? x.cpu : x.gpu).to(to).contiguous() };
  },
  unary: (g) => {
    const op = g.pick(FLOAT_UNARY);
    const x = g.tensor(g.shape(), 'float32');
    return { what: `${op} ${x.how}`, run: (d) => {
      const t = d === 'cpu' ? x.cpu : x.gpu;
      const v = op === 'sqrt' || op === 'log1p' ? t.abs() : t;
      return (v as unknown as Record<string, () => T>)[op]!.call(v);
    } };
  },
  binary: (g) => {
    const op = g.pick(BINARY);
    const s = g.shape();
    const dt = op === 'pow' || op === 'remainder' ? g.pick(['float32', 'int32', 'int64'] as torch.DType[]) : g.pick(DTYPES.filter((t) => t !== 'bool'));
    const a = g.tensor(s, dt);
    const bShape = s.map((n) => (g.r() < 0.3 ? 1 : n)); // broadcast some dims
    const b = g.tensor(bShape, g.pick(['float32', dt]));
    const scalar = g.r() < 0.2;
    return { what: `${op} ${a.how} with ${scalar ? 'scalar 2' : b.how}`, run: (d) => {
      const x = d === 'cpu' ? a.cpu : a.gpu;
      let y = d === 'cpu' ? b.cpu : b.gpu;
      if (op === 'pow') y = y.abs().clamp(0, 3);
      if (op === 'remainder' || op === 'div') y = y.abs().add(1);
      return (x as unknown as Record<string, (o: T | number) => T>)[op]!.call(x, scalar ? 2 : y);
    } };
  },
  whereClamp: (g) => {
    const s = g.shape();
    const c = g.tensor(s, 'bool');
    const a = g.tensor(s, 'float32');
    const b = g.tensor(s, 'float32');
    return { what: `where/clamp ${c.how} ${a.how} ${b.how}`, run: (d) => {
      const [cc, aa, bb] = d === 'cpu' ? [c.cpu, a.cpu, b.cpu] : [c.gpu, a.gpu, b.gpu];
      return [torch.where(cc, aa, bb), aa.clamp(-1, 1.5), aa.clamp({ min: bb })];
    } };
  },
  reduce: (g) => {
    const s = g.shape(g.int(1, 4));
    const dt = g.pick(DTYPES);
    const x = g.tensor(s, dt);
    const dim = g.int(0, s.length - 1);
    return { what: `reductions over dim ${dim} of ${x.how}`, run: (d) => {
      const t = d === 'cpu' ? x.cpu : x.gpu;
      const out = [t.sum(dim), t.amax(dim), (dt === 'bool' ? t.int() : t).argmin(dim), t.any(dim)];
      if (dt === 'float32') out.push(t.mean(), t.sum(s.length > 1 ? [0, s.length - 1] : [0]), t.prod(dim));
      return out;
    } };
  },
  scan: (g) => {
    const s = g.shape(g.int(1, 3));
    const dt = g.pick(['float32', 'int32', 'int64'] as torch.DType[]);
    const x = g.tensor(s, dt);
    const dim = g.int(0, s.length - 1);
    return { what: `cumsum/cumprod dim ${dim} of ${x.how}`, run: (d) => {
      const t = d === 'cpu' ? x.cpu : x.gpu;
      return [t.cumsum(dim), dt === 'float32' ? t.cumprod(dim) : t.clamp(-1, 1).cumprod(dim)];
    } };
  },
  matmul: (g) => {
    const [m, k, n] = [g.int(1, 48), g.int(1, 24), g.int(1, 48)];
    const batch = g.shape(g.int(0, 2), 3);
    const dt = g.pick(['float32', 'float32', 'int32'] as torch.DType[]);
    const a = g.tensor([...batch, m, k], dt);
    const b = g.tensor([...batch.map((x) => (g.r() < 0.3 ? 1 : x)), k, n], dt);
    return { what: `matmul ${a.how} @ ${b.how}`, run: (d) => (d === 'cpu' ? a.cpu : a.gpu).matmul(d === 'cpu' ? b.cpu : b.gpu) };
  },
  gatherScatter: (g) => {
    const s = g.shape(g.int(1, 3));
    const dim = g.int(0, s.length - 1);
    const x = g.tensor(s, g.pick(['float32', 'int64'] as torch.DType[]));
    const idxShape = s.map((n, d) => (d === dim ? g.int(1, 6) : g.int(1, n)));
    const idx = torch.tensor(Array.from({ length: idxShape.reduce((a, b) => a * b, 1) }, () => g.int(0, s[dim]! - 1))).reshape(idxShape);
    const src = g.tensor(idxShape, x.cpu.dtype);
    return { what: `gather/scatter dim ${dim} ${x.how} index ${JSON.stringify(idxShape)}`, run: (d) => {
      const [t, i, v] = d === 'cpu' ? [x.cpu, idx, src.cpu] : [x.gpu, idx.to('webgpu'), src.gpu];
      return [t.gather(dim, i), t.contiguous().scatterAdd(dim, i, v.contiguous()), t.contiguous().scatter(dim, i, v.contiguous())];
    } };
  },
  sort: (g) => {
    const s = g.shape(g.int(1, 3), 7);
    const dim = g.int(0, s.length - 1);
    const x = g.tensor(s, g.pick(['float32', 'int32'] as torch.DType[]));
    const desc = g.r() < 0.5;
    return { what: `sort dim ${dim} descending ${desc} ${x.how}`, run: (d) => {
      const t = (d === 'cpu' ? x.cpu : x.gpu).mul(2).round(); // ties exercise stability
      const r = t.sort(dim, desc);
      return [r.values, r.indices];
    } };
  },
  convPool: (g) => {
    const [n, c, h, w] = [g.int(1, 2), g.int(1, 3), g.int(3, 9), g.int(3, 9)];
    const groups = g.pick([1, c]);
    const cout = groups * g.int(1, 2);
    const k = g.int(1, 3);
    const x = g.tensor([n, c, h, w], 'float32');
    const wt = g.tensor([cout, c / groups, k, k], 'float32');
    const stride = g.int(1, 2);
    const padding = g.int(0, Math.floor(k / 2));
    return { what: `conv2d/maxPool2d ${x.how} weight ${wt.how} stride ${stride} padding ${padding} groups ${groups}`, run: (d) => {
      const [xx, ww] = d === 'cpu' ? [x.cpu, wt.cpu] : [x.gpu, wt.gpu];
      const pooled = torch.maxPool2d(xx, k + 1, { stride, padding: Math.floor((k + 1) / 2), returnIndices: true }) as unknown as T[];
      return [torch.conv2d(xx, ww, null, { stride, padding, groups }), ...pooled];
    } };
  },
};

describe(`random differential test against the CPU (seed ${SEED}, ${CASES_PER_FAMILY} cases per family)`, () => {
  for (const [family, make] of Object.entries(FAMILIES)) {
    it(family, async () => {
      const g = new Gen(rng(SEED ^ family.length * 0x9e3779b1));
      for (let i = 0; i < CASES_PER_FAMILY; i++) {
        const c = make(g);
        const live = torch.memory('webgpu').tensors;
        const cpu = c.run('cpu');
        const gpu = torch.tidy(() => c.run('gpu'));
        await same(cpu, gpu, `${family} case ${i} (seed ${SEED}): ${c.what}`);
        for (const t of Array.isArray(gpu) ? gpu : [gpu]) t.dispose();
        expect(torch.memory('webgpu').tensors, `${family} case ${i}: a WebGPU tensor leaked`).toBeLessThanOrEqual(live);
      }
    });
  }
});
