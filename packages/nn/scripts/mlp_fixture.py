#!/usr/bin/env python3
"""The seed's MNIST MLP in PyTorch: initial weights, one batch, and the losses of 5 Adam steps.

Run with Debian's PyTorch: /usr/bin/python3 packages/nn/scripts/mlp_fixture.py
Writes packages/nn/test/fixtures/mlp-adam.json (float32 arrays as base64 of little-endian bytes).
"""
import base64, json, os
import torch

torch.manual_seed(0)


class SimpleNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(28 * 28, 128)
        self.relu = torch.nn.ReLU()
        self.fc2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = x.view(x.shape[0], -1)
        return self.fc2(self.relu(self.fc1(x)))


def b64(t):
    return base64.b64encode(t.detach().contiguous().to(torch.float32).numpy().tobytes()).decode()


model = SimpleNN()
initial = {k: {"shape": list(v.shape), "data": b64(v)} for k, v in model.state_dict().items()}
x = torch.rand(16, 1, 28, 28)
y = torch.randint(0, 10, (16,))
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
losses = []
for _ in range(5):
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
with torch.no_grad():
    final_logits = model(x)

out = {
    "initial": initial,
    "x": {"shape": list(x.shape), "data": b64(x)},
    "y": y.tolist(),
    "losses": losses,
    "final_logits": {"shape": list(final_logits.shape), "data": b64(final_logits)},
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "mlp-adam.json")
with open(path, "w") as f:
    json.dump(out, f)
print("losses", losses)
