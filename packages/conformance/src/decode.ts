// Fixture JSON → @x values: tensors built with torch.tensor(data, { dtype, device }) plus view steps.
import * as torch from '@x/tensor';
import {
  isEncodedNumber,
  isEncodedTensor,
  isViewTensor,
  type Arg,
  type EncodedTensor,
  type EncodedValue,
  type ViewStep,
} from './fixtures';

type Tensor = torch.Tensor;
type Nested = torch.Nested;

/** A value of tensor data or of a number argument, as JS sees it. */
export function decodeValue(v: EncodedValue): number | boolean {
  switch (v) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return v;
  }
}

function nest(values: (number | boolean)[], shape: readonly number[], offset: number, dim: number): Nested {
  if (dim === shape.length) return values[offset]!;
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const out: Nested[] = [];
  for (let i = 0; i < shape[dim]!; i++) out.push(nest(values, shape, offset + i * inner, dim + 1));
  return out;
}

/**
 * A tensor from its encoding: nested arrays through torch.tensor (a number for 0-d), or, when a dim
 * is zero (nested arrays cannot say [2, 0, 3]), torch.tensor([]) reshaped.
 */
export function buildTensor(e: EncodedTensor, device: torch.Device): Tensor {
  const values = e.data.map((v) => (e.dtype === 'bool' ? Boolean(v) : decodeValue(v)));
  const options = { dtype: e.dtype, device };
  if (e.shape.length === 0) return torch.tensor(values[0]!, options);
  if (e.shape.includes(0)) return torch.tensor([], options).reshape(e.shape);
  return torch.tensor(nest(values, e.shape, 0, 0), options);
}

export function applyView(x: Tensor, steps: readonly ViewStep[]): Tensor {
  for (const step of steps) {
    switch (step[0]) {
      case 'transpose':
        x = x.transpose(step[1], step[2]);
        break;
      case 'permute':
        x = x.permute(...step[1]);
        break;
      case 'expand':
        x = x.expand(...step[1]);
        break;
      case 'slice': {
        const [, dim, start, stop, stepSize] = step;
        const index: torch.Index[] = Array.from({ length: dim }, () => ':');
        index.push(`${start}:${stop}:${stepSize}`);
        x = x.at(...index);
        break;
      }
      default:
        throw new Error(`conformance: unknown view step ${JSON.stringify(step)}`);
    }
  }
  return x;
}

/** An argument as the op receives it: tensors built on `device`, lists recursively, numbers decoded. */
export function decodeArg(a: Arg, device: torch.Device): unknown {
  if (a === null || typeof a !== 'object') return a;
  if (Array.isArray(a)) return a.map((v) => decodeArg(v, device));
  if (isEncodedNumber(a)) return decodeValue(a.num);
  if (isViewTensor(a)) return applyView(buildTensor(a.base, device), a.view);
  if (isEncodedTensor(a)) return buildTensor(a, device);
  throw new Error(`conformance: cannot decode argument ${JSON.stringify(a)}`);
}
