"""The PyTorch side of apps/regression: the same two regressions, step for step.

Run: /usr/bin/python3 apps/regression/scripts/pytorch_regression.py
Its losses are pasted into test/regression.test.ts. The initial weight and bias are set
explicitly (as in the TypeScript demo) because PyTorch's and @x's random streams differ.
"""
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(42)


def run_linear():
    # y = 2x + 1, four points
    x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    y = torch.tensor([[3.0], [5.0], [7.0], [9.0]])

    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(0.5)
        model.bias.fill_(0.0)
    criterion = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=0.01)

    print("Linear regression")
    for epoch in range(1000):
        outputs = model(x)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (epoch + 1) % 100 == 0:
            print(f"Epoch [{epoch + 1}/1000], Loss: {loss.item():.4f}  ({loss.item()!r})")

    w, b = model.weight.item(), model.bias.item()
    print(f"Learned: w = {w:.4f}, b = {b:.4f}  ({w!r}, {b!r})")
    with torch.no_grad():
        pred = model(torch.tensor([[5.0]])).item()
    print(f"Prediction for x = 5: {pred:.2f}  ({pred!r})")


class LogisticRegression(nn.Module):
    # a linear layer then a sigmoid, giving the probability of class 1
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        return self.sigmoid(self.linear(x))


def run_logistic():
    # label 1 when x > 2
    x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    y = torch.tensor([[0.0], [0.0], [1.0], [1.0]])

    model = LogisticRegression()
    with torch.no_grad():
        model.linear.weight.fill_(0.1)
        model.linear.bias.fill_(0.0)
    criterion = nn.BCELoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1)

    print("Logistic regression")
    for epoch in range(1000):
        outputs = model(x)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (epoch + 1) % 100 == 0:
            print(f"Epoch [{epoch + 1}/1000], Loss: {loss.item():.4f}  ({loss.item()!r})")

    with torch.no_grad():
        probs = model(torch.tensor([[1.5], [2.5], [3.5]]))
        classes = (probs > 0.5).long()
    for xv, p, c in zip([1.5, 2.5, 3.5], probs.flatten().tolist(), classes.flatten().tolist()):
        print(f"x = {xv}: probability {p:.4f}, class {c}  ({p!r})")


run_linear()
run_logistic()
