// Reductions over all dims, one dim or several (`dim`), with `keepdim`.
import { family, type OpDecl } from './op';

const variance = (op: 'var' | 'std', what: string): OpDecl => ({
  sig: [
    '(input: Tensor, dim: Dims = null, unbiased: boolean = true, keepdim: boolean = false, *, out?: Tensor): Tensor',
    '(input: Tensor, dim: Dims = null, *, correction: number = 1, keepdim: boolean = false, out?: Tensor): Tensor',
    '(input: Tensor, unbiased: boolean): Tensor',
  ],
  impl: [
    `red.variance('${op}', input, dim, unbiased ? 1 : 0, keepdim)`,
    `red.variance('${op}', input, dim, correction, keepdim)`,
    `red.variance('${op}', input, null, unbiased ? 1 : 0, false)`,
  ],
  doc: `The ${what}, with Bessel's correction by default (\`correction: 0\` or \`unbiased: false\` divides by N).`,
  out: { 0: 'cast', 1: 'cast' },
});

const maxMin = (op: 'max' | 'min'): OpDecl => ({
  sig: [
    '(input: Tensor): Tensor',
    '(input: Tensor, dim: number, keepdim: boolean = false, *, out?: readonly [Tensor, Tensor]): ValuesIndices',
    '(input: Tensor, other: Tensor, *, out?: Tensor): Tensor',
  ],
  impl: [`red.maxMinAll('${op}', input)`, `red.maxMinDim('${op}', input, dim, keepdim)`, `ew.binary('${op === 'max' ? 'maximum' : 'minimum'}', input, other)`],
  doc: `The ${op === 'max' ? 'largest' : 'smallest'} element (0-d); along dim: [values, indices]; with another tensor: the elementwise ${op === 'max' ? 'maximum' : 'minimum'}.`,
  out: { 1: ['same', 'index'], 2: 'cast' },
});

export const REDUCE = family('reductions', {
  sum: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, dtype?: DType, out?: Tensor): Tensor',
    impl: 'red.sum(input, dim, keepdim, dtype)',
    doc: 'The sum of the elements, over all dims or over dim.',
    out: 'accumulate',
  },
  mean: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, dtype?: DType, out?: Tensor): Tensor',
    impl: 'red.mean(input, dim, keepdim, dtype)',
    doc: 'The mean of the elements (floating dtypes), over all dims or over dim.',
  },
  prod: {
    sig: '(input: Tensor, dim: number | null = null, keepdim: boolean = false, *, dtype?: DType, out?: Tensor): Tensor',
    impl: 'red.prod(input, dim, keepdim, dtype)',
    doc: 'The product of the elements, over all dims or over dim.',
    out: 'accumulate',
  },
  max: maxMin('max'),
  min: maxMin('min'),
  amax: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.reduceValues('max', 'amax', input, dim, keepdim)",
    doc: 'The maximum over dim (all dims when null); the gradient is shared among ties.',
    out: 'amax',
  },
  amin: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.reduceValues('min', 'amin', input, dim, keepdim)",
    doc: 'The minimum over dim (all dims when null); the gradient is shared among ties.',
    out: 'amax',
  },
  argmax: {
    sig: '(input: Tensor, dim: number | null = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.argReduce('argmax', input, dim, keepdim)",
    doc: 'The index of the largest element (of the flattened tensor when dim is null).',
    out: 'index',
  },
  argmin: {
    sig: '(input: Tensor, dim: number | null = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.argReduce('argmin', input, dim, keepdim)",
    doc: 'The index of the smallest element (of the flattened tensor when dim is null).',
    out: 'index',
  },
  var: variance('var', 'variance'),
  std: variance('std', 'standard deviation'),
  logsumexp: {
    sig: '(input: Tensor, dim: number | readonly number[], keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: 'red.logsumexp(input, dim, keepdim)',
    doc: 'log(sum(exp(x))) over dim, computed stably.',
  },
  all: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.allAny('all', input, dim, keepdim)",
    doc: 'Whether every element is nonzero (bool result).',
    out: 'bool',
  },
  any: {
    sig: '(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, out?: Tensor): Tensor',
    impl: "red.allAny('any', input, dim, keepdim)",
    doc: 'Whether any element is nonzero (bool result).',
    out: 'bool',
  },
  softmax: {
    sig: '(input: Tensor, dim: number, dtype?: DType): Tensor',
    impl: 'sm.softmax(input, dim, { dtype })',
    doc: 'exp(x) / sum(exp(x)) along dim, computed stably (dtype: cast the input first).',
  },
  logSoftmax: {
    sig: '(input: Tensor, dim: number, dtype?: DType): Tensor',
    impl: 'sm.logSoftmax(input, dim, { dtype })',
    doc: 'x - logsumexp(x) along dim, computed stably (dtype: cast the input first).',
  },
  norm: {
    sig: "(input: Tensor, p: number | 'fro' = 2, dim: Dims = null, keepdim: boolean = false, *, out?: Tensor): Tensor",
    impl: 'red.norm(input, p, dim, keepdim)',
    doc: "The p-norm (2, 'fro', 1, Infinity, -Infinity, 0, any p) over all dims or dim.",
  },
});
