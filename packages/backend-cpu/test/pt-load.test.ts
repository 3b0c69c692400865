// torch.load of PyTorch's own checkpoints (fixtures written by Debian's PyTorch 1.13:
// packages/tensor/scripts/pt_goldens.py): every dtype, shared storages, checkpoints with optimizer state,
// big-endian archives; whole models and code are refused by name, and nothing in a pickle runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';

const dir = new URL('../../tensor/test/fixtures/pt/', import.meta.url);
const file = (name: string): string => new URL(name, dir).pathname;
const bytes = (name: string): Uint8Array => readFileSync(new URL(name, dir));
interface Enc { dtype: string; shape: number[]; values: (number | boolean | null)[] }
// JSON has no infinities: the script writes "Infinity" / "-Infinity" (and null for NaN).
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'), (_, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)) as Record<string, Record<string, unknown>>;

function values(t: Tensor): (number | boolean | null)[] {
  return Array.from(t.contiguous().dataSync() as ArrayLike<number>, (v) => (t.dtype === 'bool' ? v !== 0 : Number.isNaN(v) ? null : v));
}

describe('torch.load reads PyTorch\'s zip checkpoints', () => {
  it('a state dict: the keys in order, as tensors', async () => {
    const sd = await torch.load<Record<string, Tensor>>(file('mlp.pth'));
    expect(Object.keys(sd)).toEqual((expected.mlp as { keys: string[] }).keys);
    expect(sd['fc1.weight']!.shape).toEqual([128, 784]);
    expect(sd['fc1.weight']!.dtype).toBe('float32');
    expect(torch.loadBytes<Record<string, Tensor>>(bytes('mlp.pth'))['fc2.bias']!.shape).toEqual([10]);
  });

  it('every dtype: half types widened to float32, int8/int16 to int32, exactly', () => {
    const got = torch.loadBytes<Record<string, Tensor>>(bytes('dtypes.pth'));
    const dtypes = expected.dtypes as Record<string, { dtype: string; shape: number[]; values: (number | boolean | null)[]; as_float32: number[] | null }>;
    const loadedAs: Record<string, string> = { float16: 'float32', bfloat16: 'float32', int16: 'int32', int8: 'int32' };
    for (const [name, e] of Object.entries(dtypes)) {
      const t = got[name]!;
      expect(t.dtype, name).toBe(loadedAs[e.dtype] ?? e.dtype);
      expect(t.shape, name).toEqual(e.shape);
      const want = (e.as_float32 ?? e.values).map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
      expect(values(t), name).toEqual(want);
    }
    expect(Object.is(got.float32!.dataSync()[4], -0)).toBe(true);
  });

  it('storages shared by several tensors load as one storage with their offsets and strides', () => {
    const got = torch.loadBytes<Record<string, Tensor>>(bytes('shared.pth'));
    const shared = expected.shared as Record<string, Enc>;
    for (const name of ['base', 'row', 'col', 't', 'tail']) {
      expect(got[name]!.shape, name).toEqual(shared[name]!.shape);
      expect(values(got[name]!), name).toEqual(shared[name]!.values);
    }
    expect(got.same).toBe(got.base); // the same tensor object twice (the pickle's memo)
    for (const name of ['row', 'col', 't', 'tail']) expect(got[name]!.storage).toBe(got.base!.storage);
    expect(got.t!.strides).toEqual([1, 4]);
    got.base!.set([1, 2], 100); // a write shows through every view, as in PyTorch
    expect(got.row!.tolistSync()).toEqual([4, 5, 100, 7]);
    expect(got.col!.tolistSync()).toEqual([2, 100, 10]);
  });

  it('a training checkpoint: numbers, strings, lists, tuples, nested dicts and the optimizer\'s state dict', async () => {
    const ckpt = await torch.load(file('checkpoint.pth'));
    const e = expected.checkpoint as { bias: Enc; exp_avg_bias: Enc; step: number; param_groups: Record<string, unknown>[] };
    expect(ckpt.epoch).toBe(3);
    expect(ckpt.loss).toBe(0.25);
    expect(ckpt.note).toBe('checkpoint');
    expect(ckpt.flags).toEqual([true, null, 1.5, -7, 2 ** 40]);
    expect(ckpt.nested).toEqual({ a: [1, 2], b: [{ c: 'd' }] });
    expect(values(ckpt.model_state_dict.bias)).toEqual(e.bias.values);
    const osd = ckpt.optimizer_state_dict;
    expect(Object.keys(osd.state)).toEqual(['0', '1']); // PyTorch's int keys, as JS object keys
    expect(values(osd.state['1'].exp_avg)).toEqual(e.exp_avg_bias.values);
    expect(osd.state['1'].step.itemSync()).toBe(e.step);
    expect(osd.param_groups).toEqual(e.param_groups);
  });

  it('batch norm buffers and num_batches_tracked (a 0-d int64 tensor)', () => {
    const sd = torch.loadBytes<Record<string, Tensor>>(bytes('batchnorm.pth'));
    const e = expected.batchnorm as Record<string, Enc>;
    expect(Object.keys(sd)).toEqual(Object.keys(e));
    for (const [k, v] of Object.entries(e)) {
      expect(sd[k]!.dtype, k).toBe(v.dtype);
      expect(sd[k]!.shape, k).toEqual(v.shape);
      expect(values(sd[k]!), k).toEqual(v.values);
    }
  });

  it('parameters come back requiring grad', () => {
    const [p, t] = torch.loadBytes<Tensor[]>(bytes('parameters.pth'));
    expect(p!.requiresGrad && t!.requiresGrad).toBe(true);
    expect(p!.tolistSync()).toEqual([1, 1]);
  });

  it('a big-endian archive is byte-swapped', () => {
    const little = torch.loadBytes<Record<string, Tensor>>(bytes('little.pth'));
    const big = torch.loadBytes<Record<string, Tensor>>(bytes('big-endian.pth'));
    const e = expected.little as Record<string, Enc>;
    for (const k of Object.keys(e)) {
      expect(values(little[k]!), k).toEqual(e[k]!.values);
      expect(values(big[k]!), k).toEqual(e[k]!.values);
    }
  });

  it('the legacy format (before PyTorch 1.6, or _use_new_zipfile_serialization=False)', async () => {
    const got = await torch.load<{ w: Tensor; row: Tensor; n: number }>(file('legacy.pth'));
    expect(got.n).toBe(5);
    expect(got.w.tolistSync()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(got.row.tolistSync()).toEqual([4, 5, 6, 7]);
    expect(got.row.storage).toBe(got.w.storage);
    const cut = bytes('legacy.pth').subarray(0, bytes('legacy.pth').length - 10);
    expect(() => torch.loadBytes(cut)).toThrow(/torch.loadBytes: storage .* runs past the end of the file: the file is truncated/);
  });

  it('tensors go to options.device (map_location)', () => {
    // @ts-expect-error: an unknown device name fails to type-check too
    expect(() => torch.loadBytes(bytes('shared.pth'), { device: 'nowhere' })).toThrow(/nowhere/);
  });
});

describe('torch.load refuses what is not data, naming it', () => {
  it('a whole model saved with torch.save(model): the class is named, with the fix', async () => {
    await expect(torch.load(file('whole-model.pth'))).rejects.toThrow(/whole-model\.pth.*global "torch\.nn\.modules\.container\.Sequential".*state_dict\(\)/s);
  });

  it('a pickle that would call os.system: refused, never run', () => {
    expect(() => torch.loadBytes(bytes('evil.pth'))).toThrow(/global "posix\.system"/);
  });
});

describe('safetensors in half precision', () => {
  it('F16 and BF16 (written as published checkpoints hold them) load as float32, exactly PyTorch\'s .float()', () => {
    const got = torch.loadBytes<Record<string, Tensor>>(bytes('half.safetensors'));
    for (const [name, e] of Object.entries(expected.half as Record<string, { shape: number[]; as_float32: number[] }>)) {
      expect(got[name]!.dtype).toBe('float32');
      expect(got[name]!.shape).toEqual(e.shape);
      expect(Array.from(got[name]!.dataSync())).toEqual(e.as_float32);
    }
    expect(Object.is(got.w16!.dataSync()[5], -0)).toBe(true);
  });
});
