#!/usr/bin/env python3
"""Golden fixtures for the tensor ops that ported PyTorch programs use (issue 10, section 2), computed
by PyTorch: softmax and logSoftmax; diagonal, diag, trace and diagonalScatter;
einsum.

Run from the repository root with Debian's PyTorch 1.13 (apt-get install -y python3-torch):

    /usr/bin/python3 packages/conformance/scripts/generate_tensorops_fixtures.py

It rewrites the families listed in GENERATORS (one JSON file each, in packages/conformance/fixtures/),
in the format of generate_fixtures.py, whose encoding and case machinery it reuses (see
packages/conformance/README.md). Keyword arguments are recorded under the @x names (camelCase); the
wrappers below map them to PyTorch's.
"""

import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_fixtures import INF, NAN, T, Family, make, tns, transposed  # noqa: E402


def _softmax(x, *dim, dtype=None):
    return x.softmax(*dim, dtype=dtype) if dtype is not None else x.softmax(*dim)


def _log_softmax(x, *dim, dtype=None):
    return x.log_softmax(*dim, dtype=dtype) if dtype is not None else x.log_softmax(*dim)


FN = {
    'softmax': _softmax,
    'logSoftmax': _log_softmax,
    'diagonal': lambda x, *a: x.diagonal(*a),
    'diag': lambda x, *a: torch.diag(x, *a),
    'trace': torch.trace,
    'diagonalScatter': lambda x, src, *a: torch.diagonal_scatter(x, src, *a),
    'einsum': lambda eq, *ops: torch.einsum(eq, *ops),
}


class OpsFamily(Family):
    def add(self, name, op, args, kwargs=None, **kw):
        return super().add(name, op, args, kwargs, fn=FN[op], **kw)

    def err(self, name, op, args, includes, kwargs=None):
        return self.add(name, op, args, kwargs, includes=includes, error=True)


# --------------------------------------------------------------------------------------------------
# softmax.json: x.softmax(dim, dtype=...), x.log_softmax(dim, dtype=...)
# --------------------------------------------------------------------------------------------------


def gen_softmax():
    fam = OpsFamily('softmax', 501)
    for op in ['softmax', 'logSoftmax']:
        x = make([3, 4])
        fam.add(f'{op}/2d/dim1', op, [T(x), 1])
        fam.add(f'{op}/2d/dim0', op, [T(x), 0])
        fam.add(f'{op}/2d/dim-neg', op, [T(x), -1])
        fam.add(f'{op}/3d/dim1', op, [T(make([2, 3, 4])), 1])
        fam.add(f'{op}/1d', op, [T(make([5])), 0])
        fam.add(f'{op}/0d', op, [T(make([])), 0])
        fam.add(f'{op}/0d-dim-neg', op, [T(make([])), -1])
        fam.add(f'{op}/float64', op, [T(make([2, 3], 'float64')), 1])
        fam.add(f'{op}/transposed', op, [transposed([3, 4]), 1])
        fam.add(f'{op}/large-values', op, [T(tns([[1000.0, 0.5, -1000.0], [88.5, 89.5, 90.5]], 'float32')), 1])
        fam.add(f'{op}/special', op, [T(tns([[INF, 1.0], [-INF, -INF], [NAN, 0.5]], 'float32')), 1])
        fam.add(f'{op}/empty', op, [T(make([0, 3])), 0])
        fam.add(f'{op}/dtype-float64', op, [T(x), 1], {'dtype': 'float64'})
        fam.add(f'{op}/dtype-float32-from-float64', op, [T(make([2, 3], 'float64')), 0], {'dtype': 'float32'})
        fam.add(f'{op}/dtype-from-int', op, [T(make([2, 3], 'int64')), 1], {'dtype': 'float32'})
        fam.err(f'{op}/error/int', op, [T(make([2, 3], 'int64')), 1], [op, 'int64'])
        fam.err(f'{op}/error/bool', op, [T(make([2, 3], 'bool')), 1], [op, 'bool'])
        fam.err(f'{op}/error/dtype-int', op, [T(x), 1], [op, 'int64'], {'dtype': 'int64'})
        fam.err(f'{op}/error/dim-out-of-range', op, [T(x), 2], [op, 'dim', '2'])
        fam.err(f'{op}/error/no-dim', op, [T(x)], [op, 'dim'])
    return fam


# --------------------------------------------------------------------------------------------------
# diagonal.json: x.diagonal(offset, dim1, dim2) (a view), torch.diag, torch.trace, torch.diagonal_scatter
# --------------------------------------------------------------------------------------------------


