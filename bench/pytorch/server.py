#!/usr/bin/env python3
"""The PyTorch side of `pnpm bench`: a process that times the bench's cases on request, so that its
runs alternate with the JavaScript sides' in rounds. Started by bench/src/pytorch.ts as
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
  OMP_NUM_THREADS=n /usr/bin/python3 server.py n
One JSON request per line on stdin, one JSON answer per line on stdout:
  {"op": "prepare", "case": name}            -> {"ok": true}
  {"op": "run", "case": name, "reps": k}     -> {"ms": [k timings]}
  {"op": "result", "case": name}             -> {"data": base64 float32 of the last result}
Inputs come from the same generator as bench/src/inputs.ts (mulberry32), so every side computes on
the same numbers."""
import base64
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(THREADS)


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


_cache = {}


def uniform(shape, seed):
    """Uniform in [-1, 1) from mulberry32(seed), as inputs.ts (vectorised: the same integer steps)."""
    key = (tuple(shape), seed)
    if key in _cache:
        return _cache[key].clone()
    n = int(np.prod(shape))
    a = (np.uint64(seed & 0xFFFFFFFF) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)) & np.uint64(0xFFFFFFFF)
    m = np.uint64(0xFFFFFFFF)

    def imul(x, y):
        return (x * y) & m

    t = a
    t = imul(t ^ (t >> np.uint64(15)), t | np.uint64(1))
    t = t ^ ((t + imul(t ^ (t >> np.uint64(7)), t | np.uint64(61))) & m)
    r = ((t ^ (t >> np.uint64(14))) & m).astype(np.float64) / 4294967296.0
    data = (r * 2 - 1).astype(np.float32)
    out = torch.from_numpy(data).reshape(shape)
    _cache[key] = out
    return out.clone()


N = 1_000_000


def elementwise_cases():
    a, b = uniform([N], 1), uniform([N], 2)
    m, row = uniform([1000, 1000], 3), uniform([1000], 4)
    return {
        'add [1e6]+[1e6]': lambda: a + b,
        'mul [1e6]*2.5': lambda: a * 2.5,
        'exp [1e6]': lambda: a.exp(),
        'relu [1e6]': lambda: a.relu(),
        'sigmoid [1e6]': lambda: a.sigmoid(),
        'sum [1e6]': lambda: a.sum(),
        'mean [1e6]': lambda: a.mean(),
        'max(dim=1) [1000,1000]': lambda: m.max(1).values,
        'add [1000,1000]+[1000]': lambda: m + row,
        'softmax(dim=1) [1000,1000]': lambda: F.softmax(m, 1),
    }


def matmul_cases():
    out = {}
    for n in (64, 128, 256, 512, 1024):
        x, y = uniform([n, n], 10 + n), uniform([n, n], 20 + n)
        out[f'matmul {n}x{n}'] = (lambda x=x, y=y: x @ y)
    return out


def mlp_step():
    # The MNIST demo's default model: 784 -> 128 -> ReLU -> 10, batch 64, CrossEntropyLoss, Adam 1e-3.
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    # the weights of cases.ts (inputs.ts's generator, scaled in float64 then rounded), zero biases
    with torch.no_grad():
        model[1].weight.copy_((uniform([128, 784], 11).double() * 0.036).float())
        model[1].bias.zero_()
        model[3].weight.copy_((uniform([10, 128], 12).double() * 0.088).float())
        model[3].bias.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = ((uniform([64, 784], 5) + 1) / 2).reshape(64, 1, 28, 28)
    y = torch.from_numpy((np.arange(64) * 7 % 10).astype(np.int64))

    def step():
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.detach()

    return step


def cnn_step():
    # bench/conv/cnn-step.ts: two conv(3x3, padding 1) + ReLU + 2x2 max-pool blocks, sum, backward.
    x = uniform([64, 1, 28, 28], 6)
    w1 = (uniform([32, 1, 3, 3], 7) * 0.5).requires_grad_()
    b1 = (uniform([32], 8) * 0.1).requires_grad_()
    w2 = (uniform([64, 32, 3, 3], 9) * 0.1).requires_grad_()
    b2 = (uniform([64], 10) * 0.1).requires_grad_()

    def step():
        h = F.max_pool2d(F.conv2d(x, w1, b1, padding=1).relu(), 2)
        h = F.max_pool2d(F.conv2d(h, w2, b2, padding=1).relu(), 2)
        loss = h.sum()
        loss.backward()
        g = w2.grad.detach().clone()
        for p in (w1, b1, w2, b2):
            p.grad = None
        return g

    return step


def regression():
    # apps/regression: fit y = 2x + 1 on 4 points, Linear(1, 1), MSELoss, SGD 0.01, 1000 epochs.
    def run():
        x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
        y = torch.tensor([[3.0], [5.0], [7.0], [9.0]])
        model = torch.nn.Linear(1, 1)
        with torch.no_grad():
            model.weight.fill_(0.5)
            model.bias.fill_(0)
        criterion = torch.nn.MSELoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(1000):
            loss = criterion(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return torch.cat([model.weight.detach().reshape(-1), model.bias.detach()])

    return run


FACTORIES = {'MNIST MLP train step': mlp_step, 'CNN train step': cnn_step, 'linear regression 1000 epochs': regression}
CASES = {**elementwise_cases(), **matmul_cases()}
prepared = {}
last = {}


def main():
    for line in sys.stdin:
        req = json.loads(line)
        name = req['case']
        try:
            # 'prepare' starts a case afresh (a training step's model and optimizer too), so that each
            # pass of `--passes=N` runs the same steps as @x's fresh runner
            if req['op'] == 'prepare' or name not in prepared:
                prepared[name] = FACTORIES[name]() if name in FACTORIES else CASES[name]
            fn = prepared[name]
            if req['op'] == 'prepare':
                answer = {'ok': True}
            elif req['op'] == 'run':
                ms = []
                for _ in range(req['reps']):
                    t = time.perf_counter()
                    last[name] = fn()
                    ms.append((time.perf_counter() - t) * 1000)
                answer = {'ms': ms}
            else:
                data = last[name].detach().reshape(-1).to(torch.float32).numpy().tobytes()
                answer = {'data': base64.b64encode(data).decode('ascii')}
        except Exception as e:  # reported to the bench, which says the case was not run here
            answer = {'error': f'{type(e).__name__}: {e}'}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
