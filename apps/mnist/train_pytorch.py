#!/usr/bin/python3
"""Train in PyTorch, predict in JavaScript: trains apps/mnist's model in PyTorch and saves its state dict.

    /usr/bin/python3 apps/mnist/train_pytorch.py --data apps/mnist/data --out model.pth [--model mlp|cnn] [--epochs 1]
    npx -y pnpm@12.4.2 --filter ./apps/mnist start -- --init-from ../../model.pth --epochs 0

The models are the same classes as apps/mnist/src/models.ts (same layers, same state-dict keys), so the
file PyTorch writes loads into the @x model with model.loadStateDict(await torch.load('model.pth')).
Needs the MNIST files under <data>/MNIST/raw (the app copies them there on its first run).
"""
import argparse

import torch
import torch.nn as nn
from torchvision import datasets, transforms

from models import ConvNet, SimpleNN  # apps/mnist/models.py

p = argparse.ArgumentParser()
p.add_argument('--data', default='./data')
p.add_argument('--out', default='model.pth')
p.add_argument('--model', choices=['mlp', 'cnn'], default='mlp')
p.add_argument('--epochs', type=int, default=1)
p.add_argument('--seed', type=int, default=0)
args = p.parse_args()
torch.manual_seed(args.seed)





train = datasets.MNIST(args.data, train=True, download=False, transform=transforms.ToTensor())
test = datasets.MNIST(args.data, train=False, download=False, transform=transforms.ToTensor())
model = SimpleNN() if args.model == 'mlp' else ConvNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(1, args.epochs + 1):
    model.train()
    for x, y in torch.utils.data.DataLoader(train, batch_size=64, shuffle=True):
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        correct = sum((model(x).argmax(1) == y).sum().item() for x, y in torch.utils.data.DataLoader(test, batch_size=1000))
    print(f'epoch {epoch}: test accuracy {100 * correct / len(test):.2f}% (PyTorch)')
torch.save(model.state_dict(), args.out)
print(f'saved {args.out}: load it in @x with model.loadStateDict(await torch.load({args.out!r}))')
