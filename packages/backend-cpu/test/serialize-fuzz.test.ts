// The reader against random and mutated files (seeded): each must load, with every tensor's size matching
// its shape, or throw an Error whose message starts with the call's name; never hang or crash.
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { Generator } from '@x/tensor';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeLinear, FakeModule } from './serialize-helpers';

/** Seeded uniform [0, 1) numbers from @x/tensor's Generator, so a failing case can be replayed. */
function rng(seed: number): () => number {
  const g = new Generator(seed);
  return () => g.nextFloat64();
}

class Net extends FakeModule {
  fc = new FakeLinear(3, 2);
}

function seedFiles(): Uint8Array[] {
  torch.manualSeed(0);
  return [
    torch.saveBytesSync({
      epoch: 2,
      loss: NaN,
      model: { 'fc.weight': torch.randn(2, 3), 'fc.bias': torch.randn(2) },
      optimizer: { state: { 0: { step: 1, exp_avg: torch.randn(2, 3) } }, param_groups: [{ lr: 0.1, params: [0] }] },
      ints: torch.tensor([1, -2, 3]),
      mask: torch.tensor([true, false]),
      u8: torch.tensor([1, 2, 3], { dtype: 'uint8' }),
      i32: torch.tensor([5], { dtype: 'int32' }),
      d: torch.tensor([0.5], { dtype: 'float64' }),
      empty: torch.zeros(0, 2),
    }),
    torch.saveBytesSync(new Net()),
    new Uint8Array(readFileSync(new URL('../../tensor/test/fixtures/serialize/python-all-dtypes.safetensors', import.meta.url))),
  ];
}

function tensorsIn(x: unknown, out: torch.Tensor[] = [], depth = 0): torch.Tensor[] {
  if (torch.isTensor(x)) out.push(x);
  else if (x !== null && typeof x === 'object' && depth < 50) for (const v of Object.values(x)) tensorsIn(v, out, depth + 1);
  return out;
}

type Outcome = 'loaded' | 'refused';
function attempt(bytes: Uint8Array): Outcome {
  let result: unknown;
  try {
    result = torch.loadBytes(bytes, { modules: { Net } });
  } catch (e) {
    if (!(e instanceof Error)) throw new Error(`threw a non-Error: ${String(e)}`);
    if (!e.message.startsWith("torch.loadBytes")) throw new Error(`an unclean error: ${e.constructor.name}: ${e.message} ${e.stack}`);
    return 'refused';
  }
  for (const t of tensorsIn(result)) {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (t.numel() !== numel || t.dataSync().length !== numel) throw new Error(`a tensor of shape [${t.shape.join(', ')}] holds ${t.dataSync().length} values`);
  }
  return 'loaded';
}

describe('fuzzing loadBytes', () => {
  const seeds = seedFiles();
  const tally: Record<Outcome, number> = { loaded: 0, refused: 0 };
  const run = (label: string, bytes: Uint8Array) => {
    try {
      tally[attempt(bytes)]++;
    } catch (e) {
      throw new Error(`${label}: ${(e as Error).message}`);
    }
  };

  it('the seed files load', () => {
    for (const s of seeds) expect(attempt(s)).toBe('loaded');
  });

  it('random bytes, with and without a plausible header length', () => {
    const r = rng(1);
    for (let i = 0; i < 1000; i++) {
      const bytes = new Uint8Array(Math.floor(r() * 300)).map(() => Math.floor(r() * 256));
      if (i % 2 && bytes.length >= 8) {
        new DataView(bytes.buffer).setUint32(0, Math.floor(r() * (bytes.length - 7)), true);
        new DataView(bytes.buffer).setUint32(4, 0, true);
        bytes[8] = 0x7b;
      }
      run(`random ${i}`, bytes);
    }
  });

  it('every truncation of each seed file', () => {
    for (const [k, s] of seeds.entries()) for (let n = 0; n < s.length; n++) run(`seed ${k} cut at ${n}`, s.subarray(0, n));
  });

  it('random byte flips, anywhere and inside the header', () => {
    const r = rng(2);
    for (let i = 0; i < 3000; i++) {
      const s = seeds[i % seeds.length]!;
      const bytes = s.slice();
      const headerEnd = 8 + new DataView(s.buffer, s.byteOffset).getUint32(0, true);
      const flips = 1 + Math.floor(r() * 4);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(r() * (i % 2 ? headerEnd : bytes.length));
        bytes[at] = r() < 0.5 ? Math.floor(r() * 256) : bytes[at]! ^ (1 << Math.floor(r() * 8));
      }
      run(`flip case ${i}`, bytes);
    }
  });

  it('digit changes inside the header, which keep the JSON valid and move offsets and shapes', () => {
    const r = rng(3);
    for (let i = 0; i < 2000; i++) {
      const s = seeds[i % seeds.length]!;
      const bytes = s.slice();
      const headerEnd = 8 + new DataView(s.buffer, s.byteOffset).getUint32(0, true);
      const digits: number[] = [];
      for (let j = 8; j < headerEnd; j++) if (bytes[j]! >= 0x30 && bytes[j]! <= 0x39) digits.push(j);
      const at = digits[Math.floor(r() * digits.length)]!;
      bytes[at] = 0x30 + Math.floor(r() * 10);
      run(`digit case ${i}`, bytes);
    }
    // Both outcomes happen: the cases reach past the JSON parser into the validation.
    expect(tally.loaded).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });
});
