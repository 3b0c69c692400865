// Joining, splitting and rearranging along dims.
import { family, method } from './op';


export const JOIN = family('joining and rearranging', {
  cat: {
    sig: '(tensors: readonly Tensor[], dim: number = 0, *, out?: Tensor): Tensor',
    impl: 'jn.cat(tensors, dim)',
    doc: 'Concatenates tensors along an existing dim.',
    aliases: ['concat'],
    out: 'cat',
  },
  stack: { sig: '(tensors: readonly Tensor[], dim: number = 0, *, out?: Tensor): Tensor', impl: 'jn.stack(tensors, dim)', doc: 'Joins same-shaped tensors along a new dim.' },
  split: {
    sig: '(input: Tensor, splitSize: number | readonly number[], dim: number = 0): Tensor[]',
    impl: 'jn.split(input, splitSize, dim)',
    doc: 'Views of splitSize elements along dim (the last may be smaller), or of the listed sizes.',
  },
  chunk: { sig: '(input: Tensor, chunks: number, dim: number = 0): Tensor[]', impl: 'jn.chunk(input, chunks, dim)', doc: 'At most chunks views of equal size along dim.' },
  repeat: method('(input: Tensor, ...repeats: number[]): Tensor', 'tf.repeat(input, repeats)', 'Tiles the tensor repeats[i] times along dim i (a copy).'),
  tile: { sig: '(input: Tensor, ...dims: number[]): Tensor', impl: 'tf.tile(input, dims)', doc: 'repeat, padding dims with 1 on the left.' },
  flip: { sig: '(input: Tensor, ...dims: number[]): Tensor', impl: 'tf.flip(input, dims)', doc: 'Reverses the order along dims (a copy).' },
  roll: {
    sig: '(input: Tensor, shifts: number | readonly number[], dims: number | readonly number[] | null = null): Tensor',
    impl: 'tf.roll(input, shifts, dims ?? undefined)',
    doc: 'Shifts elements along dims, wrapping around (the flattened tensor when dims is null).',
  },
  tril: { sig: '(input: Tensor, diagonal: number = 0): Tensor', impl: 'tf.tril(input, diagonal)', doc: 'The lower triangle (on and below the diagonal); zeros elsewhere.' },
  triu: { sig: '(input: Tensor, diagonal: number = 0): Tensor', impl: 'tf.triu(input, diagonal)', doc: 'The upper triangle (on and above the diagonal); zeros elsewhere.' },
});
