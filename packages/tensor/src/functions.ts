// The torch.* function forms of the Tensor methods (torch.add(a, b) is a.add(b)).
import type { DType } from './dtype';
import type { Tensor, TensorOrScalar, ValuesIndices } from './tensor';
import * as ew from './ops/elementwise';
import * as linalg from './ops/linalg';
import * as join from './ops/join';
import type { UniqueOptions } from './ops/unique';

export const neg = (x: Tensor) => x.neg();
export const negative = (x: Tensor) => x.neg();
export const abs = (x: Tensor) => x.abs();
export const sign = (x: Tensor) => x.sign();
export const exp = (x: Tensor) => x.exp();
export const log = (x: Tensor) => x.log();
export const log1p = (x: Tensor) => x.log1p();
export const expm1 = (x: Tensor) => x.expm1();
export const sqrt = (x: Tensor) => x.sqrt();
export const rsqrt = (x: Tensor) => x.rsqrt();
export const sin = (x: Tensor) => x.sin();
export const cos = (x: Tensor) => x.cos();
export const tanh = (x: Tensor) => x.tanh();
export const sigmoid = (x: Tensor) => x.sigmoid();
export const relu = (x: Tensor) => x.relu();
export const floor = (x: Tensor) => x.floor();
export const ceil = (x: Tensor) => x.ceil();
export const round = (x: Tensor) => x.round();
export const trunc = (x: Tensor) => x.trunc();
export const reciprocal = (x: Tensor) => x.reciprocal();
export const erf = (x: Tensor) => x.erf();
export const square = (x: Tensor) => x.square();
export const isnan = (x: Tensor) => x.isnan();
export const logicalNot = (x: Tensor) => x.logicalNot();

export const add = (a: Tensor, b: TensorOrScalar, options?: { alpha?: number }) => a.add(b, options);
export const sub = (a: Tensor, b: TensorOrScalar, options?: { alpha?: number }) => a.sub(b, options);
export const mul = (a: Tensor, b: TensorOrScalar) => a.mul(b);
export const div = (a: Tensor, b: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }) => a.div(b, options);
export const pow = (a: Tensor, b: TensorOrScalar) => a.pow(b);
export const remainder = (a: Tensor, b: TensorOrScalar) => a.remainder(b);
export const maximum = (a: Tensor, b: Tensor) => a.maximum(b);
export const minimum = (a: Tensor, b: Tensor) => a.minimum(b);
export const atan2 = (a: Tensor, b: Tensor) => a.atan2(b);
export const eq = (a: Tensor, b: TensorOrScalar) => a.eq(b);
export const ne = (a: Tensor, b: TensorOrScalar) => a.ne(b);
export const lt = (a: Tensor, b: TensorOrScalar) => a.lt(b);
export const le = (a: Tensor, b: TensorOrScalar) => a.le(b);
export const gt = (a: Tensor, b: TensorOrScalar) => a.gt(b);
export const ge = (a: Tensor, b: TensorOrScalar) => a.ge(b);
export const logicalAnd = (a: Tensor, b: TensorOrScalar) => a.logicalAnd(b);
export const logicalOr = (a: Tensor, b: TensorOrScalar) => a.logicalOr(b);
export const equal = (a: Tensor, b: Tensor) => a.equal(b);
export const allclose = (a: Tensor, b: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }) => a.allclose(b, options);
export const where = (cond: Tensor, a: TensorOrScalar, b: TensorOrScalar) => ew.where(cond, a, b);
export const clamp = (x: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null) => x.clamp(min, max);
export const clip = clamp;
export const maskedFill = (x: Tensor, mask: Tensor, value: TensorOrScalar) => x.maskedFill(mask, value);