def gen_diagonal():
    fam = OpsFamily('diagonal', 502)
    m = make([3, 4])
    fam.add('diagonal/2d', 'diagonal', [T(m)])
    for k in [1, 2, -1, -2, 4, -3]:
        fam.add(f'diagonal/2d/offset{k}', 'diagonal', [T(m), k])
    fam.add('diagonal/2d/dims-swapped', 'diagonal', [T(m), 1, 1, 0])
    fam.add('diagonal/3d/dims0-2', 'diagonal', [T(make([3, 2, 3])), 0, 0, 2])
    fam.add('diagonal/3d/last-two', 'diagonal', [T(make([2, 3, 3])), 0, -2, -1])
    fam.add('diagonal/3d/offset-dims-neg', 'diagonal', [T(make([2, 3, 4])), 1, -1, 0])
    fam.add('diagonal/4d', 'diagonal', [T(make([2, 3, 2, 3])), -1, 1, 3])
    fam.add('diagonal/transposed', 'diagonal', [transposed([4, 3]), 1])
    fam.add('diagonal/int64', 'diagonal', [T(make([3, 3], 'int64')), -1])
    fam.add('diagonal/bool', 'diagonal', [T(make([3, 3], 'bool'))])
    fam.add('diagonal/empty', 'diagonal', [T(make([0, 3]))])
    fam.err('diagonal/error/same-dims', 'diagonal', [T(m), 0, 1, 1], ['diagonal', 'identical', '1'])
    fam.err('diagonal/error/dim-out-of-range', 'diagonal', [T(m), 0, 0, 2], ['diagonal', 'dim', '2'])
    fam.err('diagonal/error/1d', 'diagonal', [T(make([3]))], ['diagonal', 'dim', '1'])

    v = make([3])
    fam.add('diag/1d', 'diag', [T(v)])
    for k in [1, -2]:
        fam.add(f'diag/1d/offset{k}', 'diag', [T(v), k])
    fam.add('diag/2d', 'diag', [T(m)])
    for k in [2, -1, 4]:
        fam.add(f'diag/2d/offset{k}', 'diag', [T(m), k])
    fam.add('diag/2d/transposed', 'diag', [transposed([4, 3]), -1])
    fam.add('diag/1d/int64', 'diag', [T(make([3], 'int64')), 1])
    fam.add('diag/1d/bool', 'diag', [T(make([2], 'bool'))])
    fam.add('diag/1d/float64', 'diag', [T(make([2], 'float64'))])
    fam.add('diag/1d/empty', 'diag', [T(make([0]))])
    fam.err('diag/error/3d', 'diag', [T(make([2, 2, 2]))], ['diag', '[2, 2, 2]'])
    fam.err('diag/error/0d', 'diag', [T(make([]))], ['diag', '[]'])

    fam.add('trace/square', 'trace', [T(make([3, 3]))])
    fam.add('trace/wide', 'trace', [T(make([2, 4]))])
    # PyTorch 1.13's trace backward also writes below the diagonal of a tall matrix (pytorch/pytorch#171704,
    # fixed upstream in 2026), so this case keeps no gradient; autograd's tests check the right one.
    fam.add('trace/tall-transposed', 'trace', [transposed([4, 2])], grad=False,
            note='no gradient recorded: PyTorch 1.13 gets it wrong for tall matrices (pytorch/pytorch#171704)')
    fam.add('trace/float64', 'trace', [T(make([3, 3], 'float64'))])
    fam.add('trace/int32', 'trace', [T(make([3, 3], 'int32'))])
    fam.add('trace/uint8', 'trace', [T(make([2, 3], 'uint8'))])
    fam.add('trace/empty', 'trace', [T(make([0, 3]))])
    fam.err('trace/error/3d', 'trace', [T(make([2, 2, 2]))], ['trace', 'dim 3'])
    fam.err('trace/error/1d', 'trace', [T(make([3]))], ['trace', 'dim 1'])
    fam.err('trace/error/bool', 'trace', [T(make([2, 2], 'bool'))], ['trace', 'bool'])

    fam.add('diagonalScatter/2d', 'diagonalScatter', [T(m), T(make([3]))])
    fam.add('diagonalScatter/offset-dims', 'diagonalScatter', [T(make([2, 3, 4])), T(make([3, 1])), 1, -1, 0])
    fam.err('diagonalScatter/error/size', 'diagonalScatter', [T(m), T(make([2]))], ['diagonalScatter', '[2]', '[3]'])
    return fam


