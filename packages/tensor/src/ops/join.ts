// PLACEHOLDER (being written): cat, stack, split, chunk.
import type { Tensor } from '../tensor';
const todo = (op: string): never => { throw new Error(`${op}: not yet implemented`); };
export function cat(_t: readonly Tensor[], _dim = 0): Tensor { return todo('cat'); }
export function stack(_t: readonly Tensor[], _dim = 0): Tensor { return todo('stack'); }
export function split(_x: Tensor, _s: number | readonly number[], _dim = 0): Tensor[] { return todo('split'); }
export function chunk(_x: Tensor, _c: number, _dim = 0): Tensor[] { return todo('chunk'); }
