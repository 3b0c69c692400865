// formatTensor against PyTorch's own repr, case by case (goldens from scripts/format_goldens.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARRAY_TYPE, type DType } from '../src/dtype';
import { formatTensor, type FormatOptions } from '../src/format';

interface Case {
  name: string;
  shape: number[];
  dtype: DType;
  values: (number | 'nan' | 'inf' | '-inf')[];
  opts: FormatOptions;
  repr: string;
}

// Read with JSON.parse, not a JSON import: it keeps -0.0 as -0.
const { cases } = JSON.parse(readFileSync(new URL('./fixtures/format.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};
const decode = (v: Case['values'][number]): number =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

describe('formatTensor matches torch repr', () => {
  it('has the goldens', () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Held in the dtype's storage array, as a Tensor would hold them (float32 rounds to float32 here).
    const values = ARRAY_TYPE[c.dtype].from(c.values.map(decode));
    expect(formatTensor(values, c.shape, c.dtype, c.opts)).toBe(c.repr);
  });
});

describe('formatTensor details', () => {
  it('rounds exact ties half to even, as Python does', () => {
    expect(formatTensor([0.03125, 0.09375], [2], 'float64')).toBe(
      'tensor([0.0312, 0.0938], dtype=torch.float64)',
    );
    expect(formatTensor([2 ** -8, 1e-5], [2], 'float64')).toBe(
      'tensor([3.9062e-03, 1.0000e-05], dtype=torch.float64)',
    );
  });

  it('accepts plain arrays, rounding float32 values to float32', () => {
    // 1.00005 is 1.0000500000000001 as a double but 1.00004995... as a float32.
    expect(formatTensor([1.00005, 2], [2], 'float32')).toBe('tensor([1.0000, 2.0000])');
    expect(formatTensor([1.00005, 2], [2], 'float64')).toBe('tensor([1.0001, 2.0000], dtype=torch.float64)');
  });

  it('prints the device unless it is cpu', () => {
    expect(formatTensor([1], [1], 'float32', { device: 'cpu' })).toBe('tensor([1.])');
    expect(formatTensor([1], [1], 'float32', { device: 'webgpu' })).toBe("tensor([1.], device='webgpu')");
  });

  it('prefers grad_fn over requires_grad', () => {
    expect(formatTensor([1], [], 'float32', { requiresGrad: true, gradFn: 'MulBackward0' })).toBe(
      'tensor(1., grad_fn=<MulBackward0>)',
    );
    expect(formatTensor([1], [], 'float32', { requiresGrad: true, gradFn: null })).toBe(
      'tensor(1., requires_grad=True)',
    );
  });
});
