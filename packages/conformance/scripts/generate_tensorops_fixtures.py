#!/usr/bin/env python3
"""Golden fixtures for the tensor ops that ported PyTorch programs use (issue 10, section 2), computed
by PyTorch: softmax and logSoftmax; diagonal, diag, trace and diagonalScatter; einsum; JS arrays as
index tensors, nonzero(as_tuple=True) and where(condition); the new_* factories; iteration over dim 0
and one-element tensors as numbers.

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
from generate_fixtures import INF, NAN, T, Family, _at, _set, make, tns, transposed  # noqa: E402


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
    'at': lambda x, *idx: _at(x, *[_list_index(i) for i in idx]),
    'set': lambda x, idx, value: _set(x, [_list_index(i) for i in idx], value),
    'nonzero': lambda x, asTuple=False: _nonzero(x, asTuple),
    'whereCondition': lambda c: list(torch.where(c)),
    'newZeros': lambda x, size, dtype=None: x.new_zeros(size, dtype=dtype),
    'newOnes': lambda x, size, dtype=None: x.new_ones(size, dtype=dtype),
    'newEmpty': lambda x, size, dtype=None: x.new_empty(size, dtype=dtype),
    'newFull': lambda x, size, value, dtype=None: x.new_full(size, value, dtype=dtype),
    'newTensor': lambda x, data, dtype=None: x.new_tensor(data, dtype=dtype),
    'iter': lambda x: list(x),
    'toNumber': lambda x: _number(x),
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
# index-lists.json: JS arrays as index tensors (x[[0, 1], [2, 0]]), nonzero(as_tuple=True), where(cond)
# --------------------------------------------------------------------------------------------------


def _list_index(i):
    """A list index as the tensor PyTorch makes of a list (an empty list indexes with int64)."""
    if not isinstance(i, list):
        return i
    return torch.tensor(i) if _flat(i) else torch.tensor(i, dtype=torch.int64)


def _flat(v):
    return [w for u in v for w in (_flat(u) if isinstance(u, list) else [u])]


def _nonzero(x, asTuple=False):
    return list(torch.nonzero(x, as_tuple=True)) if asTuple else torch.nonzero(x)


def gen_index_lists():
    fam = OpsFamily('index-lists', 504)
    m = make([3, 4])
    at = [
        ('rows', [[2, 0]]),
        ('rows-repeated-negative', [[0, -1, 0]]),
        ('pairs', [[0, 1], [2, 0]]),
        ('pairs-broadcast', [[[0], [2]], [1, 3]]),
        ('nested-2d', [[[0, 1], [2, 1]]]),
        ('slice-then-list', [':', [3, 0]]),
        ('list-then-slice', [[1, 2], '1:']),
        ('number-and-list', [1, [0, 2, 3]]),
        ('list-number-separated', [[0, 2], ':', ]),
        ('ellipsis-list', ['...', [1, 1]]),
        ('bool-rows', [[True, False, True]]),
        ('bool-cols', [':', [False, True, True, False]]),
        ('bool-2d', [[[True, False, False, True], [False, False, True, False], [True, True, False, False]]]),
        ('bool-and-int', [[True, 1]]),
        ('empty', [[]]),
    ]
    for name, idx in at:
        fam.add(f'at/list/{name}', 'at', [T(m), *idx])
    fam.add('at/list/transposed', 'at', [transposed([3, 4]), [0, 2], [3, 1]])
    fam.add('at/list/int64', 'at', [T(make([3, 4], 'int64')), [2, 0], [1, 1]])
    fam.err('at/list/error/out-of-range', 'at', [T(m), [0, 3]], ['index 3', 'size 3'])
    fam.err('at/list/error/mask-shape', 'at', [T(m), [True, False]], ['mask', '[2]', '[3, 4]'])
    fam.err('at/list/error/shape-mismatch', 'at', [T(m), [0, 1], [0, 1, 2]], ['[2]', '[3]'])
    fam.err('at/list/error/float', 'at', [T(m), [0.5]], ['0.5'], )

    sets = [
        ('pairs', [[0, 1], [2, 0]], 5),
        ('rows', [[2, 0]], T(make([4]))),
        ('bool-rows', [[True, False, True]], -1),
        ('slice-then-list', [':', [3, 0]], T(make([3, 2]))),
    ]
    for name, idx, value in sets:
        fam.add(f'set/list/{name}', 'set', [T(m), idx, value])
    fam.err('set/list/error/value-shape', 'set', [T(m), [[0, 1], [2, 0]], T(make([3]))], ['[3]', '[2]'])

    x = tns([[0, 1.5, 0], [2, 0, -1]], 'float32')
    fam.add('nonzero/tuple/2d', 'nonzero', [T(x)], {'asTuple': True})
    fam.add('nonzero/tuple/1d-bool', 'nonzero', [T(tns([True, False, True, True], 'bool'))], {'asTuple': True})
    fam.add('nonzero/tuple/3d-int', 'nonzero', [T(make([2, 2, 3], 'int64'))], {'asTuple': True})
    fam.add('nonzero/tuple/0d', 'nonzero', [T(tns(3.5, 'float32'))], {'asTuple': True})
    fam.add('nonzero/tuple/0d-zero', 'nonzero', [T(tns(0, 'int64'))], {'asTuple': True})
    fam.add('nonzero/tuple/none', 'nonzero', [T(torch.zeros(2, 3))], {'asTuple': True})
    fam.add('nonzero/tuple/empty', 'nonzero', [T(make([0, 3]))], {'asTuple': True})
    fam.add('nonzero/tuple/nan', 'nonzero', [T(tns([NAN, 0.0, 1.0], 'float32'))], {'asTuple': True})
    fam.add('nonzero/tuple/transposed', 'nonzero', [transposed([3, 4], 'int64')], {'asTuple': True})
    fam.add('nonzero/tuple-false', 'nonzero', [T(x)], {'asTuple': False})
    fam.add('whereCondition/2d-mask', 'whereCondition', [T(tns([[True, False, True], [False, False, True]], 'bool'))])
    fam.add('whereCondition/float', 'whereCondition', [T(x)])
    fam.add('whereCondition/0d', 'whereCondition', [T(tns(True, 'bool'))])
    return fam


# --------------------------------------------------------------------------------------------------
# tensor-new.json: x.new_zeros/new_ones/new_full/new_empty/new_tensor (dtype and device default to x's)
# --------------------------------------------------------------------------------------------------


def gen_tensor_new():
    fam = OpsFamily('tensor-new', 505)
    for dt in ['float32', 'int64', 'bool', 'float64', 'uint8']:
        base = T(make([2], dt))
        fam.add(f'newZeros/{dt}', 'newZeros', [base, [2, 3]])
        fam.add(f'newOnes/{dt}', 'newOnes', [base, [3]])
    f = T(make([2]))
    i = T(make([2], 'int64'))
    fam.add('newZeros/0d', 'newZeros', [f, []])
    fam.add('newZeros/dtype', 'newZeros', [i, [2, 2]], {'dtype': 'float64'})
    fam.add('newOnes/dtype-bool', 'newOnes', [f, [2]], {'dtype': 'bool'})
    fam.add('newEmpty/zero-size', 'newEmpty', [i, [0, 3]])
    fam.add('newEmpty/zero-size-dtype', 'newEmpty', [f, [2, 0]], {'dtype': 'int32'})
    fam.add('newFull/float', 'newFull', [f, [2, 2], 2.5])
    fam.add('newFull/int-truncates', 'newFull', [i, [3], 3.7])
    fam.add('newFull/float-from-int', 'newFull', [f, [2], 3])
    fam.add('newFull/bool', 'newFull', [T(make([1], 'bool')), [2], 3])
    fam.add('newFull/dtype', 'newFull', [i, [2], 1.5], {'dtype': 'float64'})
    fam.add('newTensor/floats-into-int', 'newTensor', [i, [1.5, -2.5, 3]])
    fam.add('newTensor/ints-into-float', 'newTensor', [f, [[1, 2], [3, 4]]])
    fam.add('newTensor/bools-into-float', 'newTensor', [f, [True, False]])
    fam.add('newTensor/scalar', 'newTensor', [i, 3])
    fam.add('newTensor/dtype', 'newTensor', [f, [1, 2]], {'dtype': 'int32'})
    fam.err('newZeros/error/negative', 'newZeros', [f, [-1]], ['newZeros', '-1'])
    fam.err('newFull/error/negative', 'newFull', [f, [2, -3], 1.5], ['newFull', '-3'])
    return fam


# --------------------------------------------------------------------------------------------------
# protocols.json: for row in x (iteration over dim 0), float(x) / int(x) (one-element tensors as numbers)
# --------------------------------------------------------------------------------------------------


def _number(x):
    return float(x) if x.dtype in (torch.float32, torch.float64) else int(x)


def gen_protocols():
    fam = OpsFamily('protocols', 506)
    fam.add('iter/2d', 'iter', [T(make([3, 2]))])
    fam.add('iter/3d', 'iter', [T(make([2, 2, 3]))])
    fam.add('iter/1d-int', 'iter', [T(make([4], 'int64'))])
    fam.add('iter/transposed', 'iter', [transposed([2, 3])])
    fam.add('iter/empty', 'iter', [T(make([0, 3]))])
    # A 0-d tensor: PyTorch's TypeError is 'iteration over a 0-d tensor'; here it has no iterator at all
    # (JavaScript's own 'is not iterable' TypeError), see packages/backend-cpu/test/protocols.test.ts.
    fam.add('toNumber/float', 'toNumber', [T(tns(0.25, 'float32'))])
    fam.add('toNumber/float-1elem', 'toNumber', [T(tns([[-1.5]], 'float32'))])
    fam.add('toNumber/float64', 'toNumber', [T(tns(0.1, 'float64'))])
    fam.add('toNumber/int64', 'toNumber', [T(tns(-7, 'int64'))])
    fam.add('toNumber/uint8', 'toNumber', [T(tns([200], 'uint8'))])
    fam.add('toNumber/bool', 'toNumber', [T(tns(True, 'bool'))])
    fam.err('toNumber/error/several', 'toNumber', [T(make([2, 3]))], ['only one element tensors', '[2, 3]'])
    fam.err('toNumber/error/empty', 'toNumber', [T(make([0]))], ['only one element tensors', '[0]'])
    return fam


# --------------------------------------------------------------------------------------------------

GENERATORS = [gen_softmax, gen_diagonal, gen_einsum, gen_index_lists, gen_tensor_new, gen_protocols]


def main():
    for gen in GENERATORS:
        path, n, size = gen().write()
        print(f'{os.path.relpath(path)}: {n} cases, {size / 1024:.1f} KiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
