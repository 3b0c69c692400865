#!/usr/bin/env python3
"""Golden cases for nn.functional's normalize, cosineSimilarity, pairwiseDistance and interpolate, and
for nn.utils (clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters, rnn.padSequence),
computed by PyTorch 1.13: values, gradients and errors.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 packages/nn/scripts/functional_fixtures.py

It writes packages/nn/test/fixtures/nn-functional.json and nn-utils.json in @x/conformance's case
format (generate_fixtures.py's Family: encoding, gradients, error cases), which
test/functional-conformance.test.ts runs through @x/conformance's runner on the CPU and on the
async-contract device. Keyword arguments are recorded under the @x names (camelCase); the wrappers
below map them to PyTorch's.

ATEN_CPU_CAPABILITY=default: the upsample kernels' AVX2 builds may fuse a multiply and an add; the
default ones round each operation, which is what the TypeScript composition reproduces.
"""

import os

os.environ['ATEN_CPU_CAPABILITY'] = 'default'  # must be set before torch loads its kernels

import sys  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters  # noqa: E402
from torch.nn.utils.rnn import pad_sequence  # noqa: E402

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'conformance', 'scripts'))
import generate_fixtures as gf  # noqa: E402
from generate_fixtures import T, Family, make, ramp  # noqa: E402

torch.set_num_threads(1)
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures'))


def _tup(v):
    return tuple(v) if isinstance(v, list) else v


# --------------------------------------------------------------------------------------------------
# nn.functional
# --------------------------------------------------------------------------------------------------

def _normalize(x, p=2, dim=1, eps=1e-12):
    return F.normalize(x, p=float(p), dim=dim, eps=eps)


def _cosine(x1, x2, dim=1, eps=1e-8):
    return F.cosine_similarity(x1, x2, dim=dim, eps=eps)


def _pairwise(x1, x2, p=2, eps=1e-6, keepdim=False):
    return F.pairwise_distance(x1, x2, p=float(p), eps=eps, keepdim=keepdim)


def _interpolate(x, size=None, scaleFactor=None, mode='nearest', alignCorners=None, recomputeScaleFactor=None):
    return F.interpolate(x, size=_tup(size), scale_factor=_tup(scaleFactor), mode=mode, align_corners=alignCorners,
                         recompute_scale_factor=recomputeScaleFactor)


