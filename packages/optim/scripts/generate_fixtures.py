#!/usr/bin/env python3
"""Golden fixtures for @x/optim, computed by PyTorch 1.13's torch.optim.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 packages/optim/scripts/generate_fixtures.py

It rewrites packages/optim/fixtures/*.json:

- sgd.json, adam.json, adamw.json, rmsprop.json, adadelta.json, adagrad.json: for a grid of options (each option on and off, float32
  and float64), the parameters after each of STEPS steps on a fixed problem, and the optimizer's
  state_dict() at the end (and, for a few cases, after RESUME_AT steps, to resume from).
- pow.json: x ** n as Python computes it, for the bias corrections' powers.
- libm.json: x ** y and math.cos(x) as Python computes them (C's libm), for the schedulers, with the
  correctly rounded value (mpmath; apt-get install -y python3-mpmath) where glibc's differs.
- repr.json: print(optimizer) for a few optimizers, option sets and param groups.
- lr_scheduler.json: for each scheduler configuration, the learning rates after construction and
  after each of ~30 steps, and the scheduler's state_dict() at the end.

The problem: five parameters in two groups (the second with its own lr); four of them get a loss
    sum(r*r) + K * sum((r*r)*(r*r)),   r = p*x - y   (x, y fixed per parameter),
quadratic plus a quartic term, and the fifth never gets a gradient (the optimizer must skip it and keep
no state for it). Each tensor feeds at most two ops, so autograd's sums of gradient contributions are
of two terms, which any order computes alike: the gradients are bit-identical in any correct engine,
and the trajectories test the optimizers' arithmetic alone.

ATEN_CPU_CAPABILITY=default: PyTorch's AVX2/AVX512 kernels compute add(alpha=)/addcmul with a fused
multiply-add (one rounding), so their float32 results depend on the CPU that generated them. The
default kernels do the plain IEEE operations in the order the Python source shows, which is what the
single-tensor optimizers specify; with them the fixtures are machine-independent and an exact
implementation reproduces them bit for bit.

Values are written in their shortest round-tripping form for their dtype (float32 values as the
shortest decimal that reads back as the same float32), so a rerun gives the same bytes.
"""

import os

os.environ['ATEN_CPU_CAPABILITY'] = 'default'  # must be set before torch loads its kernels

import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

warnings.simplefilter('ignore')
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, '..', 'fixtures'))
TORCH_DT = {'float32': torch.float32, 'float64': torch.float64}
STEPS = 8
RESUME_AT = 4  # cases in RESUME_LABELS also keep PyTorch's state_dict() after this many steps
RESUME_LABELS = ('all', 'group_overrides')
K = 0.1  # weight of the quartic term

# --------------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------------


def enc_num(v, dtype='float64'):
    """A float as the shortest decimal that reads back as the same value of `dtype`."""
    v = float(v)
    if v != v:
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    if v == 0.0:
        return '-0' if math.copysign(1.0, v) < 0 else 0
    if v.is_integer() and abs(v) < 1e15:
        return int(v)
    if dtype == 'float32':
        return float(str(np.float32(v)))
    return v


def dt_name(t):
    return {torch.float32: 'float32', torch.float64: 'float64'}[t.dtype]


def enc_tensor(t):
    t = t.detach()
    dtype = dt_name(t)
    return {'dtype': dtype, 'shape': list(t.shape), 'data': [enc_num(v, dtype) for v in t.reshape(-1).tolist()]}


def enc_value(v):
    """A state-dict value: tensors tagged, tuples as lists, inf as a string."""
    if isinstance(v, torch.Tensor):
        return {'tensor': enc_tensor(v)}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return enc_num(v)
    if isinstance(v, (list, tuple)):
        return [enc_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc_value(x) for k, x in v.items()}
    raise TypeError('cannot encode %r' % (v,))


def write(name, obj):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'), allow_nan=False)
        f.write('\n')
    print('wrote %s (%d bytes)' % (os.path.relpath(path), os.path.getsize(path)))


def camel(name):
    head, *rest = name.split('_')
    return head + ''.join(w[:1].upper() + w[1:] for w in rest)


