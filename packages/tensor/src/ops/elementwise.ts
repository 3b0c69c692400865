// Elementwise ops: validate -> broadcast -> promote -> dispatch to the device's kernel.
import type { BinaryOp, Operand, UnaryOp } from '../backend';
import { castScalar, DEFAULT_FLOAT, isFloating, type DType } from '../dtype';
import { checkSameDevice } from '../errors';
import { resultType, type PromotionOperand } from '../promote';
import { getBackend } from '../registry';
import { canReadSync, stagingFloat } from '../caps';
import { broadcastShapes, formatShape, sameShape } from '../shape';
import { isTensor, Tensor, type TensorOrScalar } from '../tensor';
import { allocate } from './alloc';
import { broadcastRef } from './views';
import { inPlaceWrite, isTracking, recordOp } from '../autograd-hook';

/** Ops whose result is floating even for integer inputs (PyTorch's "int -> default float" ops). */
const FLOAT_UNARY = new Set<UnaryOp>(['exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'reciprocal', 'erf']);
/** Ops that PyTorch refuses on bool tensors. */
const NO_BOOL_UNARY = new Set<UnaryOp>(['neg', 'abs', 'relu', 'floor', 'ceil', 'round', 'trunc']);
const COMPARISON = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

function operandInfo(x: TensorOrScalar): PromotionOperand {
  return isTensor(x) ? x : x;
}

function describeOperand(x: TensorOrScalar): string {
  return isTensor(x) ? `${formatShape(x.shape)} ${x.dtype}` : `scalar ${String(x)}`;
}

export function unary(op: UnaryOp, x: Tensor): Tensor {
  if (!isTensor(x)) throw new TypeError(`${op}: expected a Tensor, got ${typeof x}`);
  if (x.dtype === 'bool' && NO_BOOL_UNARY.has(op)) {
    throw new TypeError(
      op === 'neg'
        ? 'neg: negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use logicalNot() instead.'
        : `${op}: not implemented for bool tensors (shape ${formatShape(x.shape)}); convert with .int() or .float() first`,
    );
  }
  let out: DType;
  if (op === 'logicalNot' || op === 'isnan') out = 'bool';
  else if (FLOAT_UNARY.has(op)) out = isFloating(x.dtype) ? x.dtype : DEFAULT_FLOAT;
  else out = x.dtype;
  const compute = op === 'logicalNot' || op === 'isnan' ? x.dtype : out;
  const result = allocate(x.shape, out, x.device, op, 'uninit');
  getBackend(x.device).unary(op, x, result, compute);
  recordOp(op, [x], [result]);
  return result;
}

/** Promotes, broadcasts and checks the operands of a binary op; scalars become numbers cast to `compute`. */
function prepare(op: string, operands: readonly TensorOrScalar[]) {
  const tensors = operands.filter(isTensor);
  if (tensors.length === 0) throw new TypeError(`${op}: expected at least one Tensor operand, got ${operands.map(describeOperand).join(', ')}`);
  for (const o of operands) {
    if (!isTensor(o) && typeof o !== 'number' && typeof o !== 'boolean') {
      throw new TypeError(`${op}: expected a Tensor, number or boolean operand, got ${o === null ? 'null' : typeof o}`);
    }
  }
  const device = checkSameDevice(op, tensors);
  const shape = broadcastShapes(op, ...tensors.map((t) => t.shape));
  const compute = resultType(operands.map(operandInfo));
  return { device, shape, compute };
}

function asOperand(x: TensorOrScalar, shape: readonly number[], compute: DType): Operand {
  if (isTensor(x)) return broadcastRef(x, shape);
  return castScalar(Number(x), compute);
}

const tensorOrNull = (x: TensorOrScalar | null | undefined): Tensor | null => (isTensor(x) ? x : null);
const scalarOrNull = (x: TensorOrScalar | null | undefined): number | null => (x === null || x === undefined || isTensor(x) ? null : Number(x));

export function binary(op: BinaryOp, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const { device, shape, compute: promoted } = prepare(op, [a, b]);
  if (op === 'sub' && (promoted === 'bool' || (isTensor(a) && a.dtype === 'bool') || (isTensor(b) && b.dtype === 'bool') || typeof b === 'boolean')) {
    throw new TypeError('sub: subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use logicalNot() instead.');
  }
  if ((op === 'pow' || op === 'remainder' || op === 'floorDivide' || op === 'truncDivide') && promoted === 'bool') {
    throw new TypeError(`${op}: not implemented for bool tensors (${describeOperand(a)}, ${describeOperand(b)}); convert with .int() or .float() first`);
  }
  let compute = promoted;
  if ((op === 'div' || op === 'atan2') && !isFloating(compute)) compute = DEFAULT_FLOAT;
  if (op === 'pow' && !isFloating(compute) && !isTensor(b) && Number(b) < 0) {
    throw new RangeError(`pow: integers to negative integer powers are not allowed (${describeOperand(a)} ** ${String(b)}); use a float base, e.g. x.float().pow(${String(b)})`);
  }
  if (op === 'remainder' && !isFloating(compute) && !isTensor(b) && Number(b) === 0) {
    throw new RangeError('remainder: ZeroDivisionError: integer remainder by zero');
  }
  if ((op === 'floorDivide' || op === 'truncDivide') && !isFloating(compute) && !isTensor(b) && Number(b) === 0) {
    throw new RangeError(`div(roundingMode: '${op === 'floorDivide' ? 'floor' : 'trunc'}'): ZeroDivisionError: integer division by zero`);
  }
  const outDType = COMPARISON.has(op) ? 'bool' : compute;
  const out = allocate(shape, outDType, device, op, 'uninit');
  getBackend(device).binary(op, asOperand(a, shape, compute), asOperand(b, shape, compute), out, compute);
  if (!COMPARISON.has(op)) recordOp(op, [tensorOrNull(a), tensorOrNull(b)], [out], { a: scalarOrNull(a), b: scalarOrNull(b) });
  return out;
}

export function add(a: Tensor, b: TensorOrScalar, alpha = 1): Tensor {
  return binary('add', a, alpha === 1 ? b : scaled('add', b, alpha));
}

export function sub(a: Tensor, b: TensorOrScalar, alpha = 1): Tensor {
  return binary('sub', a, alpha === 1 ? b : scaled('sub', b, alpha));
}

function scaled(op: string, b: TensorOrScalar, alpha: number): TensorOrScalar {
  if (isTensor(b)) {
    if (!isFloating(b.dtype) && !Number.isInteger(alpha)) throw new TypeError(`${op}: for integral input tensors, argument alpha must not be a floating point number (got ${alpha})`);
    return binary('mul', b, alpha);
  }
  return Number(b) * alpha;
}

export function div(a: Tensor, b: TensorOrScalar, roundingMode: 'trunc' | 'floor' | null): Tensor {
  if (roundingMode === null) return binary('div', a, b);
  if (roundingMode !== 'trunc' && roundingMode !== 'floor') {
    throw new RangeError(`div expected roundingMode to be one of null, 'trunc', or 'floor' but found '${String(roundingMode)}'`);
  }
  return binary(roundingMode === 'floor' ? 'floorDivide' : 'truncDivide', a, b);
}

export function where(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (!isTensor(cond) || cond.dtype !== 'bool') {
    throw new TypeError(`where: expected condition to be a bool tensor, but got ${isTensor(cond) ? `a tensor with dtype ${cond.dtype}` : typeof cond}; use cond.bool() or a comparison such as x.gt(0)`);
  }
  const { device, shape } = prepare('where', [cond, a, b]);
  const valueType = resultType([a, b].map(operandInfo));
  const out = allocate(shape, valueType, device, 'where', 'uninit');
  getBackend(device).where(asOperandRef(cond, shape), asOperand(a, shape, valueType), asOperand(b, shape, valueType), out);
  recordOp('where', [cond, tensorOrNull(a), tensorOrNull(b)], [out]);
  return out;
}

function asOperandRef(t: Tensor, shape: readonly number[]): Tensor {
  return broadcastRef(t, shape);
}

type Bound = TensorOrScalar | null | undefined;

export function clamp(x: Tensor, minArg?: Bound | { min?: Bound; max?: Bound }, maxArg?: Bound): Tensor {
  let min: Bound = minArg as Bound;
  let max: Bound = maxArg;
  if (minArg !== null && typeof minArg === 'object' && !isTensor(minArg)) {
    min = minArg.min;
    max = minArg.max;
  }
  const lo = min ?? null;
  const hi = max ?? null;
  if (lo === null && hi === null) throw new TypeError("clamp: at least one of 'min' or 'max' must not be null");
  const operands: TensorOrScalar[] = [x];
  if (lo !== null) operands.push(lo);
  if (hi !== null) operands.push(hi);
  const { device, shape, compute } = prepare('clamp', operands);
  const out = allocate(shape, compute, device, 'clamp', 'uninit');
  getBackend(device).clamp(
    asOperandRef(x, shape),
    lo === null ? null : asOperand(lo, shape, compute),
    hi === null ? null : asOperand(hi, shape, compute),
    out,
    compute,
  );
  recordOp('clamp', [x, tensorOrNull(lo), tensorOrNull(hi)], [out], { min: scalarOrNull(lo), max: scalarOrNull(hi) });
  return out;
}

export function maskedFill(x: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  if (!isTensor(mask) || mask.dtype !== 'bool') {
    throw new TypeError(`maskedFill: only supports boolean masks, but got mask with dtype ${isTensor(mask) ? mask.dtype : typeof mask}; use mask.bool()`);
  }
  if (isTensor(value) && value.ndim !== 0) {
    throw new RangeError(`maskedFill: only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s) (shape ${formatShape(value.shape)})`);
  }
  checkSameDevice('maskedFill', isTensor(value) ? [x, mask, value] : [x, mask]);
  // Out of place, x broadcasts up to the mask's shape too (maskedFill_ then rejects the shape change).
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  const out = allocate(shape, x.dtype, x.device, 'maskedFill', 'uninit');
  const v = isTensor(value) ? broadcastRef(value.to(x.dtype), shape) : castScalar(Number(value), x.dtype);
  getBackend(x.device).where(asOperandRef(mask, shape), v, asOperandRef(x, shape), out);
  recordOp('maskedFill', [x, mask, tensorOrNull(value)], [out]);
  return out;
}

/** Can a value of dtype `from` be written into `to` in place (PyTorch's canCast)? */
function canCast(from: DType, to: DType): boolean {
  if (isFloating(from) && !isFloating(to)) return false;
  if (from !== 'bool' && to === 'bool') return false;
  return true;
}

/**
 * t.op_(other) straight into t's storage, when autograd has nothing to record, the result has t's
 * dtype and shape, and other does not share t's memory: no temporary and no copy (optimizer steps
 * run on this path). Returns false when the general path must run (which also gives the errors).
 */
function directBinary(t: Tensor, op: 'add' | 'sub' | 'mul' | 'div', other: TensorOrScalar): boolean {
  const source = isTensor(other) ? other : null;
  if (source !== null && source.storage === t.storage) return false;
  if (typeof other !== 'number' && source === null) return false;
  if (isTracking([t, source])) return false;
  // the general path's own checks (devices, operands, broadcasting), with its messages
  const { shape, compute } = prepare(op, [t, other]);
  if (compute !== t.dtype || compute === 'bool' || (op === 'div' && !isFloating(compute)) || !sameShape(shape, t.shape)) return false;
  inPlaceWrite(t, `${op}_`, [], () => {
    getBackend(t.device).binary(op, t, asOperand(other, t.shape, compute), t, compute);
    return null;
  });
  return true;
}

/** t.add_(other, { alpha }) and t.sub_(other, { alpha }). */
export function addInPlace<T extends Tensor>(t: T, other: TensorOrScalar, alpha: number, op: 'add' | 'sub'): T {
  const operand = alpha === 1 ? other : scaled(op, other, alpha);
  if (directBinary(t, op, operand)) return t;
  return inPlace(t, binary(op, t, operand), `${op}_`);
}

/** t.mul_(other) and t.div_(other). */
export function binaryInPlace<T extends Tensor>(t: T, op: 'mul' | 'div', other: TensorOrScalar): T {
  if (directBinary(t, op, other)) return t;
  return inPlace(t, op === 'div' ? div(t, other, null) : binary(op, t, other), `${op}_`);
}

/** Writes an out-of-place result into `t` (the in-place ops' second half). */
export function inPlace<T extends Tensor>(t: T, result: Tensor, op: string): T {
  if (!sameShape(result.shape, t.shape)) {
    throw new RangeError(`${op}: output with shape ${formatShape(t.shape)} doesn't match the broadcast shape ${formatShape(result.shape)}`);
  }
  if (!canCast(result.dtype, t.dtype)) {
    throw new TypeError(`${op}: result type ${result.dtype} can't be cast to the desired output type ${t.dtype}; use the out-of-place op or convert the tensor first`);
  }
  return inPlaceWrite(t, op, [result], () => {
    getBackend(t.device).copy(result, t);
    return result;
  });
}

export function fill_<T extends Tensor>(t: T, value: number): T {
  return inPlaceWrite(t, 'fill_', [], () => {
    getBackend(t.device).fill(t, castScalar(value, t.dtype));
    return null;
  });
}

/** Reads a 0-d bool result on the spot: equal/allclose return plain booleans, as in PyTorch. */
function readFlag(op: string, flag: Tensor, asyncForm: string): boolean {
  if (!canReadSync(flag.device)) {
    throw new Error(`${op}() returns a boolean, which device '${flag.device}' cannot compute synchronously; use ${asyncForm}`);
  }
  return flag.isNonzeroSync();
}

/** True when both have the same shape and values (PyTorch's torch.equal). */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  return readFlag('equal', binary('eq', a, b).all(), 'await a.equalAsync(b)');
}

/** equal() for any device: the flag is computed on the device and read once. */
export async function equalAsync(a: Tensor, b: Tensor): Promise<boolean> {
  if (!sameShape(a.shape, b.shape)) return false;
  return (await binary('eq', a, b).all().item()) !== 0;
}

/** allclose() for any device: the flag is computed on the device and read once. */
export async function allcloseAsync(a: Tensor, b: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): Promise<boolean> {
  return (await closeFlag(a, b, options).item()) !== 0;
}

/** |a - b| <= atol + rtol * |b| everywhere (or a == b, or both NaN with equalNan), as a 0-d bool tensor. */
function closeFlag(a: Tensor, b: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): Tensor {
  const rtol = options?.rtol ?? 1e-5;
  const atol = options?.atol ?? 1e-8;
  // In float64 where the device holds it (else float32): the difference of two float32s is exact there.
  const wide = stagingFloat(a.device);
  const diff = binary('sub', a.to(wide), b.to(wide)).abs();
  const tol = b.to(wide).abs().mul(rtol).add(atol);
  let ok = binary('le', diff, tol).logicalOr(binary('eq', a, b));
  if (options?.equalNan) ok = ok.logicalOr(a.isnan().logicalAnd(b.isnan()));
  return ok.all();
}

export function allclose(a: Tensor, b: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
  return readFlag('allclose', closeFlag(a, b, options), 'await a.allcloseAsync(b)');
}

export { isTensor };
