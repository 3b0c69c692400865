// Advanced indexing (index tensors and masks) as numpy/PyTorch define it, done as one gather or
// scatter over the storage: every selected element's storage offset is computed as an int64 tensor
// (offset + sum of index * stride), which works for any number of index tensors, any strides of x,
// and for writes into non-contiguous views alike.
import { isGradEnabled } from '../../grad-mode';
import { getBackend } from '../../registry';
import { broadcastShapes, contiguousStrides, formatShape } from '../../shape';
import type { Tensor } from '../../tensor';
import { allocate } from '../alloc';
import { contiguous } from '../convert';
import { binary, where } from '../elementwise';
import { expand, makeView, reshape } from '../views';
import { recordOp } from '../../autograd-hook';
import { checkRange, checkRangeOnDevice } from './bounds';
import { compaction, iota, type Compaction } from './compact';
import type { IntEntry, MaskEntry, Plan } from './plan';
import { allSteps, type Steps } from './steps';

/**
 * Where the elements of x[...] are: either one index along one dim (x[idx], x[:, mask]: the gather and
 * scatter kernels take it as it is, spread over the other dims with stride 0), or, for several
 * indices, the storage offset of every element (an int64 tensor of the result's shape).
 */
export type Located =
  | { readonly kind: 'along'; readonly shape: readonly number[]; readonly dim: number; readonly index: Tensor }
  | {
      readonly kind: 'offsets';
      readonly shape: readonly number[];
      readonly offsets: Tensor;
      /** The same elements' offsets in a contiguous copy of the view: only for gathers autograd tracks from an overlapping view. */
      readonly dense?: Tensor;
    };

/** One advanced index's share of the offsets: over view dims [dim, dim + span), broadcast with the others. */
interface Term {
  readonly dim: number;
  readonly span: number;
  /** 0-d index tensors are placed like numbers (PyTorch selects with them). */
  readonly scalar: boolean;
  readonly offsets: Tensor;
}

