#!/usr/bin/env python3
"""Golden cases for in-place writes through views (CopySlices, AsStridedBackward0, CopyBackwards)
from PyTorch 1.13. Each case is a small program mirrored in test/inplace-views.test.ts: its inputs,
the gradients of its leaves, the grad_fn names it ends with, and the errors PyTorch raises.

    /usr/bin/python3 packages/autograd/scripts/inplace_views_fixtures.py
"""
import json
import os

import torch

torch.set_printoptions(precision=10)


def leaf(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


def lst(t):
    return t.detach().tolist()


X23 = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]]
W23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
cases = []


def case(name, inputs, grads, names, value=None, grad2=None):
    cases.append({"name": name, "inputs": inputs, "grads": grads, "names": names, "value": value, "grad2": grad2})


# out = zeros(4); out[1:3] = w * 3 (by copy_ into a narrow view)
w = leaf([1.0, 2.0])
out = torch.zeros(4)
v = out.narrow(0, 1, 2)
v.copy_(w * 3)
names = {"out": type(out.grad_fn).__name__, "view": type(v.grad_fn).__name__}
(out * torch.arange(4.0)).sum().backward()
case("copy into a narrow of zeros", {"w": [1.0, 2.0]}, {"w": lst(w.grad)}, names, lst(out))

# y = zeros(2, 3); y.copy_(w) with w broadcast from [3]
w = leaf([1.0, 2.0, 3.0])
y = torch.zeros(2, 3)
y.copy_(w)
names = {"y": type(y.grad_fn).__name__}
(y * torch.tensor(W23)).sum().backward()
case("copy_ of a broadcast leaf", {"w": [1.0, 2.0, 3.0]}, {"w": lst(w.grad)}, names, lst(y))

# float32 y.copy_(float64 w): the gradient comes back as float64
w = leaf([0.25, -1.0, 2.0], torch.float64)
y = torch.zeros(3)
y.copy_(w)
(y * y).sum().backward()
case("copy_ across dtypes", {"w": [0.25, -1.0, 2.0]}, {"w": lst(w.grad)}, {"wgrad_dtype": str(w.grad.dtype).replace("torch.", "")}, lst(y))

# y = x * 2; y[:, 1].mul_(3)
x = leaf(X23)
y = x * 2
col = y[:, 1]
col.mul_(3)
names = {"y": type(y.grad_fn).__name__, "col": type(col.grad_fn).__name__}
(y * torch.tensor(W23)).sum().backward()
case("mul_ on a column of a non-leaf", {"x": X23}, {"x": lst(x.grad)}, names, lst(y))

# a view of a view: y = x * 1; y[1][0:2].mul_(10)
x = leaf(X23)
y = x * 1
r = y[1]
e = r[0:2]
e.mul_(10)
names = {"y": type(y.grad_fn).__name__, "r": type(r.grad_fn).__name__, "e": type(e.grad_fn).__name__}
(y * torch.tensor(W23)).sum().backward()
case("a view of a view written in place", {"x": X23}, {"x": lst(x.grad)}, names, lst(y))

# a view taken before its base is written in place sees the new values' history
x = leaf([1.0, 2.0, 3.0])
y = x * 1
a = y[0:2]
y.mul_(3)
names = {"a": type(a.grad_fn).__name__}
(a * torch.tensor([1.0, 2.0])).sum().backward()
case("a view after its base is written", {"x": [1.0, 2.0, 3.0]}, {"x": lst(x.grad)}, names, lst(a))