def functional_family():
    f = Family('nn-functional', 101)
    add = f.add

    # normalize(input, p=2, dim=1, eps=1e-12)
    add('normalize/2d', 'normalize', [T(make([3, 4]))], fn=_normalize)
    add('normalize/p1/dim0', 'normalize', [T(make([3, 4]))], {'p': 1, 'dim': 0}, fn=_normalize)
    add('normalize/p3/dim-1/3d', 'normalize', [T(make([2, 3, 4]))], {'p': 3, 'dim': -1}, fn=_normalize)
    add('normalize/1d/dim0', 'normalize', [T(make([5]))], {'dim': 0}, fn=_normalize)
    add('normalize/zero-row/eps', 'normalize', [T(torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 2.0]]))], {'eps': 0.5}, fn=_normalize)
    add('normalize/float64', 'normalize', [T(make([3, 4], 'float64'))], fn=_normalize)
    add('normalize/error/dim', 'normalize', [T(make([3, 4]))], {'dim': 2}, fn=_normalize, error=True,
        includes=['dim', '2'])
    add('normalize/error/int', 'normalize', [T(make([3, 4], 'int64'))], fn=_normalize, error=True,
        includes=['norm', 'int64'])

    # cosine_similarity(x1, x2, dim=1, eps=1e-8)
    add('cosineSimilarity/2d', 'cosineSimilarity', [T(make([4, 5])), T(make([4, 5]))], fn=_cosine)
    add('cosineSimilarity/broadcast', 'cosineSimilarity', [T(make([3, 4])), T(make([1, 4]))], fn=_cosine)
    add('cosineSimilarity/dim0', 'cosineSimilarity', [T(make([3, 4])), T(make([3, 4]))], {'dim': 0}, fn=_cosine)
    add('cosineSimilarity/1d', 'cosineSimilarity', [T(make([6])), T(make([6]))], {'dim': 0}, fn=_cosine)
    add('cosineSimilarity/3d/dim-1', 'cosineSimilarity', [T(make([2, 3, 4])), T(make([2, 3, 4]))], {'dim': -1}, fn=_cosine)
    add('cosineSimilarity/tiny-norm/eps', 'cosineSimilarity',
        [T(torch.tensor([[1e-5, 0.0], [1.0, 2.0]])), T(torch.tensor([[3.0, 4.0], [2.0, -1.0]]))], {'eps': 0.001}, fn=_cosine)
    add('cosineSimilarity/float64', 'cosineSimilarity', [T(make([3, 4], 'float64')), T(make([3, 4], 'float64'))], fn=_cosine)
    add('cosineSimilarity/error/shapes', 'cosineSimilarity', [T(make([3, 4])), T(make([2, 4]))], fn=_cosine, error=True,
        includes=['[3, 4]', '[2, 4]'])
    add('cosineSimilarity/error/int', 'cosineSimilarity', [T(make([3], 'int64')), T(make([3], 'int64'))], {'dim': 0},
        fn=_cosine, error=True, includes=['floating point', 'int64'])

    # pairwise_distance(x1, x2, p=2, eps=1e-6, keepdim=False)
    add('pairwiseDistance/2d', 'pairwiseDistance', [T(make([4, 5])), T(make([4, 5]))], fn=_pairwise)
    add('pairwiseDistance/broadcast', 'pairwiseDistance', [T(make([3, 4])), T(make([4]))], fn=_pairwise)
    add('pairwiseDistance/p1/keepdim', 'pairwiseDistance', [T(make([3, 4])), T(make([3, 4]))], {'p': 1, 'keepdim': True}, fn=_pairwise)
    add('pairwiseDistance/p3/eps', 'pairwiseDistance', [T(make([2, 3])), T(make([2, 3]))], {'p': 3, 'eps': 0.01}, fn=_pairwise)
    add('pairwiseDistance/1d', 'pairwiseDistance', [T(make([5])), T(make([5]))], fn=_pairwise)
    add('pairwiseDistance/float64', 'pairwiseDistance', [T(make([3, 4], 'float64')), T(make([3, 4], 'float64'))], fn=_pairwise)
    add('pairwiseDistance/error/shapes', 'pairwiseDistance', [T(make([3, 4])), T(make([2, 4]))], fn=_pairwise, error=True,
        includes=['[3, 4]', '[2, 4]'])

    # interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)
    img = lambda shape, dtype='float32': T(ramp(shape, dtype))  # noqa: E731
    nearest = [
        ('scale2', {'scaleFactor': 2}), ('scale1.5', {'scaleFactor': 1.5}), ('scale0.5', {'scaleFactor': 0.5}),
        ('scale1.7', {'scaleFactor': 1.7}), ('scale[2,3]', {'scaleFactor': [2, 3]}), ('size[5,7]', {'size': [5, 7]}),
        ('size3', {'size': 3}), ('size[2,9]', {'size': [2, 9]}), ('scale2.3/recompute', {'scaleFactor': 2.3, 'recomputeScaleFactor': True}),
        ('scale0.7/recompute-false', {'scaleFactor': 0.7, 'recomputeScaleFactor': False}),
    ]
    for label, kw in nearest:
        add(f'interpolate/nearest/{label}', 'interpolate', [img([2, 2, 3, 4])], kw, fn=_interpolate)
    add('interpolate/nearest/1d/scale2.2', 'interpolate', [img([1, 2, 5])], {'scaleFactor': 2.2}, fn=_interpolate)
    add('interpolate/nearest/3d/size', 'interpolate', [img([1, 1, 2, 3, 2])], {'size': [3, 4, 5]}, fn=_interpolate)
    add('interpolate/nearest/uint8', 'interpolate', [T(make([1, 1, 2, 3], 'uint8'))], {'scaleFactor': 2}, fn=_interpolate, grad=False)
    add('interpolate/nearest-exact/scale1.5', 'interpolate', [img([1, 2, 3, 4])], {'scaleFactor': 1.5, 'mode': 'nearest-exact'}, fn=_interpolate)
    add('interpolate/nearest-exact/size[2,3]', 'interpolate', [img([1, 1, 5, 7])], {'size': [2, 3], 'mode': 'nearest-exact'}, fn=_interpolate)
    bilinear = [
        ('scale2', {'scaleFactor': 2}), ('scale1.5', {'scaleFactor': 1.5}), ('scale0.6', {'scaleFactor': 0.6}),
        ('scale[1.3,2.6]', {'scaleFactor': [1.3, 2.6]}), ('size[5,7]', {'size': [5, 7]}), ('size[3,4]/same', {'size': [3, 4]}),
        ('size[1,1]', {'size': [1, 1]}), ('scale2.3/recompute', {'scaleFactor': 2.3, 'recomputeScaleFactor': True}),
    ]
    for label, kw in bilinear:
        for ac in (False, True):
            add(f'interpolate/bilinear/{label}/alignCorners-{str(ac).lower()}', 'interpolate', [img([2, 2, 3, 4])],
                dict(kw, mode='bilinear', alignCorners=ac), fn=_interpolate)
    add('interpolate/bilinear/default-alignCorners', 'interpolate', [img([1, 1, 4, 4])], {'scaleFactor': 1.25, 'mode': 'bilinear'}, fn=_interpolate)
    add('interpolate/bilinear/float64', 'interpolate', [img([1, 2, 3, 3], 'float64')], {'scaleFactor': 1.7, 'mode': 'bilinear'}, fn=_interpolate)
    add('interpolate/bilinear/float64/alignCorners', 'interpolate', [img([1, 1, 4, 3], 'float64')], {'size': [7, 5], 'mode': 'bilinear', 'alignCorners': True}, fn=_interpolate)
    add('interpolate/linear/scale2.5', 'interpolate', [img([2, 3, 4])], {'scaleFactor': 2.5, 'mode': 'linear'}, fn=_interpolate)
    add('interpolate/linear/size/alignCorners', 'interpolate', [img([1, 2, 5])], {'size': 3, 'mode': 'linear', 'alignCorners': True}, fn=_interpolate)
    add('interpolate/trilinear/scale1.5', 'interpolate', [img([1, 1, 2, 3, 3])], {'scaleFactor': 1.5, 'mode': 'trilinear'}, fn=_interpolate)
    add('interpolate/area/size[2,3]', 'interpolate', [img([1, 2, 5, 7])], {'size': [2, 3], 'mode': 'area'}, fn=_interpolate)
    add('interpolate/area/scale0.5', 'interpolate', [img([1, 1, 4, 6])], {'scaleFactor': 0.5, 'mode': 'area'}, fn=_interpolate)
    add('interpolate/area/1d', 'interpolate', [img([1, 2, 7])], {'size': 3, 'mode': 'area'}, fn=_interpolate)
    err = lambda name, x, kw, includes: add(f'interpolate/error/{name}', 'interpolate', [x], kw, fn=_interpolate, error=True, includes=includes)  # noqa: E731
    err('size-and-scale', img([1, 1, 2, 2]), {'size': 4, 'scaleFactor': 2}, ['only one of size or scale_factor'])
    err('neither', img([1, 1, 2, 2]), {}, ['either size or scale_factor'])
    err('alignCorners-nearest', img([1, 1, 2, 2]), {'scaleFactor': 2, 'alignCorners': True}, ['align_corners', 'linear | bilinear'])
    err('size-length', img([1, 1, 2, 2]), {'size': [3, 4, 5]}, ['same number of spatial dimensions', '[2, 2]', '[3, 4, 5]'])
    err('scale-length', img([1, 1, 2, 2]), {'scaleFactor': [2]}, ['same number of spatial dimensions', '[2, 2]'])
    err('recompute-with-size', img([1, 1, 2, 2]), {'size': 3, 'recomputeScaleFactor': True}, ['recompute_scale_factor', 'size'])
    err('bilinear-3d', img([1, 2, 3]), {'scaleFactor': 2, 'mode': 'bilinear'}, ['3D', 'bilinear', '4D'])
    err('linear-4d', img([1, 1, 2, 3]), {'scaleFactor': 2, 'mode': 'linear'}, ['4D', 'linear', '3D'])
    err('2d-input', img([2, 3]), {'scaleFactor': 2}, ['3D, 4D and 5D', '2D'])
    err('zero-output', img([1, 1, 2, 2]), {'scaleFactor': 0.2}, ['sizes should be greater than 0'])
    err('bilinear-int', T(make([1, 1, 2, 2], 'int64')), {'scaleFactor': 2, 'mode': 'bilinear'}, ['upsample_bilinear2d', 'int64'])
    return f


