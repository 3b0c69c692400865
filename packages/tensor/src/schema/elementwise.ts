// Elementwise ops: unary, binary (tensor or number, broadcasting), comparisons, clamp/where/maskedFill.
import { family, type OpDecl } from './op';

const UNARY_DOCS: Record<string, string> = {
  neg: '-x.',
  abs: '|x|.',
  sign: 'The sign of each element: -1, 0 or 1.',
  exp: 'e^x.',
  log: 'The natural logarithm.',
  log1p: 'log(1 + x), accurate for small x.',
  expm1: 'e^x - 1, accurate for small x.',
  sqrt: 'The square root.',
  rsqrt: '1 / sqrt(x).',
  sin: 'The sine.',
  cos: 'The cosine.',
  tanh: 'The hyperbolic tangent.',
  sigmoid: '1 / (1 + e^-x).',
  relu: 'max(x, 0).',
  floor: 'Rounds down.',
  ceil: 'Rounds up.',
  round: 'Rounds half to even.',
  trunc: 'Rounds toward zero.',
  reciprocal: '1 / x.',
  erf: 'The error function.',
  logicalNot: 'Not x (bool result).',
  isnan: 'Whether each element is NaN (bool result).',
};
/** PyTorch's unary functions without an `out` parameter. */
const NO_OUT = new Set(['relu', 'isnan']);

const unary: Record<string, OpDecl> = {};
for (const [name, doc] of Object.entries(UNARY_DOCS)) {
  unary[name] = {
    sig: NO_OUT.has(name) ? '(input: Tensor): Tensor' : '(input: Tensor, *, out?: Tensor): Tensor',
    impl: `ew.unary('${name}', input)`,
    doc,
    ...(name === 'neg' ? { aliases: ['negative'] } : {}),
  };
}
unary.square = { sig: '(input: Tensor, *, out?: Tensor): Tensor', impl: "ew.binary('mul', input, input)", doc: 'x * x.' };

const binary = (op: string, doc: string, other = 'other: TensorOrScalar'): OpDecl => ({
  sig: `(input: Tensor, ${other}, *, out?: Tensor): Tensor`,
  impl: `ew.binary('${op}', input, ${other.split(':')[0]})`,
  doc,
});

export const ELEMENTWISE = family('elementwise', {
  ...unary,
  add: {
    sig: '(input: Tensor, other: TensorOrScalar, *, alpha: number = 1, out?: Tensor): Tensor',
    impl: 'ew.add(input, other, alpha)',
    doc: 'input + alpha * other.',
  },
  sub: {
    sig: '(input: Tensor, other: TensorOrScalar, *, alpha: number = 1, out?: Tensor): Tensor',
    impl: 'ew.sub(input, other, alpha)',
    doc: 'input - alpha * other.',
  },
  mul: binary('mul', 'input * other.'),
  div: {
    sig: "(input: Tensor, other: TensorOrScalar, *, roundingMode: 'trunc' | 'floor' | null = null, out?: Tensor): Tensor",
    impl: 'ew.div(input, other, roundingMode)',
    doc: "input / other: true division, or rounded with roundingMode 'trunc' or 'floor'.",
  },
  pow: binary('pow', 'input ** exponent.', 'exponent: TensorOrScalar'),
  remainder: binary('remainder', "Python's modulus: the result has the divisor's sign."),
  maximum: binary('maximum', 'The elementwise maximum (NaN propagates).', 'other: Tensor'),
  minimum: binary('minimum', 'The elementwise minimum (NaN propagates).', 'other: Tensor'),
  atan2: binary('atan2', 'atan(input / other) in the right quadrant.', 'other: Tensor'),
  eq: binary('eq', 'input == other (bool result).'),
  ne: binary('ne', 'input != other (bool result).'),
  lt: binary('lt', 'input < other (bool result).'),
  le: binary('le', 'input <= other (bool result).'),
  gt: binary('gt', 'input > other (bool result).'),
  ge: binary('ge', 'input >= other (bool result).'),
  logicalAnd: binary('logicalAnd', 'input and other (bool result).'),
  logicalOr: binary('logicalOr', 'input or other (bool result).'),
  equal: {
    sig: '(input: Tensor, other: Tensor): boolean',
    impl: 'ew.equal(input, other)',
    doc: 'Whether both have the same shape and values (a boolean).',
  },
  allclose: {
    sig: '(input: Tensor, other: Tensor, rtol: number = 1e-5, atol: number = 1e-8, equalNan: boolean = false): boolean',
    impl: 'ew.allclose(input, other, { rtol, atol, equalNan })',
    doc: '|input - other| <= atol + rtol * |other| everywhere (a boolean).',
  },
  equalAsync: {
    sig: '(input: Tensor, other: Tensor): Promise<boolean>',
    impl: 'ew.equalAsync(input, other)',
    doc: 'equal on any device: the flag is computed on the device and read with an await.',
  },
  allcloseAsync: {
    sig: '(input: Tensor, other: Tensor, rtol: number = 1e-5, atol: number = 1e-8, equalNan: boolean = false): Promise<boolean>',
    impl: 'ew.allcloseAsync(input, other, { rtol, atol, equalNan })',
    doc: 'allclose on any device: the flag is computed on the device and read with an await.',
  },
  clamp: {
    sig: '(input: Tensor, min: TensorOrScalar | null = null, max: TensorOrScalar | null = null, *, out?: Tensor): Tensor',
    impl: 'ew.clamp(input, min, max)',
    doc: 'Limits the values to [min, max] (either may be null).',
    aliases: ['clip'],
    out: 'clamp',
  },
  maskedFill: {
    sig: '(input: Tensor, mask: Tensor, value: TensorOrScalar): Tensor',
    impl: 'ew.maskedFill(input, mask, value)',
    doc: 'value where mask is true, input elsewhere.',
  },
  where: {
    sig: ['(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar, *, out?: Tensor): Tensor', '(condition: Tensor): Tensor[]'],
    impl: ['ew.where(condition, input, other)', 'ix.whereCondition(condition)'],
    doc: 'input where condition is true, other elsewhere (x.where(condition, other) as a method); where(condition) is nonzero(condition, { asTuple: true }).',
    out: { 0: 'same' },
  },
});
