// torch.save to a .pth writes PyTorch's format: the js-*.pth fixtures were written by this test
// (WRITE_PT_GOLDENS=1) and loaded by Debian's PyTorch 1.13 with torch.load(weights_only=True)
// (packages/tensor/scripts/pt_goldens.py check), which compared them with the js-*.json beside them.
// The test checks that @x still writes exactly those bytes, and reads them back.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

const dir = new URL('../../tensor/test/fixtures/pt/', import.meta.url);

function enc(t: Tensor): Record<string, unknown> {
  const values = Array.from(t.contiguous().dataSync() as ArrayLike<number>, (v) => (t.dtype === 'bool' ? v !== 0 : Number.isNaN(v) ? null : v));
  return { __tensor__: true, dtype: t.dtype, shape: [...t.shape], values, ...(t.requiresGrad ? { requires_grad: true } : {}) };
}

function stateDict(): Record<string, Tensor> {
  torch.manualSeed(0);
  return {
    'fc1.weight': torch.randn(3, 4),
    'fc1.bias': torch.zeros(3),
    'bn.num_batches_tracked': torch.tensor(7),
    'bn.running_mean': torch.tensor([0.5, -1.25], { dtype: 'float64' }),
    mask: torch.tensor([true, false, true]),
    u8: torch.tensor([0, 255], { dtype: 'uint8' }),
    i32: torch.tensor([-(2 ** 31), 2 ** 31 - 1], { dtype: 'int32' }),
    big: torch.tensor([2 ** 53, -(2 ** 53)]),
    empty: torch.zeros(0, 2),
  };
}

function checkpoint(): Record<string, unknown> {
  const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
  return {
    epoch: 5,
    loss: 0.25,
    model: stateDict(),
    optimizer: { state: { 0: { step: 10, exp_avg: torch.ones(2) } }, param_groups: [{ lr: 0.001, betas: [0.9, 0.999], params: [0] }] },
    views: { base, t: base.t(), row: base.at(1), tail: base.view(-1).at('5:') },
    special: [NaN, Infinity, -0, 'text', null, true],
    weight: torch.ones(2, { requiresGrad: true }),
  };
}

const cases: { name: string; make: () => unknown; options?: torch.SaveOptions; weightsOnly: boolean; expected: (o: unknown) => unknown }[] = [
  { name: 'js-state-dict', make: stateDict, weightsOnly: true, expected: (o) => Object.fromEntries(Object.entries(o as Record<string, Tensor>).map(([k, v]) => [k, enc(v)])) },
  {
    name: 'js-checkpoint', make: checkpoint, weightsOnly: false, // PyTorch 1.13's weights_only reads no floats (2.x does)
    expected: (o) => {
      const c = o as ReturnType<typeof checkpoint> & { model: Record<string, Tensor>; views: Record<string, Tensor> };
      return {
        epoch: 5, loss: 0.25, model: Object.fromEntries(Object.entries(c.model).map(([k, v]) => [k, enc(v)])),
        optimizer: { state: { 0: { step: 10, exp_avg: enc(torch.ones(2)) } }, param_groups: [{ lr: 0.001, betas: [0.9, 0.999], params: [0] }] },
        views: Object.fromEntries(Object.entries(c.views).map(([k, v]) => [k, enc(v)])),
        special: [null, 'Infinity', -0, 'text', null, true], weight: enc(c.weight as Tensor),
      };
    },
  },
  {
    name: 'js-half', make: () => ({ w: torch.tensor([1, 1 / 3, 65504, 70000, 1e-8, -2.5]), b: torch.tensor([1, 1 / 3, 3e38]) }), options: { floatsAs: 'float16' }, weightsOnly: true,
    expected: () => ({ w: { __tensor__: true, dtype: 'float16', shape: [6], values: [1, 0.333251953125, 65504, 'Infinity', 0, -2.5] }, b: { __tensor__: true, dtype: 'float16', shape: [3], values: [1, 0.333251953125, 'Infinity'] } }),
  },
];

