#!/usr/bin/python3
"""One epoch of torch's DataLoader over torchvision's MNIST alone, without a model (mnist/data-loop.ts's
counterpart): ToTensor() (and Normalize((0.1307,), (0.3081,)) with --normalize), batch 64, shuffled.

Run: /usr/bin/python3 bench/mnist/pytorch_data_loop.py --data <root> [--normalize]
"""
import argparse
import time

import torch
from torchvision import datasets, transforms

p = argparse.ArgumentParser()
p.add_argument('--data', default='./data')
p.add_argument('--normalize', action='store_true')
args = p.parse_args()
torch.manual_seed(0)
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]) if args.normalize else transforms.ToTensor()
train = datasets.MNIST(args.data, train=True, download=False, transform=transform)
loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
start = time.perf_counter()
batches = 0
first = 0
for x, y in loader:
    batches += 1
    if batches == 1:
        first = x.shape[0]
seconds = time.perf_counter() - start
print(f'Epoch 1/1: {batches} batches of up to {first} samples, time {seconds:.2f}s')
