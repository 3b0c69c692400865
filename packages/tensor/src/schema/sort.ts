// Sorting and scans along one dim.
import { family } from './op';

export const SORT = family('sorting and scans', {
  sort: {
    sig: '(input: Tensor, dim: number = -1, descending: boolean = false, *, stable: boolean = false, out?: readonly [Tensor, Tensor]): ValuesIndices',
    impl: 'srt.sort(input, dim, descending)',
    doc: '[values, indices] sorted along dim; always stable (equal values keep their order), so stable: true holds.',
    out: ['same', 'index'],
  },
  argsort: {
    sig: '(input: Tensor, dim: number = -1, descending: boolean = false, *, stable: boolean = false): Tensor',
    impl: 'srt.sort(input, dim, descending).indices',
    doc: 'The indices that sort input along dim (stable).',
  },
  topk: {
    sig: '(input: Tensor, k: number, dim: number = -1, largest: boolean = true, sorted: boolean = true, *, out?: readonly [Tensor, Tensor]): ValuesIndices',
    impl: 'srt.topk(input, k, dim, largest, sorted)',
    doc: 'The k largest (or smallest) elements along dim and their indices, sorted.',
    out: ['same', 'index'],
  },
  cumsum: {
    sig: '(input: Tensor, dim: number, *, dtype?: DType, out?: Tensor): Tensor',
    impl: "srt.scan('cumsum', input, dim, dtype)",
    doc: 'Cumulative sums along dim.',
    out: 'accumulate',
  },
  cumprod: {
    sig: '(input: Tensor, dim: number, *, dtype?: DType, out?: Tensor): Tensor',
    impl: "srt.scan('cumprod', input, dim, dtype)",
    doc: 'Cumulative products along dim.',
    out: 'accumulate',
  },
});
