// What a parameter's declared type accepts at run time: used to pick among a function's signatures
// (PyTorch's overloads, e.g. max(dim) and max(other)) and to describe arguments in error messages.
// The type text is TypeScript; names this file does not know accept anything.
import { parseDType } from '../dtype';
import { closingParen, splitTopLevel } from './text';

export type Accepts = (value: unknown) => boolean;

const TENSOR_BRAND = Symbol.for('@x/tensor.Tensor');

/** A Tensor from any copy of @x/tensor (ESM or CJS): the brand its prototype carries. */
export function isTensorLike(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { [TENSOR_BRAND]?: true })[TENSOR_BRAND] === true;
}

/** An options object: a plain `{ ... }` literal (not an array, a tensor or another class's instance). */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  // `constructor` is an inline-cached read (faster than getPrototypeOf on the hot path)
  const c = (x as { constructor?: unknown }).constructor;
  return c === Object || (c === undefined && Object.getPrototypeOf(x) === null);
}

const ANY: Accepts = () => true;

function isDType(v: string): boolean {
  try {
    parseDType(v);
    return true;
  } catch {
    return false;
  }
}
const NAMED: Record<string, Accepts> = {
  Tensor: isTensorLike,
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  bigint: (v) => typeof v === 'bigint',
  null: (v) => v === null,
  undefined: (v) => v === undefined,
  Scalar: (v) => typeof v === 'number' || typeof v === 'boolean',
  TensorOrScalar: (v) => typeof v === 'number' || typeof v === 'boolean' || isTensorLike(v),
  DType: (v) => typeof v === 'string' && isDType(v),
  /** A device name (whether it is registered is checked where it is used). */
  Device: (v) => typeof v === 'string',
  /** @x/tensor's aliases (src/schema/types.ts). */
  Dims: (v) => v === null || typeof v === 'number' || Array.isArray(v),
  IntOrList: (v) => typeof v === 'number' || Array.isArray(v),
  Nested: (v) => typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v),
  NestedTensors: (v) => isTensorLike(v) || Array.isArray(v),
  TypedArray: (v) => ArrayBuffer.isView(v),
  Function: (v) => typeof v === 'function',
  unknown: ANY,
  any: ANY,
};

function alternative(text: string): Accepts {
  let t = text.trim();
  while (t.startsWith('(') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  if (t.startsWith('readonly ')) t = t.slice('readonly '.length).trim();
  if (t.endsWith('[]') || t.startsWith('[') || /^(Readonly)?Array</.test(t)) return Array.isArray;
  if (/^'.*'$|^".*"$/.test(t)) {
    const literal = t.slice(1, -1);
    return (v) => v === literal;
  }
  if (t === 'true' || t === 'false') return (v) => v === (t === 'true');
  if (/^-?\d+(\.\d+)?$/.test(t)) return (v) => v === Number(t);
  if (t.includes('=>')) return (v) => typeof v === 'function';
  if (t.startsWith('{')) return isOptionsObject;
  if (t.includes('|')) return acceptsType(t);
  return NAMED[t] ?? ANY;
}

/** The run-time check for a TypeScript type text: a union of the checks of its alternatives. */
export function acceptsType(type: string): Accepts {
  const alternatives = splitTopLevel(type, '|').filter((a) => a !== '').map(alternative);
  if (alternatives.includes(ANY)) return ANY;
  if (alternatives.length === 1) return alternatives[0]!;
  return (v) => alternatives.some((a) => a(v));
}

/** A short description of an argument for error messages: `Tensor [2, 3] float32`, `number (1)`, `{ dim, keepdim }`. */
export function describeValue(v: unknown): string {
  if (isTensorLike(v)) {
    const t = v as { shape: readonly number[]; dtype: string };
    return `Tensor [${t.shape.join(', ')}] ${t.dtype}`;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length <= 6 && v.every((x) => typeof x === 'number') ? `[${v.join(', ')}]` : `an array of ${v.length}`;
  if (isOptionsObject(v)) return `{ ${Object.keys(v).join(', ')} }`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  return typeof v;
}
