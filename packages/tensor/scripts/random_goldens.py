#!/usr/bin/env python3
"""PyTorch's CPU random stream, for test/generator-pytorch.test.ts: what each random op returns after a seed.

Run with Debian's PyTorch 1.13 on an x86-64 CPU with AVX2 (its vectorised normal_ path):
    /usr/bin/python3 packages/tensor/scripts/random_goldens.py > packages/tensor/test/fixtures/random.json
float32 values are written as their int32 bit patterns, float64 values as numbers (JSON keeps them exact).
"""
import hashlib
import json
import sys

import torch

assert "CPU capability usage: AVX2" in torch.__config__.show(), "the goldens are of the AVX2 kernels"


def bits(t):
    return t.detach().contiguous().view(torch.int32).flatten().tolist()


def floats(t):
    return t.detach().contiguous().flatten().tolist()


def sha(t):
    return hashlib.sha256(t.detach().contiguous().numpy().tobytes()).hexdigest()


cases = []


def case(name, seed, fn, encode):
    torch.manual_seed(seed)
    out = fn()
    cases.append({"name": name, "seed": seed, "values": encode(out)})


for seed in (0, 42, -7, 2**40 + 3):
    case("rand(10)", seed, lambda: torch.rand(10), bits)
    case("randn(10)", seed, lambda: torch.randn(10), bits)
    case("randn(1000)", seed, lambda: torch.randn(1000), bits)
    case("rand(10, float64)", seed, lambda: torch.rand(10, dtype=torch.float64), floats)
    case("randn(5, float64)", seed, lambda: torch.randn(5, dtype=torch.float64), floats)
    case("randint(0, 10, [20])", seed, lambda: torch.randint(0, 10, (20,)), floats)
    case("randperm(10)", seed, lambda: torch.randperm(10), floats)

case("randn(5) then randn(3): the cached second normal", 0, lambda: torch.cat([torch.randn(5), torch.randn(3)]), bits)
case("randn(3) then rand(2)", 1, lambda: torch.cat([torch.randn(3), torch.rand(2)]), bits)
case("randn(16)", 3, lambda: torch.randn(16), bits)
case("randn(17): the last 16 drawn again", 3, lambda: torch.randn(17), bits)
case("randn(33)", 3, lambda: torch.randn(33), bits)
case("randn(4096)", 5, lambda: torch.randn(4096), bits)
case("normal_(0.3, 2.7) on 1000", 6, lambda: torch.empty(1000).normal_(0.3, 2.7), bits)
case("normal_(0.3, 2.7) on 7", 6, lambda: torch.empty(7).normal_(0.3, 2.7), bits)
case("normal_(-1, 0.02) on float64 7", 6, lambda: torch.empty(7, dtype=torch.float64).normal_(-1, 0.02), floats)
case("uniform_(-0.0357, 0.0357) on 1000", 7, lambda: torch.empty(1000).uniform_(-0.0357, 0.0357), bits)
case("uniform_(1.1, 7.3) on 1000", 7, lambda: torch.empty(1000).uniform_(1.1, 7.3), bits)
case("uniform_(-3.5, 2.25) on float64 100", 7, lambda: torch.empty(100, dtype=torch.float64).uniform_(-3.5, 2.25), floats)
case("uniform_ of a transposed [3, 4]: memory order", 8, lambda: torch.empty(4, 3).t().uniform_(), bits)
case("normal_ of a transposed [8, 4]: the scalar path in memory order", 8, lambda: torch.empty(4, 8).t().normal_(), bits)
case("normal_ of every other element of 40: the scalar path", 8, lambda: torch.zeros(40)[::2].normal_(), bits)
case("randint(-2^40, 2^40, [5]): random64", 9, lambda: torch.randint(-2**40, 2**40, (5,)), floats)
case("randint(3, 17, [5], float32)", 9, lambda: torch.randint(3, 17, (5,), dtype=torch.float32), floats)
case("randint(-2^31, 2^31, [5], int32)", 9, lambda: torch.randint(-2**31, 2**31, (5,), dtype=torch.int32), floats)
case("randint(0, 256, [8], uint8)", 9, lambda: torch.randint(0, 256, (8,), dtype=torch.uint8), floats)
case("randperm(1000)", 10, lambda: torch.randperm(1000), floats)
case("bernoulli_(0.3) on 20", 11, lambda: torch.empty(20).bernoulli_(0.3), floats)
case("bernoulli(p) float32", 11, lambda: torch.bernoulli(torch.linspace(0, 1, 12)), floats)
case("bernoulli(p) float64", 11, lambda: torch.bernoulli(torch.linspace(0, 1, 12, dtype=torch.float64)), floats)
case("dropout(ones(20), 0.4)", 12, lambda: torch.nn.functional.dropout(torch.ones(20), 0.4), bits)
case("xavier_uniform_ [64, 32]", 13, lambda: torch.nn.init.xavier_uniform_(torch.empty(64, 32)), bits)
case("xavier_normal_ [64, 32]", 13, lambda: torch.nn.init.xavier_normal_(torch.empty(64, 32)), bits)
case("kaiming_normal_ [64, 32]", 13, lambda: torch.nn.init.kaiming_normal_(torch.empty(64, 32)), bits)
case("kaiming_uniform_ [64, 32]", 13, lambda: torch.nn.init.kaiming_uniform_(torch.empty(64, 32)), bits)

# float64 normal_ of 16+ elements uses the C library's log, cos and sin (glibc's, not V8's): compared
# within 1 ulp in the test, bit for bit where the libraries agree.
case("randn(64, float64)", 14, lambda: torch.randn(64, dtype=torch.float64), floats)

modules = []
for name, make in [
    ("Linear(784, 128)", lambda: torch.nn.Linear(784, 128)),
    ("Linear(128, 10)", lambda: torch.nn.Linear(128, 10)),
    ("Conv2d(1, 32, 3)", lambda: torch.nn.Conv2d(1, 32, 3)),
    ("Conv2d(32, 64, 3)", lambda: torch.nn.Conv2d(32, 64, 3)),
    ("Embedding(1000, 64)", lambda: torch.nn.Embedding(1000, 64)),
]:
    torch.manual_seed(0)
    m = make()
    modules.append({"name": name, "seed": 0, "params": {k: {"shape": list(v.shape), "sha256": sha(v), "first": bits(v.flatten()[:5])}
                                                       for k, v in m.state_dict().items()}})

states = []
torch.manual_seed(0)
states.append({"after": "manual_seed(0)", "state": torch.get_rng_state().tolist()})
torch.randn(1)
states.append({"after": "manual_seed(0), randn(1)", "state": torch.get_rng_state().tolist(), "then": bits(torch.randn(4))})
torch.manual_seed(123)
torch.rand(700)
state = torch.get_rng_state()
states.append({"after": "manual_seed(123), rand(700)", "state": state.tolist(), "then": bits(torch.rand(5))})

json.dump({"torch": torch.__version__, "cases": cases, "modules": modules, "states": states}, sys.stdout, separators=(",", ":"))
