// unary, binary, where and clamp: the WGSL of each op in each compute dtype, run by the elementwise
// engine. Inputs are cast to `compute` first and results to out's dtype, as PyTorch (and the CPU
// backend) do; int64 results that leave the 32-bit lanes and integer division by zero go to the
// device's error flag.
import type { BinaryOp, DType, Operand, TensorRef, UnaryOp } from '@x/tensor';
import { int64Range, laneOf } from '../dtypes';
import type { GpuRuntime } from '../runtime';
import { cast } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { runElementwise, type EwArg } from './elementwise';

const FLOAT_UNARY: Record<UnaryOp, string> = {
  neg: '-v',
  abs: 'abs(v)',
  sign: 'select(select(0.0, -1.0, v < 0.0), 1.0, v > 0.0)',
  exp: 'm_exp(v)',
  log: 'm_log(v)',
  log1p: 'm_log1p(v)',
  expm1: 'm_expm1(v)',
  sqrt: 'sqrt(v)',
  rsqrt: '1.0 / sqrt(v)',
  sin: 'm_sin(v)',
  cos: 'm_cos(v)',
  tanh: 'm_tanh(v)',
  sigmoid: 'm_sigmoid(v)',
  relu: 'select(v, 0.0, !(v > 0.0) && !is_nan(v))',
  floor: 'floor(v)',
  ceil: 'ceil(v)',
  round: 'round(v)',
  trunc: 'trunc(v)',
  reciprocal: '1.0 / v',
  erf: 'm_erf(v)',
  logicalNot: 'select(0u, 1u, v == 0.0)',
  isnan: 'select(0u, 1u, is_nan(v))',
};

