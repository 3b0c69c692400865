#!/usr/bin/env python3
"""Golden values of the losses (value and gradients) from PyTorch, for packages/nn/test/losses*.test.ts.

Run with Debian's PyTorch 1.13: /usr/bin/python3 packages/nn/scripts/losses_fixtures.py
Writes packages/nn/test/fixtures/losses.json. Tensors use @x/conformance's encoding
({dtype, shape, data}, with 'nan'/'inf'/'-inf'/'-0' for what JSON cannot spell), so the tests
build them with buildTensor.

Each case runs once in float32 and once in float64 (same draws, cast). A case gives the loss and the
gradient of the input (and of a floating target, where PyTorch has one); for reduction 'none' the
backward pass starts from a random gradient (gradOut), else from 1.
"""
import json
import os
import sys
import warnings

import torch
import torch.nn.functional as F

# @x/conformance's tensor encoding, shared with its fixture generators
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'conformance', 'scripts'))
from generate_fixtures import enc_tensor as enc  # noqa: E402

DT = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32', torch.bool: 'bool'}

FNS = {
    'mseLoss': F.mse_loss,
    'l1Loss': F.l1_loss,
    'smoothL1Loss': F.smooth_l1_loss,
    'huberLoss': F.huber_loss,
    'binaryCrossEntropy': F.binary_cross_entropy,
    'binaryCrossEntropyWithLogits': F.binary_cross_entropy_with_logits,
    'crossEntropy': F.cross_entropy,
    'nllLoss': F.nll_loss,
}
# our option name -> PyTorch's keyword
KW = {'weight': 'weight', 'posWeight': 'pos_weight', 'reduction': 'reduction', 'ignoreIndex': 'ignore_index',
      'labelSmoothing': 'label_smoothing', 'beta': 'beta', 'delta': 'delta'}


