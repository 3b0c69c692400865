// Interop with Python's safetensors, through committed files (CI needs no Python):
// - python-*.safetensors were written by Python (packages/tensor/scripts/safetensors_goldens.py write),
//   python-expected.json holds what they contain;
// - js-checkpoint.safetensors was written by @x from checkpoint() below and read back by Python
//   (safetensors_goldens.py check); here @x must still write exactly those bytes and read them back.
// Regenerate the latter with WRITE_SERIALIZE_GOLDENS=1, then run the Python check.
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectSameTree } from './serialize-helpers';

const dir = new URL('../../tensor/test/fixtures/serialize/', import.meta.url);
type Value = number | boolean | 'nan' | 'inf' | '-inf' | '-0';
const expected = JSON.parse(readFileSync(new URL('python-expected.json', dir), 'utf8')) as Record<
  string,
  { order: string[]; tensors: Record<string, { dtype: torch.DType; shape: number[]; values: Value[] }> }
>;
const decode = (v: Value): number =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0' ? -0 : Number(v);

/** Keep in step with expected_js() in safetensors_goldens.py. */
function checkpoint() {
  return {
    epoch: 3,
    loss: 0.25,
    model: {
      'fc1.weight': torch.arange(6, { dtype: 'float32' }).reshape(2, 3).div(4),
      'fc1.bias': torch.tensor([-1.5, 2], { dtype: 'float32' }),
    },
    optimizer: {
      state: {
        0: {
          step: 2,
          exp_avg: torch.tensor([[0.125, -0.5, 3], [1e-8, -0, 65504]], { dtype: 'float32' }),
          exp_avg_sq: torch.tensor([1, 2], { dtype: 'float64' }),
        },
      },
      param_groups: [{ lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, params: [0] }],
    },
    ints: torch.tensor([0, -1, 2 ** 53, -(2 ** 53), 123456789012]),
    i32: torch.tensor([-(2 ** 31), 2 ** 31 - 1], { dtype: 'int32' }),
    bytes: torch.tensor([0, 255, 7], { dtype: 'uint8' }),
    mask: torch.tensor([true, false, true]),
    scalar: torch.tensor(3.5, { dtype: 'float64' }),
    empty: torch.zeros(0, 3),
    notes: { best: NaN, tags: ['a', 'b'], none: null },
  };
}

describe('files written by Python safetensors', () => {
  for (const name of ['python-all-dtypes.safetensors', 'python-state-dict.safetensors']) {
    it(`${name} loads with Python's names, order, dtypes, shapes and values`, async () => {
      const want = expected[name]!;
      const loaded = await torch.load(new URL(name, dir));
      expect(Object.keys(loaded)).toEqual(want.order);
      for (const key of want.order) {
        const t = loaded[key] as torch.Tensor;
        const w = want.tensors[key]!;
        expect([t.dtype, t.shape], key).toEqual([w.dtype, w.shape]);
        const values = [...t.dataSync()];
        const wantValues = w.values.map((v) => (typeof v === 'boolean' ? Number(v) : decode(v)));
        // float32 goldens are float32 values printed in double: compare after rounding to float32.
        expect(values, key).toEqual(w.dtype === 'float32' ? wantValues.map(Math.fround) : wantValues);
        for (let i = 0; i < values.length; i++) expect(Object.is(values[i], -0), `${key}[${i}] sign`).toBe(Object.is(wantValues[i], -0));
      }
    });
  }

  it('an int64 beyond 2^53 is refused, naming the file and the tensor', async () => {
    const url = new URL('python-int64-too-big.safetensors', dir);
    await expect(torch.load(url)).rejects.toThrow(
      `torch.load: ${url.pathname}: tensor "big" (int64) holds 9007199254740993 at flat index 1, beyond ±2^53`,
    );
  });
});

describe('a file written here, read by Python', () => {
  const file = new URL('js-checkpoint.safetensors', dir);
  it('is still written byte for byte as Python checked it', () => {
    const bytes = torch.saveBytesSync(checkpoint());
    if (process.env.WRITE_SERIALIZE_GOLDENS) writeFileSync(file, bytes);
    expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
  });

  it('loads back as the same checkpoint', async () => {
    expectSameTree(await torch.load(file), checkpoint());
  });
});
