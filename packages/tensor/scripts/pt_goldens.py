#!/usr/bin/env python3
"""PyTorch checkpoints (.pth) for the @x loader's tests, and the check of the files @x writes.

Run with Debian's PyTorch 1.13:
    /usr/bin/python3 packages/tensor/scripts/pt_goldens.py write
        writes test/fixtures/pt/*.pth (torch.save's zip format; legacy.pth in the pre-1.6 format; big-endian.pth
        made from little.pth by swapping its bytes, as a big-endian machine writes it) and expected.json.
    /usr/bin/python3 packages/tensor/scripts/pt_goldens.py check
        loads test/fixtures/pt/js-*.pth (written by @x, see packages/backend-cpu/test/pt-interop.test.ts) with
        torch.load(..., weights_only=True) and compares them with what the test saved.
"""
import base64
import io
import json
import os
import pathlib
import sys
import zipfile

import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / 'apps' / 'mnist'))
from models import ConvNet, SimpleNN  # noqa: E402  apps/mnist/models.py (the demo's models)

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "test" / "fixtures" / "pt"


def b64(t):
    return base64.b64encode(t.detach().contiguous().numpy().tobytes()).decode()


def enc(t):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": t.detach().flatten().tolist()}





def write():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    torch.manual_seed(0)
    x = torch.rand(2, 1, 28, 28)
    expected["x"] = b64(x)
    for name, make in [("mlp", SimpleNN), ("cnn", ConvNet)]:
        torch.manual_seed(1)
        model = make()
        torch.save(model.state_dict(), OUT / f"{name}.pth")
        with torch.no_grad():
            expected[name] = {"logits": b64(model(x)), "keys": list(model.state_dict().keys())}

    # A training checkpoint: epoch, model, optimizer state (Adam after two steps), loss.
    torch.manual_seed(2)
    model = nn.Linear(4, 3)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(2):
        opt.zero_grad()
        model(torch.ones(2, 4)).pow(2).sum().backward()
        opt.step()
    ckpt = {"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": opt.state_dict(), "loss": 0.25,
            "note": "checkpoint", "flags": [True, None, 1.5, -7, 2**40], "nested": {"a": (1, 2), "b": [{"c": "d"}]}}
    torch.save(ckpt, OUT / "checkpoint.pth")
    osd = opt.state_dict()
    expected["checkpoint"] = {
        "bias": enc(model.bias), "exp_avg_bias": enc(osd["state"][1]["exp_avg"]), "step": float(osd["state"][1]["step"]),
        "param_groups": [{k: v for k, v in g.items()} for g in osd["param_groups"]],
    }

    # Storages shared: views, tied weights, a transposed view; and a module whose weights are tied.
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    torch.save({"base": base, "same": base, "row": base[1], "col": base[:, 2], "t": base.t(), "tail": base.view(-1)[5:]}, OUT / "shared.pth")
    expected["shared"] = {k: enc(v) for k, v in {"base": base, "row": base[1], "col": base[:, 2], "t": base.t(), "tail": base.view(-1)[5:]}.items()}

    # Every dtype.
    values = [0, 1, -2, 3.5, -0.0, 65504, 1e-7, 100]
    tensors = {
        "float32": torch.tensor(values, dtype=torch.float32), "float64": torch.tensor(values, dtype=torch.float64),
        "float16": torch.tensor(values + [float("inf"), float("nan"), 6e-8], dtype=torch.float16),
        "bfloat16": torch.tensor(values + [float("-inf"), 1e38], dtype=torch.bfloat16),
        "int64": torch.tensor([0, -1, 2**53, -(2**53), 7]), "int32": torch.tensor([0, -1, 2**31 - 1, -(2**31)], dtype=torch.int32),
        "int16": torch.tensor([0, -1, 32767, -32768], dtype=torch.int16), "int8": torch.tensor([0, -1, 127, -128], dtype=torch.int8),
        "uint8": torch.tensor([0, 1, 255], dtype=torch.uint8), "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5), "empty": torch.zeros(0, 3),
    }
    torch.save(tensors, OUT / "dtypes.pth")
    expected["dtypes"] = {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "as_float32": v.float().tolist() if v.dtype in (torch.float16, torch.bfloat16) else None,
                              "values": [None if isinstance(e, float) and e != e else e for e in v.flatten().tolist()]} for k, v in tensors.items()}

    # A BatchNorm model's state dict: buffers and num_batches_tracked.
    torch.manual_seed(3)
    bn = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    bn.train()
    bn(torch.randn(8, 4))
    torch.save(bn.state_dict(), OUT / "batchnorm.pth")
    expected["batchnorm"] = {k: enc(v) for k, v in bn.state_dict().items()}
    bn.eval()
    xin = torch.randn(5, 4)
    with torch.no_grad():
        expected["batchnorm_eval"] = {"x": enc(xin), "y": enc(bn(xin))}
    # PyTorch's load_state_dict reports, with strict=False, what is missing and unexpected
    sd = bn.state_dict()
    del sd["1.num_batches_tracked"], sd["0.bias"]
    sd["extra.weight"] = torch.zeros(1)
    result = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3)).load_state_dict(sd, strict=False)
    expected["batchnorm_non_strict"] = {"missing": result.missing_keys, "unexpected": result.unexpected_keys}

    # The pre-1.6 format.
    torch.save({"w": base, "row": base[1], "n": 5}, OUT / "legacy.pth", _use_new_zipfile_serialization=False)

    # Parameters (not a state dict): requires_grad comes back.
    torch.save([nn.Parameter(torch.ones(2)), torch.zeros(1, requires_grad=True)], OUT / "parameters.pth")

    # A whole model (refused: it names the user's class) and a pickle that would run code (refused).
    torch.manual_seed(0)
    torch.save(nn.Sequential(nn.Linear(2, 2)), OUT / "whole-model.pth")

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo this must never run",))
    torch.save({"w": torch.ones(1), "x": Evil()}, OUT / "evil.pth")

    # little.pth and the same archive as a big-endian machine writes it.
    little = {"f": torch.tensor([1.5, -2.25, 3e38]), "d": torch.tensor([1e300, -0.5], dtype=torch.float64),
              "i": torch.tensor([1, -2, 2**40]), "h": torch.tensor([0.5, -65504], dtype=torch.float16), "b": torch.tensor([7, 200], dtype=torch.uint8)}
    torch.save(little, OUT / "little.pth")
    sizes = {"f": 4, "d": 8, "i": 8, "h": 2, "b": 1}
    keys = {}
    with zipfile.ZipFile(OUT / "little.pth") as src:
        pickle_bytes = src.read("little/data.pkl")
        # storage keys are assigned in the order the tensors are pickled: the dict's order
        for n, k in enumerate(little):
            keys[str(n)] = sizes[k]
        with zipfile.ZipFile(OUT / "big-endian.pth", "w", compression=zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                name = info.filename.split("/", 1)[1]
                if name.startswith("data/") and name != "data.pkl":
                    size = keys[name[5:]]
                    data = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
                dst.writestr(zipfile.ZipInfo(info.filename.replace("little/", "big-endian/"), (1980, 1, 1, 0, 0, 0)), data)
            dst.writestr(zipfile.ZipInfo("big-endian/byteorder", (1980, 1, 1, 0, 0, 0)), "big")
    expected["little"] = {k: enc(v.float() if v.dtype == torch.float16 else v) for k, v in little.items()}

    # safetensors in half precision, as published checkpoints hold them. Debian has no Python safetensors
    # package; the format is an 8-byte header length, the JSON header, the little-endian bytes.
    halves = {"w16": torch.tensor([[1, 1 / 3, -65504], [6e-8, float("inf"), -0.0]], dtype=torch.float16),
              "wb16": torch.tensor([1, 1 / 3, 3e38, -1e-30, float("-inf")], dtype=torch.bfloat16)}
    header, blobs, offset = {}, [], 0
    for name, t in halves.items():
        raw = t.contiguous().view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": "F16" if t.dtype == torch.float16 else "BF16", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    (OUT / "half.safetensors").write_bytes(len(head).to_bytes(8, "little") + head + b"".join(blobs))
    expected["half"] = {k: {"shape": list(v.shape), "as_float32": v.float().flatten().tolist()} for k, v in halves.items()}

    def finite(v):  # JSON has no infinities or NaN: "Infinity", "-Infinity" and null stand for them
        if isinstance(v, float) and v != v:
            return None
        if isinstance(v, float) and v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [finite(x) for x in v]
        return v
    with open(OUT / "expected.json", "w") as f:
        json.dump(finite(expected), f, allow_nan=False)


def check():
    def num(a, b):  # JSON spells infinities "Infinity" / "-Infinity" and NaN null
        if b in ("Infinity", "-Infinity") and isinstance(a, float):
            return a == float(b.lower().replace("infinity", "inf"))
        if b is None and isinstance(a, float):
            return a != a
        return a == b and type(a) is type(b) if isinstance(b, bool) else a == b

    found = sorted(OUT.glob("js-*.pth"))
    assert found, "no js-*.pth: run the @x test that writes them first"
    for path in found:
        expected = json.loads(path.with_suffix(".json").read_text())
        weights_only = expected.pop("__weights_only__", True)
        got = torch.load(path, weights_only=weights_only)

        def same(g, e, where):
            if isinstance(e, dict) and "__tensor__" in e:
                assert isinstance(g, torch.Tensor), where
                assert str(g.dtype).replace("torch.", "") == e["dtype"], (where, g.dtype)
                assert list(g.shape) == e["shape"], (where, g.shape)
                assert g.requires_grad == e.get("requires_grad", False), where
                vals = g.flatten().tolist()
                assert all(num(a, b) for a, b in zip(vals, e["values"])), (where, vals[:5], e["values"][:5])
            elif isinstance(e, dict):  # JSON keys are strings; an optimizer state's are ints in Python
                assert isinstance(g, dict) and [str(k) for k in g] == list(e.keys()), (where, g.keys() if isinstance(g, dict) else g)
                for k, gk in zip(e, g):
                    same(g[gk], e[k], f"{where}.{k}")
            elif isinstance(e, list):
                assert isinstance(g, (list, tuple)) and len(g) == len(e), where
                for i, (a, b) in enumerate(zip(g, e)):
                    same(a, b, f"{where}[{i}]")
            elif isinstance(e, (int, float, str)) or e is None:
                assert num(g, e), (where, g, e)
            else:
                assert g == e, (where, g, e)
        same(got, expected, path.name)
        if isinstance(got, dict) and "views" in got:  # views of one storage are views of one storage in PyTorch too
            base = got["views"]["base"].storage().data_ptr()
            assert all(v.storage().data_ptr() == base for v in got["views"].values()), "views do not share their storage"
        print(f"{path.name}: loaded by torch.load(weights_only={weights_only}) and equal")
    print(f"checked {len(found)} files")


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]]()