def js_options(opts):
    """PyTorch keyword arguments as @x's options object (camelCase keys)."""
    return {camel(k): enc_value(v) for k, v in opts.items()}


# --------------------------------------------------------------------------------------------------
# The optimization problem
# --------------------------------------------------------------------------------------------------

SHAPES = [[3, 4], [4], [], [2, 3], [2]]  # parameter 4 is never used by the loss
GROUPS = [[0, 1], [2, 3, 4]]
UNUSED = 4


def make_problem():
    g = torch.Generator().manual_seed(1234)
    params = []
    for shape in SHAPES:
        init = (torch.randn(shape, generator=g) * 0.5).float()
        x = (torch.rand(shape, generator=g) + 0.5).float()
        y = torch.randn(shape, generator=g).float()
        params.append({'shape': shape, 'init': init, 'x': x, 'y': y})
    return params


PROBLEM = make_problem()


def loss_of(params, data):
    total = None
    for i, (p, d) in enumerate(zip(params, data)):
        if i == UNUSED:
            continue
        r = p * d['x'] - d['y']
        s = r * r
        term = s.sum() + (s * s).sum() * K
        total = term if total is None else total + term
    return total


def run_optimizer(cls, defaults, group_opts, dtype, steps=STEPS, snapshot_at=None):
    dt = TORCH_DT[dtype]
    params = [d['init'].to(dt).clone().requires_grad_() for d in PROBLEM]
    data = [{'x': d['x'].to(dt), 'y': d['y'].to(dt)} for d in PROBLEM]
    groups = [dict({'params': [params[i] for i in idx]}, **opts) for idx, opts in zip(GROUPS, group_opts)]
    opt = cls(groups, **defaults)
    trajectory = []
    snapshot = None
    for step in range(steps):
        if step == snapshot_at:
            snapshot = enc_value(opt.state_dict())  # encoded now: state_dict() holds live tensors
        opt.zero_grad(set_to_none=True)
        loss = loss_of(params, data)
        loss.backward()
        opt.step()
        flat = [enc_tensor(p)['data'] for p in params]
        for p in params:
            assert torch.isfinite(p).all() and p.abs().max() < 100, 'the trajectory diverges: pick smaller steps'
        trajectory.append(flat)
    return trajectory, opt.state_dict(), snapshot


def optimizer_cases(name, cls, configs):
    cases = []
    for label, defaults, group1 in configs:
        for dtype in ['float32', 'float64']:
            resumable = label in RESUME_LABELS
            trajectory, sd, snapshot = run_optimizer(cls, defaults, [{}, group1], dtype,
                                                     snapshot_at=RESUME_AT if resumable else None)
            case = {
                'name': '%s/%s/%s' % (name, label, dtype),
                'dtype': dtype,
                'options': js_options(defaults),
                'group_options': [{}, js_options(group1)],
                'trajectory': trajectory,
                'state_dict': enc_value(sd),
            }
            if resumable:
                case['resume'] = {'after_steps': RESUME_AT, 'state_dict': snapshot}
            cases.append(case)
    return cases


def optimizer_fixture(name, cls, configs):
    return {
        'torch': torch.__version__,
        'optimizer': cls.__name__,
        'steps': STEPS,
        'problem': {
            'loss': 'sum over used params of sum(r*r) + K*sum((r*r)*(r*r)), r = p*x - y',
            'K': K,
            'groups': GROUPS,
            'unused': UNUSED,
            'params': [{'shape': d['shape'], 'init': enc_tensor(d['init'])['data'],
                        'x': enc_tensor(d['x'])['data'], 'y': enc_tensor(d['y'])['data']} for d in PROBLEM],
        },
        'cases': optimizer_cases(name, cls, configs),
    }


