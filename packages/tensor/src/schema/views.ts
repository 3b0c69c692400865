// Views: a new shape, strides and offset over the same storage (no copy).
import { family, method } from './op';


export const VIEWS = family('views', {
  view: method('(input: Tensor, ...size: number[]): Tensor', 'vw.view(input, size)', 'The same data with a new shape (one size may be -1); throws where PyTorch needs reshape.'),
  viewAs: method('(input: Tensor, other: Tensor): Tensor', 'vw.view(input, other.shape)', "view with other's shape."),
  reshape: { sig: '(input: Tensor, ...shape: number[]): Tensor', impl: 'vw.reshape(input, shape)', doc: 'A view with a new shape when possible, else a copy.' },
  reshapeAs: method('(input: Tensor, other: Tensor): Tensor', 'vw.reshape(input, other.shape)', "reshape to other's shape."),
  transpose: { sig: '(input: Tensor, dim0: number, dim1: number): Tensor', impl: 'vw.transpose(input, dim0, dim1)', doc: 'Swaps two dims.' },
  t: { sig: '(input: Tensor): Tensor', impl: 'vw.t(input)', doc: 'Transposes a tensor of at most 2 dims.' },
  permute: { sig: '(input: Tensor, ...dims: number[]): Tensor', impl: 'vw.permute(input, dims)', doc: 'Reorders the dims.' },
  movedim: { sig: '(input: Tensor, source: number, destination: number): Tensor', impl: 'vw.movedim(input, source, destination)', doc: 'Moves dim source to position destination.' },
  unsqueeze: { sig: '(input: Tensor, dim: number): Tensor', impl: 'vw.unsqueeze(input, dim)', doc: 'Inserts a dim of size 1.' },
  squeeze: {
    sig: '(input: Tensor, dim?: number | readonly number[]): Tensor',
    impl: 'vw.squeeze(input, dim)',
    doc: 'Removes dims of size 1 (all of them, or those in dim).',
  },
  expand: method('(input: Tensor, ...size: number[]): Tensor', 'vw.expand(input, size)', 'Broadcasts dims of size 1 to size (-1 keeps a dim), without copying.'),
  expandAs: method('(input: Tensor, other: Tensor): Tensor', 'vw.expand(input, other.shape)', "expand to other's shape."),
  broadcastTo: { sig: '(input: Tensor, ...size: number[]): Tensor', impl: 'vw.expand(input, size)', doc: 'expand, as a function too.' },
  narrow: { sig: '(input: Tensor, dim: number, start: number, length: number): Tensor', impl: 'vw.narrow(input, dim, start, length)', doc: 'Elements start .. start + length - 1 along dim.' },
  select: { sig: '(input: Tensor, dim: number, index: number): Tensor', impl: 'vw.select(input, dim, index)', doc: 'The slice at index along dim (the dim is removed).' },
  flatten: { sig: '(input: Tensor, startDim: number = 0, endDim: number = -1): Tensor', impl: 'vw.flatten(input, startDim, endDim)', doc: 'Merges dims startDim .. endDim into one.' },
  unflatten: { sig: '(input: Tensor, dim: number, sizes: readonly number[]): Tensor', impl: 'vw.unflatten(input, dim, sizes)', doc: 'Splits dim into sizes.' },
  ravel: { sig: '(input: Tensor): Tensor', impl: 'vw.reshape(input, [-1])', doc: 'The elements as one dim (a view when possible).' },
  unbind: { sig: '(input: Tensor, dim: number = 0): Tensor[]', impl: 'vw.unbind(input, dim)', doc: 'The slices along dim, as a list of views.' },
});
