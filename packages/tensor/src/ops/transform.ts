// PLACEHOLDER (being written): repeat, tile, flip, roll, tril, triu.
import type { Tensor } from '../tensor';
const todo = (op: string): never => { throw new Error(`${op}: not yet implemented`); };
export function repeat(_x: Tensor, _s: readonly number[]): Tensor { return todo('repeat'); }
export function tile(_x: Tensor, _s: readonly number[]): Tensor { return todo('tile'); }
export function flip(_x: Tensor, _d: readonly number[]): Tensor { return todo('flip'); }
export function roll(_x: Tensor, _s: number | readonly number[], _d?: number | readonly number[]): Tensor { return todo('roll'); }
export function tril(_x: Tensor, _d: number): Tensor { return todo('tril'); }
export function triu(_x: Tensor, _d: number): Tensor { return todo('triu'); }