# (label, constructor keyword arguments, options of the second group beyond its own lr)
SGD_CONFIGS = [
    ('plain', dict(lr=0.05), dict(lr=0.02)),
    ('momentum', dict(lr=0.05, momentum=0.9), dict(lr=0.02)),
    ('dampening', dict(lr=0.05, momentum=0.9, dampening=0.3), dict(lr=0.02)),
    ('nesterov', dict(lr=0.05, momentum=0.9, nesterov=True), dict(lr=0.02)),
    ('weight_decay', dict(lr=0.05, weight_decay=0.1), dict(lr=0.02)),
    ('maximize', dict(lr=0.01, maximize=True), dict(lr=0.005)),
    ('all', dict(lr=0.005, momentum=0.5, weight_decay=0.05, nesterov=True, maximize=True), dict(lr=0.002)),
    ('group_overrides', dict(lr=0.05, momentum=0.9),
     dict(lr=0.02, momentum=0.5, dampening=0.5, weight_decay=0.2)),
]

ADAM_CONFIGS = [
    ('default', dict(lr=0.01), dict(lr=0.02)),
    ('betas', dict(lr=0.01, betas=(0.8, 0.95)), dict(lr=0.02)),
    ('eps', dict(lr=0.01, eps=1e-3), dict(lr=0.02)),
    ('weight_decay', dict(lr=0.01, weight_decay=0.1), dict(lr=0.02)),
    ('amsgrad', dict(lr=0.05, amsgrad=True), dict(lr=0.1)),
    ('maximize', dict(lr=0.01, maximize=True), dict(lr=0.005)),
    ('all', dict(lr=0.02, betas=(0.85, 0.99), eps=1e-6, weight_decay=0.05, amsgrad=True, maximize=True),
     dict(lr=0.01)),
    ('group_overrides', dict(lr=0.01), dict(lr=0.03, betas=(0.5, 0.9), amsgrad=True, weight_decay=0.3)),
]

ADAMW_CONFIGS = [
    ('default', dict(lr=0.01), dict(lr=0.02)),
    ('weight_decay', dict(lr=0.01, weight_decay=0.5), dict(lr=0.02)),
    ('no_weight_decay', dict(lr=0.01, weight_decay=0), dict(lr=0.02)),
    ('betas_eps', dict(lr=0.01, betas=(0.7, 0.9), eps=1e-4), dict(lr=0.02)),
    ('amsgrad', dict(lr=0.05, amsgrad=True), dict(lr=0.1)),
    ('maximize', dict(lr=0.01, maximize=True), dict(lr=0.005)),
    ('all', dict(lr=0.02, betas=(0.85, 0.99), eps=1e-6, weight_decay=0.2, amsgrad=True, maximize=True),
     dict(lr=0.01)),
    ('group_overrides', dict(lr=0.01), dict(lr=0.03, weight_decay=0.0, amsgrad=True)),
]

RMSPROP_CONFIGS = [
    ('default', dict(lr=0.01), dict(lr=0.005)),
    ('alpha', dict(lr=0.01, alpha=0.9), dict(lr=0.005)),
    ('eps', dict(lr=0.01, eps=1e-2), dict(lr=0.005)),
    ('weight_decay', dict(lr=0.01, weight_decay=0.1), dict(lr=0.005)),
    ('momentum', dict(lr=0.01, momentum=0.9), dict(lr=0.005)),
    ('centered', dict(lr=0.01, centered=True), dict(lr=0.005)),
    ('centered_momentum', dict(lr=0.01, centered=True, momentum=0.5), dict(lr=0.005)),
    ('maximize', dict(lr=0.005, maximize=True), dict(lr=0.002)),
    ('all', dict(lr=0.01, alpha=0.95, eps=1e-6, weight_decay=0.05, momentum=0.7, centered=True, maximize=True),
     dict(lr=0.005)),
    ('group_overrides', dict(lr=0.01), dict(lr=0.02, momentum=0.9, centered=True, alpha=0.8)),
]

ADADELTA_CONFIGS = [
    ('default', dict(), dict(lr=0.5)),
    ('rho', dict(lr=1.0, rho=0.5), dict(lr=2.0)),
    ('eps', dict(lr=1.0, eps=1e-3), dict(lr=0.5)),
    ('weight_decay', dict(lr=1.0, weight_decay=0.1), dict(lr=0.5)),
    ('maximize', dict(lr=0.5, maximize=True), dict(lr=0.2)),
    ('all', dict(lr=2.0, rho=0.8, eps=1e-4, weight_decay=0.05, maximize=True), dict(lr=1.0)),
    ('group_overrides', dict(lr=1.0), dict(lr=3.0, rho=0.95, eps=1e-5, weight_decay=0.2)),
]

