// PLACEHOLDER (being written): sort, topk, cumsum/cumprod.
import type { DType } from '../dtype';
import type { Tensor, ValuesIndices } from '../tensor';
const todo = (op: string): never => { throw new Error(`${op}: not yet implemented`); };
export function sort(_x: Tensor, _d: number, _desc: boolean): ValuesIndices { return todo('sort'); }
export function topk(_x: Tensor, _k: number, _d: number, _l: boolean, _s: boolean): ValuesIndices { return todo('topk'); }
export function scan(_op: 'cumsum' | 'cumprod', _x: Tensor, _d: number, _dt?: DType): Tensor { return todo('cumsum'); }
