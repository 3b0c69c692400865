// The torch.* function forms of the Tensor methods (torch.add(a, b) is a.add(b)).
import type { DType } from './dtype';
import type { Tensor, TensorOrScalar, ValuesIndices } from './tensor';
import * as ew from './ops/elementwise';
import * as linalg from './ops/linalg';
import * as join from './ops/join';
import { whereCondition, type NonzeroOptions } from './ops/indexing';
import type { UniqueOptions } from './ops/unique';
import type { SoftmaxArgs } from './ops/softmax';
import type { DiagonalArgs } from './ops/diagonal';
import { einsum as einsumOp } from './ops/einsum';
import { isTensor } from './tensor';

/** The tensor a torch.* function works on, or PyTorch's TypeError (JS callers get no type check). */
function self(op: string, x: Tensor): Tensor {
  if (isTensor(x)) return x;
  const got = x === null ? 'null' : Array.isArray(x) ? 'an array' : `${typeof x} (${String(x)})`;
  throw new TypeError(`torch.${op}(): argument 'input' (position 1) must be a Tensor, not ${got}; wrap it with torch.tensor(...)`);
}

export const neg = (x: Tensor) => self('neg', x).neg();
export const negative = (x: Tensor) => self('negative', x).neg();
export const abs = (x: Tensor) => self('abs', x).abs();
export const sign = (x: Tensor) => self('sign', x).sign();
export const exp = (x: Tensor) => self('exp', x).exp();
export const log = (x: Tensor) => self('log', x).log();
export const log1p = (x: Tensor) => self('log1p', x).log1p();
export const expm1 = (x: Tensor) => self('expm1', x).expm1();
export const sqrt = (x: Tensor) => self('sqrt', x).sqrt();
export const rsqrt = (x: Tensor) => self('rsqrt', x).rsqrt();
export const sin = (x: Tensor) => self('sin', x).sin();
export const cos = (x: Tensor) => self('cos', x).cos();
export const tanh = (x: Tensor) => self('tanh', x).tanh();
export const sigmoid = (x: Tensor) => self('sigmoid', x).sigmoid();
export const relu = (x: Tensor) => self('relu', x).relu();
export const floor = (x: Tensor) => self('floor', x).floor();
export const ceil = (x: Tensor) => self('ceil', x).ceil();
export const round = (x: Tensor) => self('round', x).round();
export const trunc = (x: Tensor) => self('trunc', x).trunc();
export const reciprocal = (x: Tensor) => self('reciprocal', x).reciprocal();
export const erf = (x: Tensor) => self('erf', x).erf();
export const square = (x: Tensor) => self('square', x).square();
export const isnan = (x: Tensor) => self('isnan', x).isnan();
export const logicalNot = (x: Tensor) => self('logicalNot', x).logicalNot();