ADAGRAD_CONFIGS = [
    ('default', dict(), dict(lr=0.02)),
    ('lr_decay', dict(lr=0.05, lr_decay=0.1), dict(lr=0.02)),
    ('weight_decay', dict(lr=0.05, weight_decay=0.1), dict(lr=0.02)),
    ('initial_accumulator_value', dict(lr=0.05, initial_accumulator_value=0.5), dict(lr=0.1)),
    ('eps', dict(lr=0.05, eps=1e-2), dict(lr=0.02)),
    ('maximize', dict(lr=0.01, maximize=True), dict(lr=0.005)),
    ('all', dict(lr=0.05, lr_decay=0.05, weight_decay=0.05, initial_accumulator_value=0.1, eps=1e-6, maximize=True),
     dict(lr=0.02)),
    ('group_overrides', dict(lr=0.05), dict(lr=0.1, lr_decay=0.2, weight_decay=0.3, eps=1e-3)),
]

# --------------------------------------------------------------------------------------------------
# Learning-rate schedulers
# --------------------------------------------------------------------------------------------------

SCHED_STEPS = 30
GROUP_LRS = [0.1, 0.05]

# LambdaLR's functions by name; test/lr-scheduler.test.ts has the same table.
LAMBDAS = {
    'inverse': lambda e: 1 / (e + 1),
    'halve_at_5': lambda e: 1.0 if e < 5 else 0.5,
    'warmup_5': lambda e: min(1.0, (e + 1) / 5),
    'linear_decay_40': lambda e: 1 - e / 40,
}

PLATEAU_METRICS = [
    1.0, 0.9, 0.85, 0.86, 0.87, 0.84, 0.8399, 0.84, 0.85, 0.83, 0.83, 0.83, 0.83, 0.82, 0.9,
    0.95, 0.81, 0.81, 0.81, 0.81, 0.81, 0.81, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7,
]
PLATEAU_METRICS_MAX = [1 - m for m in PLATEAU_METRICS]

