#!/usr/bin/python3
"""The same model, loss, optimizer and batch size as apps/mnist, in PyTorch, on the same MNIST files.

Run: /usr/bin/python3 bench/mnist/pytorch_mnist.py [--data ./data] [--epochs 5] [--model mlp|cnn]
(after the app has run once, so that <data>/MNIST/raw holds the IDX files). Prints each epoch's time.
"""
import argparse
import time

import torch
import torch.nn as nn
from torchvision import datasets, transforms

import os, sys  # noqa: E401
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'apps', 'mnist'))
from models import ConvNet, SimpleNN  # noqa: E402  apps/mnist/models.py

p = argparse.ArgumentParser()
p.add_argument('--data', default='./data')
p.add_argument('--epochs', type=int, default=5)
p.add_argument('--batch-size', type=int, default=64)
p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--model', choices=['mlp', 'cnn'], default='mlp')
p.add_argument('--threads', type=int, default=None, help='torch.set_num_threads (default: PyTorch\'s)')
args = p.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)
torch.manual_seed(0)





train = datasets.MNIST(args.data, train=True, download=False, transform=transforms.ToTensor())
test = datasets.MNIST(args.data, train=False, download=False, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(train, batch_size=args.batch_size, shuffle=True)
model = SimpleNN() if args.model == 'mlp' else ConvNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
print(f'torch {torch.__version__}, {torch.get_num_threads()} threads')

for epoch in range(1, args.epochs + 1):
    model.train()
    start = time.perf_counter()
    total = 0.0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    seconds = time.perf_counter() - start
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in torch.utils.data.DataLoader(test, batch_size=1000):
            correct += (model(x).argmax(1) == y).sum().item()
    print(f'Epoch {epoch}/{args.epochs}: loss {total / len(loader):.4f}, '
          f'test accuracy {100 * correct / len(test):.2f}%, time {seconds:.1f}s')
