// Walks the indices of x[...] as PyTorch's applySlicing does: numbers, slices, '...' and null become
// a view of x; index tensors and masks are recorded (with the view's dim they index) for later.
import { isFloating } from '../../dtype';
import { checkSameDevice } from '../../errors';
import { formatShape } from '../../shape';
import { isTensor, type Nested, type Tensor } from '../../tensor';
import { alias, reshape, select, slice, unsqueeze } from '../views';
import { tensor } from '../creation';
import { parseSlice, type SliceSpec } from './slice';

/** A JS array of integers or booleans (nested for more dims): an index tensor, as PyTorch treats a Python list. */
export type IndexList = readonly (number | boolean | IndexList)[];

/** One index of x.at/x.index: a number, a slice string (`'1:3'`, `':'`, `'...'`), null (a new axis), an index or mask tensor, or a list. */
export type Index = number | string | null | Tensor | IndexList;

/** An integer index tensor on `dim` of the view; `scalar` (0-d) ones act like numbers for placement. */
export interface IntEntry {
  readonly kind: 'int';
  readonly dim: number;
  /** The dim of x it indexes, for error messages. */
  readonly realDim: number;
  readonly index: Tensor;
  readonly scalar: boolean;
}

/** A bool mask over dims [dim, dim + mask.ndim) of the view (ndim >= 1). */
export interface MaskEntry {
  readonly kind: 'mask';
  readonly dim: number;
  readonly mask: Tensor;
}

export type Entry = IntEntry | MaskEntry;

export interface Plan {
  /** x after the basic indices: a view sharing x's storage. */
  readonly view: Tensor;
  /** Advanced indices in dim order; empty for pure basic indexing. */
  readonly entries: readonly Entry[];
}

type Parsed =
  | { kind: 'number'; value: number }
  | { kind: 'slice'; spec: SliceSpec }
  | { kind: 'ellipsis' }
  | { kind: 'newaxis' }
  | { kind: 'int'; index: Tensor }
  | { kind: 'mask'; mask: Tensor };

function describeIndex(i: unknown): string {
  if (typeof i === 'string') return `'${i}'`;
  if (i === undefined || i === null) return String(i);
  return typeof i === 'object' ? 'an object' : `${typeof i} ${String(i)}`;
}

function onDevice(index: Tensor, x: Tensor): Tensor {
  // A CPU index for a tensor elsewhere is moved, as PyTorch allows CPU indices for CUDA tensors.
  if (index.device === x.device) return index;
  if (index.device === 'cpu') return index.to(x.device);
  checkSameDevice('at', [x, index]);
  return index;
}

/**
 * The index tensor a JS array stands for, on x's device: integers give int64 (an empty list too),
 * booleans a bool mask. (PyTorch 1.13 reads a list of lists as several indices, numpy's legacy rule;
 * here an array is always one index: write x.at([0, 1], [2, 0]) for x[[0, 1], [2, 0]].)
 */
function listIndex(list: IndexList, x: Tensor): Tensor {
  let t: Tensor;
  try {
    t = tensor(list as Nested, { device: x.device });
  } catch (e) {
    throw new TypeError(`at: invalid index list: ${(e as Error).message}; an index list holds integers or booleans (nested arrays of one length per level)`);
  }
  if (t.numel() === 0) return t.to('int64');
  if (isFloating(t.dtype)) {
    const bad = (list as unknown[]).flat(Infinity).find((v) => typeof v === 'number' && !Number.isInteger(v));
    throw new TypeError(`at: index lists must hold integers or booleans, got ${String(bad)} (PyTorch 1.13 truncates it; round it yourself, e.g. Math.floor)`);
  }
  return t;
}

