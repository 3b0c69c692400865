#!/usr/bin/env python3
"""Golden cases for the @x/nn layers: PyTorch's module print, forward outputs, and the gradients of the
input and of every parameter for a given upstream gradient, step by step (batch norm: running buffers
after each training step, then eval mode), plus a few functional forms.

Run with Debian's PyTorch 1.13: /usr/bin/python3 packages/nn/scripts/layers_fixtures.py
Writes packages/nn/test/fixtures/layers.json (activations, embedding, norms, dropout in eval mode) and
packages/nn/test/fixtures/layers-conv.json (convolutions and pooling).

A case names the TypeScript constructor (`module`, `args`, `options`: the options object, camelCase,
appended when not empty); the PyTorch module is built from the same values (camelCase -> snake_case).
Tensors are {"shape", "dtype", "data": flat row-major list}; float32 values are exact in JSON.
"""
import json
import os
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")


def enc(t):
    t = t.detach().contiguous()
    dtype = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}[t.dtype]
    return {"shape": list(t.shape), "dtype": dtype, "data": t.reshape(-1).tolist()}


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def to_py(v):
    return tuple(to_py(x) for x in v) if isinstance(v, list) else v


def build(module, args, options):
    kwargs = {snake(k): to_py(v) for k, v in options.items()}
    if "dtype" in kwargs:
        kwargs["dtype"] = getattr(torch, kwargs["dtype"])
    no_bias = module == "LayerNorm" and kwargs.pop("bias", True) is False  # PyTorch 1.13 has no bias option
    m = getattr(nn, module)(*[to_py(a) for a in args], **kwargs)
    if no_bias:
        m.bias = None
    return m


def make_input(spec, seed):
    g = torch.Generator().manual_seed(seed)
    kind = spec.get("kind", "randn")
    shape = spec["shape"]
    if kind == "randn":
        return torch.randn(shape, generator=g, dtype=torch.float64 if spec.get("dtype") == "float64" else torch.float32) * spec.get("scale", 1.0) + spec.get("shift", 0.0)
    if kind == "int":
        return torch.randint(spec["low"], spec["high"], shape, generator=g)
    if kind == "values":
        return torch.tensor(spec["values"], dtype=torch.float32).reshape(shape)
    if kind == "ints":
        return torch.tensor(spec["values"], dtype=torch.int64).reshape(shape)
    raise ValueError(kind)


