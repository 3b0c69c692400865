#!/usr/bin/env python3
"""Golden fixtures for the tensor ops that ported PyTorch programs use (issue 10, section 2), computed
by PyTorch: softmax and logSoftmax.

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

GENERATORS = [gen_softmax]


def main():
    for gen in GENERATORS:
        path, n, size = gen().write()
        print(f'{os.path.relpath(path)}: {n} cases, {size / 1024:.1f} KiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
