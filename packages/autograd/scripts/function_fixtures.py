#!/usr/bin/env python3
"""Custom torch.autograd.Function subclasses run by PyTorch 1.13: outputs, grad_fn names,
needs_input_grad, the inputs' gradients, and the errors for bad backward results, for
test/function.test.ts, which defines the same classes with @x/autograd's Function.

    /usr/bin/python3 packages/autograd/scripts/function_fixtures.py
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'conformance', 'scripts'))
from generate_fixtures import enc_tensor  # noqa: E402

torch.manual_seed(0)


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class MulAdd(torch.autograd.Function):
    """x * y + alpha, with a non-tensor input; only the gradients that are needed."""

    @staticmethod
    def forward(ctx, x, y, alpha):
        ctx.save_for_backward(x, y)
        ctx.alpha = alpha
        return x * y + alpha

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gx = g * y if ctx.needs_input_grad[0] else None
        gy = g * x if ctx.needs_input_grad[1] else None
        return gx, gy, None


class SortWithIndices(torch.autograd.Function):
    """Two outputs, the second (indices) non-differentiable."""

    @staticmethod
    def forward(ctx, x):
        values, indices = x.sort()
        ctx.save_for_backward(indices)
        ctx.mark_non_differentiable(indices)
        return values, indices

    @staticmethod
    def backward(ctx, g_values, g_indices):
        (indices,) = ctx.saved_tensors
        return torch.zeros_like(g_values).scatter(0, indices, g_values)


class ScaleInplace(torch.autograd.Function):
    """Modifies its input in place (mark_dirty) and returns it."""

    @staticmethod
    def forward(ctx, x, s):
        ctx.s = s
        x.mul_(s)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * ctx.s, None


class Broadcasting(torch.autograd.Function):
    """Returns a gradient of a shape the input broadcasts to: PyTorch sums it down."""

    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g.expand(2, *g.shape) * 1.5


class NoSave(torch.autograd.Function):
    """Saves nothing: a second backward through it runs again in PyTorch."""

    @staticmethod
    def forward(ctx, x):
        return x * 3

    @staticmethod
    def backward(ctx, g):
        return g * 3


class WrongCount(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g, g


class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g[:2]


def leaf(shape, requires_grad=True):
    return torch.randn(shape).requires_grad_(requires_grad)


def case(name, fn, inputs, extra=(), seed_outputs=None, second_backward=False):
    """Runs fn.apply(*inputs, *extra), backward from seeded gradients, and records it all."""
    ins = [t.detach().clone().requires_grad_(t.requires_grad) for t in inputs]
    args = [t.clone() if name == 'ScaleInplace' else t for t in ins]  # mark_dirty needs a non-leaf
    seen = {}

    def forward(ctx, *a):  # records needs_input_grad as forward saw it
        seen['needs'] = list(ctx.needs_input_grad)
        return fn.forward(ctx, *a)
    # a subclass of the same name, so that its node is named as fn's (FunctionMeta names it at creation)
    probe = type(fn.__name__, (fn,), {'forward': staticmethod(forward)})
    out = probe.apply(*args, *extra)
    outs = list(out) if isinstance(out, tuple) else [out]
    record = {
        'name': name,
        'inputs': [enc_tensor(t) for t in ins],
        'requires_grad': [t.requires_grad for t in ins],
        'extra': list(extra),
        'needs_input_grad': seen['needs'],
        'outputs': [enc_tensor(o) for o in outs],
        'grad_fn': [type(o.grad_fn).__name__ if o.grad_fn is not None else None for o in outs],
        'requires_grad_out': [o.requires_grad for o in outs],
    }
    diff = [o for o in outs if o.requires_grad]
    seeds = [torch.randn(o.shape) for o in diff]
    record['grad_outputs'] = [enc_tensor(s) for s in seeds]
    try:
        torch.autograd.backward(diff, seeds, retain_graph=second_backward)
    except RuntimeError as e:
        record['error'] = str(e)
        return record
    record['grads'] = [enc_tensor(t.grad) if t.grad is not None else None for t in ins]
    if second_backward:
        torch.autograd.backward(diff, seeds)
        try:
            torch.autograd.backward(diff, seeds)
            record['third_backward_throws'] = False
        except RuntimeError as e:
            assert 'second time' in str(e), e
            record['third_backward_throws'] = True
    return record


def main():
    cases = [
        case('Exp', Exp, [leaf([2, 3])], second_backward=True),
        case('MulAdd/both', MulAdd, [leaf([4]), leaf([4])], extra=(0.5,)),
        case('MulAdd/only-x', MulAdd, [leaf([4]), leaf([4], False)], extra=(2.0,)),
        case('SortWithIndices', SortWithIndices, [leaf([5])]),
        case('ScaleInplace', ScaleInplace, [leaf([3])], extra=(2.5,)),
        case('Broadcasting', Broadcasting, [leaf([3])]),
        case('NoSave', NoSave, [leaf([2])], second_backward=True),
        case('WrongCount', WrongCount, [leaf([3])]),
        case('WrongShape', WrongShape, [leaf([3])]),
    ]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'function.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, indent=1)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), os.path.normpath(path)))


if __name__ == '__main__':
    main()
