// Indexing: x[...] as `at`/`set` (numbers, slices, '...', null, index tensors, masks), gather,
// scatter, indexSelect, maskedSelect and nonzero. Each concept lives in ./indexing/.
export type { Index } from './indexing/plan';
export { at, atAsync, set, setAsync } from './indexing/access';
export { gather, scatter, scatterInPlace, indexSelect } from './indexing/gather';
export { maskedSelect, maskedSelectAsync, nonzero, nonzeroAsync } from './indexing/masked';