# --------------------------------------------------------------------------------------------------
# nn.utils: each wrapper builds its parameters from [value, grad] pairs and returns what it changed,
# so that the in-place effects are compared as results.
# --------------------------------------------------------------------------------------------------

def _with_grads(pairs):
    params = []
    for value, grad in pairs:
        p = value.detach().clone().requires_grad_(True)
        p.grad = None if grad is None else grad.detach().clone()
        params.append(p)
    return params


def _clip_norm(pairs, maxNorm, normType=2, errorIfNonfinite=False):
    params = _with_grads(pairs)
    total = clip_grad_norm_(params, maxNorm, float(normType), errorIfNonfinite)
    return [total] + [p.grad if p.grad is not None else torch.zeros(0) for p in params]


def _clip_value(pairs, clipValue):
    params = _with_grads(pairs)
    clip_grad_value_(params, clipValue)
    return [p.grad if p.grad is not None else torch.zeros(0) for p in params]


def _to_vector(params):
    return parameters_to_vector(params)


def _from_vector(vec, shapes):
    params = [torch.zeros(s) for s in shapes]
    vector_to_parameters(vec, params)
    return params


def _pad_sequence(sequences, batchFirst=False, paddingValue=0):
    return pad_sequence(sequences, batch_first=batchFirst, padding_value=paddingValue)