SCHEDULERS = [
    # (name, class, constructor kwargs (lambdas by name), optimizer group extras, metrics)
    ('step_lr/3_0.5', 'StepLR', dict(step_size=3, gamma=0.5), None, None),
    ('step_lr/1_default_gamma', 'StepLR', dict(step_size=1), None, None),
    ('step_lr/resume_last_epoch_4', 'StepLR', dict(step_size=3, gamma=0.5, last_epoch=4), 'initial_lr', None),
    ('multi_step_lr/2_5_5_9', 'MultiStepLR', dict(milestones=[2, 5, 5, 9], gamma=0.3), None, None),
    ('multi_step_lr/unsorted', 'MultiStepLR', dict(milestones=[20, 3, 11], gamma=0.5), None, None),
    ('exponential_lr/0.9', 'ExponentialLR', dict(gamma=0.9), None, None),
    ('exponential_lr/resume_last_epoch_2', 'ExponentialLR', dict(gamma=0.8, last_epoch=2), 'initial_lr', None),
    ('cosine_annealing_lr/10_eta_0.001', 'CosineAnnealingLR', dict(T_max=10, eta_min=0.001), None, None),
    ('cosine_annealing_lr/7', 'CosineAnnealingLR', dict(T_max=7), None, None),
    ('cosine_annealing_lr/resume_last_epoch_3', 'CosineAnnealingLR', dict(T_max=6, eta_min=0.01, last_epoch=3),
     'initial_lr', None),
    ('lambda_lr/inverse', 'LambdaLR', dict(lr_lambda='inverse'), None, None),
    ('lambda_lr/per_group', 'LambdaLR', dict(lr_lambda=['warmup_5', 'halve_at_5']), None, None),
    ('lambda_lr/linear_decay', 'LambdaLR', dict(lr_lambda='linear_decay_40'), None, None),
    ('reduce_lr_on_plateau/defaults_patience_2', 'ReduceLROnPlateau', dict(patience=2), None, PLATEAU_METRICS),
    ('reduce_lr_on_plateau/min_abs_cooldown', 'ReduceLROnPlateau',
     dict(mode='min', factor=0.5, patience=1, threshold=0.005, threshold_mode='abs', cooldown=2, min_lr=0.01),
     None, PLATEAU_METRICS),
    ('reduce_lr_on_plateau/max_rel', 'ReduceLROnPlateau',
     dict(mode='max', factor=0.7, patience=0, threshold=0.01, threshold_mode='rel'), None, PLATEAU_METRICS_MAX),
    ('reduce_lr_on_plateau/max_abs_min_lrs', 'ReduceLROnPlateau',
     dict(mode='max', factor=0.2, patience=1, threshold=0.0, threshold_mode='abs', min_lr=[0.01, 0.004]),
     None, PLATEAU_METRICS_MAX),
    ('reduce_lr_on_plateau/eps_blocks_small_cuts', 'ReduceLROnPlateau',
     dict(factor=0.5, patience=0, min_lr=0.0, eps=0.02), None, PLATEAU_METRICS),
    ('constant_lr/defaults', 'ConstantLR', dict(), None, None),
    ('constant_lr/0.5_7', 'ConstantLR', dict(factor=0.5, total_iters=7), None, None),
    ('linear_lr/defaults', 'LinearLR', dict(), None, None),
    ('linear_lr/warmup_0.1_to_1_over_12', 'LinearLR', dict(start_factor=0.1, end_factor=1.0, total_iters=12), None, None),
    ('linear_lr/decay_1_to_0.2_over_9', 'LinearLR', dict(start_factor=1.0, end_factor=0.2, total_iters=9), None, None),
    ('polynomial_lr/defaults', 'PolynomialLR', dict(), None, None),
    ('polynomial_lr/power_2_iters_20', 'PolynomialLR', dict(total_iters=20, power=2.0), None, None),
    ('polynomial_lr/power_0.9_iters_25', 'PolynomialLR', dict(total_iters=25, power=0.9), None, None),
    ('cosine_warm_restarts/3', 'CosineAnnealingWarmRestarts', dict(T_0=3), None, None),
    ('cosine_warm_restarts/2_mult_2_eta', 'CosineAnnealingWarmRestarts', dict(T_0=2, T_mult=2, eta_min=0.001), None, None),
    ('cosine_warm_restarts/resume_last_epoch_4', 'CosineAnnealingWarmRestarts', dict(T_0=5, T_mult=1, eta_min=0.01, last_epoch=4),
     'initial_lr', None),
    ('one_cycle_lr/total_30', 'OneCycleLR', dict(max_lr=1.0, total_steps=30), None, None),
    ('one_cycle_lr/per_group_linear', 'OneCycleLR',
     dict(max_lr=[0.5, 0.2], epochs=5, steps_per_epoch=6, pct_start=0.25, anneal_strategy='linear', div_factor=10.0,
          final_div_factor=100.0), None, None),
    ('one_cycle_lr/three_phase_momentum', 'OneCycleLR',
     dict(max_lr=0.3, total_steps=32, three_phase=True, base_momentum=[0.8, 0.7], max_momentum=0.9), None, None),
    ('one_cycle_lr/no_momentum_cycle', 'OneCycleLR', dict(max_lr=0.4, total_steps=31, cycle_momentum=False), None, None),
    ('one_cycle_lr/adam_betas', 'OneCycleLR', dict(max_lr=0.01, total_steps=30), 'adam', None),
    ('sequential_lr/warmup_then_exponential', 'SequentialLR',
     dict(schedulers=[['LinearLR', dict(start_factor=0.2, total_iters=4)], ['ExponentialLR', dict(gamma=0.9)]], milestones=[5]),
     None, None),
    ('sequential_lr/three', 'SequentialLR',
     dict(schedulers=[['ConstantLR', dict(factor=0.5, total_iters=3)], ['StepLR', dict(step_size=4, gamma=0.5)],
                      ['CosineAnnealingLR', dict(T_max=8, eta_min=0.001)]], milestones=[6, 15]), None, None),
]


