// Indexing: x[...] as `at`/`set` (numbers, slices, '...', null, index tensors, masks), gather,
// scatter, indexSelect, maskedSelect and nonzero. Each concept lives in ./indexing/.
export type { Index, IndexList } from './indexing/plan';
export { at, atAsync, set, setAsync } from './indexing/access';
export { gather, scatter, scatterInPlace, indexSelect } from './indexing/gather';
export { maskedSelect, maskedSelectAsync, nonzero, nonzeroAsync, whereCondition, type NonzeroOptions } from './indexing/masked';