# out = zeros(4); v = out[0:3] taken first; out[2:4] = w: v's last element now comes from w[0]
w = leaf([5.0, 6.0])
out = torch.zeros(4)
v = out.narrow(0, 0, 3)
out.narrow(0, 2, 2).copy_(w)
(v * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
case("an older overlapping view of a base written through another view", {"w": [5.0, 6.0]}, {"w": lst(w.grad)}, {}, lst(v))

# y = x * 1; y[0].add_(z * z)
x = leaf(X23)
z = leaf([1.0, -1.0, 2.0])
y = x * 1
y[0].add_(z * z)
(y * torch.tensor(W23)).sum().backward()
case("add_ of a tracked value into a row", {"x": X23, "z": [1.0, -1.0, 2.0]}, {"x": lst(x.grad), "z": lst(z.grad)}, {}, lst(y))

# y = x.clone(); y.t()[0].add_(1); loss = (y ** 2).sum()
x = leaf(X23)
y = x.clone()
y.t()[0].add_(1)
(y ** 2).sum().backward()
case("add_ through a transposed view", {"x": X23}, {"x": lst(x.grad)}, {}, lst(y))

# y = x * 2; y[1].zero_(): the zeroed row passes no gradient
x = leaf(X23)
y = x * 2
y[1].zero_()
(y * torch.tensor(W23)).sum().backward()
case("zero_ on a row", {"x": X23}, {"x": lst(x.grad)}, {}, lst(y))

# y = x * 1; y[0][1] = v * 2 (indexed assignment into a view)
x = leaf(X23)
s = leaf(1.5)
y = x * 1
y[0][1] = s * 2
(y * torch.tensor(W23)).sum().backward()
case("indexed assignment into a row", {"x": X23, "s": 1.5}, {"x": lst(x.grad), "s": lst(s.grad)}, {}, lst(y))

# second derivatives through CopySlices: y = x ** 2; y[0:2].mul_(x[0:2]) -> [x0^3, x1^3, x2^2]
x = leaf([1.0, 2.0, 3.0])
y = x ** 2
y[0:2].mul_(x[0:2])
(g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
first = lst(g)
g.sum().backward()
case("second derivative through a written view", {"x": [1.0, 2.0, 3.0]}, {"x": first}, {}, lst(y), grad2=lst(x.grad))

# tracked scatter_: y = x * 1; y.scatter_(1, idx, src * 2)
x = leaf(X23)
src = leaf([[10.0, 20.0], [30.0, 40.0]])
y = x * 1
y.scatter_(1, torch.tensor([[2, 0], [1, 2]]), src * 2)
names = {"y": type(y.grad_fn).__name__}
(y * torch.tensor(W23)).sum().backward()
case("scatter_ of a tracked src", {"x": X23, "src": [[10.0, 20.0], [30.0, 40.0]]}, {"x": lst(x.grad), "src": lst(src.grad)}, names, lst(y))

# scatter_ of a number into a row of a tracked tensor, and scatter_ with reduce='add'
x = leaf(X23)
y = x * 3
y[1].scatter_(0, torch.tensor([0, 2]), 7.0)
src = leaf([[1.0, 2.0, 3.0]])
y.scatter_add_(0, torch.tensor([[1, 0, 1]]), src)  # what scatter_(..., { reduce: "add" }) computes
(y * torch.tensor(W23)).sum().backward()
case("scatter_ of a number into a row, then reduce add", {"x": X23, "src": [[1.0, 2.0, 3.0]]}, {"x": lst(x.grad), "src": lst(src.grad)}, {}, lst(y))

errors = {}
x = leaf([1.0, 2.0, 3.0])
try:
    x[0:2].mul_(2)
except RuntimeError as err:
    errors["view of a leaf"] = str(err)
try:
    torch.zeros(1).expand(3).add_(1)
except RuntimeError as err:
    errors["expanded add_"] = str(err)
x = leaf([1.0, 2.0, 3.0])
y = x * 1
a = y[0:2]
p = a.pow(2)
y.mul_(2)
try:
    p.sum().backward()
except RuntimeError as err:
    errors["saved view modified"] = str(err)

x = leaf([1.0, 2.0, 3.0])
y = x * 1
with torch.no_grad():
    v = y[0:2]
try:
    v.mul_(2)
except RuntimeError as err:
    errors["no_grad view written"] = str(err)

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "inplace-views.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "errors": errors}, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases and {len(errors)} errors to {os.path.normpath(out)}")
