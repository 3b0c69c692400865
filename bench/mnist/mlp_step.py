#!/usr/bin/env python3
"""The training step of mlp-step.ts in PyTorch (the seed's SimpleNN, batch 64, CrossEntropyLoss,
Adam 1e-3): /usr/bin/python3 bench/mnist/mlp_step.py [threads] [steps]. Prints the median in ms."""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.rand(64, 1, 28, 28)
y = torch.randint(0, 10, (64,))


def step():
    loss = loss_fn(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()


for _ in range(50):
    step()
totals = []
for _ in range(steps):
    t = time.perf_counter()
    step()
    totals.append((time.perf_counter() - t) * 1000)
totals.sort()
print(f'{totals[len(totals) // 2]:.4f}')
