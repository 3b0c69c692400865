"""Golden cases for packages/tensor/src/format.ts: PyTorch's own repr of each tensor.

Run with the system PyTorch (Debian's 1.13, default print options):
    /usr/bin/python3 packages/tensor/scripts/format_goldens.py > packages/tensor/test/fixtures/format.json

Each case: name, shape, dtype, values (flat, row-major; 'nan'/'inf'/'-inf' as strings, -0.0 kept),
opts (device / requiresGrad / gradFn, as formatTensor takes them) and repr (the expected string).
float32 values are written as their shortest float32 repr; the test stores them in a Float32Array.
"""
import json
import math

import numpy as np
import torch
from torch._tensor_str import _add_suffixes, _tensor_str

torch.set_printoptions(profile="default")
torch.manual_seed(0)

NAMES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int32: "int32",
    torch.int64: "int64",
    torch.uint8: "uint8",
    torch.bool: "bool",
}
nan, inf = math.nan, math.inf
f32, f64, i32, i64, u8, b = torch.float32, torch.float64, torch.int32, torch.int64, torch.uint8, torch.bool
cases = []


def encode(v, dtype):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if dtype is torch.float32:
        return float(repr(np.float32(v)))  # shortest text that gives back the same float32
    return v


def rebuild(t, device):
    """torch has no webgpu device: build the repr as _str_intern does, from torch's own pieces
    (device suffix first, then size/dtype, then autograd)."""
    suffixes = [] if device is None else ["device='" + device + "'"]
    if t.numel() == 0:
        if t.dim() != 1:
            suffixes.append("size=" + str(tuple(t.shape)))
        if t.dtype != torch.get_default_dtype():
            suffixes.append("dtype=" + str(t.dtype))
        body = "[]"
    else:
        if t.dtype not in (torch.float32, torch.int64, torch.bool):
            suffixes.append("dtype=" + str(t.dtype))
        body = _tensor_str(t.detach(), 7)
    if t.grad_fn is not None:
        suffixes.append("grad_fn=<" + type(t.grad_fn).__name__ + ">")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes("tensor(" + body, suffixes, 7, False)


def add(name, t, opts=None):
    """Record tensor t (any autograd state) with its repr."""
    opts = dict(opts or {})
    if t.grad_fn is not None:
        opts["gradFn"] = type(t.grad_fn).__name__
    elif t.requires_grad:
        opts["requiresGrad"] = True
    device = opts.get("device")
    expected = repr(t) if device is None else rebuild(t, device)
    # rebuild() must agree with torch where torch can print the tensor itself
    assert rebuild(t, None) == repr(t), name
    flat = t.detach().reshape(-1).tolist()
    cases.append(
        {
            "name": name,
            "shape": list(t.shape),
            "dtype": NAMES[t.dtype],
            "values": [encode(v, t.dtype) for v in flat],
            "opts": opts,
            "repr": expected,
        }
    )


def T(data, dtype=f32, **kw):
    return torch.tensor(data, dtype=dtype, **kw)


# 0-d
add("0d float", T(3.5))
add("0d integral float", T(2.0))
add("0d float64 tiny", T(1e-10, f64))
add("0d nan", T(nan))
add("0d -inf", T(-inf))
add("0d -0.0", T(-0.0))
add("0d int64", T(7, i64))
add("0d int32 negative", T(-3, i32))
add("0d uint8", T(255, u8))
add("0d bool", T(True, b))

# 1-d, each dtype
add("1d float", T([1.5, 2.25, -3.125]))
add("1d integral floats", T([1.0, 2.0, 3.0]))
add("1d float32 0.1 0.2 0.3", T([0.1, 0.2, 0.3]))
add("1d float64", T([0.1, 0.2, 1.00005], f64))
add("1d float32 1.00005", T([1.00005, 2.0]))
add("1d int32", T([-5, 0, 12, 300], i32))
add("1d int64 large", T([2**62, -(2**63), 123456789012, 2**53], i64))
add("1d uint8", T([0, 1, 255, 128], u8))
add("1d bool", T([True, False], b))
add("1d bool all true", T([True, True, True], b))
add("1d negatives", T([-1.5, 2.25, -100.125]))
add("1d integral negatives", T([-5.0, 3.0, 100.0]))
add("1d zeros", torch.zeros(3))
add("1d wide fixed", T([123456.789, 1000.5, -200.25]))
add("1d ratio > 1000 goes sci", T([123456.789, 1.5]))
add("1d 7 elems (not summarized)", torch.arange(7, dtype=f32) / 3)

# empty
add("empty (0,)", torch.zeros(0))
add("empty (0,3)", torch.zeros(0, 3))
add("empty (2,0,4)", torch.zeros(2, 0, 4))
add("empty int64", torch.zeros(0, dtype=i64))
add("empty int32 (0,3)", torch.zeros(0, 3, dtype=i32))
add("empty bool", torch.zeros(0, dtype=b))
add("empty float64 requires_grad", torch.zeros(0, dtype=f64, requires_grad=True))

# sci mode and friends
add("sci large", T([1e10, 1.0]))
add("sci tiny", T([1e-5, 1.0]))
add("sci ratio", T([0.001, 2.5]))
add("sci int max > 1e8", T([1e9, 1.0]))
add("sci int ratio", T([1.0, 10000.0]))
add("int mode 1e8 not sci", T([1e8, 2e7]))
add("int mode 2^24", T([16777216.0, 1.0]))
add("sci negatives", T([-1.5e-7, 3.25, -2e5]))
add("sci float64 extremes", T([1e-300, 1e300, -5e-5], f64))
add("sci mixed nan inf", T([1e-6, nan, -inf, 1.0]))

