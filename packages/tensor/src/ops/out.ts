// `out=`: the torch.* functions that take it compute as usual, then write the result into `out` with
// PyTorch 1.13's rules: the dtype rule of the op (schema/op.ts's OutRule), a resize when the shape
// differs (silent for an empty `out`, with PyTorch's deprecation warning otherwise), and no autograd:
// an input or `out` that requires grad is an error while grad mode is on.
import type { Storage } from '../backend';
import type { DType } from '../dtype';
import { moveStorage } from '../memory/lifecycle';
import { isFloating } from '../dtype';
import { inPlaceWrite } from '../autograd-hook';
import { isGradEnabled } from '../grad-mode';
import { getBackend } from '../registry';
import { contiguousStrides, formatShape, numelOf, sameShape } from '../shape';
import { isTensor, type Tensor, type ValuesIndices } from '../tensor';
import type { OutRule, OutSpec } from '../schema/op';
import { scalarTypeName } from './conv/args';
import { valuesIndices } from './reduce';
import { describeValue } from '../signature/types';

/** PyTorch's C++ type names, as its "Expected out tensor to have dtype float" messages use. */
const CPP_NAMES: Record<DType, string> = { float32: 'float', float64: 'double', int32: 'int', int64: 'long int', uint8: 'unsigned char', bool: 'bool' };

/** Can a value of dtype `from` be written into `to` (PyTorch's canCast: no float to integer, nothing but bool to bool)? */
function canCast(from: DType, to: DType): boolean {
  if (isFloating(from) && !isFloating(to)) return false;
  if (from !== 'bool' && to === 'bool') return false;
  return true;
}

const requiresGrad = (t: Tensor): boolean => t.requiresGrad || (t._base !== null && t._base.requiresGrad);

function tensorsIn(values: readonly unknown[]): Tensor[] {
  const found: Tensor[] = [];
  for (const v of values) {
    if (isTensor(v)) found.push(v);
    else if (Array.isArray(v)) for (const x of v) if (isTensor(x)) found.push(x);
  }
  return found;
}

/** Before computing: PyTorch refuses out= when autograd would have to track it. */
export function checkOutGrad(op: string, args: readonly unknown[]): void {
  if (isGradEnabled() && tensorsIn(args).some(requiresGrad)) {
    throw new Error(`${op}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
}

/** For ops that compute in out's dtype (sum, prod, cumsum): the dtype to compute in. */
export function accumulateDType(op: string, out: unknown, dtype: DType | undefined): DType {
  const o = outTensor(op, out);
  if (dtype !== undefined && dtype !== o.dtype) {
    throw new TypeError(`${op}(): Expected out tensor to have dtype ${CPP_NAMES[dtype]}, but got ${CPP_NAMES[o.dtype]} instead (pass an out of dtype ${dtype}, or no dtype)`);
  }
  return o.dtype;
}

function outTensor(op: string, out: unknown): Tensor {
  if (!isTensor(out)) throw new TypeError(`${op}(): argument 'out' must be a Tensor, not ${describeValue(out)}`);
  return out;
}

function dtypeError(op: string, rule: OutRule, result: DType, out: DType): string | null {
  const [r, o] = [scalarTypeName(result), scalarTypeName(out)];
  switch (rule) {
    case 'cast':
      return canCast(result, out) ? null : `result type ${r} can't be cast to the desired output type ${o}`;
    case 'cat':
      return canCast(result, out) ? null : `input types can't be cast to the desired output type ${o}`;
    case 'index':
      return out === 'int64' ? null : `Expected out tensor to have dtype long int, but got ${CPP_NAMES[out]} instead`;
    case 'bool':
      return out === result ? null : `${op.replace(/^torch\./, '')} only supports ${result === 'uint8' ? 'uint8' : 'bool'} tensor for result, got: ${o}`;
    case 'amax':
      return out === result ? null : `Expected the dtype for input and out to match, but got ${r} for input's dtype and ${o} for out's dtype.`;
    case 'dot':
      return out === result ? null : `result dtype ${o} does not match input dtype ${r}`;
    case 'clamp':
      return out === result ? null : `Found dtype ${o} but expected ${r}`;
    default:
      return out === result ? null : `Expected out tensor to have dtype ${CPP_NAMES[result]}, but got ${CPP_NAMES[out]} instead`;
  }
}

const warned = new Set<string>();

/** out.resize_(shape): new sizes and contiguous strides; storage that is too small is replaced by a larger one. */
function resizeOut(out: Tensor, shape: readonly number[]): void {
  const t = out as unknown as { shape: readonly number[]; strides: readonly number[]; _storage: Storage };
  const needed = out.offset + numelOf(shape);
  const old = out.storage;
  if (needed > old.length) {
    const storage = getBackend(out.device).allocate(out.dtype, needed, 'uninit'); // the copy below writes every element it shows
    storage.version = old.version;
    t._storage = storage;
    moveStorage(out, old, storage);
  }
  t.shape = Object.freeze([...shape]);
  t.strides = Object.freeze(contiguousStrides(shape));
}

function writeOne(op: string, out: unknown, result: Tensor, rule: OutRule): Tensor {
  const o = outTensor(op, out);
  if (o.device !== result.device) {
    throw new Error(`${op}(): Expected out tensor to have device ${result.device}, but got ${o.device} instead; create it with { device: '${result.device}' }`);
  }
  const problem = dtypeError(op, rule, result.dtype, o.dtype);
  if (problem !== null) throw new TypeError(`${op}(): ${problem} (result ${formatShape(result.shape)} ${result.dtype}, out ${formatShape(o.shape)} ${o.dtype})`);
  if (!sameShape(o.shape, result.shape)) {
    if (o.numel() !== 0 && !warned.has(op)) {
      warned.add(op);
      console.warn(
        `UserWarning: ${op}(): An output with one or more elements was resized since it had shape ${formatShape(o.shape)}, which does not match the required output shape ${formatShape(result.shape)}. ` +
          'This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. ' +
          'You can explicitly reuse an out tensor t by resizing it to zero elements first (pass torch.empty(0)).',
      );
    }
    resizeOut(o, result.shape);
  }
  return inPlaceWrite(o, op, [], () => {
    getBackend(o.device).copy(result, o);
    return null;
  });
}

/** Writes `result` into `out` (a tensor, or a pair for [values, indices] results) and returns out. */
export function writeOut<R extends Tensor | ValuesIndices>(op: string, out: unknown, result: R, spec: OutSpec): R {
  if (typeof spec === 'string') return writeOne(op, out, result as Tensor, spec) as R;
  if (!Array.isArray(out) || out.length !== 2) {
    throw new TypeError(`${op}(): argument 'out' must be a pair of tensors [values, indices], not ${describeValue(out)}`);
  }
  const [values, indices] = result as ValuesIndices;
  return valuesIndices(writeOne(op, out[0], values, spec[0]), writeOne(op, out[1], indices, spec[1])) as R;
}
