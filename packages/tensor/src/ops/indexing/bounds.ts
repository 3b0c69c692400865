// Range checks of index tensors with PyTorch's message, reading back one flag per index (and, only
// when something is out of range, the first offending value).
import type { Tensor } from '../../tensor';
import { binary } from '../elementwise';
import { allAny } from '../reduce';
import { select } from '../views';
import { compaction } from './compact';
import type { Steps } from './steps';
import { checkData } from '../data-check';

/** The bool tensor of index entries outside [-size, size) (or [0, size)). */
function outOfRange(index: Tensor, size: number, allowNegative: boolean): Tensor {
  return binary('logicalOr', binary('lt', index, allowNegative ? -size : 0), binary('ge', index, size));
}

/**
 * checkRange for a device that cannot read now: the device checks when its queue runs, and its next
 * read rejects with the same message (naming the first offending value).
 */
export function checkRangeOnDevice(index: Tensor, size: number, dim: number, allowNegative: boolean, prefix = ''): void {
  if (index.numel() === 0) return;
  checkData(outOfRange(index, size, allowNegative), (v) => new RangeError(`${prefix}index ${v} is out of bounds for dimension ${dim} with size ${size}`), index);
}

/** Throws `index 5 is out of bounds for dimension 0 with size 3` for the first index outside [-size, size) (or [0, size)). */
export function* checkRange(index: Tensor, size: number, dim: number, allowNegative: boolean, prefix = ''): Steps<void> {
  if (index.numel() === 0) return;
  const bad = outOfRange(index, size, allowNegative);
  const [anyBad] = yield [allAny('any', bad, null, false)];
  if (!anyBad) return;
  const offenders = (yield* compaction(bad)).pick(index);
  const [value] = yield [select(offenders, 0, 0)];
  throw new RangeError(`${prefix}index ${value} is out of bounds for dimension ${dim} with size ${size}`);
}