# nan, inf, -0
add("nan inf fixed", T([nan, inf, -inf, 1.5]))
add("nan inf int mode", T([nan, 1.0, 2.0, inf]))
add("only nan inf zero", T([nan, inf, 0.0]))
add("negative zero int mode", T([-0.0, 1.0]))
add("negative zero fixed", T([-0.0, 0.5]))
add("negative zero sci", T([-0.0, 1e10]))
add("tiny negative goes sci", T([-0.00004, 0.5, 0.125], f64))
add("negative zero int mode wide", T([-0.0, 100.0, nan]))

# half-way ties: Python rounds the exact binary value half to even
add("ties fixed", T([0.03125, 0.09375, 1.15625, -0.03125, 2.71875]))
add("ties sci", T([2**-8, 1e-5, -(2**-8), 1000050.0, 1000150.0]))
add("ties float64 fixed", T([0.15625, 0.40625, 100.46875, -0.21875], f64))

# multi-dimensional
add("2d float", torch.randn(3, 4))
add("2d int64", torch.arange(12, dtype=i64).reshape(3, 4) - 5)
add("2d bool", T([[True, False, True], [False, False, True]], b))
add("2d uint8", torch.arange(0, 250, 25, dtype=u8).reshape(2, 5))
add("2d float64", torch.randn(3, 3, dtype=f64))
add("2d (1,5)", torch.randn(1, 5))
add("2d zeros", torch.zeros(2, 3))
add("3d float", torch.randn(2, 3, 4))
add("3d int32", torch.arange(12, dtype=i32).reshape(2, 2, 3) * -7)
add("3d (1,1,1)", torch.ones(1, 1, 1))
add("4d float", torch.randn(2, 2, 2, 3))
add("4d int64", torch.arange(24, dtype=i64).reshape(2, 3, 2, 2))

# long rows wrap at linewidth 80
add("wrap 1d float", torch.arange(30, dtype=f32) * 1.1)
add("wrap 1d int64", torch.arange(50, dtype=i64))
add("wrap 2d randn", torch.randn(2, 20))
add("wrap 3d randn", torch.randn(2, 2, 15))
add("wrap wide fixed", torch.randn(25) * 1e5)
add("wrap sci", torch.randn(25) * torch.logspace(-3, 3, 25))
add("wrap int32 dtype suffix", torch.arange(100000, 100016, dtype=i32))

# summarization (numel > 1000)
add("summ 1d arange 2000", torch.arange(2000, dtype=i64))
add("summ 1d randn 2000", torch.randn(2000))
add("summ 1d ones 1001", torch.ones(1001))
add("summ 1d sci", torch.randn(2000) * torch.logspace(-6, 6, 2000))
add("summ 50x50", torch.randn(50, 50))
add("summ 3x400", torch.randn(3, 400))
add("summ 3x400 arange", torch.arange(1200, dtype=f32).reshape(3, 400))
add("summ 1001x1", torch.arange(1001, dtype=i32).reshape(1001, 1))
add("summ 2x501", torch.randn(2, 501, dtype=f64))
add("summ 10x10x20", torch.randn(10, 10, 20))
add("summ 2x3x20x20", torch.arange(2400, dtype=f32).reshape(2, 3, 20, 20) / 7)
add("summ bool", torch.arange(1500) % 3 == 0)
add("summ hidden values do not widen", torch.cat([torch.ones(3), torch.full((1000,), 12345.678), torch.ones(3)]))

# random float32 (seeded)
add("rand 1d", torch.randn(8))
add("rand uniform", torch.rand(6))
add("rand scaled", torch.randn(5) * 100)

# autograd suffixes
add("requires_grad", T([1.0, 2.0], requires_grad=True))
x = torch.randn(3, requires_grad=True)
add("grad_fn MulBackward0", x * 2)
add("grad_fn AddBackward0 2d", torch.randn(2, 2, requires_grad=True) + 1)
add("requires_grad wraps", torch.randn(9, requires_grad=True))
add("requires_grad float64 wraps", torch.randn(2, 7, dtype=f64, requires_grad=True))
add("grad_fn after dtype float64", (torch.randn(7, dtype=f64, requires_grad=True) * 3).sum(0, keepdim=True))



class AVeryLongCustomAutogradFunctionNameToForceTheSuffixToWrap(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t * 1

    @staticmethod
    def backward(ctx, g):
        return g


add("long grad_fn wraps alone", AVeryLongCustomAutogradFunctionNameToForceTheSuffixToWrap.apply(
    torch.randn(2, 4, dtype=f64, requires_grad=True)))
add("second suffix wraps", AVeryLongCustomAutogradFunctionNameToForceTheSuffixToWrap.apply(
    torch.randn(4, dtype=f64, requires_grad=True)))

# device suffix (see rebuild())
add("device float", T([1.5, 2.0]), {"device": "webgpu"})
add("device int32", T([1, 2, 3], i32), {"device": "webgpu"})
add("device grad", x * 2, {"device": "webgpu"})
add("device empty", torch.zeros(0, 3), {"device": "webgpu"})
add("device wraps", torch.randn(2, 8), {"device": "webgpu"})
add("device suffixes wrap one by one", torch.randn(2, 7, dtype=f64, requires_grad=True) * 2, {"device": "webgpu"})
add("device 0d", T(1.0), {"device": "webgpu:1"})

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0))