export const add = (a: Tensor, b: TensorOrScalar, options?: { alpha?: number }) => self('add', a).add(b, options);
export const sub = (a: Tensor, b: TensorOrScalar, options?: { alpha?: number }) => self('sub', a).sub(b, options);
export const mul = (a: Tensor, b: TensorOrScalar) => self('mul', a).mul(b);
export const div = (a: Tensor, b: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }) => self('div', a).div(b, options);
export const pow = (a: Tensor, b: TensorOrScalar) => self('pow', a).pow(b);
export const remainder = (a: Tensor, b: TensorOrScalar) => self('remainder', a).remainder(b);
export const maximum = (a: Tensor, b: Tensor) => self('maximum', a).maximum(b);
export const minimum = (a: Tensor, b: Tensor) => self('minimum', a).minimum(b);
export const atan2 = (a: Tensor, b: Tensor) => self('atan2', a).atan2(b);
export const eq = (a: Tensor, b: TensorOrScalar) => self('eq', a).eq(b);
export const ne = (a: Tensor, b: TensorOrScalar) => self('ne', a).ne(b);
export const lt = (a: Tensor, b: TensorOrScalar) => self('lt', a).lt(b);
export const le = (a: Tensor, b: TensorOrScalar) => self('le', a).le(b);
export const gt = (a: Tensor, b: TensorOrScalar) => self('gt', a).gt(b);
export const ge = (a: Tensor, b: TensorOrScalar) => self('ge', a).ge(b);
export const logicalAnd = (a: Tensor, b: TensorOrScalar) => self('logicalAnd', a).logicalAnd(b);
export const logicalOr = (a: Tensor, b: TensorOrScalar) => self('logicalOr', a).logicalOr(b);
export const equal = (a: Tensor, b: Tensor) => self('equal', a).equal(b);
export const allclose = (a: Tensor, b: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }) => self('allclose', a).allclose(b, options);
/** where(condition, input, other) picks elementwise; where(condition) is nonzero(condition, { asTuple: true }). */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor;
export function where(condition: Tensor, ...rest: TensorOrScalar[]): Tensor | Tensor[] {
  if (rest.length === 0) return whereCondition(self('where', condition));
  if (rest.length !== 2) throw new TypeError(`where(): expected (condition) or (condition, input, other), but got ${rest.length + 1} arguments`);
  return ew.where(condition, rest[0]!, rest[1]!);
}
export const clamp = (x: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null) => self('clamp', x).clamp(min, max);
export const clip = clamp;
export const maskedFill = (x: Tensor, mask: Tensor, value: TensorOrScalar) => self('maskedFill', x).maskedFill(mask, value);

type Dims = number | readonly number[] | null;
export const sum = (x: Tensor, dim?: Dims, keepdim?: boolean, options?: { dtype?: DType }) => self('sum', x).sum(dim, keepdim, options);
export const mean = (x: Tensor, dim?: Dims, keepdim?: boolean, options?: { dtype?: DType }) => self('mean', x).mean(dim, keepdim, options);
export const prod = (x: Tensor, dim?: number | null, keepdim?: boolean, options?: { dtype?: DType }) => self('prod', x).prod(dim, keepdim, options);
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  const t = self('max', x);
  return dimOrOther === undefined ? t.max() : typeof dimOrOther === 'number' ? t.max(dimOrOther, keepdim) : t.max(dimOrOther);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  const t = self('min', x);
  return dimOrOther === undefined ? t.min() : typeof dimOrOther === 'number' ? t.min(dimOrOther, keepdim) : t.min(dimOrOther);
}
export const amax = (x: Tensor, dim?: Dims, keepdim?: boolean) => self('amax', x).amax(dim, keepdim);
export const amin = (x: Tensor, dim?: Dims, keepdim?: boolean) => self('amin', x).amin(dim, keepdim);
export const argmax = (x: Tensor, dim?: number | null, keepdim?: boolean) => self('argmax', x).argmax(dim, keepdim);
export const argmin = (x: Tensor, dim?: number | null, keepdim?: boolean) => self('argmin', x).argmin(dim, keepdim);
type VarArgs = Parameters<Tensor['var']>;
const var_ = (x: Tensor, ...args: VarArgs) => self('var', x).var(...args);
export const std = (x: Tensor, ...args: VarArgs) => self('std', x).std(...args);
export const logsumexp = (x: Tensor, dim: number | readonly number[], keepdim?: boolean) => self('logsumexp', x).logsumexp(dim, keepdim);
export const all = (x: Tensor, dim?: Dims, keepdim?: boolean) => self('all', x).all(dim, keepdim);
export const any = (x: Tensor, dim?: Dims, keepdim?: boolean) => self('any', x).any(dim, keepdim);
export const softmax = (x: Tensor, ...args: SoftmaxArgs) => self('softmax', x).softmax(...args);
export const logSoftmax = (x: Tensor, ...args: SoftmaxArgs) => self('logSoftmax', x).logSoftmax(...args);
export const norm = (x: Tensor, p?: number | 'fro', dim?: Dims, keepdim?: boolean) => self('norm', x).norm(p, dim, keepdim);

export const matmul = linalg.matmul;
export const mm = linalg.mm;
export const bmm = linalg.bmm;
export const dot = linalg.dot;
export const outer = linalg.outer;
export const mv = linalg.mv;