function broadcastTerms(shapes: readonly (readonly number[])[]): number[] {
  try {
    return broadcastShapes('at', ...shapes);
  } catch {
    throw new RangeError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes.map(formatShape).join(', ')}`);
  }
}

/** Resolves masks (reading how many elements each selects) and range-checks index tensors. */
export function* locate(plan: Plan, checkBounds: boolean): Steps<Located> {
  const view = plan.view;
  const ints = plan.entries.filter((e): e is IntEntry => e.kind === 'int');
  const masks = plan.entries.filter((e): e is MaskEntry => e.kind === 'mask');
  broadcastTerms(ints.map((e) => e.index.shape)); // fail on shapes before any read
  const checks = checkBounds ? ints.map((e) => checkRange(e.index, view.shape[e.dim]!, e.realDim, true)) : [];
  if (!checkBounds) for (const e of ints) checkRangeOnDevice(e.index, view.shape[e.dim]!, e.realDim, true);
  const done = yield* allSteps<Compaction | void>([...masks.map((e) => compaction(e.mask)), ...checks]);
  const only = plan.entries.length === 1 ? plan.entries[0]! : null;
  if (only?.kind === 'int') return along(view, only.dim, wrapIndex(view, only), only.index.shape);
  if (only?.kind === 'mask' && only.mask.ndim === 1) {
    const positions = (done[0] as Compaction).pick(iota(view.shape[only.dim]!, view.device));
    return along(view, only.dim, positions, positions.shape);
  }
  const termsFor = (strides: readonly number[]) =>
    plan.entries.map((e): Term => {
      if (e.kind === 'int') return { dim: e.dim, span: 1, scalar: e.index.ndim === 0, offsets: indexOffsets(view, e, strides) };
      const found = done[masks.indexOf(e)] as Compaction;
      return { dim: e.dim, span: e.mask.ndim, scalar: false, offsets: found.pick(gridOffsets(view, e.dim, e.mask.shape, strides)) };
    });
  const located = offsetsOf(view, termsFor(view.strides), view.strides, view.offset);
  if (!(overlaps(view) && view.requiresGrad && isGradEnabled())) return located;
  // Autograd maps each gathered element back to its view element by storage offset, which is
  // ambiguous where elements share memory (expand): such gathers read a contiguous copy instead.
  const dense = contiguousStrides(view.shape);
  return { ...located, dense: offsetsOf(view, termsFor(dense), dense, 0).offsets };
}

/** Whether elements of the view share memory (views made by public ops only do so with stride 0). */
function overlaps(view: Tensor): boolean {
  return view.shape.some((s, d) => s > 1 && view.strides[d] === 0);
}

/** The index with negative entries wrapped (int64, contiguous). */
function wrapIndex(view: Tensor, e: IntEntry): Tensor {
  return where(binary('lt', e.index, 0), binary('add', e.index, view.shape[e.dim]!), e.index);
}

function indexOffsets(view: Tensor, e: IntEntry, strides: readonly number[]): Tensor {
  return binary('mul', wrapIndex(view, e), strides[e.dim]!);
}

/** One index (any shape) along `dim`: the result has the index's dims in place of `dim`. */
function along(view: Tensor, dim: number, index: Tensor, indexShape: readonly number[]): Located {
  const n = index.numel();
  const spread = reshape(index, view.shape.map((_, k) => (k === dim ? n : 1)));
  return {
    kind: 'along',
    shape: [...view.shape.slice(0, dim), ...indexShape, ...view.shape.slice(dim + 1)],
    dim,
    index: expand(spread, view.shape.map((s, k) => (k === dim ? n : s))),
  };
}

/** The storage offsets (less view.offset) of every position of view dims [dim, dim + shape.length), for `strides`. */
function gridOffsets(view: Tensor, dim: number, shape: readonly number[], strides: readonly number[]): Tensor {
  let acc: Tensor | null = null;
  shape.forEach((size, j) => {
    const along = reshape(iota(size, view.device, strides[dim + j]!), shape.map((s, k) => (k === j ? s : 1)));
    acc = acc === null ? along : binary('add', acc, along);
  });
  return acc!;
}

/** Where the broadcast index dims go: in place when the (non 0-d) indexed dims are adjacent, else first. */
function insertAt(terms: readonly Term[], rest: readonly number[]): number {
  const placed = terms.filter((t) => !t.scalar);
  if (placed.length === 0) return 0;
  const first = placed[0]!.dim;
  const last = placed[placed.length - 1]!;
  const end = last.dim + last.span;
  return rest.some((d) => d > first && d < end) ? 0 : rest.filter((d) => d < first).length;
}

/** The offsets of the located elements in storage laid out with `strides` from `offset` (the view's own, or a copy's). */
function offsetsOf(view: Tensor, terms: readonly Term[], strides: readonly number[], offset: number): Extract<Located, { kind: 'offsets' }> {
  const b = broadcastTerms(terms.map((t) => t.offsets.shape));
  const indexed = new Set(terms.flatMap((t) => Array.from({ length: t.span }, (_, j) => t.dim + j)));
  const rest = view.shape.map((_, d) => d).filter((d) => !indexed.has(d));
  const p = insertAt(terms, rest);
  const shape = [...rest.slice(0, p).map((d) => view.shape[d]!), ...b, ...rest.slice(p).map((d) => view.shape[d]!)];
  let offsets = terms.map((t) => t.offsets).reduce((acc, o) => binary('add', acc, o));
  offsets = reshape(offsets, [...rest.slice(0, p).map(() => 1), ...offsets.shape, ...rest.slice(p).map(() => 1)]);
  rest.forEach((d, j) => {
    const at = j < p ? j : j + b.length;
    const along = iota(view.shape[d]!, view.device, strides[d]!);
    offsets = binary('add', offsets, reshape(along, shape.map((s, k) => (k === at ? s : 1))));
  });
  if (offset !== 0) offsets = binary('add', offsets, offset);
  return { kind: 'offsets', shape, offsets };
}

/** The whole storage as dim 0 of a view with `shape`'s other dims (stride 0): gather/scatter's `x`. */
function storageAlong(view: Tensor, shape: readonly number[]): Tensor {
  const rest = shape.slice(1);
  return makeView(view, [view.storage.length, ...rest], [1, ...rest.map(() => 0)], 0);
}

const atLeast1d = (t: Tensor): Tensor => (t.ndim === 0 ? reshape(t, [1]) : t);

export function gatherAt(view: Tensor, at: Located): Tensor {
  if (at.kind === 'offsets' && at.dense !== undefined) return gatherAt(contiguous(view), { kind: 'offsets', shape: at.shape, offsets: at.dense });
  const out = allocate(at.shape, view.dtype, view.device, 'at');
  const backend = getBackend(view.device);
  if (out.numel() > 0 && at.kind === 'along') {
    backend.gather(view, at.dim, at.index, reshape(out, at.index.shape));
  } else if (out.numel() > 0 && at.kind === 'offsets') {
    const o = atLeast1d(out);
    backend.gather(storageAlong(view, o.shape), 0, atLeast1d(at.offsets), o);
  }
  // Recorded even when empty: the (zero) gradient still flows, as in PyTorch.
  recordOp('indexGather', [view], [out], { at });
  return out;
}

/** Writes `src` (already broadcast to at.shape, or a number already cast) into view's storage. */
export function scatterAt(view: Tensor, at: Located, src: Tensor | number): void {
  const backend = getBackend(view.device);
  if (at.kind === 'along') {
    if (at.index.numel() === 0) return;
    backend.scatter(view, at.dim, at.index, typeof src === 'number' ? src : reshape(src, at.index.shape), 'none');
    return;
  }
  if (at.offsets.numel() === 0) return;
  const index = atLeast1d(at.offsets);
  backend.scatter(storageAlong(view, index.shape), 0, index, typeof src === 'number' ? src : atLeast1d(src), 'none');
}