def enc_num(v):
    """A JS number option: integral floats are written as ints (JS cannot tell 2.0 from 2)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


CASES = []
ERRORS = []


def case(name, fn, x, t, **opts):
    """x, t: float64 (or int64 target) tensors; opts: our option names. Emitted in both float dtypes."""
    for dtype in (torch.float32, torch.float64):
        dn = DT[dtype]
        xi = x.to(dtype).clone().requires_grad_()
        ti = t.to(dtype).clone() if t.is_floating_point() else t.clone()
        target_grad = ti.is_floating_point()
        if target_grad:
            ti.requires_grad_()
        kwargs = {}
        enc_opts = {}
        for k, v in opts.items():
            if isinstance(v, torch.Tensor):
                v = v.to(dtype)
                enc_opts[k] = enc(v)
            else:
                enc_opts[k] = enc_num(v)
            kwargs[KW[k]] = v
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            out = FNS[fn](xi, ti, **kwargs)
        entry = {'name': f'{fn}/{name}/{dn}', 'fn': fn, 'dtype': dn, 'input': enc(xi), 'target': enc(ti),
                 'options': enc_opts, 'expect': enc(out)}
        if out.numel() > 0:
            if opts.get('reduction') == 'none':
                g = torch.randn(out.shape, generator=GEN, dtype=torch.float64).to(dtype)
                entry['gradOut'] = enc(g)
                out.backward(g)
            else:
                out.backward()
            entry['grad'] = enc(xi.grad if xi.grad is not None else torch.zeros_like(xi))
            if target_grad:
                entry['targetGrad'] = enc(ti.grad if ti.grad is not None else torch.zeros_like(ti))
        CASES.append(entry)


def error(name, fn, x, t, includes, **opts):
    kwargs = {KW[k]: v for k, v in opts.items()}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            FNS[fn](x, t, **kwargs)
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        msg = str(e).split('\n')[0]
        for s in includes:
            assert s in msg, (name, s, msg)
        enc_opts = {k: (enc(v) if isinstance(v, torch.Tensor) else enc_num(v)) for k, v in opts.items()}
        ERRORS.append({'name': f'{fn}/error/{name}', 'fn': fn, 'input': enc(x), 'target': enc(t), 'options': enc_opts,
                       'torch': f'{type(e).__name__}: {msg}', 'includes': includes})
        return
    raise AssertionError(f'{name}: PyTorch accepted it')


GEN = torch.Generator().manual_seed(1234)


def randn(*shape, scale=1.0):
    return torch.randn(shape, generator=GEN, dtype=torch.float64) * scale


def rand(*shape):
    return torch.rand(shape, generator=GEN, dtype=torch.float64)


def randint(high, *shape):
    return torch.randint(0, high, shape, generator=GEN)


REDUCTIONS = ('mean', 'sum', 'none')

# ---- regression losses ----
for fn in ('mseLoss', 'l1Loss', 'smoothL1Loss', 'huberLoss'):
    x, t = randn(3, 4), randn(3, 4)
    for r in REDUCTIONS:
        case(f'basic/{r}', fn, x, t, reduction=r)
    case('broadcast-target', fn, randn(3, 1), randn(3))
    case('0d', fn, randn(), randn())
    case('empty/mean', fn, randn(0), randn(0))
    case('empty/sum', fn, randn(0), randn(0), reduction='sum')
    # ties: x == t gives diff 0 (l1's subgradient 0)
    case('ties', fn, torch.tensor([1.0, -2.0, 0.5]), torch.tensor([1.0, 0.0, 0.5]), reduction='sum')
# smooth L1 / Huber around their thresholds, ends included
d = torch.tensor([-3.0, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 3.0])
base = randn(11)
for beta in (1.0, 0.5, 0.0, 2.0):
    for r in REDUCTIONS:
        case(f'beta={beta}/{r}', 'smoothL1Loss', base + d, base, reduction=r, beta=beta)
for delta in (1.0, 0.5, 2.0):
    for r in REDUCTIONS:
        case(f'delta={delta}/{r}', 'huberLoss', base + d, base, reduction=r, delta=delta)

# ---- binary cross entropy ----
x, t = rand(3, 4) * 0.98 + 0.01, rand(3, 4)
for r in REDUCTIONS:
    case(f'basic/{r}', 'binaryCrossEntropy', x, t, reduction=r)
    case(f'weight-row/{r}', 'binaryCrossEntropy', x, t, reduction=r, weight=rand(4) * 2)
case('weight-full', 'binaryCrossEntropy', x, t, weight=rand(3, 4))
case('hard-targets', 'binaryCrossEntropy', x, (t > 0.5).double())
# log clamped at -100 at 0 and 1; the gradient's denominator clamped at 1e-12
edge_x = torch.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1e-30, 1 - 1e-7, 1e-7, 0.5])
edge_t = torch.tensor([0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 1.0, 0.0, 0.0, 0.5])
for r in REDUCTIONS:
    case(f'edges/{r}', 'binaryCrossEntropy', edge_x, edge_t, reduction=r)
case('0d', 'binaryCrossEntropy', torch.tensor(0.25), torch.tensor(1.0))

x, t = randn(3, 4, scale=3), rand(3, 4)
for r in REDUCTIONS:
    case(f'basic/{r}', 'binaryCrossEntropyWithLogits', x, t, reduction=r)
    case(f'posWeight-row/{r}', 'binaryCrossEntropyWithLogits', x, t, reduction=r, posWeight=rand(4) * 3)
    case(f'weight+posWeight/{r}', 'binaryCrossEntropyWithLogits', x, t, reduction=r, weight=rand(4), posWeight=rand(3, 1) * 3)
case('weight-full', 'binaryCrossEntropyWithLogits', x, t, weight=rand(3, 4))
case('posWeight-full', 'binaryCrossEntropyWithLogits', x, t, posWeight=rand(3, 4) * 2)
case('hard-targets', 'binaryCrossEntropyWithLogits', x, (t > 0.5).double(), posWeight=torch.tensor([1.0, 2.0, 0.5, 3.0]))
ext = torch.tensor([-1000.0, -100.0, -50.0, -20.0, -5.0, 0.0, 5.0, 20.0, 50.0, 100.0, 1000.0])
for tv in (0.0, 1.0, 0.5):
    for r in ('sum', 'none'):
        case(f'extreme/t={tv}/{r}', 'binaryCrossEntropyWithLogits', ext, torch.full_like(ext, tv), reduction=r)
case('extreme/posWeight', 'binaryCrossEntropyWithLogits', ext, torch.full_like(ext, 1.0), reduction='none', posWeight=torch.tensor(2.5))
case('0d', 'binaryCrossEntropyWithLogits', torch.tensor(-0.5), torch.tensor(1.0))

# ---- cross entropy and NLL ----
N, C = 5, 4
x = randn(N, C, scale=2)
t = randint(C, N)
w = rand(C) + 0.5
t_ign = t.clone()
t_ign[1] = -100
t_ign[3] = -100
t_all = torch.full((N,), -100, dtype=torch.long)
probs = torch.softmax(randn(N, C), 1)
for r in REDUCTIONS:
    case(f'basic/{r}', 'crossEntropy', x, t, reduction=r)
    case(f'weight/{r}', 'crossEntropy', x, t, reduction=r, weight=w)
    case(f'ignore/{r}', 'crossEntropy', x, t_ign, reduction=r)
    case(f'weight+ignore/{r}', 'crossEntropy', x, t_ign, reduction=r, weight=w)
    case(f'ignoreIndex=2/{r}', 'crossEntropy', x, t, reduction=r, ignoreIndex=2, weight=w)
    case(f'all-ignored/{r}', 'crossEntropy', x, t_all, reduction=r)
    case(f'all-ignored+weight/{r}', 'crossEntropy', x, t_all, reduction=r, weight=w)
    case(f'smoothing/{r}', 'crossEntropy', x, t, reduction=r, labelSmoothing=0.1)
    case(f'smoothing+weight/{r}', 'crossEntropy', x, t, reduction=r, labelSmoothing=0.2, weight=w)
    case(f'smoothing+weight+ignore/{r}', 'crossEntropy', x, t_ign, reduction=r, labelSmoothing=0.3, weight=w)
    case(f'smoothing+all-ignored/{r}', 'crossEntropy', x, t_all, reduction=r, labelSmoothing=0.1)
    case(f'probs/{r}', 'crossEntropy', x, probs, reduction=r)
    case(f'probs+weight/{r}', 'crossEntropy', x, probs, reduction=r, weight=w)
    case(f'probs+smoothing/{r}', 'crossEntropy', x, probs, reduction=r, labelSmoothing=0.25)
    case(f'probs+smoothing+weight/{r}', 'crossEntropy', x, probs, reduction=r, labelSmoothing=0.25, weight=w)
case('smoothing=1', 'crossEntropy', x, t, labelSmoothing=1.0, weight=w)
case('smoothing-negative-is-ignored', 'crossEntropy', x, t, labelSmoothing=-0.5)
case('extreme-logits', 'crossEntropy', torch.tensor([[1000.0, -1000.0, 0.0], [-50.0, 50.0, 49.0], [1e4, 1e4, -1e4]]),
     torch.tensor([1, 0, 2]))
case('many-classes', 'crossEntropy', randn(3, 50, scale=3), randint(50, 3), weight=rand(50))
# K-dimensional: [N, C, d1, ...] (3-d and 5-d go through PyTorch's reshape to nll_loss2d; 4-d is nll_loss2d)
for shape in ((2, 3, 4), (2, 3, 2, 3), (2, 3, 2, 1, 2)):
    k = '-'.join(map(str, shape))
    xk = randn(*shape)
    tk = randint(3, shape[0], *shape[2:])
    tk_ign = tk.clone()
    tk_ign.view(-1)[::3] = 1  # ignoreIndex=1 below
    wk = rand(3) + 0.5
    pk = torch.softmax(randn(*shape), 1)
    for r in REDUCTIONS:
        case(f'kdim/{k}/{r}', 'crossEntropy', xk, tk, reduction=r)
        case(f'kdim/{k}/weight+ignore/{r}', 'crossEntropy', xk, tk_ign, reduction=r, weight=wk, ignoreIndex=1)
        case(f'kdim/{k}/smoothing+weight+ignore/{r}', 'crossEntropy', xk, tk_ign, reduction=r, weight=wk, ignoreIndex=1, labelSmoothing=0.15)
        case(f'kdim/{k}/probs+weight/{r}', 'crossEntropy', xk, pk, reduction=r, weight=wk, labelSmoothing=0.1)
        case(f'kdim/{k}/nll/{r}', 'nllLoss', torch.log_softmax(xk, 1), tk_ign, reduction=r, weight=wk, ignoreIndex=1)
# unbatched: input [C], 0-d target (or probabilities [C])
xu = randn(C)
for r in REDUCTIONS:
    case(f'unbatched/{r}', 'crossEntropy', xu, torch.tensor(2), reduction=r)
    case(f'unbatched/weight/{r}', 'crossEntropy', xu, torch.tensor(1), reduction=r, weight=w)
    case(f'unbatched/ignored/{r}', 'crossEntropy', xu, torch.tensor(-100), reduction=r)
    case(f'unbatched/smoothing+weight/{r}', 'crossEntropy', xu, torch.tensor(3), reduction=r, weight=w, labelSmoothing=0.2)
    case(f'unbatched/probs/{r}', 'crossEntropy', xu, probs[0], reduction=r, weight=w)
    case(f'unbatched/nll/{r}', 'nllLoss', xu, torch.tensor(0), reduction=r, weight=w)
lp = torch.log_softmax(x, 1)
for r in REDUCTIONS:
    case(f'basic/{r}', 'nllLoss', lp, t, reduction=r)
    case(f'weight/{r}', 'nllLoss', lp, t, reduction=r, weight=w)
    case(f'weight+ignore/{r}', 'nllLoss', lp, t_ign, reduction=r, weight=w)
    case(f'ignoreIndex=0/{r}', 'nllLoss', lp, t, reduction=r, ignoreIndex=0)
    case(f'all-ignored/{r}', 'nllLoss', lp, t_all, reduction=r, weight=w)
    case(f'raw-scores/{r}', 'nllLoss', x, t, reduction=r)  # NLL of any input, not only log-probabilities
case('empty-batch/sum', 'crossEntropy', randn(0, C), torch.zeros(0, dtype=torch.long), reduction='sum')
case('empty-batch/mean', 'crossEntropy', randn(0, C), torch.zeros(0, dtype=torch.long))

# ---- errors (PyTorch's messages; ours must contain `includes`) ----
xe = randn(4, 3).float()
error('float-target', 'crossEntropy', xe, torch.tensor([0.0, 1.0, 2.0, 1.0]), ['expected scalar type Long but found Float'])
error('int32-target', 'crossEntropy', xe, torch.tensor([0, 1, 2, 1], dtype=torch.int32), ['expected scalar type Long but found Int'])
error('target-out-of-range', 'crossEntropy', xe, torch.tensor([0, 1, 10, 1]), ['Target 10 is out of bounds.'])
error('negative-target', 'crossEntropy', xe, torch.tensor([0, 1, -1, 1]), ['Target -1 is out of bounds.'])
error('nll-target-out-of-range', 'nllLoss', xe, torch.tensor([0, 3, 1, 1]), ['Target 3 is out of bounds.'])
error('batch-size', 'crossEntropy', randn(64, 10).float(), torch.zeros(32, dtype=torch.long),
      ['Expected input batch_size (64) to match target batch_size (32).'])
error('nll-batch-size', 'nllLoss', randn(64, 10).float(), torch.zeros(32, dtype=torch.long),
      ['Expected input batch_size (64) to match target batch_size (32).'])
error('long-probabilities', 'crossEntropy', xe, torch.zeros(4, 3, dtype=torch.long),
      ['Expected floating point type for target with class probabilities, got Long'])
error('multi-target', 'crossEntropy', xe, torch.zeros(4, 2, dtype=torch.long), ['0D or 1D target tensor expected, multi-target not supported'])
error('kdim-target-size', 'crossEntropy', randn(2, 3, 4).float(), torch.zeros(2, 5, dtype=torch.long), ['Expected target size [2, 4], got [2, 5]'])
error('kdim5-target-size', 'crossEntropy', randn(2, 3, 4, 5, 6).float(), torch.zeros(2, 4, dtype=torch.long),
      ['Expected target size [2, 4, 5, 6], got [2, 4]'])
error('4d-target-dims', 'crossEntropy', randn(2, 3, 4, 5).float(), torch.zeros(2, 4, dtype=torch.long),
      ['only batches of spatial targets supported (3D tensors) but got targets of dimension: 2'])
error('4d-target-size', 'crossEntropy', randn(2, 3, 4, 5).float(), torch.zeros(2, 4, 6, dtype=torch.long),
      ['size mismatch (got input: [2, 3, 4, 5]', 'target: [2, 4, 6]'])
error('unbatched-size', 'crossEntropy', randn(3).float(), torch.tensor([1]), ['size mismatch (got input: [3]', 'target: [1])'])
error('weight-size', 'crossEntropy', xe, torch.zeros(4, dtype=torch.long), ['weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]'],
      weight=torch.ones(4))
error('probs-weight-size', 'crossEntropy', xe, torch.rand(4, 3, generator=GEN), ['weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]'],
      weight=torch.ones(4))
error('probs-ignore-index', 'crossEntropy', xe, torch.rand(4, 3, generator=GEN), ['ignore_index is not supported for floating point target'], ignoreIndex=1)
error('label-smoothing-range', 'crossEntropy', xe, torch.zeros(4, dtype=torch.long), ['label_smoothing must be between 0.0 and 1.0. Got: 1.5'], labelSmoothing=1.5)
error('reduction', 'crossEntropy', xe, torch.zeros(4, dtype=torch.long), ['avg is not a valid value for reduction'], reduction='avg')
error('0d-input', 'nllLoss', torch.tensor(1.0), torch.tensor(0), ['Expected 1 or more dimensions (got 0)'])
error('input-range', 'binaryCrossEntropy', torch.tensor([1.5, 0.5]), torch.tensor([1.0, 0.0]), ['all elements of input should be between 0 and 1'])
error('negative-input', 'binaryCrossEntropy', torch.tensor([-0.5, 0.5]), torch.tensor([1.0, 0.0]), ['all elements of input should be between 0 and 1'])
error('size', 'binaryCrossEntropy', torch.tensor([0.5, 0.5]), torch.tensor([1.0]),
      ['that is different to the input size', 'is deprecated. Please ensure they have the same size.'])
error('size', 'binaryCrossEntropyWithLogits', torch.tensor([0.5, 0.5]), torch.tensor([1.0]), ['must be the same as input size'])
error('negative-beta', 'smoothL1Loss', xe, xe, ['smooth_l1_loss does not support negative values for beta.'], beta=-1.0)
error('zero-delta', 'huberLoss', xe, xe, ['huber_loss does not support non-positive values for delta.'], delta=0.0)
error('reduction', 'mseLoss', xe, xe, ['mean_all is not a valid value for reduction'], reduction='mean_all')

out = {'torch': torch.__version__, 'count': len(CASES), 'cases': CASES, 'errors': ERRORS}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'losses.json')
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
    f.write('\n')
print(f'wrote {len(CASES)} cases and {len(ERRORS)} errors to {os.path.normpath(path)}')