export const diagonal = (x: Tensor, ...args: DiagonalArgs) => self('diagonal', x).diagonal(...args);
export const diag = (x: Tensor, diagonal?: number) => self('diag', x).diag(diagonal);
export const trace = (x: Tensor) => self('trace', x).trace();
export const diagonalScatter = (x: Tensor, src: Tensor, offset?: number, dim1?: number, dim2?: number) => self('diagonalScatter', x).diagonalScatter(src, offset, dim1, dim2);

export const einsum = einsumOp;

export const cat = join.cat;
export const concat = join.cat;
export const stack = join.stack;
export const split = (x: Tensor, sizes: number | readonly number[], dim?: number) => self('split', x).split(sizes, dim);
export const chunk = (x: Tensor, chunks: number, dim?: number) => self('chunk', x).chunk(chunks, dim);
export const gather = (x: Tensor, dim: number, index: Tensor) => self('gather', x).gather(dim, index);
export const scatter = (x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: 'add' | 'multiply' }) => self('scatter', x).scatter(dim, index, src, options);
export const indexSelect = (x: Tensor, dim: number, index: Tensor) => self('indexSelect', x).indexSelect(dim, index);
export const maskedSelect = (x: Tensor, mask: Tensor) => self('maskedSelect', x).maskedSelect(mask);
export function nonzero(x: Tensor, options?: { asTuple?: false }): Tensor;
export function nonzero(x: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  return self('nonzero', x).nonzero(options as { asTuple?: false });
}
export function unique(x: Tensor, options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, options: UniqueOptions): Tensor[];
export function unique(x: Tensor, options?: UniqueOptions): Tensor | Tensor[] {
  return self('unique', x).unique(options as UniqueOptions);
}
export const flip = (x: Tensor, dims: readonly number[]) => self('flip', x).flip(dims);
export const roll = (x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]) => self('roll', x).roll(shifts, dims);
export const tril = (x: Tensor, diagonal?: number) => self('tril', x).tril(diagonal);
export const triu = (x: Tensor, diagonal?: number) => self('triu', x).triu(diagonal);
export const tile = (x: Tensor, dims: readonly number[]) => self('tile', x).tile(dims);
export const sort = (x: Tensor, dim?: number, descending?: boolean, options?: { stable?: boolean }) => self('sort', x).sort(dim, descending, options);
export const argsort = (x: Tensor, dim?: number, descending?: boolean) => self('argsort', x).argsort(dim, descending);
export const topk = (x: Tensor, k: number, dim?: number, largest?: boolean, sorted?: boolean) => self('topk', x).topk(k, dim, largest, sorted);
export const cumsum = (x: Tensor, dim: number, options?: { dtype?: DType }) => self('cumsum', x).cumsum(dim, options);
export const cumprod = (x: Tensor, dim: number, options?: { dtype?: DType }) => self('cumprod', x).cumprod(dim, options);

export const reshape = (x: Tensor, ...shape: number[] | [readonly number[]]) => self('reshape', x).reshape(...shape);
export const flatten = (x: Tensor, startDim?: number, endDim?: number) => self('flatten', x).flatten(startDim, endDim);
export const transpose = (x: Tensor, dim0: number, dim1: number) => self('transpose', x).transpose(dim0, dim1);
export const permute = (x: Tensor, dims: readonly number[]) => self('permute', x).permute(dims);
export const squeeze = (x: Tensor, dim?: number | readonly number[]) => self('squeeze', x).squeeze(dim);
export const unsqueeze = (x: Tensor, dim: number) => self('unsqueeze', x).unsqueeze(dim);
export const narrow = (x: Tensor, dim: number, start: number, length: number) => self('narrow', x).narrow(dim, start, length);
export const unbind = (x: Tensor, dim?: number) => self('unbind', x).unbind(dim);
export const clone = (x: Tensor) => self('clone', x).clone();
export const detach = (x: Tensor) => self('detach', x).detach();
export const numel = (x: Tensor) => self('numel', x).numel();
export { var_ as var };