describe('torch.save writes PyTorch\'s format, which PyTorch 1.13 reads', () => {
  for (const c of cases) {
    it(`${c.name}.pth: the bytes PyTorch checked, and loaded back here`, async () => {
      const obj = c.make();
      const bytes = torch.saveBytesSync(obj, { format: 'pt', ...c.options });
      const file = new URL(`${c.name}.pth`, dir);
      if (process.env.WRITE_PT_GOLDENS) {
        writeFileSync(file, bytes);
        writeFileSync(new URL(`${c.name}.json`, dir), JSON.stringify({ __weights_only__: c.weightsOnly, ...(c.expected(obj) as object) }));
      }
      expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
      expect(Buffer.from(await torch.saveBytes(obj, { format: 'pt', ...c.options })).equals(Buffer.from(bytes))).toBe(true);
      const back = torch.loadBytes(bytes);
      expect(Object.keys(back as object)).toEqual(Object.keys(obj as object));
    });
  }

  it('round-trips structure, values, shared storages and requiresGrad', () => {
    const obj = checkpoint();
    const back = torch.loadBytes(torch.saveBytesSync(obj, { format: 'pt' }));
    expect(back.epoch).toBe(5);
    expect(back.loss).toBe(0.25);
    expect(back.special.slice(1)).toEqual([Infinity, -0, 'text', null, true]);
    expect(Number.isNaN(back.special[0])).toBe(true);
    expect(back.optimizer.param_groups).toEqual([{ lr: 0.001, betas: [0.9, 0.999], params: [0] }]);
    expect(back.model['fc1.weight'].tolistSync()).toEqual((obj.model as Record<string, Tensor>)['fc1.weight']!.tolistSync());
    expect(back.model.big.tolistSync()).toEqual([2 ** 53, -(2 ** 53)]);
    expect(back.views.t.storage).toBe(back.views.base.storage);
    expect(back.views.t.strides).toEqual([1, 4]);
    expect(back.views.tail.tolistSync()).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(back.weight.requiresGrad).toBe(true);
  });

  it('chooses the format by extension (or options.format), atomically', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'pt-'));
    await torch.save({ a: torch.ones(2) }, join(tmp, 'model.pth'));
    await torch.save({ a: torch.ones(2) }, join(tmp, 'model.safetensors'));
    await torch.save({ a: torch.ones(2) }, join(tmp, 'other.bin'), { format: 'safetensors' });
    expect(readFileSync(join(tmp, 'model.pth')).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(join(tmp, 'model.safetensors')).subarray(0, 2).toString()).not.toBe('PK');
    expect(readFileSync(join(tmp, 'other.bin')).subarray(0, 2).toString()).not.toBe('PK');
    expect((await torch.load(join(tmp, 'model.pth'))).a.tolistSync()).toEqual([1, 1]);
  });

  it('refuses what PyTorch could not load, naming where it is', () => {
    expect(() => torch.saveBytesSync({ f: () => 1 }, { format: 'pt' })).toThrow(/torch.saveBytesSync: can't save a function at \["f"\]/);
    expect(() => torch.saveBytesSync({ m: new Map() }, { format: 'pt' })).toThrow(/class 'Map'/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => torch.saveBytesSync(cyclic, { format: 'pt' })).toThrow(/circular/);
    expect(() => torch.saveBytesSync({}, { format: 'zip' as never })).toThrow(/'safetensors' or 'pt'/);
    expect(() => torch.saveBytesSync({}, { floatAs: 'float16' } as never)).toThrow(/unknown option "floatAs"/);
  });
});

describe('float16 and bfloat16 in safetensors', () => {
  it('floatsAs writes F16/BF16, loaded back as float32 (rounded to nearest even)', () => {
    const values = [1, 1 / 3, 65504, 70000, 6e-8, -2.5, NaN, -Infinity];
    const t = torch.tensor(values);
    // PyTorch: torch.tensor(values).half().float().tolist()
    const f16 = torch.loadBytes(torch.saveBytesSync({ t }, { floatsAs: 'float16' })).t as Tensor;
    expect(f16.dtype).toBe('float32');
    expect(Array.from(f16.dataSync())).toEqual([1, 0.333251953125, 65504, Infinity, 5.960464477539063e-8, -2.5, NaN, -Infinity]);
    const bf16 = torch.loadBytes(torch.saveBytesSync({ t }, { floatsAs: 'bfloat16' })).t as Tensor;
    // PyTorch: torch.tensor(values).bfloat16().float().tolist()
    expect(Array.from(bf16.dataSync())).toEqual([1, 0.333984375, 65536, 70144, 6.007030606269836e-8, -2.5, NaN, -Infinity]);
  });
});
