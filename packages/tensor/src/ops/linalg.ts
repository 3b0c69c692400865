// Matrix products: matmul with PyTorch's 1-D/2-D/batched rules, mm, bmm, dot, outer, mv.
import { getBackend } from '../registry';
import { broadcastShapes, formatShape } from '../shape';
import { checkSameDevice } from '../errors';
import type { Tensor } from '../tensor';
import { allocate } from './alloc';
import { broadcastRef, reshape, squeeze, unsqueeze } from './views';
import { nameGradFn, recordOp } from '../autograd-hook';
import { binary } from './elementwise';

function checkOperands(op: string, a: Tensor, b: Tensor): void {
  checkSameDevice(op, [a, b]);
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${op}: expected both operands to have the same dtype, but got ${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}; convert one with .to('${a.dtype}')`);
  }
  if (a.dtype === 'bool') throw new TypeError(`${op}: not implemented for bool tensors; convert with .int() or .float()`);
}

function cannotMultiply(op: string, a: Tensor, b: Tensor, k1: number, k2: number): never {
  throw new RangeError(`${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k1} != ${k2})`);
}

/** Batched kernel call on [..., M, K] @ [..., K, N] with broadcast batch dims. */
function batched(op: string, a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const k2 = b.shape[b.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  if (k !== k2) cannotMultiply(op, a, b, k, k2);
  let batch: number[];
  try {
    batch = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    throw new RangeError(`${op}: the batch dimensions of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be broadcast together (${formatShape(a.shape.slice(0, -2))} vs ${formatShape(b.shape.slice(0, -2))})`);
  }
  const out = allocate([...batch, m, n], a.dtype, a.device, op, 'uninit');
  getBackend(a.device).matmul(broadcastRef(a, [...batch, m, k]), broadcastRef(b, [...batch, k, n]), out);
  recordOp('matmul', [a, b], [out]);
  return out;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkOperands('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(`matmul: both arguments need at least 1 dimension, but got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}; use mul for a scalar`);
  }
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) cannotMultiply('matmul', a, b, a.shape[0]!, b.shape[0]!);
    return dot(a, b);
  }
  if (a.ndim === 1) {
    if (a.shape[0] !== b.shape[b.ndim - 2]) cannotMultiply('matmul', a, b, a.shape[0]!, b.shape[b.ndim - 2]!);
    return squeeze(batched('matmul', unsqueeze(a, 0), b), -2);
  }
  if (b.ndim === 1) {
    if (a.shape[a.ndim - 1] !== b.shape[0]) cannotMultiply('matmul', a, b, a.shape[a.ndim - 1]!, b.shape[0]!);
    return squeeze(batched('matmul', a, unsqueeze(b, 1)), -1);
  }
  return batched('matmul', a, b);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkOperands('mm', a, b);
  if (a.ndim !== 2 || b.ndim !== 2) throw new RangeError(`mm: expected 2-D tensors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  return batched('mm', a, b);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  checkOperands('bmm', a, b);
  if (a.ndim !== 3 || b.ndim !== 3) throw new RangeError(`bmm: expected 3-D tensors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) throw new RangeError(`bmm: batch sizes differ: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (${a.shape[0]} != ${b.shape[0]})`);
  return nameGradFn(batched('bmm', a, b), 'BmmBackward0');
}

export function mv(a: Tensor, v: Tensor): Tensor {
  checkOperands('mv', a, v);
  if (a.ndim !== 2 || v.ndim !== 1) throw new RangeError(`mv: expected a 2-D matrix and a 1-D vector, got shapes ${formatShape(a.shape)} and ${formatShape(v.shape)}`);
  return matmul(a, v);
}

export function dot(a: Tensor, b: Tensor): Tensor {
  checkOperands('dot', a, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new RangeError(`dot: 1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors (shapes ${formatShape(a.shape)} and ${formatShape(b.shape)})`);
  if (a.shape[0] !== b.shape[0]) {
    throw new RangeError(`dot: inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  return nameGradFn(reshape(batched('dot', reshape(a, [1, -1]), reshape(b, [-1, 1])), []), 'DotBackward0');
}

export function outer(a: Tensor, b: Tensor): Tensor {
  checkSameDevice('outer', [a, b]);
  if (a.ndim !== 1 || b.ndim !== 1) throw new RangeError(`outer: expected 1-D tensors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  return binary('mul', unsqueeze(a, 1), unsqueeze(b, 0));
}
