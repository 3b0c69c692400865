// In-place ops (PyTorch's trailing underscore): methods that write into the tensor and return it.
import { family, method, type OpDecl } from './op';

const unaryInPlace = (op: string): OpDecl =>
  method('(input: Tensor): this', `ew.inPlace(input, ew.unary('${op}', input), '${op}_')`, `${op}, written into the tensor.`);

export const IN_PLACE = family('in place', {
  add_: method('(input: Tensor, other: TensorOrScalar, *, alpha: number = 1): this', "ew.addInPlace(input, other, alpha, 'add')", 'add, written into the tensor.'),
  sub_: method('(input: Tensor, other: TensorOrScalar, *, alpha: number = 1): this', "ew.addInPlace(input, other, alpha, 'sub')", 'sub, written into the tensor.'),
  mul_: method('(input: Tensor, other: TensorOrScalar): this', "ew.binaryInPlace(input, 'mul', other)", 'mul, written into the tensor.'),
  div_: method(
    "(input: Tensor, other: TensorOrScalar, *, roundingMode: 'trunc' | 'floor' | null = null): this",
    "roundingMode === null ? ew.binaryInPlace(input, 'div', other) : ew.inPlace(input, ew.div(input, other, roundingMode), 'div_')",
    'div, written into the tensor.',
  ),
  pow_: method('(input: Tensor, exponent: TensorOrScalar): this', "ew.inPlace(input, ew.binary('pow', input, exponent), 'pow_')", 'pow, written into the tensor.'),
  neg_: unaryInPlace('neg'),
  abs_: unaryInPlace('abs'),
  exp_: unaryInPlace('exp'),
  log_: unaryInPlace('log'),
  sqrt_: unaryInPlace('sqrt'),
  relu_: unaryInPlace('relu'),
  sigmoid_: unaryInPlace('sigmoid'),
  tanh_: unaryInPlace('tanh'),
  clamp_: method(
    '(input: Tensor, min: TensorOrScalar | null = null, max: TensorOrScalar | null = null): this',
    "ew.inPlace(input, ew.clamp(input, min, max), 'clamp_')",
    'clamp, written into the tensor.',
  ),
  maskedFill_: method('(input: Tensor, mask: Tensor, value: TensorOrScalar): this', "ew.inPlace(input, ew.maskedFill(input, mask, value), 'maskedFill_')", 'maskedFill, written into the tensor.'),
  zero_: method('(input: Tensor): this', 'ew.fill_(input, 0)', 'Fills with zeros.'),
  fill_: method('(input: Tensor, value: number | boolean): this', 'ew.fill_(input, Number(value))', 'Fills with value.'),
  copy_: method('(input: Tensor, src: Tensor, nonBlocking: boolean = false): this', 'cv.copyInto(input, src)', "Copies src's values in (broadcasting src, converting its dtype)."),
  uniform_: method(
    '(input: Tensor, from: number = 0, to: number = 1, *, generator?: GeneratorLike): this',
    'rnd.uniform_(input, from, to, generator)',
    'Fills with values drawn uniformly from [from, to).',
  ),
  normal_: method(
    '(input: Tensor, mean: number = 0, std: number = 1, *, generator?: GeneratorLike): this',
    'rnd.normal_(input, mean, std, generator)',
    'Fills with values drawn from N(mean, std²).',
  ),
  bernoulli_: method(
    '(input: Tensor, p: number | Tensor = 0.5, *, generator?: GeneratorLike): this',
    'rnd.bernoulli_(input, p, generator)',
    'Ones with probability p (a number, or a tensor of probabilities broadcast to this shape), zeros elsewhere.',
  ),
  scatter_: {
    sig: [
      "(input: Tensor, dim: number, index: Tensor, src: Tensor, *, reduce?: 'add' | 'multiply'): this",
      "(input: Tensor, dim: number, index: Tensor, value: number | boolean, *, reduce?: 'add' | 'multiply'): this",
    ],
    impl: ['ix.scatterInPlace(input, dim, index, src, reduce)', 'ix.scatterInPlace(input, dim, index, value, reduce)'],
    doc: 'scatter, written into the tensor.',
    variants: 'method',
  },
});