const BOOL_RESULT = new Set<string>(['logicalNot', 'isnan', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

function intUnary(op: UnaryOp, dtype: DType): string | null {
  const long = dtype === 'int64';
  switch (op) {
    case 'neg':
      return long ? 'l_neg(v)' : '-v';
    case 'abs':
      return long ? 'select(v, l_neg(v), v < 0)' : 'abs(v)';
    case 'sign':
      return 'sign(v)';
    case 'relu':
      return 'max(v, 0)';
    case 'floor':
    case 'ceil':
    case 'round':
    case 'trunc':
      return 'v';
    case 'logicalNot':
      return 'select(0u, 1u, v == 0)';
    case 'isnan':
      return '0u';
    default:
      return null;
  }
}

function uintUnary(op: UnaryOp, dtype: DType): string | null {
  switch (op) {
    case 'neg':
      return dtype === 'uint8' ? '(0u - v) & 255u' : 'v';
    case 'abs':
    case 'relu':
    case 'floor':
    case 'ceil':
    case 'round':
    case 'trunc':
      return 'v';
    case 'sign':
      return 'select(0u, 1u, v > 0u)';
    case 'logicalNot':
      return 'select(0u, 1u, v == 0u)';
    case 'isnan':
      return '0u';
    default:
      return null;
  }
}

const overflowError = (op: string) => (value: number) =>
  value === 2 ? new RangeError(`${op}: ZeroDivisionError: integer division by zero`) : int64Range(op, 'computed in a kernel');

export function unary(rt: GpuRuntime, op: UnaryOp, x: TensorRef, out: TensorRef, compute: DType): void {
  const lc = laneOf(compute);
  let expr = lc === 'f32' ? FLOAT_UNARY[op] : lc === 'i32' ? intUnary(op, compute) : uintUnary(op, compute);
  let resultType: DType = BOOL_RESULT.has(op) ? 'bool' : compute;
  let body: string;
  if (expr === null) {
    // a float function of an integer (the front end promotes first; kept for completeness)
    expr = FLOAT_UNARY[op];
    resultType = 'float32';
    body = `let v = ${cast(cast('x', x.dtype, compute), compute, 'float32')};`;
  } else body = `let v = ${cast('x', x.dtype, compute)};`;
  runElementwise(rt, {
    op,
    out,
    args: [{ ref: x }],
    helpers: MATH_WGSL,
    fn: `fn f(x: ${laneOf(x.dtype)}) -> ${laneOf(out.dtype)} { ${body} let r = ${expr}; return ${cast('r', resultType, out.dtype)}; }`,
    flags: compute === 'int64' || out.dtype === 'int64' ? overflowError(op) : undefined,
  });
}

function floatBinary(op: BinaryOp): string {
  switch (op) {
    case 'add': return 'a + b';
    case 'sub': return 'a - b';
    case 'mul': return 'a * b';
    case 'div': return 'a / b';
    case 'floorDivide': return 'm_floordiv(a, b)';
    case 'truncDivide': return 'trunc(a / b)';
    case 'pow': return 'm_pow(a, b)';
    case 'remainder': return 'm_remainder(a, b)';
    case 'maximum': return 'm_maximum(a, b)';
    case 'minimum': return 'm_minimum(a, b)';
    case 'atan2': return 'm_atan2(a, b)';
    case 'eq': return 'select(0u, 1u, !is_nan(a) && !is_nan(b) && a == b)';
    case 'ne': return 'select(0u, 1u, is_nan(a) || is_nan(b) || a != b)';
    case 'lt': return 'select(0u, 1u, !is_nan(a) && !is_nan(b) && a < b)';
    case 'le': return 'select(0u, 1u, !is_nan(a) && !is_nan(b) && a <= b)';
    case 'gt': return 'select(0u, 1u, !is_nan(a) && !is_nan(b) && a > b)';
    case 'ge': return 'select(0u, 1u, !is_nan(a) && !is_nan(b) && a >= b)';
    case 'logicalAnd': return 'f2b(a) & f2b(b)';
    case 'logicalOr': return 'f2b(a) | f2b(b)';
  }
}

const COMPARE: Partial<Record<BinaryOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Comparisons and logical ops of integer lanes (`zero` is the lane's 0 literal). */
function integerCompare(op: BinaryOp, zero: string): string {
  if (op === 'logicalAnd') return `select(0u, 1u, a != ${zero} && b != ${zero})`;
  if (op === 'logicalOr') return `select(0u, 1u, a != ${zero} || b != ${zero})`;
  return `select(0u, 1u, a ${COMPARE[op]} b)`;
}

function intBinary(op: BinaryOp, long: boolean): string {
  switch (op) {
    case 'add': return long ? 'l_add(a, b)' : 'a + b';
    case 'sub': return long ? 'l_sub(a, b)' : 'a - b';
    case 'mul': return long ? 'l_mul(a, b)' : 'a * b';
    case 'div': return `${long ? 'f2l' : 'f2i'}(f32(a) / f32(b))`;
    case 'floorDivide': return 'i_floordiv(a, b)';
    case 'truncDivide': return 'i_truncdiv(a, b)';
    case 'pow': return `i_pow(a, b, ${long})`;
    case 'remainder': return 'i_remainder(a, b)';
    case 'maximum': return 'max(a, b)';
    case 'minimum': return 'min(a, b)';
    case 'atan2': return `${long ? 'f2l' : 'f2i'}(atan2(f32(a), f32(b)))`;
    default: return integerCompare(op, '0');
  }
}

function uintBinary(op: BinaryOp, bool: boolean): string {
  const m = bool ? (e: string) => `select(0u, 1u, (${e}) != 0u)` : (e: string) => `((${e}) & 255u)`;
  switch (op) {
    case 'add': return bool ? '(a | b)' : m('a + b');
    case 'sub': return m('a - b');
    case 'mul': return bool ? '(a & b)' : m('a * b');
    case 'div': return m('u32(f2i(f32(a) / f32(b)))');
    case 'floorDivide':
    case 'truncDivide': return m('u_div(a, b)');
    case 'pow': return m('u_pow(a, b)');
    case 'remainder': return m('u_rem(a, b)');
    case 'maximum': return 'max(a, b)';
    case 'minimum': return 'min(a, b)';
    case 'atan2': return m('u32(f2i(atan2(f32(a), f32(b))))');
    default: return integerCompare(op, '0u');
  }
}

/** The WGSL expression of a binary op on a and b (values of the compute dtype's lane). */
export function binaryExpr(op: BinaryOp, compute: DType): string {
  const lc = laneOf(compute);
  return lc === 'f32' ? floatBinary(op) : lc === 'i32' ? intBinary(op, compute === 'int64') : uintBinary(op, compute === 'bool');
}

export const binaryResult = (op: BinaryOp, compute: DType): DType => (BOOL_RESULT.has(op) ? 'bool' : compute);

/** A scalar operand, range-checked when it must fit an int64 lane. */
export function scalarArg(v: number, dtype: DType, op: string): EwArg {
  if (dtype === 'int64' && !(v >= -(2 ** 31) && v <= 2 ** 31 - 1)) throw int64Range(op, v);
  return { scalar: v, dtype };
}

const argOf = (x: Operand, compute: DType, op: string): EwArg => (typeof x === 'number' ? scalarArg(x, compute, op) : { ref: x });
const laneOfArg = (x: Operand, compute: DType) => laneOf(typeof x === 'number' ? compute : x.dtype);
const dtypeOfArg = (x: Operand, compute: DType): DType => (typeof x === 'number' ? compute : x.dtype);

const mayFlag = (op: BinaryOp, compute: DType) =>
  compute === 'int64' || (compute !== 'float32' && (op === 'floorDivide' || op === 'truncDivide' || op === 'remainder'));

export function binary(rt: GpuRuntime, op: BinaryOp, a: Operand, b: Operand, out: TensorRef, compute: DType): void {
  const ta = dtypeOfArg(a, compute);
  const tb = dtypeOfArg(b, compute);
  runElementwise(rt, {
    op,
    out,
    args: [argOf(a, compute, op), argOf(b, compute, op)],
    helpers: MATH_WGSL,
    fn: `fn f(x: ${laneOfArg(a, compute)}, y: ${laneOfArg(b, compute)}) -> ${laneOf(out.dtype)} {
  let a = ${cast('x', ta, compute)}; let b = ${cast('y', tb, compute)};
  let r = ${binaryExpr(op, compute)};
  return ${cast('r', binaryResult(op, compute), out.dtype)};
}`,
    flags: mayFlag(op, compute) || out.dtype === 'int64' ? overflowError(op === 'floorDivide' ? "div(roundingMode: 'floor')" : op === 'truncDivide' ? "div(roundingMode: 'trunc')" : op) : undefined,
  });
}

export function where(rt: GpuRuntime, cond: TensorRef, a: Operand, b: Operand, out: TensorRef): void {
  const t = out.dtype;
  runElementwise(rt, {
    op: 'where',
    out,
    args: [{ ref: cond }, argOf(a, t, 'where'), argOf(b, t, 'where')],
    fn: `fn f(c: ${laneOf(cond.dtype)}, x: ${laneOfArg(a, t)}, y: ${laneOfArg(b, t)}) -> ${laneOf(t)} {
  if (${cast('c', cond.dtype, 'bool')} != 0u) { return ${cast('x', dtypeOfArg(a, t), t)}; }
  return ${cast('y', dtypeOfArg(b, t), t)};
}`,
    flags: out.dtype === 'int64' ? overflowError('where') : undefined,
  });
}

export function clamp(rt: GpuRuntime, x: TensorRef, min: Operand | null, max: Operand | null, out: TensorRef, compute: DType): void {
  const args: EwArg[] = [{ ref: x }];
  const params = [`x: ${laneOf(x.dtype)}`];
  const lines = [`var v = ${cast('x', x.dtype, compute)};`];
  const float = laneOf(compute) === 'f32';
  for (const [name, bound, cmp] of [['lo', min, '<'], ['hi', max, '>']] as const) {
    if (bound === null) continue;
    args.push(argOf(bound, compute, 'clamp'));
    params.push(`${name}_: ${laneOfArg(bound, compute)}`);
    lines.push(`let ${name} = ${cast(`${name}_`, dtypeOfArg(bound, compute), compute)};`);
    lines.push(
      float
        ? `if (is_nan(v) || is_nan(${name})) { v = nan_f32(); } else if (v ${cmp} ${name}) { v = ${name}; }`
        : `if (v ${cmp} ${name}) { v = ${name}; }`,
    );
  }
  runElementwise(rt, {
    op: 'clamp',
    out,
    args,
    fn: `fn f(${params.join(', ')}) -> ${laneOf(out.dtype)} { ${lines.join(' ')} return ${cast('v', compute, out.dtype)}; }`,
    flags: out.dtype === 'int64' ? overflowError('clamp') : undefined,
  });
}