type Dims = number | readonly number[] | null;
export const sum = (x: Tensor, dim?: Dims, keepdim?: boolean, options?: { dtype?: DType }) => x.sum(dim, keepdim, options);
export const mean = (x: Tensor, dim?: Dims, keepdim?: boolean, options?: { dtype?: DType }) => x.mean(dim, keepdim, options);
export const prod = (x: Tensor, dim?: number | null, keepdim?: boolean, options?: { dtype?: DType }) => x.prod(dim, keepdim, options);
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  return dimOrOther === undefined ? x.max() : typeof dimOrOther === 'number' ? x.max(dimOrOther, keepdim) : x.max(dimOrOther);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  return dimOrOther === undefined ? x.min() : typeof dimOrOther === 'number' ? x.min(dimOrOther, keepdim) : x.min(dimOrOther);
}
export const amax = (x: Tensor, dim?: Dims, keepdim?: boolean) => x.amax(dim, keepdim);
export const amin = (x: Tensor, dim?: Dims, keepdim?: boolean) => x.amin(dim, keepdim);
export const argmax = (x: Tensor, dim?: number | null, keepdim?: boolean) => x.argmax(dim, keepdim);
export const argmin = (x: Tensor, dim?: number | null, keepdim?: boolean) => x.argmin(dim, keepdim);
type VarArgs = Parameters<Tensor['var']>;
const var_ = (x: Tensor, ...args: VarArgs) => x.var(...args);
export const std = (x: Tensor, ...args: VarArgs) => x.std(...args);
export const logsumexp = (x: Tensor, dim: number | readonly number[], keepdim?: boolean) => x.logsumexp(dim, keepdim);
export const all = (x: Tensor, dim?: Dims, keepdim?: boolean) => x.all(dim, keepdim);
export const any = (x: Tensor, dim?: Dims, keepdim?: boolean) => x.any(dim, keepdim);
export const norm = (x: Tensor, p?: number | 'fro', dim?: Dims, keepdim?: boolean) => x.norm(p, dim, keepdim);

export const matmul = linalg.matmul;
export const mm = linalg.mm;
export const bmm = linalg.bmm;
export const dot = linalg.dot;
export const outer = linalg.outer;
export const mv = linalg.mv;

export const cat = join.cat;
export const concat = join.cat;
export const stack = join.stack;
export const split = (x: Tensor, sizes: number | readonly number[], dim?: number) => x.split(sizes, dim);
export const chunk = (x: Tensor, chunks: number, dim?: number) => x.chunk(chunks, dim);
export const gather = (x: Tensor, dim: number, index: Tensor) => x.gather(dim, index);
export const scatter = (x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: 'add' | 'multiply' }) => x.scatter(dim, index, src, options);
export const indexSelect = (x: Tensor, dim: number, index: Tensor) => x.indexSelect(dim, index);
export const maskedSelect = (x: Tensor, mask: Tensor) => x.maskedSelect(mask);
export const nonzero = (x: Tensor) => x.nonzero();
export function unique(x: Tensor, options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, options: UniqueOptions): Tensor[];
export function unique(x: Tensor, options?: UniqueOptions): Tensor | Tensor[] {
  return x.unique(options as UniqueOptions);
}
export const flip = (x: Tensor, dims: readonly number[]) => x.flip(dims);
export const roll = (x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]) => x.roll(shifts, dims);
export const tril = (x: Tensor, diagonal?: number) => x.tril(diagonal);
export const triu = (x: Tensor, diagonal?: number) => x.triu(diagonal);
export const tile = (x: Tensor, dims: readonly number[]) => x.tile(dims);
export const sort = (x: Tensor, dim?: number, descending?: boolean, options?: { stable?: boolean }) => x.sort(dim, descending, options);
export const argsort = (x: Tensor, dim?: number, descending?: boolean) => x.argsort(dim, descending);
export const topk = (x: Tensor, k: number, dim?: number, largest?: boolean, sorted?: boolean) => x.topk(k, dim, largest, sorted);
export const cumsum = (x: Tensor, dim: number, options?: { dtype?: DType }) => x.cumsum(dim, options);
export const cumprod = (x: Tensor, dim: number, options?: { dtype?: DType }) => x.cumprod(dim, options);

export const reshape = (x: Tensor, ...shape: number[] | [readonly number[]]) => x.reshape(...shape);
export const flatten = (x: Tensor, startDim?: number, endDim?: number) => x.flatten(startDim, endDim);
export const transpose = (x: Tensor, dim0: number, dim1: number) => x.transpose(dim0, dim1);
export const permute = (x: Tensor, dims: readonly number[]) => x.permute(dims);
export const squeeze = (x: Tensor, dim?: number | readonly number[]) => x.squeeze(dim);
export const unsqueeze = (x: Tensor, dim: number) => x.unsqueeze(dim);
export const narrow = (x: Tensor, dim: number, start: number, length: number) => x.narrow(dim, start, length);
export const unbind = (x: Tensor, dim?: number) => x.unbind(dim);
export const clone = (x: Tensor) => x.clone();
export const detach = (x: Tensor) => x.detach();
export const numel = (x: Tensor) => x.numel();
export { var_ as var };