def utils_family():
    f = Family('nn-utils', 202)
    add = f.add

    def pairs(shapes, scale=1.0, none=()):
        return [[T(make(s)), None if i in none else T(make(s) * scale)] for i, s in enumerate(shapes)]

    shapes = [[3, 4], [4], [2, 2, 2]]
    for label, kw, scale in [
        ('clips', {'maxNorm': 1}, 2.0), ('no-clip', {'maxNorm': 100}, 1.0), ('p1', {'maxNorm': 0.5, 'normType': 1}, 1.0),
        ('p3.5', {'maxNorm': 0.5, 'normType': 3.5}, 1.0), ('inf', {'maxNorm': 0.25, 'normType': 'inf'}, 1.0),
        ('p0', {'maxNorm': 3, 'normType': 0}, 1.0), ('maxNorm0.3', {'maxNorm': 0.3}, 0.5),
    ]:
        add(f'clipGradNorm_/{label}', 'clipGradNorm_', [pairs(shapes, scale)], kw, fn=_clip_norm, grad=False)
    add('clipGradNorm_/skips-missing-grads', 'clipGradNorm_', [pairs(shapes, 2.0, none=(1,))], {'maxNorm': 1}, fn=_clip_norm, grad=False)
    add('clipGradNorm_/one-param/inf', 'clipGradNorm_', [pairs([[5]])], {'maxNorm': 0.1, 'normType': 'inf'}, fn=_clip_norm, grad=False)
    add('clipGradNorm_/no-grads', 'clipGradNorm_', [pairs([[2]], none=(0,))], {'maxNorm': 1}, fn=_clip_norm, grad=False)
    nan = [[T(make([3])), T(torch.tensor([1.0, float('nan'), 2.0]))]]
    add('clipGradNorm_/nonfinite-scales-by-nan', 'clipGradNorm_', [nan], {'maxNorm': 1}, fn=_clip_norm, grad=False)
    add('clipGradNorm_/error/nonfinite', 'clipGradNorm_', [nan], {'maxNorm': 1, 'errorIfNonfinite': True}, fn=_clip_norm,
        grad=False, error=True, includes=['non-finite', 'cannot be clipped'])

    add('clipGradValue_/0.5', 'clipGradValue_', [pairs(shapes, 2.0, none=(2,))], {'clipValue': 0.5}, fn=_clip_value, grad=False)
    add('clipGradValue_/0.05', 'clipGradValue_', [pairs([[4, 3]])], {'clipValue': 0.05}, fn=_clip_value, grad=False)

    add('parametersToVector/3', 'parametersToVector', [[T(make([3, 4])), T(make([4])), T(make([2, 1, 2]))]], fn=_to_vector)
    add('parametersToVector/float64', 'parametersToVector', [[T(make([2, 2], 'float64')), T(make([3], 'float64'))]], fn=_to_vector)
    add('vectorToParameters/exact', 'vectorToParameters', [T(make([13])), [[3, 2], [4], [3]]], fn=_from_vector, grad=False)
    add('vectorToParameters/longer', 'vectorToParameters', [T(make([9])), [[2, 2], [3]]], fn=_from_vector, grad=False)
    add('vectorToParameters/error/short', 'vectorToParameters', [T(make([5])), [[3, 2]]], fn=_from_vector, grad=False,
        error=True, includes=['[3, 2]', '5'])

    seqs = lambda lengths, tail=(), dtype='float32': [T(make([n, *tail], dtype)) for n in lengths]  # noqa: E731
    add('padSequence/1d', 'padSequence', [seqs([3, 5, 1])], fn=_pad_sequence)
    add('padSequence/batchFirst/value', 'padSequence', [seqs([2, 4], [3])], {'batchFirst': True, 'paddingValue': -1}, fn=_pad_sequence)
    add('padSequence/2d-tail', 'padSequence', [seqs([3, 1, 2], [2, 2])], {'paddingValue': 0.5}, fn=_pad_sequence)
    add('padSequence/int64', 'padSequence', [seqs([1, 3], [], 'int64')], {'batchFirst': True, 'paddingValue': 7}, fn=_pad_sequence, grad=False)
    add('padSequence/error/empty', 'padSequence', [[]], fn=_pad_sequence, error=True, includes=['empty list of sequences'])
    add('padSequence/error/trailing', 'padSequence', [seqs([2, 3], [2])[:1] + seqs([3], [3])], fn=_pad_sequence, error=True,
        includes=['[3, 3]'])
    return f


def main():
    if not torch.__version__.startswith('1.13'):
        print('warning: expected PyTorch 1.13, got %s' % torch.__version__, file=sys.stderr)
    gf.OUT_DIR = OUT
    for family in (functional_family(), utils_family()):
        path, n, size = family.write()
        print('wrote %s (%d cases, %d bytes)' % (os.path.relpath(path), n, size))


if __name__ == '__main__':
    main()
