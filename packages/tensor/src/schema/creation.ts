// Creation functions: from data, filled, ranges, random. Options as PyTorch's keywords.
import { family, fn, method, type OpDecl } from './op';

const OPTS = 'dtype?: DType, device?: Device, requiresGrad: boolean = false';
const RANDOM = `generator?: GeneratorLike, ${OPTS}`;
const filled = (name: string, value: number, doc: string): OpDecl =>
  fn(`(...size: number[], ${OPTS}): Tensor`, `cr.filled('${name}', size, ${value}, { dtype, device, requiresGrad })`, doc);
const like = (name: string, value: number, doc: string): OpDecl =>
  fn(`(input: Tensor, *, ${OPTS}): Tensor`, `cr.fullLike(input, ${value}, { dtype, device, requiresGrad }, '${name}')`, doc);

const newFilled = (name: string, value: number, what: string): OpDecl =>
  method(`(input: Tensor, ...size: number[], ${OPTS}): Tensor`, `nf.newFilled('${name}', input, size, ${value}, { dtype, device, requiresGrad })`, `${what} of x's dtype and device unless given.`);

export const CREATION = family('creation', {
  tensor: fn(
    `(data: Nested | NestedTensors | TypedArray | BigInt64Array | Tensor, *, ${OPTS}): Tensor`,
    'cr.tensor(data, { dtype, device, requiresGrad })',
    'A new tensor holding a copy of data (integers infer int64, fractions float32, booleans bool; one-element tensors are stacked on their device).',
  ),
  fromArray: fn(
    '(data: TypedArray, shape?: readonly number[], *, dtype?: DType): Tensor',
    'cr.fromArray(data, shape, { dtype })',
    "A CPU tensor over the same typed array (torch.from_numpy): writes show on both sides.",
  ),
  zeros: filled('zeros', 0, 'A tensor of zeros.'),
  ones: filled('ones', 1, 'A tensor of ones.'),
  empty: filled('empty', 0, 'An uninitialised tensor in PyTorch; zero-filled here.'),
  full: fn(
    `(size: readonly number[], fillValue: number | boolean, *, ${OPTS}): Tensor`,
    'cr.full(size, fillValue, { dtype, device, requiresGrad })',
    'A tensor filled with fillValue (dtype from the value: bool, int64 or float32).',
  ),
  zerosLike: like('zerosLike', 0, "zeros of input's shape (and dtype and device unless given)."),
  onesLike: like('onesLike', 1, "ones of input's shape (and dtype and device unless given)."),
  emptyLike: like('emptyLike', 0, "empty of input's shape (and dtype and device unless given)."),
  fullLike: fn(
    `(input: Tensor, fillValue: number | boolean, *, ${OPTS}): Tensor`,
    "cr.fullLike(input, Number(fillValue), { dtype, device, requiresGrad }, 'fullLike')",
    "full of input's shape (and dtype and device unless given).",
  ),
  randLike: fn(`(input: Tensor, *, ${RANDOM}): Tensor`, 'cr.rand(input.shape, cr.likeOptions(input, { dtype, device, requiresGrad, generator }))', "rand of input's shape."),
  randnLike: fn(`(input: Tensor, *, ${RANDOM}): Tensor`, 'cr.randn(input.shape, cr.likeOptions(input, { dtype, device, requiresGrad, generator }))', "randn of input's shape."),
  randintLike: fn(
    [`(input: Tensor, low: number, high: number, *, ${RANDOM}): Tensor`, `(input: Tensor, high: number, *, ${RANDOM}): Tensor`],
    ['cr.randint(low, high, input.shape, cr.likeOptions(input, { dtype, device, requiresGrad, generator }))', 'cr.randint(0, high, input.shape, cr.likeOptions(input, { dtype, device, requiresGrad, generator }))'],
    "randint of input's shape.",
  ),
  arange: fn(
    [`(start: number, end: number, step: number = 1, *, ${OPTS}): Tensor`, `(end: number, *, ${OPTS}): Tensor`],
    ['cr.arange(start, end, step, { dtype, device, requiresGrad })', 'cr.arange(0, end, 1, { dtype, device, requiresGrad })'],
    'start, start + step, ... up to end (excluded); int64 when all are integers, else float32.',
  ),
  linspace: fn(`(start: number, end: number, steps: number, *, ${OPTS}): Tensor`, 'cr.linspace(start, end, steps, { dtype, device, requiresGrad })', 'steps evenly spaced values from start to end (both included).'),
  eye: fn(`(n: number, m: number | null = null, *, ${OPTS}): Tensor`, 'cr.eye(n, m ?? n, { dtype, device, requiresGrad })', 'An n x m matrix with ones on the diagonal.'),
  rand: fn(`(...size: number[], ${RANDOM}): Tensor`, 'cr.rand(size, { dtype, device, requiresGrad, generator })', 'Uniform samples from [0, 1).'),
  randn: fn(`(...size: number[], ${RANDOM}): Tensor`, 'cr.randn(size, { dtype, device, requiresGrad, generator })', 'Samples from the standard normal distribution.'),
  randint: fn(
    [`(low: number, high: number, size: readonly number[], *, ${RANDOM}): Tensor`, `(high: number, size: readonly number[], *, ${RANDOM}): Tensor`],
    ['cr.randint(low, high, size, { dtype, device, requiresGrad, generator })', 'cr.randint(0, high, size, { dtype, device, requiresGrad, generator })'],
    'Integers drawn uniformly from [low, high) (int64).',
  ),
  newZeros: newFilled('newZeros', 0, 'zeros'),
  newOnes: newFilled('newOnes', 1, 'ones'),
  newEmpty: newFilled('newEmpty', 0, 'empty'),
  newFull: method(
    `(input: Tensor, size: readonly number[], fillValue: number | boolean, *, ${OPTS}): Tensor`,
    'nf.newFull(input, size, fillValue, { dtype, device, requiresGrad })',
    "full of x's dtype (not the value's) and device unless given.",
  ),
  newTensor: method(
    `(input: Tensor, data: Nested | TypedArray | Tensor, *, ${OPTS}): Tensor`,
    'nf.newTensor(input, data, { dtype, device, requiresGrad })',
    "A copy of data as a tensor of x's dtype and device unless given.",
  ),
  bernoulli: fn(
    '(input: Tensor, *, generator?: GeneratorLike): Tensor',
    'cr.bernoulli(input, { generator })',
    "Ones with the probabilities of input (floating point, values in [0, 1]), zeros elsewhere; input's shape and dtype.",
  ),
  randperm: fn(`(n: number, *, ${RANDOM}): Tensor`, 'cr.randperm(n, { dtype, device, requiresGrad, generator })', 'A random permutation of 0 .. n - 1 (int64).'),
});
