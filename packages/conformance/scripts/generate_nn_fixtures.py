#!/usr/bin/env python3
"""Golden fixtures for torch.nn.functional's convolution, pooling and padding, computed by PyTorch.

Run from the repository root with Debian's PyTorch 1.13 (apt-get install -y python3-torch):

    /usr/bin/python3 packages/conformance/scripts/generate_nn_fixtures.py

It rewrites packages/conformance/fixtures/nn-conv.json (conv1d, conv2d, pad) and nn-pool.json
(maxPool2d, avgPool2d, adaptiveAvgPool2d), in the format of generate_fixtures.py, whose encoding and
case machinery it reuses (see packages/conformance/README.md). Other nn-* families belong to other
generators. Keyword arguments are recorded under the @x names (camelCase); the wrappers below map
them to PyTorch's.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_fixtures import T, Family, make, ramp, tns  # noqa: E402


def _conv(fn):
    def run(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
        return fn(x, w, b, stride=_tup(stride), padding=_tup(padding), dilation=_tup(dilation), groups=groups)
    return run


def _tup(v):
    return tuple(v) if isinstance(v, list) else v


def _max_pool2d(x, k, stride=None, padding=0, dilation=1, ceilMode=False, returnIndices=False):
    r = F.max_pool2d(x, _tup(k), _tup(stride), _tup(padding), _tup(dilation), ceil_mode=ceilMode,
                     return_indices=returnIndices)
    return list(r) if returnIndices else r


def _avg_pool2d(x, k, stride=None, padding=0, ceilMode=False, countIncludePad=True, divisorOverride=None):
    return F.avg_pool2d(x, _tup(k), _tup(stride), _tup(padding), ceil_mode=ceilMode,
                        count_include_pad=countIncludePad, divisor_override=divisorOverride)


def _adaptive_avg_pool2d(x, size):
    return F.adaptive_avg_pool2d(x, _tup(size))


def _pad(x, p, mode='constant', value=None):
    return F.pad(x, p, mode=mode, value=value)


FN = {
    'conv2d': _conv(F.conv2d),
    'conv1d': _conv(F.conv1d),
    'maxPool2d': _max_pool2d,
    'avgPool2d': _avg_pool2d,
    'adaptiveAvgPool2d': _adaptive_avg_pool2d,
    'pad': _pad,
}


class NNFamily(Family):
    def add(self, name, op, args, kwargs=None, **kw):
        return super().add(name, op, args, kwargs, fn=FN[op], **kw)

    def err(self, name, op, args, includes, kwargs=None):
        return self.add(name, op, args, kwargs, includes=includes, error=True)


def x_(shape, dtype='float32'):
    return T(make(shape, dtype))


def w_(shape, dtype='float32'):
    """Weights in (-0.9, 0.9): sums stay small, so float32 rounding stays well inside the tolerance."""
    return T(make(shape, dtype, 'unit'))


# --------------------------------------------------------------------------------------------------
# nn-conv.json: conv2d, conv1d, pad
# --------------------------------------------------------------------------------------------------


def gen_conv():
    fam = NNFamily('nn-conv', 401)
    add = fam.add

    # conv2d: [name, input shape, weight shape, bias?, kwargs]
    cases2d = [
        ('basic', [2, 3, 6, 7], [4, 3, 3, 3], True, {}),
        ('no-bias', [2, 3, 6, 7], [4, 3, 3, 3], False, {}),
        ('stride2', [2, 3, 7, 8], [4, 3, 3, 3], True, {'stride': 2}),
        ('stride-tuple', [1, 2, 7, 8], [3, 2, 3, 2], True, {'stride': [2, 1]}),
        ('stride-list1', [1, 2, 7, 8], [3, 2, 3, 3], True, {'stride': [2]}),
        ('padding1', [2, 3, 5, 5], [4, 3, 3, 3], True, {'padding': 1}),
        ('padding-tuple', [1, 2, 5, 6], [3, 2, 3, 3], True, {'padding': [1, 2]}),
        ('padding-same', [2, 2, 5, 6], [3, 2, 3, 3], True, {'padding': 'same'}),
        ('padding-same-even', [1, 2, 5, 6], [3, 2, 2, 4], True, {'padding': 'same'}),
        ('padding-same-dilated', [1, 2, 7, 6], [2, 2, 3, 2], True, {'padding': 'same', 'dilation': [2, 3]}),
        ('padding-valid', [1, 2, 5, 6], [3, 2, 3, 3], True, {'padding': 'valid'}),
        ('dilation2', [1, 2, 9, 9], [3, 2, 3, 3], True, {'dilation': 2}),
        ('dilation-tuple-padded', [1, 2, 8, 9], [3, 2, 3, 3], True, {'dilation': [2, 1], 'padding': [2, 1]}),
        ('groups2', [2, 4, 6, 5], [6, 2, 3, 3], True, {'groups': 2}),
        ('depthwise', [2, 4, 6, 6], [4, 1, 3, 3], True, {'groups': 4, 'padding': 1}),
        ('depthwise-multiplier', [1, 3, 5, 6], [6, 1, 3, 3], False, {'groups': 3}),
        ('non-square-kernel', [2, 2, 6, 7], [3, 2, 2, 4], True, {}),
        ('odd-sizes', [1, 3, 9, 5], [5, 3, 4, 2], True, {'stride': [2, 3], 'padding': [1, 1]}),
        ('kernel1x1', [2, 4, 3, 5], [3, 4, 1, 1], True, {}),
        ('stride-over-kernel', [1, 2, 9, 9], [2, 2, 2, 2], True, {'stride': 3, 'padding': 1}),
        ('kernel-equals-input', [2, 2, 3, 4], [3, 2, 3, 4], True, {}),
        ('everything', [2, 4, 9, 8], [6, 2, 3, 2], True, {'stride': [2, 1], 'padding': [2, 1], 'dilation': [1, 2], 'groups': 2}),
        ('single-channel-mnist-like', [3, 1, 10, 10], [4, 1, 3, 3], True, {'padding': 1}),
    ]
    for name, xs, ws, bias, kw in cases2d:
        args = [x_(xs), w_(ws)] + ([w_([ws[0]])] if bias else [])
        add(f'conv2d/{name}', 'conv2d', args, kw)
    add('conv2d/bias-null', 'conv2d', [x_([1, 2, 4, 4]), w_([3, 2, 3, 3]), None], {'padding': 1})
    add('conv2d/unbatched', 'conv2d', [x_([3, 5, 6]), w_([2, 3, 3, 3]), w_([2])], {'padding': 1})
    add('conv2d/unbatched-groups', 'conv2d', [x_([4, 5, 5]), w_([4, 2, 2, 2]), w_([4])], {'groups': 2})
    add('conv2d/float64', 'conv2d', [x_([2, 3, 5, 6], 'float64'), w_([4, 3, 3, 3], 'float64'), w_([4], 'float64')], {'padding': 1, 'stride': 2})
    add('conv2d/empty-batch', 'conv2d', [x_([0, 3, 5, 5]), w_([2, 3, 3, 3]), w_([2])], {})
    add('conv2d/transposed-input', 'conv2d', [T(make([2, 3, 6, 5]), [['transpose', 2, 3]]), w_([2, 3, 3, 3]), w_([2])], {'padding': 1})
    add('conv2d/int64', 'conv2d', [T(make([1, 2, 4, 4], 'int64')), T(make([3, 2, 2, 2], 'int64'))], {'padding': 1})
    add('conv2d/int32-bias', 'conv2d', [T(make([1, 2, 4, 4], 'int32')), T(make([3, 2, 2, 2], 'int32')), T(make([3], 'int32'))], {})

    cases1d = [
        ('basic', [2, 3, 9], [4, 3, 3], True, {}),
        ('no-bias', [2, 3, 9], [4, 3, 3], False, {}),
        ('stride2-padding1', [2, 3, 10], [4, 3, 3], True, {'stride': 2, 'padding': 1}),
        ('padding-same-even', [1, 2, 8], [3, 2, 4], True, {'padding': 'same'}),
        ('padding-same-dilated', [1, 2, 8], [3, 2, 3], True, {'padding': 'same', 'dilation': 2}),
        ('padding-valid', [1, 2, 8], [3, 2, 3], True, {'padding': 'valid'}),
        ('dilation3', [1, 2, 12], [2, 2, 3], True, {'dilation': 3}),
        ('groups', [2, 4, 7], [6, 2, 3], True, {'groups': 2}),
        ('depthwise', [2, 3, 7], [3, 1, 5], True, {'groups': 3, 'padding': 2}),
        ('list-args', [1, 2, 9], [2, 2, 2], True, {'stride': [2], 'padding': [1], 'dilation': [2]}),
    ]
    for name, xs, ws, bias, kw in cases1d:
        args = [x_(xs), w_(ws)] + ([w_([ws[0]])] if bias else [])
        add(f'conv1d/{name}', 'conv1d', args, kw)
    add('conv1d/unbatched', 'conv1d', [x_([3, 8]), w_([2, 3, 3]), w_([2])], {'padding': 1})
    add('conv1d/float64', 'conv1d', [x_([2, 2, 7], 'float64'), w_([3, 2, 3], 'float64'), w_([3], 'float64')], {'stride': 2})

    err = fam.err
    x1 = lambda: x_([1, 4, 5, 5])  # noqa: E731
    err('conv2d/error/channels', 'conv2d', [x1(), w_([8, 3, 3, 3])], ['conv2d', 'groups=1', '[8, 3, 3, 3]', '[1, 4, 5, 5]', '3 channels', '4 channels'])
    err('conv2d/error/groups-divisible', 'conv2d', [x1(), w_([3, 2, 3, 3])], ['conv2d', 'groups=2', 'divisible by 2', '[3, 2, 3, 3]'], {'groups': 2})
    err('conv2d/error/groups-at-least', 'conv2d', [x1(), w_([1, 2, 3, 3])], ['conv2d', 'groups=2', 'at least 2', '[1, 2, 3, 3]'], {'groups': 2})
    err('conv2d/error/groups-zero', 'conv2d', [x1(), w_([3, 4, 3, 3])], ['conv2d', 'groups'], {'groups': 0})
    err('conv2d/error/bias-size', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3]), w_([4])], ['conv2d', 'bias', '8 elements', '[4]'])
    err('conv2d/error/bias-2d', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3]), w_([8, 1])], ['conv2d', 'bias', '1-dimensional', '[8, 1]'])
    err('conv2d/error/kernel-too-large', 'conv2d', [x_([1, 3, 2, 2]), w_([8, 3, 3, 3])], ['conv2d', '(2 x 2)', '(3 x 3)', "Kernel size can't be greater than actual input size"])
    err('conv2d/error/dilated-kernel-too-large', 'conv2d', [x_([1, 3, 2, 5]), w_([8, 3, 3, 3])], ['conv2d', '(2 x 5)', '(5 x 5)', 'kernel size'], {'dilation': 2})
    err('conv2d/error/input-2d', 'conv2d', [x_([5, 5]), w_([8, 3, 3, 3])], ['conv2d', '3D (unbatched) or 4D (batched)', '[5, 5]'])
    err('conv2d/error/input-5d', 'conv2d', [x_([1, 1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', '[1, 1, 3, 5, 5]'])
    err('conv2d/error/negative-padding', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'negative padding'], {'padding': -1})
    err('conv2d/error/stride-zero', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'non-positive stride'], {'stride': 0})
    err('conv2d/error/dilation-zero', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'dilation should be greater than zero'], {'dilation': 0})
    err('conv2d/error/stride-length', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'stride', '[1, 2, 3]'], {'stride': [1, 2, 3]})
    err('conv2d/error/padding-length', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'padding', '[1, 2, 3]'], {'padding': [1, 2, 3]})
    err('conv2d/error/same-strided', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', "padding='same'", 'strided'], {'stride': 2, 'padding': 'same'})
    err('conv2d/error/padding-string', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3])], ['conv2d', 'padding', "'foo'"], {'padding': 'foo'})
    err('conv2d/error/weight-dtype', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3], 'float64')], ['conv2d', 'Float', 'Double'])
    err('conv2d/error/bias-dtype', 'conv2d', [x_([1, 3, 5, 5]), w_([8, 3, 3, 3]), w_([8], 'float64')], ['conv2d', 'bias', 'float', 'double'])
    err('conv2d/error/bool', 'conv2d', [T(make([1, 3, 5, 5], 'bool')), T(make([8, 3, 3, 3], 'bool'))], ['conv2d', 'Bool'])
    err('conv1d/error/input-1d', 'conv1d', [x_([5]), w_([2, 1, 3])], ['conv1d', '2D (unbatched) or 3D (batched)', '[5]'])
    err('conv1d/error/channels', 'conv1d', [x_([1, 4, 5]), w_([2, 3, 3])], ['conv1d', '[2, 3, 3]', '[1, 4, 5]', '3 channels', '4 channels'])
    err('conv1d/error/kernel-too-large', 'conv1d', [x_([1, 3, 2]), w_([2, 3, 3])], ['conv1d', '(2)', '(3)', 'kernel size'])
    err('conv1d/error/stride-length', 'conv1d', [x_([1, 3, 7]), w_([2, 3, 3])], ['conv1d', 'stride', '[1, 2]'], {'stride': [1, 2]})

    gen_pad(fam)
    # 3 x 3 stride-1 convolutions with 8 or more channels each way (the CPU backend runs these by
    # Winograd's F(2 x 2, 3 x 3)): odd output sizes, no padding, a transposed input, no bias
    add('conv2d/winograd-padding1', 'conv2d', [x_([2, 9, 7, 6]), w_([10, 9, 3, 3]), w_([10])], {'padding': 1})
    add('conv2d/winograd-valid-odd', 'conv2d', [x_([1, 8, 7, 11]), w_([8, 8, 3, 3]), w_([8])], {})
    add('conv2d/winograd-padding2-transposed', 'conv2d', [T(make([2, 8, 9, 5]), [['transpose', 2, 3]]), w_([12, 8, 3, 3])], {'padding': 2})
    return fam


def gen_pad(fam):
    add, err = fam.add, fam.err
    add('pad/constant/last-dim', 'pad', [x_([2, 3]), [1, 2]])
    add('pad/constant/two-dims', 'pad', [x_([1, 2, 3, 4]), [1, 0, 2, 1]])
    add('pad/constant/three-dims', 'pad', [x_([2, 2, 3, 2]), [0, 1, 1, 1, 2, 0]])
    add('pad/constant/all-dims', 'pad', [x_([2, 3]), [1, 1, 1, 1]])
    add('pad/constant/value', 'pad', [x_([2, 3]), [2, 1]], {'value': 2.5})
    add('pad/constant/negative', 'pad', [x_([3, 5]), [-1, -2, 1, -1]])
    add('pad/constant/crop-to-empty', 'pad', [x_([2, 3]), [-2, -1]])
    add('pad/constant/empty', 'pad', [x_([2, 3]), []])
    add('pad/constant/mode-explicit', 'pad', [x_([2, 2, 3]), [1, 1]], {'mode': 'constant', 'value': -1.5})
    add('pad/constant/int64', 'pad', [T(make([2, 3], 'int64')), [1, 1]], {'value': 7})
    add('pad/constant/float64', 'pad', [x_([2, 3], 'float64'), [2, 0, 0, 1]])
    add('pad/constant/transposed-input', 'pad', [T(make([4, 3]), [['transpose', 0, 1]]), [1, 2, 0, 1]])
    for mode in ['reflect', 'replicate', 'circular']:
        add(f'pad/{mode}/1d', 'pad', [x_([2, 3, 5]), [2, 1]], {'mode': mode})
        add(f'pad/{mode}/2d', 'pad', [x_([2, 2, 4, 5]), [1, 2, 3, 1]], {'mode': mode})
        if mode != 'circular':  # PyTorch 1.13 pads only batched inputs circularly (an error case below)
            add(f'pad/{mode}/1d-unbatched', 'pad', [x_([3, 4]), [1, 3]], {'mode': mode})
            add(f'pad/{mode}/2d-unbatched', 'pad', [x_([2, 4, 3]), [2, 2, 1, 0]], {'mode': mode})
        add(f'pad/{mode}/3d', 'pad', [x_([1, 2, 3, 4, 3]), [1, 1, 2, 0, 1, 2]], {'mode': mode})
        add(f'pad/{mode}/negative', 'pad', [x_([1, 3, 5]), [-1, 2]], {'mode': mode})
        add(f'pad/{mode}/float64', 'pad', [x_([1, 3, 4], 'float64'), [1, 2]], {'mode': mode})
    err('pad/error/odd-length', 'pad', [x_([2, 3]), [1]], ['pad', 'divisible by 2'])
    err('pad/error/too-long', 'pad', [x_([2, 3]), [1, 1, 1, 1, 1, 1]], ['pad', 'too large'])
    err('pad/error/negative-size', 'pad', [x_([2, 3]), [-2, -2]], ['pad', '-2', 'negative'])
    err('pad/error/reflect-too-large', 'pad', [x_([1, 2, 3]), [3, 3]], ['pad', 'padding (3, 3)', 'dimension 2'], {'mode': 'reflect'})
    err('pad/error/reflect-2d-too-large', 'pad', [x_([1, 3, 3]), [1, 1, 1, 3]], ['pad', 'padding (1, 3)', 'dimension 1'], {'mode': 'reflect'})
    err('pad/error/reflect-value', 'pad', [x_([1, 3, 3]), [1, 1]], ['pad', 'reflect', 'value'], {'mode': 'reflect', 'value': 1.5})
    err('pad/error/mode', 'pad', [x_([1, 3, 3]), [1, 1]], ['pad', 'foo'], {'mode': 'foo'})
    err('pad/error/reflect-dims', 'pad', [x_([1, 1, 3, 3]), [1, 1]], ['pad', 'non-constant'], {'mode': 'reflect'})
    err('pad/error/replicate-1d-input', 'pad', [x_([3]), [1, 1]], ['pad', 'non-constant'], {'mode': 'replicate'})
    err('pad/error/replicate-too-negative', 'pad', [x_([1, 3, 3]), [-2, -2]], ['pad', 'too small'], {'mode': 'replicate'})
    err('pad/error/circular-wraps', 'pad', [x_([1, 3, 3]), [4, 1]], ['pad', 'wrapping around more than once'], {'mode': 'circular'})
    err('pad/error/circular-unbatched', 'pad', [x_([2, 4, 3]), [2, 2, 1, 0]], ['pad', 'circular', 'expected 2', 'got 4'], {'mode': 'circular'})
    err('pad/error/reflect-int', 'pad', [T(make([1, 3, 3], 'int64')), [1, 1]], ['pad', 'Long'], {'mode': 'reflect'})


# --------------------------------------------------------------------------------------------------
# nn-pool.json: maxPool2d, avgPool2d, adaptiveAvgPool2d
# --------------------------------------------------------------------------------------------------


def gen_pool():
    fam = NNFamily('nn-pool', 402)
    add, err = fam.add, fam.err

    # distinct values (ramp) keep the argmax unique, so gradients are well defined
    def r(shape, dtype='float32'):
        return T(ramp(shape, dtype))

    mp = [
        ('k2', [2, 3, 6, 6], 2, {}),
        ('k3-s2', [2, 2, 7, 7], 3, {'stride': 2}),
        ('k-tuple-s-tuple', [1, 2, 7, 8], [2, 3], {'stride': [1, 2]}),
        ('overlapping', [1, 2, 5, 5], 3, {'stride': 1}),
        ('padding1', [1, 2, 5, 6], 3, {'stride': 2, 'padding': 1}),
        ('padding-tuple', [1, 2, 6, 5], [2, 3], {'padding': [1, 1]}),
        ('dilation2', [1, 2, 8, 8], 3, {'dilation': 2}),
        ('dilation-padding', [1, 1, 9, 7], 3, {'stride': 2, 'dilation': [2, 1], 'padding': 1}),
        ('ceil-mode', [1, 2, 7, 7], 2, {'ceilMode': True}),
        ('ceil-mode-k3-s2', [1, 2, 6, 8], 3, {'stride': 2, 'ceilMode': True}),
        ('ceil-mode-padding', [1, 1, 6, 6], 3, {'stride': 2, 'padding': 1, 'ceilMode': True}),
        ('ceil-mode-no-effect', [1, 1, 6, 6], 2, {'ceilMode': True}),
        ('stride-null', [1, 2, 4, 6], 2, {'stride': None}),
        ('odd-sizes', [2, 1, 9, 5], [3, 2], {'stride': [2, 2]}),
        ('mnist-like', [2, 4, 28, 28], 2, {}),
    ]
    for name, xs, k, kw in mp:
        add(f'maxPool2d/{name}', 'maxPool2d', [r(xs), k], kw)
    add('maxPool2d/return-indices', 'maxPool2d', [r([2, 2, 5, 6]), 2], {'returnIndices': True})
    add('maxPool2d/return-indices-padding-ceil', 'maxPool2d', [r([1, 2, 7, 7]), 3], {'stride': 2, 'padding': 1, 'ceilMode': True, 'returnIndices': True})
    add('maxPool2d/unbatched', 'maxPool2d', [r([3, 6, 5]), 2], {})
    add('maxPool2d/unbatched-indices', 'maxPool2d', [r([2, 5, 5]), 3], {'stride': 2, 'returnIndices': True})
    add('maxPool2d/float64', 'maxPool2d', [r([1, 2, 6, 6], 'float64'), 3], {'stride': 2, 'padding': 1})
    add('maxPool2d/ties', 'maxPool2d', [T(tns([[[[1., 1., 0.5, 2.], [1., 0., 2., 2.], [-1., -1., 3., 3.], [-1., -1., 3., 3.]]]], 'float32')), 2], {'returnIndices': True})
    add('maxPool2d/ties-overlapping', 'maxPool2d', [T(tns([[[[1., 1., 1.], [1., 1., 1.], [1., 1., 1.]]]], 'float32')), 2], {'stride': 1, 'returnIndices': True})
    add('maxPool2d/nan-and-inf', 'maxPool2d', [T(tns([[[[1., float('nan'), 0., 2.], [float('-inf'), float('-inf'), 2., float('nan')],
                                                         [float('inf'), 0., float('-inf'), float('-inf')], [1., 5., float('-inf'), float('-inf')]]]], 'float32')), 2],
        {'returnIndices': True}, grad=False)
    add('maxPool2d/transposed-input', 'maxPool2d', [T(ramp([1, 2, 6, 5]), [['transpose', 2, 3]]), 2], {})
    add('maxPool2d/empty-batch', 'maxPool2d', [r([0, 2, 4, 4]), 2], {})

    err('maxPool2d/error/kernel-size-length', 'maxPool2d', [r([1, 1, 4, 4]), [1, 2, 3]], ['max_pool2d', 'kernel_size'])
    err('maxPool2d/error/stride-length', 'maxPool2d', [r([1, 1, 4, 4]), 2], ['max_pool2d', 'stride'], {'stride': [1, 2, 3]})
    err('maxPool2d/error/pad-too-large', 'maxPool2d', [r([1, 1, 4, 4]), 2], ['max_pool2d', 'pad should be at most half of kernel size', 'pad=2', 'kernel_size=2'], {'padding': 2})
    err('maxPool2d/error/negative-pad', 'maxPool2d', [r([1, 1, 4, 4]), 2], ['max_pool2d', 'pad must be non-negative', '-1'], {'padding': -1})
    err('maxPool2d/error/kernel-zero', 'maxPool2d', [r([1, 1, 4, 4]), 0], ['max_pool2d', 'stride should not be zero'])
    err('maxPool2d/error/kernel-zero-strided', 'maxPool2d', [r([1, 1, 4, 4]), 0], ['max_pool2d', 'kernel size should be greater than zero'], {'stride': 1})
    err('maxPool2d/error/stride-zero', 'maxPool2d', [r([1, 1, 4, 4]), 2], ['max_pool2d', 'stride should not be zero'], {'stride': 0})
    err('maxPool2d/error/dilation-zero', 'maxPool2d', [r([1, 1, 4, 4]), 2], ['max_pool2d', 'dilation should be greater than zero'], {'dilation': 0})
    err('maxPool2d/error/output-too-small', 'maxPool2d', [r([1, 1, 2, 2]), 3], ['max_pool2d', '(1x2x2)', '(1x0x0)', 'Output size is too small'])
    err('maxPool2d/error/input-2d', 'maxPool2d', [r([4, 4]), 2], ['max_pool2d', '3D or 4D'])
    err('maxPool2d/error/empty-channels', 'maxPool2d', [r([1, 0, 4, 4]), 2], ['max_pool2d', '[1, 0, 4, 4]'])
    err('maxPool2d/error/int64', 'maxPool2d', [T(make([1, 1, 4, 4], 'int64')), 2], ['max_pool2d', 'Long'])

    ap = [
        ('k2', [2, 3, 6, 6], 2, {}),
        ('k3-s2', [2, 2, 7, 7], 3, {'stride': 2}),
        ('k-tuple-s-tuple', [1, 2, 7, 8], [2, 3], {'stride': [1, 2]}),
        ('overlapping', [1, 2, 5, 5], 3, {'stride': 1}),
        ('padding-include', [1, 2, 5, 6], 3, {'stride': 2, 'padding': 1}),
        ('padding-exclude', [1, 2, 5, 6], 3, {'stride': 2, 'padding': 1, 'countIncludePad': False}),
        ('padding-tuple', [1, 2, 6, 5], [2, 3], {'padding': [1, 1]}),
        ('ceil-mode', [1, 2, 7, 7], 2, {'ceilMode': True}),
        ('ceil-mode-padding-include', [1, 1, 6, 7], 3, {'stride': 2, 'padding': 1, 'ceilMode': True}),
        ('ceil-mode-padding-exclude', [1, 1, 6, 7], 3, {'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}),
        ('divisor-override', [1, 2, 6, 6], 2, {'divisorOverride': 3}),
        ('divisor-override-padding', [1, 1, 5, 5], 3, {'stride': 2, 'padding': 1, 'divisorOverride': 5}),
        ('odd-sizes', [2, 1, 9, 5], [3, 2], {'stride': [2, 2]}),
    ]
    for name, xs, k, kw in ap:
        add(f'avgPool2d/{name}', 'avgPool2d', [x_(xs), k], kw)
    add('avgPool2d/unbatched', 'avgPool2d', [x_([3, 6, 5]), 2], {})
    add('avgPool2d/float64', 'avgPool2d', [x_([1, 2, 6, 6], 'float64'), 3], {'stride': 2, 'padding': 1})
    add('avgPool2d/int64', 'avgPool2d', [T(make([1, 2, 5, 5], 'int64')), 2], {})
    add('avgPool2d/int64-padding', 'avgPool2d', [T(make([1, 1, 5, 5], 'int64')), 3], {'stride': 2, 'padding': 1, 'countIncludePad': False})
    add('avgPool2d/transposed-input', 'avgPool2d', [T(make([1, 2, 6, 5]), [['transpose', 2, 3]]), 2], {})
    err('avgPool2d/error/kernel-size-length', 'avgPool2d', [x_([1, 1, 4, 4]), [1, 2, 3]], ['avg_pool2d', 'kernel_size'])
    err('avgPool2d/error/pad-too-large', 'avgPool2d', [x_([1, 1, 4, 4]), 2], ['avg_pool2d', 'pad should be at most half of kernel size'], {'padding': 2})
    err('avgPool2d/error/divisor-zero', 'avgPool2d', [x_([1, 1, 4, 4]), 2], ['avg_pool2d', 'divisor must be not zero'], {'divisorOverride': 0})
    err('avgPool2d/error/output-too-small', 'avgPool2d', [x_([1, 1, 2, 2]), 3], ['avg_pool2d', 'Output size is too small'])
    err('avgPool2d/error/stride-zero', 'avgPool2d', [x_([1, 1, 4, 4]), 2], ['avg_pool2d', 'stride should not be zero'], {'stride': 0})
    err('avgPool2d/error/int32', 'avgPool2d', [T(make([1, 1, 4, 4], 'int32')), 2], ['avg_pool2d', 'Int'])

    aap = [
        ('divisible', [2, 3, 6, 8], [3, 4]),
        ('non-divisible', [2, 2, 5, 7], [3, 4]),
        ('non-divisible-2', [1, 2, 10, 9], [4, 5]),
        ('upsample', [1, 2, 3, 2], [5, 4]),
        ('int-size', [1, 2, 7, 5], 3),
        ('one', [2, 3, 4, 5], 1),
        ('none-height', [1, 2, 5, 7], [None, 3]),
        ('none-width', [1, 2, 5, 7], [2, None]),
        ('same-size', [1, 2, 3, 4], [3, 4]),
    ]
    for name, xs, size in aap:
        add(f'adaptiveAvgPool2d/{name}', 'adaptiveAvgPool2d', [x_(xs), size])
    add('adaptiveAvgPool2d/unbatched', 'adaptiveAvgPool2d', [x_([3, 7, 6]), [4, 3]])
    add('adaptiveAvgPool2d/float64', 'adaptiveAvgPool2d', [x_([1, 2, 7, 5], 'float64'), [3, 2]])
    add('adaptiveAvgPool2d/zero-size', 'adaptiveAvgPool2d', [x_([1, 2, 4, 4]), [0, 2]])
    add('adaptiveAvgPool2d/transposed-input', 'adaptiveAvgPool2d', [T(make([1, 2, 6, 5]), [['transpose', 2, 3]]), [2, 4]])
    err('adaptiveAvgPool2d/error/input-2d', 'adaptiveAvgPool2d', [x_([4, 4]), 2], ['adaptive_avg_pool2d', '3D or 4D', '[4, 4]'])
    err('adaptiveAvgPool2d/error/negative', 'adaptiveAvgPool2d', [x_([1, 4, 4]), [-1, 2]], ['adaptive_avg_pool2d', 'greater than or equal to 0', '-1'])
    err('adaptiveAvgPool2d/error/empty-dim', 'adaptiveAvgPool2d', [x_([1, 0, 4]), [2, 2]], ['adaptive_avg_pool2d', 'non-zero size', '[1, 0, 4]'])
    err('adaptiveAvgPool2d/error/int64', 'adaptiveAvgPool2d', [T(make([1, 5, 4], 'int64')), 2], ['adaptive_avg_pool2d', 'Long'])
    return fam


GENERATORS = [gen_conv, gen_pool]


def main():
    total = 0
    for gen in GENERATORS:
        fam = gen()
        path, n, size = fam.write()
        total += n
        print(f'{os.path.relpath(path)}: {n} cases, {size / 1024:.1f} KiB')
    print(f'total: {total} cases (PyTorch {torch.__version__})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
