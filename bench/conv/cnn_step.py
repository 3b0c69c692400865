#!/usr/bin/env python3
"""The step of conv-bench.ts in PyTorch: /usr/bin/python3 test/conv-bench.py [threads] [steps]."""
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(threads)
torch.manual_seed(0)
x = torch.randn(64, 1, 28, 28)
w1 = (torch.randn(32, 1, 3, 3) * 0.3).requires_grad_()
b1 = torch.randn(32).requires_grad_()
w2 = (torch.randn(64, 32, 3, 3) * 0.06).requires_grad_()
b2 = torch.randn(64).requires_grad_()


def step():
    h = F.max_pool2d(F.conv2d(x, w1, b1, padding=1).relu(), 2)
    h = F.max_pool2d(F.conv2d(h, w2, b2, padding=1).relu(), 2)
    h.sum().backward()
    for p in (w1, b1, w2, b2):
        p.grad = None


for _ in range(3):
    step()
totals = []
for _ in range(steps):
    t = time.perf_counter()
    step()
    totals.append((time.perf_counter() - t) * 1000)
totals.sort()
print(f'PyTorch {torch.__version__}, {threads} thread(s): median {totals[len(totals) // 2]:.1f} ms, best {totals[0]:.1f} ms ({steps} steps)')
