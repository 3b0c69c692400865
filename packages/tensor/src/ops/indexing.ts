// PLACEHOLDER (being written): at/set/gather/scatter/indexSelect/maskedSelect/nonzero.
import type { Tensor, TensorOrScalar } from '../tensor';
export type Index = number | string | null | Tensor;
const todo = (op: string): never => { throw new Error(`${op}: not yet implemented`); };
export function at(_x: Tensor, _i: readonly Index[]): Tensor { return todo('at'); }
export function atAsync(_x: Tensor, _i: readonly Index[]): Promise<Tensor> { return todo('atAsync'); }
export function set(_x: Tensor, _i: readonly Index[], _v: TensorOrScalar): void { todo('set'); }
export function setAsync(_x: Tensor, _i: readonly Index[], _v: TensorOrScalar): Promise<void> { return todo('setAsync'); }
export function gather(_x: Tensor, _d: number, _i: Tensor): Tensor { return todo('gather'); }
export function scatter(_x: Tensor, _d: number, _i: Tensor, _s: TensorOrScalar, _r?: 'add' | 'multiply'): Tensor { return todo('scatter'); }
export function scatterInPlace(_x: Tensor, _d: number, _i: Tensor, _s: TensorOrScalar, _r?: 'add' | 'multiply'): void { todo('scatter_'); }
export function indexSelect(_x: Tensor, _d: number, _i: Tensor): Tensor { return todo('indexSelect'); }
export function maskedSelect(_x: Tensor, _m: Tensor): Tensor { return todo('maskedSelect'); }
export function maskedSelectAsync(_x: Tensor, _m: Tensor): Promise<Tensor> { return todo('maskedSelectAsync'); }
export function nonzero(_x: Tensor): Tensor { return todo('nonzero'); }
export function nonzeroAsync(_x: Tensor): Promise<Tensor> { return todo('nonzeroAsync'); }
