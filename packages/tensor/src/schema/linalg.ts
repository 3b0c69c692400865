// Matrix products.
import { family } from './op';

export const LINALG = family('linear algebra', {
  matmul: {
    sig: '(input: Tensor, other: Tensor, *, out?: Tensor): Tensor',
    impl: 'la.matmul(input, other)',
    doc: 'The matrix product, with PyTorch\'s 1-D, 2-D and batched (broadcasting) rules.',
    out: 'same',
  },
  mm: { sig: '(input: Tensor, mat2: Tensor, *, out?: Tensor): Tensor', impl: 'la.mm(input, mat2)', doc: 'The product of two matrices.', out: 'same' },
  bmm: { sig: '(input: Tensor, mat2: Tensor, *, out?: Tensor): Tensor', impl: 'la.bmm(input, mat2)', doc: 'Batched products of [b, n, m] and [b, m, p].', out: 'same' },
  mv: { sig: '(input: Tensor, vec: Tensor, *, out?: Tensor): Tensor', impl: 'la.mv(input, vec)', doc: 'A matrix times a vector.', out: 'same' },
  dot: { sig: '(input: Tensor, tensor: Tensor, *, out?: Tensor): Tensor', impl: 'la.dot(input, tensor)', doc: 'The dot product of two 1-D tensors (0-d result).', out: 'dot' },
  outer: { sig: '(input: Tensor, vec2: Tensor, *, out?: Tensor): Tensor', impl: 'la.outer(input, vec2)', doc: 'The outer product of two 1-D tensors.' },
  diagonal: {
    sig: '(input: Tensor, offset: number = 0, dim1: number = 0, dim2: number = 1): Tensor',
    impl: 'dg.diagonal(input, offset, dim1, dim2)',
    doc: 'The diagonal of dims dim1 and dim2 (offset above or below the main one), as a view in the last dim.',
  },
  diag: {
    sig: '(input: Tensor, diagonal: number = 0): Tensor',
    impl: 'dg.diag(input, diagonal)',
    doc: '1-D: the square matrix with input on diagonal `diagonal`; 2-D: a copy of that diagonal.',
  },
  trace: { sig: '(input: Tensor): Tensor', impl: 'dg.trace(input)', doc: 'The sum of the main diagonal of a 2-D tensor.' },
  diagonalScatter: {
    sig: '(input: Tensor, src: Tensor, offset: number = 0, dim1: number = 0, dim2: number = 1): Tensor',
    impl: 'dg.diagonalScatter(input, src, offset, dim1, dim2)',
    doc: 'A copy of input with src written on its diagonal (see diagonal).',
  },
  einsum: {
    sig: '(equation: string, ...operands: Tensor[]): Tensor',
    impl: 'es.einsum(equation, operands)',
    doc: "Sums of products by index labels ('ij,jk->ik', '...' for broadcast dims); operands as varargs or one array.",
  },
});
