// Gathering and scattering by index tensors and masks (x[...] itself is `at`/`set` in tensor.ts).
import { family, method } from './op';

const UNIQUE_SIGS = (ret: string, many: string) => [
  `(input: Tensor, sorted: boolean = true, returnInverse: false = false, returnCounts: false = false, dim: number | null = null): ${ret}`,
  `(input: Tensor, sorted: boolean = true, returnInverse: boolean = false, returnCounts: boolean = false, dim: number | null = null): ${many}`,
];

export const INDEXING = family('gathering and scattering', {
  gather: { sig: '(input: Tensor, dim: number, index: Tensor): Tensor', impl: 'ix.gather(input, dim, index)', doc: 'result[i][j] = input[index[i][j]][j] (dim 0), and so on.' },
  scatter: {
    sig: [
      "(input: Tensor, dim: number, index: Tensor, src: Tensor, *, reduce?: 'add' | 'multiply'): Tensor",
      "(input: Tensor, dim: number, index: Tensor, value: number | boolean, *, reduce?: 'add' | 'multiply'): Tensor",
    ],
    impl: ['ix.scatter(input, dim, index, src, reduce)', 'ix.scatter(input, dim, index, value, reduce)'],
    doc: 'A copy of input with src (or value) written at index along dim (reduce: add or multiply).',
  },
  scatterAdd: { sig: '(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor', impl: "ix.scatter(input, dim, index, src, 'add')", doc: 'scatter, adding into the copy.' },
  indexSelect: { sig: '(input: Tensor, dim: number, index: Tensor): Tensor', impl: 'ix.indexSelect(input, dim, index)', doc: 'The slices at index along dim.' },
  maskedSelect: { sig: '(input: Tensor, mask: Tensor): Tensor', impl: 'ix.maskedSelect(input, mask)', doc: 'The elements where mask is true, as 1-D (CPU: the size depends on the data).' },
  maskedSelectAsync: method('(input: Tensor, mask: Tensor): Promise<Tensor>', 'ix.maskedSelectAsync(input, mask)', 'maskedSelect on any device.'),
  nonzero: {
    sig: ['(input: Tensor, *, asTuple: false = false): Tensor', '(input: Tensor, *, asTuple: boolean = false): Tensor[]'],
    impl: Array(2).fill('ix.nonzero(input, { asTuple })') as string[],
    doc: 'The [n, ndim] indices of the nonzero elements; with asTuple, one 1-D tensor of indices per dim (CPU).',
  },
  nonzeroAsync: {
    sig: ['(input: Tensor, *, asTuple: false = false): Promise<Tensor>', '(input: Tensor, *, asTuple: boolean = false): Promise<Tensor[]>'],
    impl: Array(2).fill('ix.nonzeroAsync(input, { asTuple })') as string[],
    doc: 'nonzero on any device.',
    variants: 'method',
  },
  unique: {
    sig: UNIQUE_SIGS('Tensor', 'Tensor[]'),
    impl: Array(2).fill('uq.uniqueResult(uq.unique(input, { sorted, returnInverse, returnCounts, dim }), returnInverse || returnCounts)') as string[],
    doc: 'The sorted distinct values (or slices along dim); with returnInverse/returnCounts, [values, inverse?, counts?] (CPU).',
  },
  uniqueAsync: {
    sig: UNIQUE_SIGS('Promise<Tensor>', 'Promise<Tensor[]>'),
    impl: Array(2).fill('uq.uniqueAsync(input, { sorted, returnInverse, returnCounts, dim }).then((r) => uq.uniqueResult(r, returnInverse || returnCounts))') as string[],
    doc: 'unique on any device.',
    variants: 'method',
  },
});