# --------------------------------------------------------------------------------------------------
# einsum.json: torch.einsum(equation, *operands)
# --------------------------------------------------------------------------------------------------


def gen_einsum():
    fam = OpsFamily('einsum', 503)

    def x(*shape, dtype='float32'):
        return T(make(list(shape), dtype))

    ok = [
        ('matmul', 'ij,jk->ik', [x(2, 3), x(3, 4)]),
        ('matmul-implicit', 'ij,jk', [x(2, 3), x(3, 4)]),
        ('matmul-spaces', ' ij , jk -> ik ', [x(2, 3), x(3, 4)]),
        ('matmul-output-transposed', 'ij,jk->ki', [x(2, 3), x(3, 4)]),
        ('matmul-transposed-input', 'ji,jk->ik', [transposed([3, 2]), x(3, 4)]),
        ('batch-matmul', 'bij,bjk->bik', [x(2, 2, 3), x(2, 3, 4)]),
        ('batch-matmul-implicit', 'bij,bjk', [x(2, 2, 3), x(2, 3, 4)]),
        ('matvec', 'ij,j->i', [x(3, 4), x(4)]),
        ('dot', 'i,i->', [x(5), x(5)]),
        ('dot-implicit', 'i,i', [x(5), x(5)]),
        ('outer', 'i,j->ij', [x(3), x(2)]),
        ('outer-implicit', 'i,j', [x(3), x(2)]),
        ('hadamard', 'ij,ij->ij', [x(2, 3), x(2, 3)]),
        ('trace', 'ii', [x(3, 3)]),
        ('trace-explicit', 'ii->', [x(4, 4)]),
        ('diagonal', 'ii->i', [x(3, 3)]),
        ('batch-diagonal', '...ii->...i', [x(2, 3, 3)]),
        ('repeated-3d', 'iij->ij', [x(2, 2, 3)]),
        ('repeated-twice', 'ijij->ij', [x(2, 3, 2, 3)]),
        ('diagonal-transposed', 'ii->i', [transposed([3, 3])]),
        ('sum-all', 'ij->', [x(2, 3)]),
        ('sum-rows', 'ij->i', [x(2, 3)]),
        ('transpose', 'ij->ji', [x(2, 3)]),
        ('transpose-implicit', 'ji', [x(2, 3)]),
        ('permute-3d', 'ijk->kij', [x(2, 3, 4)]),
        ('ellipsis-transpose', '...ij->...ji', [x(5, 2, 3)]),
        ('ellipsis-matmul', '...ij,...jk', [x(5, 2, 3), x(3, 4)]),
        ('ellipsis-broadcast', '...i,...i->...', [x(2, 1, 3), x(4, 3)]),
        ('ellipsis-summed', '...ij->ij', [x(5, 2, 3)]),
        ('ellipsis-kept-only', '...ij->...', [x(5, 2, 3)]),
        ('ellipsis-alone', '...', [x(2, 3)]),
        ('ellipsis-middle', 'a...->...a', [x(2, 3)]),
        ('ellipsis-in-output-unused', 'ij->ij...', [x(2, 3)]),
        ('ellipsis-0d', '...,i->...i', [x(), x(3)]),
        ('broadcast-label-1', 'ij,kj', [x(2, 3), x(1, 3)]),
        ('broadcast-label-2', 'ij,kj', [x(2, 3), x(2, 1)]),
        ('bilinear', 'bn,anm,bm->ba', [x(2, 3), x(4, 3, 5), x(2, 5)]),
        ('three-chain', 'ij,jk,kl->il', [x(2, 3), x(3, 4), x(4, 2)]),
        ('uppercase', 'Ab,bc', [x(2, 3), x(3, 4)]),
        ('mixed-case-order', 'bA,Ac', [x(2, 3), x(3, 4)]),
        ('scalar', '', [x()]),
        ('scalar-explicit', '->', [x()]),
        ('scalars', ',', [x(), x()]),
        ('with-scalar-operand', 'ij,,jk', [x(2, 3), x(), x(3, 4)]),
        ('empty-contraction', 'ij,jk', [x(2, 0), x(0, 3)]),
        ('empty-output', 'ij->j', [x(0, 3)]),
        ('float64', 'ij,jk->ik', [x(2, 3, dtype='float64'), x(3, 4, dtype='float64')]),
        ('int64', 'ij,jk->ik', [x(2, 3, dtype='int64'), x(3, 4, dtype='int64')]),
        ('int32-sum', 'ij->', [x(2, 3, dtype='int32')]),
        ('bool-transpose', 'ij->ji', [x(2, 3, dtype='bool')]),
        ('bool-elementwise', 'i,i->i', [x(3, dtype='bool'), x(3, dtype='bool')]),
        ('promote-elementwise', 'i,i->i', [x(3), x(3, dtype='float64')]),
        ('attention-scores', 'bhqd,bhkd->bhqk', [x(2, 2, 3, 4), x(2, 2, 5, 4)]),
    ]
    for name, eq, ops in ok:
        fam.add(f'einsum/{name}', 'einsum', [eq, *ops])

    errors = [
        ('fewer-operands', 'ij,jk->ik', [x(2, 3)], ['einsum', 'fewer operands']),
        ('more-operands', 'ij->ij', [x(2, 3), x(2, 3)], ['einsum', 'more operands']),
        ('output-not-in-input', 'ij->ik', [x(2, 3)], ['einsum', 'output subscript k', 'does not appear']),
        ('output-repeated', 'ij->ii', [x(2, 3)], ['einsum', 'output subscript i', 'more than once']),
        ('too-many-subscripts', 'ijk->ij', [x(2, 3)], ['einsum', '(3)', '(2)', 'operand 0', '[2, 3]']),
        ('too-few-subscripts', 'i->i', [x(2, 3)], ['einsum', '(1)', '(2)', 'operand 0']),
        ('too-many-with-ellipsis', 'ijk...->', [x(2, 3)], ['einsum', '(3)', '(2)', 'more than']),
        ('size-mismatch', 'ij,jk->ik', [x(2, 3), x(2, 3)], ['einsum', 'subscript j', 'size 2', 'size 3']),
        ('repeated-size-mismatch', 'ii', [x(2, 3)], ['einsum', 'subscript i', 'repeated', '3 != 2']),
        ('invalid-digit', 'i1->i', [x(2, 3)], ['einsum', 'invalid subscript', 'index 1']),
        ('invalid-after-space', 'i 1', [x(2, 3)], ['einsum', 'invalid subscript', 'index 2']),
        ('invalid-second-arrow', 'ij->j->k', [x(2, 3)], ['einsum', 'invalid subscript', 'index 5']),
        ('invalid-dash', 'i-j', [x(2, 3)], ['einsum', 'invalid subscript', 'index 1']),
        ('trailing-comma', 'ij,jk->ik,', [x(2, 3), x(3, 4)], ['einsum', 'invalid subscript', 'index 9']),
        ('four-dots', '....ij', [x(2, 3)], ['einsum', "'.'", 'operand 0', 'already']),
        ('two-dots', '..ij', [x(2, 3)], ['einsum', "'.'", 'not part of any ellipsis']),
        ('dot-in-labels', 'i.j', [x(2, 3)], ['einsum', "'.'", 'not part of any ellipsis']),
        ('two-ellipses', 'i...j...', [x(2, 3)], ['einsum', "'.'", 'already']),
        ('output-two-dots', 'ij->..', [x(2, 3)], ['einsum', "'.'", 'output', 'not part of any ellipsis']),
        ('output-two-ellipses', 'ij->...j...', [x(2, 3)], ['einsum', "'.'", 'output', 'already']),
        ('ellipsis-broadcast', '...i,...i->...', [x(2, 2, 3), x(4, 3)], ['einsum', 'ellipsis', 'size 4', 'size 2']),
        ('dtype-mismatch-contraction', 'ij,jk->ik', [x(2, 3, dtype='float64'), x(3, 4)], ['einsum', 'float64', 'float32']),
        ('bool-contraction', 'i,i', [x(3, dtype='bool'), x(3, dtype='bool')], ['einsum', 'bool']),
    ]
    for name, eq, ops, includes in errors:
        fam.err(f'einsum/error/{name}', 'einsum', [eq, *ops], includes)
    fam.err('einsum/error/no-operands', 'einsum', ['ij'], ['einsum', 'operand'])
    return fam


# --------------------------------------------------------------------------------------------------

GENERATORS = [gen_softmax, gen_diagonal, gen_einsum]


def main():
    for gen in GENERATORS:
        path, n, size = gen().write()
        print(f'{os.path.relpath(path)}: {n} cases, {size / 1024:.1f} KiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