function classify(i: Index, x: Tensor): Parsed {
  if (Array.isArray(i)) return classify(listIndex(i as IndexList, x), x);
  if (typeof i === 'number') {
    if (!Number.isInteger(i)) throw new TypeError(`at: index ${i} is not an integer; only integers, slices (':', '1:3'), '...', null and integer or bool tensors are valid indices`);
    return { kind: 'number', value: i };
  }
  if (typeof i === 'string') {
    if (i.trim() === '...') return { kind: 'ellipsis' };
    const spec = parseSlice(i);
    if (spec === null) throw new SyntaxError(`at: invalid index string '${i}'; expected a slice such as ':', '1:3', '::2', '-2:', '1:-1:2' or '...' (pass numbers as numbers)`);
    return { kind: 'slice', spec };
  }
  if (i === null) return { kind: 'newaxis' };
  if (isTensor(i)) {
    if (i.dtype === 'bool' || i.dtype === 'uint8') return { kind: 'mask', mask: onDevice(i.dtype === 'bool' ? i : i.to('bool'), x) };
    if (i.dtype === 'int64' || i.dtype === 'int32') return { kind: 'int', index: onDevice(i.to('int64'), x) };
    throw new TypeError(`at: tensors used as indices must be long, int, byte or bool tensors, got ${i.dtype} (shape ${formatShape(i.shape)})${isFloating(i.dtype) ? '; convert with .long()' : ''}`);
  }
  throw new TypeError(`at: invalid index ${describeIndex(i)}; expected an integer, a slice string (':', '1:3', '::2'), '...', null, or an integer or bool tensor`);
}

function consumed(p: Parsed): number {
  if (p.kind === 'number' || p.kind === 'slice' || p.kind === 'int') return 1;
  return p.kind === 'mask' ? p.mask.ndim : 0;
}

export function planIndex(x: Tensor, indices: readonly Index[]): Plan {
  const parsed = indices.map((i) => classify(i, x));
  if (parsed.filter((p) => p.kind === 'ellipsis').length > 1) throw new RangeError("an index can only have a single ellipsis ('...')");
  const specified = parsed.reduce((n, p) => n + consumed(p), 0);
  if (specified > x.ndim) {
    if (x.ndim === 0 && parsed.find((p) => consumed(p) > 0)?.kind === 'number') {
      throw new RangeError('invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim tensor to a number');
    }
    throw new RangeError(`too many indices for tensor of dimension ${x.ndim} (shape ${formatShape(x.shape)}, ${specified} indexed dims)`);
  }
  let view = alias(x);
  let dim = 0; // position in `view`
  let realDim = 0; // position in x, for messages
  const entries: Entry[] = [];
  for (const p of parsed) {
    switch (p.kind) {
      case 'number': {
        const size = view.shape[dim]!;
        if (p.value < -size || p.value >= size) throw new RangeError(`index ${p.value} is out of bounds for dimension ${realDim} with size ${size}`);
        view = select(view, dim, p.value);
        realDim++;
        break;
      }
      case 'slice': {
        const { start, stop, step } = p.spec;
        view = slice(view, dim, start ?? 0, stop ?? view.shape[dim]!, step);
        dim++;
        realDim++;
        break;
      }
      case 'ellipsis':
        dim += x.ndim - specified;
        realDim += x.ndim - specified;
        break;
      case 'newaxis':
        view = unsqueeze(view, dim);
        dim++;
        break;
      case 'int':
        entries.push({ kind: 'int', dim, realDim, index: p.index, scalar: p.index.ndim === 0 });
        dim++;
        realDim++;
        break;
      case 'mask':
        if (p.mask.ndim === 0) {
          // x[tensor(true)] adds a dim of size 1 and keeps it (true) or empties it (false).
          view = unsqueeze(view, dim);
          entries.push({ kind: 'mask', dim, mask: reshape(p.mask, [1]) });
          dim++;
        } else {
          entries.push({ kind: 'mask', dim, mask: p.mask });
          dim += p.mask.ndim;
          realDim += p.mask.ndim;
        }
        break;
    }
  }
  for (const e of entries) if (e.kind === 'mask') checkMaskShape(e, view);
  return { view, entries };
}

function checkMaskShape(e: MaskEntry, view: Tensor): void {
  for (let j = 0; j < e.mask.ndim; j++) {
    if (e.mask.shape[j] !== view.shape[e.dim + j]) {
      throw new RangeError(
        `The shape of the mask ${formatShape(e.mask.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(view.shape)} at index ${e.dim + j}`,
      );
    }
  }
}