def perturb(m, seed):
    """Non-trivial affine parameters for the norm layers (their defaults are ones and zeros)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in m.named_parameters():
            if name == "weight" and type(m).__name__.startswith(("BatchNorm", "LayerNorm")):
                p.copy_(1 + 0.3 * torch.randn(p.shape, generator=g, dtype=p.dtype))
            elif name == "bias" and type(m).__name__.startswith(("BatchNorm", "LayerNorm")):
                p.copy_(0.2 * torch.randn(p.shape, generator=g, dtype=p.dtype))


def run_case(name, module, args=(), options=None, inputs=(), train=None, seed=0):
    """inputs: one spec per step; train: the training flag per step (default all True)."""
    options = options or {}
    torch.manual_seed(seed)
    m = build(module, list(args), options)
    perturb(m, seed + 1)
    case = {
        "name": name,
        "module": module,
        "args": list(args),
        "options": options,
        "repr": str(m),
        "state": {k: enc(v) for k, v in m.state_dict().items()},
        "steps": [],
    }
    train = train or [True] * len(inputs)
    for i, (spec, tr) in enumerate(zip(inputs, train)):
        m.train(tr)
        leaf = make_input(spec, seed * 100 + i)
        floating = leaf.is_floating_point()
        if floating:
            leaf.requires_grad_(True)
        # the module sees a non-leaf copy, so that in-place modules work under autograd as in the TS test
        out = m(leaf.clone() if floating else leaf)
        values = out[0] if isinstance(out, tuple) else out
        g = torch.Generator().manual_seed(seed * 100 + 50 + i)
        grad_out = torch.randn(values.shape, generator=g, dtype=values.dtype)
        m.zero_grad(set_to_none=True)
        step = {"train": tr, "input": enc(leaf), "grad_output": enc(grad_out), "output": enc(values)}
        if isinstance(out, tuple):
            step["indices"] = enc(out[1])
        if values.requires_grad:
            values.backward(grad_out)
            if floating:
                step["input_grad"] = enc(leaf.grad)
            step["param_grads"] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
        step["buffers"] = {k: enc(v) for k, v in m.named_buffers()}
        case["steps"].append(step)
    return case


def layers_cases():
    act = [{"shape": [4, 6], "scale": 3.0}]
    big = [{"shape": [3, 5], "scale": 300.0}]
    c = []
    c.append(run_case("ReLU", "ReLU", inputs=act))
    c.append(run_case("ReLU/inplace", "ReLU", [True], inputs=act))
    c.append(run_case("LeakyReLU", "LeakyReLU", inputs=act))
    c.append(run_case("LeakyReLU/0.2", "LeakyReLU", [0.2], inputs=act))
    c.append(run_case("LeakyReLU/inplace", "LeakyReLU", [0.1, True], inputs=act))
    c.append(run_case("ELU", "ELU", inputs=act))
    c.append(run_case("ELU/alpha0.5", "ELU", [0.5], inputs=act))
    c.append(run_case("ELU/large", "ELU", inputs=[{"shape": [2, 4], "scale": 100.0}]))
    c.append(run_case("GELU", "GELU", inputs=act))
    c.append(run_case("GELU/tanh", "GELU", [], {"approximate": "tanh"}, inputs=act))
    c.append(run_case("SiLU", "SiLU", inputs=act))
    c.append(run_case("Sigmoid", "Sigmoid", inputs=act))
    c.append(run_case("Tanh", "Tanh", inputs=act))
    c.append(run_case("Softmax/dim1", "Softmax", [1], inputs=act))
    c.append(run_case("Softmax/dim0", "Softmax", [0], inputs=act))
    c.append(run_case("Softmax/dim-1/3d", "Softmax", [-1], inputs=[{"shape": [2, 3, 4]}]))
    c.append(run_case("Softmax/large", "Softmax", [1], inputs=big))
    c.append(run_case("LogSoftmax/dim1", "LogSoftmax", [1], inputs=act))
    c.append(run_case("LogSoftmax/dim2/3d", "LogSoftmax", [], {"dim": 2}, inputs=[{"shape": [2, 3, 4]}]))
    c.append(run_case("LogSoftmax/large", "LogSoftmax", [1], inputs=big))
    c.append(run_case("Dropout/eval", "Dropout", [0.5], inputs=act, train=[False]))
    c.append(run_case("Dropout/p0/train", "Dropout", [0.0], inputs=act, train=[True]))
    c.append(run_case("Identity", "Identity", inputs=act))

    idx = [{"kind": "ints", "shape": [2, 4], "values": [1, 2, 4, 5, 4, 3, 2, 9]}]
    pad = [{"kind": "ints", "shape": [2, 4], "values": [0, 2, 0, 5, 4, 3, 2, 0]}]
    c.append(run_case("Embedding", "Embedding", [10, 3], inputs=idx, seed=1))
    c.append(run_case("Embedding/paddingIdx0", "Embedding", [10, 3], {"paddingIdx": 0}, inputs=pad, seed=2))
    c.append(run_case("Embedding/paddingIdx-1", "Embedding", [6, 4], {"paddingIdx": -1}, inputs=[{"kind": "ints", "shape": [5], "values": [5, 1, 5, 0, 2]}], seed=3))

    c.append(run_case("LayerNorm/5", "LayerNorm", [5], inputs=[{"shape": [3, 5], "scale": 2.0, "shift": 1.0}], seed=4))
    c.append(run_case("LayerNorm/[4,5]", "LayerNorm", [[4, 5]], inputs=[{"shape": [2, 3, 4, 5]}], seed=5))
    c.append(run_case("LayerNorm/noAffine", "LayerNorm", [6], {"elementwiseAffine": False}, inputs=[{"shape": [4, 6]}], seed=6))
    c.append(run_case("LayerNorm/noBias/eps", "LayerNorm", [6], {"eps": 1e-3, "bias": False}, inputs=[{"shape": [4, 6]}], seed=7))
    c.append(run_case("LayerNorm/float64", "LayerNorm", [3], {"dtype": "float64"}, inputs=[{"shape": [2, 3], "dtype": "float64"}], seed=8))

    four = lambda shape, scale=1.0, shift=0.0: [{"shape": shape, "scale": scale, "shift": shift}] * 3 + [{"shape": shape, "scale": scale, "shift": shift}]
    tr = [True, True, True, False]
    c.append(run_case("BatchNorm1d/2d", "BatchNorm1d", [4], inputs=four([8, 4], 2.0, 0.5), train=tr, seed=10))
    c.append(run_case("BatchNorm1d/3d", "BatchNorm1d", [4], inputs=four([5, 4, 6]), train=tr, seed=11))
    c.append(run_case("BatchNorm1d/eps/momentum0.3", "BatchNorm1d", [3], {"eps": 1e-3, "momentum": 0.3}, inputs=four([6, 3], 1.5, -1.0), train=tr, seed=12))
    c.append(run_case("BatchNorm2d", "BatchNorm2d", [3], inputs=four([4, 3, 5, 5], 2.0, 1.0), train=tr, seed=13))
    c.append(run_case("BatchNorm2d/momentumNone", "BatchNorm2d", [3], {"momentum": None}, inputs=four([2, 3, 4, 4]), train=tr, seed=14))
    c.append(run_case("BatchNorm2d/noAffine", "BatchNorm2d", [2], {"affine": False}, inputs=four([3, 2, 3, 3]), train=tr, seed=15))
    c.append(run_case("BatchNorm2d/noTracking", "BatchNorm2d", [2], {"trackRunningStats": False}, inputs=four([3, 2, 3, 3]), train=tr, seed=16))
    c.append(run_case("BatchNorm2d/evalFirst", "BatchNorm2d", [2], inputs=[{"shape": [2, 2, 3, 3]}], train=[False], seed=17))
    return c


def conv_cases():
    c = []
    img = lambda n, ch, h, w: [{"shape": [n, ch, h, w]}]
    c.append(run_case("Conv2d/1-4-3/pad1", "Conv2d", [1, 4, 3], {"stride": 1, "padding": 1}, inputs=img(2, 1, 6, 6), seed=20))
    c.append(run_case("Conv2d/default", "Conv2d", [2, 3, 3], inputs=img(2, 2, 5, 5), seed=21))
    c.append(run_case("Conv2d/tuple-stride-pad-dilation", "Conv2d", [3, 4, [3, 2]], {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}, inputs=img(2, 3, 7, 8), seed=22))
    c.append(run_case("Conv2d/groups2/noBias", "Conv2d", [4, 6, 3], {"groups": 2, "bias": False}, inputs=img(2, 4, 5, 5), seed=23))
    c.append(run_case("Conv2d/depthwise", "Conv2d", [3, 3, 3], {"groups": 3, "padding": 1}, inputs=img(1, 3, 4, 4), seed=24))
    c.append(run_case("Conv2d/same/odd", "Conv2d", [2, 3, 3], {"padding": "same"}, inputs=img(2, 2, 5, 4), seed=25))
    c.append(run_case("Conv2d/same/even/dilation", "Conv2d", [2, 2, 4], {"padding": "same", "dilation": 2}, inputs=img(1, 2, 7, 6), seed=26))
    c.append(run_case("Conv2d/same/even", "Conv2d", [1, 2, [2, 4]], {"padding": "same"}, inputs=img(1, 1, 5, 5), seed=27))
    c.append(run_case("Conv2d/valid", "Conv2d", [2, 2, 3], {"padding": "valid"}, inputs=img(1, 2, 5, 5), seed=28))
    c.append(run_case("Conv2d/stride2/pad2/k5", "Conv2d", [2, 3, 5], {"stride": 2, "padding": 2}, inputs=img(2, 2, 9, 8), seed=29))
    c.append(run_case("Conv2d/unbatched", "Conv2d", [2, 3, 3], {"padding": 1}, inputs=[{"shape": [2, 4, 4]}], seed=30))
    c.append(run_case("Conv2d/float64", "Conv2d", [2, 2, 3], {"dtype": "float64"}, inputs=[{"shape": [1, 2, 4, 4], "dtype": "float64"}], seed=31))
    c.append(run_case("Conv2d/reflect", "Conv2d", [2, 3, 3], {"padding": 1, "paddingMode": "reflect"}, inputs=img(1, 2, 5, 4), seed=32))
    c.append(run_case("Conv2d/circular", "Conv2d", [1, 2, 3], {"padding": [1, 2], "paddingMode": "circular"}, inputs=img(2, 1, 4, 5), seed=33))
    c.append(run_case("Conv2d/replicate/same", "Conv2d", [2, 2, [3, 4]], {"padding": "same", "paddingMode": "replicate"}, inputs=img(1, 2, 5, 6), seed=34))
    seq = lambda n, ch, l: [{"shape": [n, ch, l]}]
    c.append(run_case("Conv1d/3-5-3", "Conv1d", [3, 5, 3], inputs=seq(2, 3, 8), seed=40))
    c.append(run_case("Conv1d/stride2/pad1", "Conv1d", [2, 4, 3], {"stride": 2, "padding": 1}, inputs=seq(2, 2, 9), seed=41))
    c.append(run_case("Conv1d/same/even", "Conv1d", [2, 4, 4], {"padding": "same"}, inputs=seq(2, 2, 7), seed=42))
    c.append(run_case("Conv1d/groups/dilation", "Conv1d", [4, 4, 3], {"groups": 4, "dilation": 2, "padding": 2, "bias": False}, inputs=seq(1, 4, 6), seed=43))

    c.append(run_case("Conv1d/reflect", "Conv1d", [2, 3, 3], {"padding": 2, "paddingMode": "reflect"}, inputs=seq(2, 2, 6), seed=44))

    c.append(run_case("MaxPool2d/2", "MaxPool2d", [2], inputs=img(2, 3, 6, 6), seed=50))
    c.append(run_case("MaxPool2d/3-s2-p1", "MaxPool2d", [3], {"stride": 2, "padding": 1}, inputs=img(1, 2, 7, 7), seed=51))
    c.append(run_case("MaxPool2d/ceil", "MaxPool2d", [3], {"stride": 2, "ceilMode": True}, inputs=img(1, 2, 6, 8), seed=52))
    c.append(run_case("MaxPool2d/dilation", "MaxPool2d", [2], {"stride": 1, "dilation": 2}, inputs=img(1, 1, 6, 5), seed=53))
    c.append(run_case("MaxPool2d/tuple", "MaxPool2d", [[2, 3]], {"stride": [2, 1]}, inputs=img(2, 1, 6, 7), seed=54))
    c.append(run_case("MaxPool2d/returnIndices", "MaxPool2d", [2], {"returnIndices": True}, inputs=img(1, 2, 4, 6), seed=55))
    c.append(run_case("MaxPool2d/unbatched", "MaxPool2d", [2], inputs=[{"shape": [2, 4, 4]}], seed=56))
    c.append(run_case("AvgPool2d/2", "AvgPool2d", [2], inputs=img(2, 3, 6, 6), seed=60))
    c.append(run_case("AvgPool2d/3-s2-p1", "AvgPool2d", [3], {"stride": 2, "padding": 1}, inputs=img(1, 2, 7, 7), seed=61))
    c.append(run_case("AvgPool2d/noCountPad", "AvgPool2d", [3], {"stride": 2, "padding": 1, "countIncludePad": False}, inputs=img(1, 2, 7, 6), seed=62))
    c.append(run_case("AvgPool2d/ceil", "AvgPool2d", [3], {"stride": 2, "ceilMode": True}, inputs=img(1, 2, 6, 8), seed=63))
    c.append(run_case("AvgPool2d/divisor", "AvgPool2d", [2], {"divisorOverride": 3}, inputs=img(1, 1, 4, 4), seed=64))
    c.append(run_case("AdaptiveAvgPool2d/1", "AdaptiveAvgPool2d", [1], inputs=img(2, 3, 5, 5), seed=70))
    c.append(run_case("AdaptiveAvgPool2d/[3,2]", "AdaptiveAvgPool2d", [[3, 2]], inputs=img(1, 2, 7, 5), seed=71))
    c.append(run_case("AdaptiveAvgPool2d/[null,2]", "AdaptiveAvgPool2d", [[None, 2]], inputs=img(1, 2, 4, 5), seed=72))
    c.append(run_case("AdaptiveAvgPool2d/larger", "AdaptiveAvgPool2d", [[4, 6]], inputs=img(1, 1, 3, 4), seed=73))
    return c


def functional_cases():
    """F.* forms with their PyTorch arguments; `args` are tensors or plain values, in the TS call order."""
    torch.manual_seed(99)
    out = []

    def case(name, fn, args, result, grads_of=()):
        entry = {"name": name, "fn": fn, "args": [enc(a) if torch.is_tensor(a) else a for a in args], "output": enc(result)}
        if grads_of:
            g = torch.randn(result.shape, generator=torch.Generator().manual_seed(7))
            result.backward(g)
            entry["grad_output"] = enc(g)
            entry["grad_args"] = list(grads_of)
            entry["grads"] = [enc(args[i].grad) for i in grads_of]
        out.append(entry)

    x = torch.randn(3, 4, requires_grad=True)
    case("softmax/float64", "softmax", [x, 1, {"dtype": "float64"}], F.softmax(x, 1, dtype=torch.float64), [0])
    x = torch.randn(2, 5, requires_grad=True)
    case("logSoftmax/0", "logSoftmax", [x, 0], F.log_softmax(x, 0), [0])
    x = torch.randn(4, 3, requires_grad=True)
    case("leakyRelu/0.3", "leakyRelu", [x, 0.3], F.leaky_relu(x, 0.3), [0])
    x = torch.randn(4, 3, requires_grad=True)
    case("elu/2", "elu", [x, 2.0], F.elu(x, 2.0), [0])
    x = torch.randn(4, 3, requires_grad=True)
    case("gelu/tanh", "gelu", [x, {"approximate": "tanh"}], F.gelu(x, approximate="tanh"), [0])
    t = torch.tensor([[0, 2], [1, 3]])
    case("oneHot/inferred", "oneHot", [t], F.one_hot(t))
    t = torch.tensor([1, 0, 2])
    case("oneHot/5", "oneHot", [t, 5], F.one_hot(t, 5))
    w = torch.randn(5, 2, requires_grad=True)
    t = torch.tensor([[1, 3], [3, 0]])
    case("embedding/paddingIdx", "embedding", [t, w, 3], F.embedding(t, w, 3), [1])
    x = torch.randn(4, 3, 2, requires_grad=True)
    wt = torch.randn(3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    rm = torch.randn(3)
    rv = torch.rand(3) + 0.5
    case("batchNorm/eval", "batchNorm", [x, rm, rv, wt, b, False, 0.1, 1e-5], F.batch_norm(x, rm, rv, wt, b, False, 0.1, 1e-5), [0, 3, 4])
    x = torch.randn(4, 3, requires_grad=True)
    rm = torch.zeros(3)
    rv = torch.ones(3)
    res = F.batch_norm(x, rm, rv, None, None, True, 0.2, 1e-5)
    case("batchNorm/train/noAffine", "batchNorm", [x, torch.zeros(3), torch.ones(3), None, None, True, 0.2, 1e-5], res, [0])
    out[-1]["running_after"] = [enc(rm), enc(rv)]
    x = torch.randn(2, 3, 4, requires_grad=True)
    wt = torch.randn(3, 4, requires_grad=True)
    b = torch.randn(3, 4, requires_grad=True)
    case("layerNorm/[3,4]", "layerNorm", [x, [3, 4], wt, b, 1e-5], F.layer_norm(x, [3, 4], wt, b, 1e-5), [0, 2, 3])
    return out


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    layers = {"torch": torch.__version__, "cases": layers_cases(), "functional": functional_cases()}
    conv = {"torch": torch.__version__, "cases": conv_cases(), "functional": []}
    for fname, data in (("layers.json", layers), ("layers-conv.json", conv)):
        with open(os.path.join(OUT_DIR, fname), "w") as f:
            json.dump(data, f, separators=(",", ":"))
        print(fname, len(data["cases"]), "cases,", len(data["functional"]), "functional")


if __name__ == "__main__":
    main()
