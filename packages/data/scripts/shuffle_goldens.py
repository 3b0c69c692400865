#!/usr/bin/env python3
"""PyTorch's shuffle orders, for test/shuffle-pytorch.test.ts: with PyTorch's CPU stream, a seed gives the same
DataLoader order, random_split and sampler draws in @x.

Run with Debian's PyTorch 1.13: /usr/bin/python3 packages/data/scripts/shuffle_goldens.py > packages/data/test/fixtures/shuffle.json
"""
import json
import sys

import torch
from torch.utils.data import DataLoader, RandomSampler, SubsetRandomSampler, random_split

data = list(range(10))
out = {}

torch.manual_seed(0)
loader = DataLoader(data, batch_size=4, shuffle=True)
out["loader, seed 0, three epochs"] = [[b.tolist() for b in loader] for _ in range(3)]

torch.manual_seed(0)
loader = DataLoader(data, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(3))
out["loader with a generator seeded 3, two epochs, then torch.rand(2)"] = [[[b.tolist() for b in loader] for _ in range(2)], torch.rand(2).tolist()]

torch.manual_seed(1)
out["random_split([3, 7]), seed 1"] = [list(s.indices) for s in random_split(data, [3, 7])]

torch.manual_seed(2)
out["RandomSampler(replacement, 40 samples), seed 2"] = list(RandomSampler(data, replacement=True, num_samples=40))

torch.manual_seed(2)
out["RandomSampler(25 samples), seed 2"] = list(RandomSampler(data, num_samples=25))

torch.manual_seed(4)
out["SubsetRandomSampler([5, 7, 9, 11]), seed 4"] = list(SubsetRandomSampler([5, 7, 9, 11]))

json.dump(out, sys.stdout)