def run_scheduler(cls_name, kwargs, extras, metrics):
    cls = getattr(torch.optim.lr_scheduler, cls_name)
    p = [torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)]
    groups = [{'params': [p[0]], 'lr': GROUP_LRS[0]}, {'params': [p[1]], 'lr': GROUP_LRS[1]}]
    if extras == 'initial_lr':  # resuming needs each group's initial_lr, as after a saved run
        for g, lr in zip(groups, GROUP_LRS):
            g['initial_lr'] = lr * 2
    opt = torch.optim.Adam(groups, lr=0.1) if extras == 'adam' else torch.optim.SGD(groups, lr=0.1)
    kw = dict(kwargs)
    if 'lr_lambda' in kw:
        lam = kw['lr_lambda']
        kw['lr_lambda'] = [LAMBDAS[n] for n in lam] if isinstance(lam, list) else LAMBDAS[lam]
    if 'schedulers' in kw:  # SequentialLR: the schedulers it runs, by class name and kwargs
        kw['schedulers'] = [getattr(torch.optim.lr_scheduler, n)(opt, **k) for n, k in kw['schedulers']]
    if isinstance(kw.get('max_lr'), list):
        kw['max_lr'] = tuple(kw['max_lr'])
    sched = cls(opt, **kw)
    lrs = [[g['lr'] for g in opt.param_groups]]
    for i in range(SCHED_STEPS):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
        lrs.append([g['lr'] for g in opt.param_groups])
    sd = sched.state_dict()
    if 'anneal_func' in sd:  # OneCycleLR keeps a bound method: its name stands for it
        sd['anneal_func'] = sd['anneal_func'].__name__
    return lrs, sd, opt.state_dict()['param_groups']


def scheduler_fixture():
    cases = []
    for name, cls_name, kwargs, extras, metrics in SCHEDULERS:
        lrs, sd, groups = run_scheduler(cls_name, kwargs, extras, metrics)
        case = {
            'name': name,
            'scheduler': cls_name,
            'kwargs': enc_value(kwargs),
            'group_lrs': GROUP_LRS,
            'initial_lr': extras == 'initial_lr',
            'optimizer': 'Adam' if extras == 'adam' else 'SGD',
            'lrs': [[enc_num(v) for v in row] for row in lrs],
            'state_dict': enc_value(sd),
            'optimizer_param_groups': enc_value(groups),
        }
        if metrics is not None:
            case['metrics'] = metrics
        cases.append(case)
    return {'torch': torch.__version__, 'steps': SCHED_STEPS, 'lambdas': sorted(LAMBDAS), 'cases': cases}


# print(optimizer): (label, class, constructor kwargs, second group's options or None, attach StepLR?)
REPRS = [
    ('sgd/lr_only', 'SGD', dict(lr=0.1), None, False),
    ('sgd/nesterov_two_groups_scheduled', 'SGD', dict(lr=0.1, momentum=0.9, nesterov=True), dict(lr=0.5), True),
    ('sgd/weight_decay_maximize', 'SGD', dict(lr=1e-5, weight_decay=1e-4, dampening=0.25, maximize=True), None, False),
    ('adam/defaults', 'Adam', dict(), None, False),
    ('adam/options', 'Adam', dict(lr=0.0002, betas=(0.5, 0.999), eps=1e-5, weight_decay=0.01, amsgrad=True), dict(lr=2.5), False),
    ('adamw/defaults', 'AdamW', dict(), None, False),
    ('rmsprop/centered', 'RMSprop', dict(lr=0.001, centered=True, momentum=0.5), None, True),
    ('adadelta/defaults', 'Adadelta', dict(), dict(lr=0.5), False),
    ('adagrad/options', 'Adagrad', dict(lr=0.1, lr_decay=1e-3, initial_accumulator_value=0.1), None, True),
]


