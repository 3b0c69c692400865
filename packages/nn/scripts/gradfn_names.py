#!/usr/bin/env python3
"""The grad_fn names PyTorch 1.13 gives the results of common ops and nn.functional calls (what a
user sees printing loss.grad_fn), and whether a second backward through each result's freed graph
raises, for test/gradfn-names.test.ts, which writes the same expressions.

    /usr/bin/python3 packages/nn/scripts/gradfn_names.py
"""
import json
import os

import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(4, 5, requires_grad=True)
w = torch.randn(3, 5, requires_grad=True)
b = torch.randn(3, requires_grad=True)
t = torch.tensor([0, 2, 1, 1])
img = torch.randn(2, 1, 6, 6, requires_grad=True)
k = torch.randn(2, 1, 3, 3, requires_grad=True)
tgt = torch.rand(4, 5)
E = {
 'mean': lambda: x.mean(), 'mean_dim': lambda: x.mean(1), 'sum': lambda: x.sum(), 'sum_dim': lambda: x.sum(0),
 'var': lambda: x.var(), 'std': lambda: x.std(), 'softmax': lambda: F.softmax(x, 1), 'log_softmax': lambda: F.log_softmax(x, 1),
 'cross_entropy': lambda: F.cross_entropy(x, t), 'nll': lambda: F.nll_loss(x, t), 'mse': lambda: F.mse_loss(x, tgt),
 'l1': lambda: F.l1_loss(x, tgt), 'bce': lambda: F.binary_cross_entropy(torch.sigmoid(x), tgt), 'bce_logits': lambda: F.binary_cross_entropy_with_logits(x, tgt),
 'smooth_l1': lambda: F.smooth_l1_loss(x, tgt), 'huber': lambda: F.huber_loss(x, tgt),
 'linear': lambda: F.linear(x, w, b), 'linear_nobias': lambda: F.linear(x, w), 'matmul2d': lambda: x.matmul(w.t()), 't': lambda: x.t(), 'T': lambda: x.T,
 'view': lambda: x.view(20), 'reshape': lambda: x.reshape(20), 'flatten': lambda: x.flatten(), 'relu': lambda: x.relu(), 'sigmoid': lambda: x.sigmoid(),
 'tanh': lambda: x.tanh(), 'gelu': lambda: F.gelu(x), 'silu': lambda: F.silu(x), 'elu': lambda: F.elu(x), 'leaky_relu': lambda: F.leaky_relu(x),
 'clamp': lambda: x.clamp(-1, 1), 'clamp_min': lambda: x.clamp(min=0), 'abs': lambda: x.abs(), 'pow': lambda: x.pow(2), 'exp': lambda: x.exp(), 'sub': lambda: x - 1,
 'div_scalar': lambda: x / 2, 'mul_scalar': lambda: x * 2, 'add_scalar': lambda: x + 1, 'neg': lambda: -x,
 'select': lambda: x[0], 'slice': lambda: x[1:], 'expand': lambda: x[0:1].expand(3, 5), 'squeeze': lambda: x[0:1].squeeze(0), 'unsqueeze': lambda: x.unsqueeze(0),
 'cat': lambda: torch.cat([x, x]), 'stack': lambda: torch.stack([x, x]), 'gather': lambda: x.gather(1, t.view(4, 1)), 'max_all': lambda: x.max(), 'max_dim': lambda: x.max(1)[0],
 'amax': lambda: x.amax(1), 'logsumexp': lambda: x.logsumexp(1), 'norm': lambda: x.norm(), 'prod': lambda: x.prod(), 'cumsum': lambda: x.cumsum(1),
 'layer_norm': lambda: F.layer_norm(x, (5,)), 'batch_norm': lambda: F.batch_norm(x, None, None, training=True), 'dropout': lambda: F.dropout(x, 0.5, True),
 'conv2d': lambda: F.conv2d(img, k), 'max_pool2d': lambda: F.max_pool2d(img, 2), 'avg_pool2d': lambda: F.avg_pool2d(img, 2), 'adaptive_avg': lambda: F.adaptive_avg_pool2d(img, 1),
 'embedding': lambda: F.embedding(t, w), 'where': lambda: torch.where(x > 0, x, x * 2), 'masked_fill': lambda: x.masked_fill(x > 0, 0), 'index_select': lambda: x.index_select(0, t),
 'mask_index': lambda: x[x > 0], 'tensor_index': lambda: x[t], 'clone': lambda: x.clone(), 'to64': lambda: x.double(), 'flip': lambda: x.flip(0), 'sort': lambda: x.sort(1)[0], 'topk': lambda: x.topk(2)[0],
 'permute': lambda: x.permute(1, 0), 'transpose': lambda: x.transpose(0, 1), 'repeat': lambda: x.repeat(2, 1), 'narrow': lambda: x.narrow(0, 1, 2), 'split': lambda: x.split(2)[0], 'chunk': lambda: x.chunk(2)[1],
 'pad': lambda: F.pad(x, (1, 1)), 'sqrt_abs': lambda: x.abs().sqrt(), 'log_softmax_dim0': lambda: F.log_softmax(x, 0), 'dot': lambda: x[0].dot(x[1]), 'outer': lambda: torch.outer(x[0], x[1]),
 'mm': lambda: torch.mm(x, w.t()), 'bmm': lambda: torch.bmm(x.view(1, 4, 5), w.t().reshape(1, 5, 3)), 'tril': lambda: x.tril(), 'erf': lambda: x.erf(), 'atan2': lambda: torch.atan2(x, x + 3), 'maximum': lambda: torch.maximum(x, x * 2),
 'min_all': lambda: x.min(),
 'add_tensor': lambda: x + x, 'sub_tensor': lambda: x - tgt.requires_grad_(), 'triu': lambda: x.triu(), 'unbind': lambda: x.unbind(0)[1], 'roll': lambda: x.roll(1, 0),
 'sign': lambda: x.sign(), 'round': lambda: x.round(), 'floor': lambda: x.floor(), 'cumprod': lambda: x.cumprod(1), 'amin': lambda: x.amin(1),
 'movedim': lambda: x.movedim(0, 1), 'unflatten': lambda: x.unflatten(1, (5, 1)), 'squeeze_all': lambda: x[0:1].squeeze(),
}


def second_backward_throws(f):
    """Whether a second backward through f's freed graph raises (its nodes kept a saved tensor)."""
    y = f()
    g = torch.ones_like(y)
    y.backward(g)
    try:
        y.backward(g)
        return False
    except RuntimeError as e:
        assert 'second time' in str(e), e
        return True


out = {key: type(f().grad_fn).__name__ for key, f in E.items()}
second = {key: second_backward_throws(f) for key, f in E.items()}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'gradfn-names.json')
with open(path, 'w') as fh:
    json.dump({'torch': torch.__version__, 'names': out, 'second_backward_throws': second}, fh, indent=1)
    fh.write('\n')
print(f'wrote {len(out)} names to {os.path.normpath(path)}')
