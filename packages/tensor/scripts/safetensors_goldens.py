"""Interop goldens for torch.save / torch.load (packages/tensor/src/serialize) with Python's safetensors.

Needs PyTorch (Debian's 1.13 at /usr/bin/python3) and the `safetensors` package from PyPI, e.g. in a venv
that sees the system's torch:
    python3 -m venv --system-site-packages /tmp/st && /tmp/st/bin/pip install safetensors

    /tmp/st/bin/python packages/tensor/scripts/safetensors_goldens.py write
        writes test/fixtures/serialize/python-*.safetensors (files written by Python's safetensors) and
        python-expected.json (what each holds), which the tests read; CI needs no Python.
    /tmp/st/bin/python packages/tensor/scripts/safetensors_goldens.py check
        reads test/fixtures/serialize/js-checkpoint.safetensors (written by @x, see
        packages/backend-cpu/test/serialize-interop.test.ts, which also checks that @x still writes exactly
        those bytes) with safetensors.torch.load_file and safe_open, and compares it with expected_js().
"""
import json
import math
import pathlib
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "test" / "fixtures" / "serialize"
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int32: "int32", torch.int64: "int64",
         torch.uint8: "uint8", torch.bool: "bool"}


def encode(v):
    """JSON-safe value: NaN/Infinity as strings, -0.0 kept as the string '-0'."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if v == 0 and math.copysign(1, v) < 0:
            return "-0"
    return v


def describe(t):
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape), "values": [encode(v) for v in t.flatten().tolist()]}


def python_files():
    torch.manual_seed(0)
    two53 = 2 ** 53
    all_dtypes = {
        "f32": torch.tensor([[1.5, -2.25, float("nan")], [float("inf"), float("-inf"), -0.0]], dtype=torch.float32),
        "f32_random": torch.randn(4, 3),
        "f64": torch.tensor([math.pi, -1e-300, 1e300], dtype=torch.float64),
        "i32": torch.tensor([-2 ** 31, 2 ** 31 - 1, 0, 7], dtype=torch.int32),
        "i64": torch.tensor([two53, -two53, two53 - 1, -1, 0, 123456789012345], dtype=torch.int64),
        "u8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "mask": torch.tensor([[True, False], [False, True]]),
        "scalar": torch.tensor(2.5, dtype=torch.float64),
        "empty": torch.zeros(0, 3),
        "cube": torch.arange(24, dtype=torch.float32).reshape(2, 3, 4),
    }
    linear = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    state_dict = {k: v.contiguous() for k, v in linear.state_dict().items()}
    return {
        "python-all-dtypes.safetensors": (all_dtypes, {"format": "pt", "note": "written by Python"}),
        "python-state-dict.safetensors": (state_dict, None),
        "python-int64-too-big.safetensors": ({"big": torch.tensor([1, two53 + 1], dtype=torch.int64)}, None),
    }


def write():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (tensors, metadata) in python_files().items():
        path = FIXTURES / name
        save_file(tensors, str(path), metadata=metadata)
        loaded = load_file(str(path))
        header_len = int.from_bytes(path.read_bytes()[:8], "little")
        header = json.loads(path.read_bytes()[8:8 + header_len])
        # File order: by position in the byte buffer, as torch.load gives them.
        order = sorted((k for k in header if k != "__metadata__"), key=lambda k: tuple(header[k]["data_offsets"]))
        expected[name] = {"order": order, "metadata": metadata, "tensors": {k: describe(loaded[k]) for k in order}}
    (FIXTURES / "python-expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {len(expected)} files and python-expected.json to {FIXTURES}")


def expected_js():
    """What packages/backend-cpu/test/serialize-interop.test.ts saves (keep the two in step)."""
    two53 = 2 ** 53
    return {
        "model.fc1.weight": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4,
        "model.fc1.bias": torch.tensor([-1.5, 2.0], dtype=torch.float32),
        "optimizer.state.0.exp_avg": torch.tensor([[0.125, -0.5, 3.0], [1e-8, -0.0, 65504.0]], dtype=torch.float32),
        "optimizer.state.0.exp_avg_sq": torch.tensor([1.0, 2.0], dtype=torch.float64),
        "ints": torch.tensor([0, -1, two53, -two53, 123456789012], dtype=torch.int64),
        "i32": torch.tensor([-2 ** 31, 2 ** 31 - 1], dtype=torch.int32),
        "bytes": torch.tensor([0, 255, 7], dtype=torch.uint8),
        "mask": torch.tensor([True, False, True]),
        "scalar": torch.tensor(3.5, dtype=torch.float64),
        "empty": torch.zeros(0, 3),
    }


def check():
    path = FIXTURES / "js-checkpoint.safetensors"
    loaded = load_file(str(path))
    expected = expected_js()
    problems = []
    if set(loaded) != set(expected):
        problems.append(f"names differ: {sorted(loaded)} vs {sorted(expected)}")
    for k, want in expected.items():
        got = loaded.get(k)
        if got is None:
            continue
        if got.dtype != want.dtype or got.shape != want.shape or not torch.equal(got, want):
            problems.append(f"{k}: got {got!r}, want {want!r}")
    with safe_open(str(path), framework="pt") as f:
        metadata = f.metadata()
    if metadata.get("format") != "pt":
        problems.append(f"format metadata: {metadata.get('format')!r}")
    structure = json.loads(metadata["x.structure"])
    root = structure["root"]
    if structure["version"] != 1 or root["epoch"] != 3 or root["loss"] != 0.25:
        problems.append(f"structure: {structure!r}")
    if root["model"]["fc1.weight"] != {"$tensor": "model.fc1.weight"}:
        problems.append(f"model reference: {root['model']!r}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"ok: Python's safetensors reads {path.name}: {len(loaded)} tensors and the structure as expected")


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1] if len(sys.argv) > 1 else "write"]()