def repr_fixture():
    cases = []
    for label, cls_name, kwargs, group1, scheduled in REPRS:
        groups = [{'params': [torch.zeros(2, requires_grad=True)]}]
        if group1 is not None:
            groups.append(dict({'params': [torch.zeros(1, requires_grad=True)]}, **group1))
        opt = getattr(torch.optim, cls_name)(groups, **kwargs)
        if scheduled:
            torch.optim.lr_scheduler.StepLR(opt, 2)
        cases.append({'name': label, 'optimizer': cls_name, 'options': js_options(kwargs),
                      'group_options': None if group1 is None else js_options(group1), 'scheduled': scheduled, 'repr': str(opt)})
    return {'torch': torch.__version__, 'cases': cases}


# x ** n as Python computes it (C's pow): Adam's bias corrections and MultiStepLR's gamma ** count.
POW_BASES = [0.9, 0.999, 0.99, 0.95, 0.85, 0.8, 0.7, 0.5, 0.3, 0.1, 0.9999, 0.123456789, 1.0000001, 1.001]
POW_EXPONENTS = list(range(0, 101)) + [128, 255, 500, 1000, 4096, 10000, 123457]


def pow_fixture():
    return {'torch': torch.__version__, 'cases': [
        {'base': b, 'values': [[n, enc_num(b ** float(n))] for n in POW_EXPONENTS]} for b in POW_BASES]}


# x ** y for real y and math.cos(x), as the schedulers call them (PolynomialLR, CosineAnnealingLR,
# CosineAnnealingWarmRestarts, OneCycleLR), plus seeded random arguments.
def libm_fixture():
    rng = np.random.default_rng(7)
    pows = []
    for T in (3, 5, 7, 10, 13, 30, 100):
        for e in range(1, T + 1):
            for p in (0.3, 0.5, 0.9, 1.5, 2.5, 3.7):
                pows.append([(1.0 - e / T) / (1.0 - (e - 1) / T), p])
                pows.append([1.0 - min(T, e) / T, p])
    pows += [[float(b), float(p)] for b, p in zip(rng.uniform(0, 3, 2000), rng.uniform(-4, 4, 2000))]
    coss = [math.pi * k / n for n in range(1, 60) for k in range(0, 3 * n + 1)]
    coss += [math.pi * (k / 7) for k in range(100)] + [float(v) for v in rng.uniform(-20, 20, 3000)]
    import mpmath  # Debian's python3-mpmath: the correctly rounded values, where glibc's are an ulp off
    mpmath.mp.prec = 200

    def row(args, value, exact):
        # [args..., C's value, the correctly rounded value where it differs]
        r = list(args) + [enc_num(value)]
        return r + [enc_num(exact)] if exact != value else r
    return {'torch': torch.__version__,
            'pow': [row((b, p), b ** p, float(mpmath.power(mpmath.mpf(b), mpmath.mpf(p)))) for b, p in pows],
            'cos': [row((x,), math.cos(x), float(mpmath.cos(mpmath.mpf(x)))) for x in coss]}


def main():
    if not torch.__version__.startswith('1.13'):
        print('warning: expected PyTorch 1.13, got %s' % torch.__version__, file=sys.stderr)
    write('sgd.json', optimizer_fixture('sgd', torch.optim.SGD, SGD_CONFIGS))
    write('adam.json', optimizer_fixture('adam', torch.optim.Adam, ADAM_CONFIGS))
    write('adamw.json', optimizer_fixture('adamw', torch.optim.AdamW, ADAMW_CONFIGS))
    write('rmsprop.json', optimizer_fixture('rmsprop', torch.optim.RMSprop, RMSPROP_CONFIGS))
    write('adadelta.json', optimizer_fixture('adadelta', torch.optim.Adadelta, ADADELTA_CONFIGS))
    write('adagrad.json', optimizer_fixture('adagrad', torch.optim.Adagrad, ADAGRAD_CONFIGS))
    write('lr_scheduler.json', scheduler_fixture())
    write('pow.json', pow_fixture())
    write('repr.json', repr_fixture())
    write('libm.json', libm_fixture())


if __name__ == '__main__':
    main()
