#!/usr/bin/env python3
"""Golden conformance fixtures for @x, computed by real PyTorch.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 packages/conformance/scripts/generate_fixtures.py

It rewrites packages/conformance/fixtures/*.json, one file per op family. The output is deterministic:
every family reseeds its own generator, torch runs single-threaded, and floats are written in their
shortest round-tripping form, so a rerun gives the same bytes. See packages/conformance/README.md for
the JSON format.
"""

import json
import math
import os
import struct
import sys
import warnings

import torch

warnings.simplefilter('ignore')
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, '..', 'fixtures'))

DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool']
TORCH_DT = {
    'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32,
    'int64': torch.int64, 'uint8': torch.uint8, 'bool': torch.bool,
}
DT_NAME = {v: k for k, v in TORCH_DT.items()}
FLOATS = ['float32', 'float64']
SHORT = {'float32': 'f32', 'float64': 'f64', 'int32': 'i32', 'int64': 'i64', 'uint8': 'u8', 'bool': 'b'}
NAN, INF = float('nan'), float('inf')

# --------------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------------


def _compact(d):
    """A float as the shortest JSON number; integral values as ints (the dtype is recorded beside)."""
    if d.is_integer() and abs(d) < 1e15:
        return int(d)
    return d


def enc_float(v, dtype):
    if v != v:
        return 'nan'
    if v == INF:
        return 'inf'
    if v == -INF:
        return '-inf'
    if v == 0.0:
        return '-0' if math.copysign(1.0, v) < 0 else 0
    if dtype == 'float32':
        for p in range(1, 10):
            s = '%.*g' % (p, v)
            if struct.unpack('<f', struct.pack('<f', float(s)))[0] == v:
                return _compact(float(s))
        raise AssertionError(v)
    return _compact(v)


def enc_tensor(t):
    t = t.detach()
    dt = DT_NAME[t.dtype]
    flat = t.contiguous().reshape(-1).tolist()
    if dt in FLOATS:
        data = [enc_float(v, dt) for v in flat]
    elif dt == 'bool':
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
        assert all(abs(v) <= 2 ** 53 for v in data), 'int64 value outside ±2^53'
    return {'dtype': dt, 'shape': list(t.shape), 'data': data}


def enc_scalar(v):
    """A JS-number argument. Non-finite and -0 become {"num": "..."}; integral floats are refused,
    because JSON (and JS) cannot tell 2.0 from 2 and PyTorch promotes them differently."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        assert abs(v) <= 2 ** 53
        return v
    if isinstance(v, float):
        if v != v or v in (INF, -INF) or (v == 0 and math.copysign(1.0, v) < 0):
            return {'num': enc_float(v, 'float64')}
        if v.is_integer():
            raise AssertionError(f'integral float scalar {v!r} cannot be told from an int in JS; use an int')
        return v
    raise TypeError(type(v))


class T:
    """A tensor argument: a base tensor plus view steps the runner applies."""

    def __init__(self, base, view=None):
        assert isinstance(base, torch.Tensor)
        self.base = base
        self.view = view or []

    def is_float(self):
        return self.base.dtype in (torch.float32, torch.float64)

    def encode(self):
        if not self.view:
            return enc_tensor(self.base)
        return {'base': enc_tensor(self.base), 'view': self.view}

    def build(self, requires_grad):
        leaf = self.base.clone()
        if requires_grad:
            leaf.requires_grad_(True)
        return leaf, apply_view(leaf, self.view)


def apply_view(x, steps):
    for s in steps:
        kind = s[0]
        if kind == 'transpose':
            x = x.transpose(s[1], s[2])
        elif kind == 'permute':
            x = x.permute(*s[1])
        elif kind == 'expand':
            x = x.expand(*s[1])
        elif kind == 'slice':
            _, dim, start, stop, step = s
            idx = [slice(None)] * dim + [slice(start, stop, step)]
            x = x[tuple(idx)]
        else:
            raise ValueError(kind)
    return x


def enc_arg(a):
    if isinstance(a, T):
        return a.encode()
    if isinstance(a, (list, tuple)):
        return [enc_arg(v) for v in a]
    if isinstance(a, dict):
        return {k: enc_arg(v) for k, v in a.items()}
    return enc_scalar(a)


def materialize(a, grad, leaves):
    """Torch values for an argument spec; `leaves` receives (leaf or None) in the spec's structure."""
    if isinstance(a, T):
        rg = grad and a.is_float()
        leaf, x = a.build(rg)
        leaves.append(leaf if rg else None)
        return x
    if isinstance(a, (list, tuple)):
        sub = []
        vals = [materialize(v, grad, sub) for v in a]
        leaves.append(sub)
        return vals
    leaves.append(None)
    return a


def enc_result(r):
    if isinstance(r, torch.Tensor):
        return enc_tensor(r)
    if isinstance(r, (tuple, list)):
        return [enc_result(v) for v in r]
    if isinstance(r, bool):
        return r
    if isinstance(r, (int, float)):
        return enc_scalar(r)
    raise TypeError(type(r))


def flat_outputs(r):
    if isinstance(r, torch.Tensor):
        return [r]
    if isinstance(r, (tuple, list)):
        out = []
        for v in r:
            out += flat_outputs(v)
        return out
    return []


def unflatten_like(r, flat):
    it = iter(flat)

    def go(v):
        if isinstance(v, torch.Tensor):
            return next(it)
        if isinstance(v, (tuple, list)):
            return [go(u) for u in v]
        return None
    return go(r)


def enc_leaves(leaves):
    out = []
    for l in leaves:
        if isinstance(l, list):
            out.append(enc_leaves(l))
        elif l is None:
            out.append(None)
        else:
            out.append(enc_tensor(l.grad) if l.grad is not None else enc_tensor(torch.zeros_like(l)))
    return out


def has_leaf(leaves):
    return any(has_leaf(l) if isinstance(l, list) else l is not None for l in leaves)


# --------------------------------------------------------------------------------------------------
# Random inputs (seeded per family)
# --------------------------------------------------------------------------------------------------

G = torch.Generator()


def seed(s):
    G.manual_seed(s)


def _round2(x):
    return torch.round(x * 100) / 100


def make(shape, dtype='float32', kind='normal'):
    """Small, short-to-print values of `dtype`. kinds: normal, pos (> 0), unit (|x| < 1), nonzero."""
    shape = list(shape)
    dt = TORCH_DT[dtype]
    if dtype in FLOATS:
        if kind == 'pos':
            x = torch.rand(shape, generator=G, dtype=torch.float64) * 3.9 + 0.1
        elif kind == 'unit':
            x = torch.rand(shape, generator=G, dtype=torch.float64) * 1.8 - 0.9
        else:
            x = torch.randn(shape, generator=G, dtype=torch.float64) * 1.5
            if kind == 'nonzero':
                x = torch.where(x.abs() < 0.05, torch.full_like(x, 0.5), x)
        return _round2(x).to(dt)
    if dtype == 'bool':
        if kind in ('pos', 'nonzero'):
            return torch.ones(shape, dtype=dt)
        return torch.randint(0, 2, shape, generator=G).to(dt)
    lo, hi = {'uint8': (0, 11), 'int32': (-6, 7), 'int64': (-6, 7)}[dtype]
    if kind in ('pos', 'nonzero'):
        lo = 1
    x = torch.randint(lo, hi, shape, generator=G)
    if kind == 'nonzero' and dtype != 'uint8':
        sgn = torch.randint(0, 2, shape, generator=G) * 2 - 1
        x = x * sgn
    return x.to(dt)


def perm_index(n, shape_rest=None):
    return torch.randperm(n, generator=G)


def grad_like(t):
    x = torch.randn(list(t.shape), generator=G, dtype=torch.float64)
    return _round2(x).to(t.dtype)


def tns(values, dtype):
    return torch.tensor(values, dtype=TORCH_DT[dtype])


def ramp(shape, dtype='float32'):
    """Distinct values (no ties), shuffled."""
    n = 1
    for s in shape:
        n *= s
    p = torch.randperm(n, generator=G).to(torch.float64)
    if dtype in FLOATS:
        p = p - n / 2 + 0.25
    elif dtype == 'uint8':
        pass
    else:
        p = p - n // 2
    return p.reshape(shape).to(TORCH_DT[dtype])


# View recipes: an input of `shape` (2-D at least) built non-contiguously.
def transposed(shape, dtype='float32', kind='normal', d0=0, d1=1):
    s = list(shape)
    s[d0], s[d1] = s[d1], s[d0]
    return T(make(s, dtype, kind), [['transpose', d0, d1]])


def stepped(shape, dtype='float32', kind='normal', dim=-1):
    s = list(shape)
    d = dim % len(s)
    n = s[d]
    s[d] = 2 * n + 1
    return T(make(s, dtype, kind), [['slice', d, 1, 2 * n + 1, 2]])


def expanded(shape, dtype='float32', kind='normal', dim=0):
    s = list(shape)
    s[dim] = 1
    return T(make(s, dtype, kind), [['expand', list(shape)]])


def permuted(shape, perm, dtype='float32', kind='normal'):
    # base shape such that base.permute(perm) has `shape`
    base = [0] * len(shape)
    for i, p in enumerate(perm):
        base[p] = shape[i]
    return T(make(base, dtype, kind), [['permute', list(perm)]])


# --------------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------------

ALL_NAMES = set()


class Family:
    def __init__(self, name, seed_value):
        self.name = name
        self.cases = []
        seed(seed_value)

    def add(self, name, op, args, kwargs=None, fn=None, grad=True, includes=None, error=False,
            signed_zeros=False, note=None):
        """Run `fn` (default: PY[op]) on the materialized args and record the outcome.

        includes: substrings our error message must contain, should PyTorch refuse (required then).
        error: True when PyTorch must refuse (a hand-written error case).
        """
        assert name not in ALL_NAMES, f'duplicate case name {name}'
        ALL_NAMES.add(name)
        kwargs = kwargs or {}
        fn = fn or PY[op]
        case = {'name': name, 'op': op, 'args': enc_arg(list(args))}
        if note:
            case['note'] = note
        if kwargs:
            case['kwargs'] = {k: enc_arg(v) for k, v in kwargs.items()}
        pykw = {k: py_kw(v) for k, v in kwargs.items()}
        leaves = []
        vals = [materialize(a, False, leaves) for a in args]
        try:
            res = fn(*vals, **pykw)
        except Exception as e:  # PyTorch refuses: record its message
            if includes is None:
                raise AssertionError(f'{name}: PyTorch refused ({e}) and no `includes` was given') from e
            msg = str(e).strip().splitlines()[0]
            if len(msg) > 300:
                msg = msg[:300] + '...'
            case['error'] = {'torch': msg, 'includes': list(includes)}
            self.cases.append(case)
            return case
        if error:
            raise AssertionError(f'{name}: expected PyTorch to refuse, got {res!r}')
        case['expect'] = enc_result(res)
        if signed_zeros:
            case['signed_zeros'] = True
        if grad:
            self._grads(case, args, fn, pykw, res)
        self.cases.append(case)
        return case

    def _grads(self, case, args, fn, pykw, res0):
        leaves = []
        vals = [materialize(a, True, leaves) for a in args]
        if not has_leaf(leaves):
            return
        try:
            res = fn(*vals, **pykw)
        except Exception:
            return
        outs = flat_outputs(res)
        diff = [o.requires_grad and o.dtype in (torch.float32, torch.float64) for o in outs]
        if not any(diff):
            return
        gouts = [grad_like(o) if d else None for o, d in zip(outs, diff)]
        try:
            torch.autograd.backward([o for o, d in zip(outs, diff) if d],
                                    [g for g in gouts if g is not None])
        except Exception:
            return
        # sanity: the forward with grad tracking agrees with the recorded one
        assert json.dumps(enc_result(res)) == json.dumps(enc_result(res0)), case['name']
        gtree = unflatten_like(res, [enc_tensor(g) if g is not None else None for g in gouts])
        case['grad_out'] = gtree
        case['grads'] = enc_leaves(leaves)

    def write(self):
        path = os.path.join(OUT_DIR, f'{self.name}.json')
        lines = [json.dumps(c, separators=(',', ':'), allow_nan=False) for c in self.cases]
        head = json.dumps({'family': self.name, 'torch': torch.__version__, 'count': len(self.cases)},
                          separators=(',', ':'))
        text = head[:-1] + ',"cases":[\n' + ',\n'.join(lines) + '\n]}\n'
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path, len(self.cases), len(text.encode('utf-8'))


def py_kw(v):
    if isinstance(v, str) and v in TORCH_DT:
        return TORCH_DT[v]
    return v


# --------------------------------------------------------------------------------------------------
# The PyTorch side of every op name (the runner's table mirrors this one)
# --------------------------------------------------------------------------------------------------


def _py_index(i):
    if isinstance(i, str):
        if i == '...':
            return Ellipsis
        parts = i.split(':')
        assert 2 <= len(parts) <= 3, i
        nums = [int(p) if p.strip() else None for p in parts]
        return slice(*nums)
    return i


def _at(x, *idx):
    return x[tuple(_py_index(i) for i in idx)]


def _set(x, idx, value):
    y = x.clone()
    y[tuple(_py_index(i) for i in idx)] = value
    return y


def _tuple(r):
    return list(r)


def _clamp(x, mn=None, mx=None):
    return torch.clamp(x, mn, mx)


def _var(fn):
    def f(x, dim=None, correction=None, keepdim=False):
        kw = {'keepdim': keepdim}
        if correction is not None:
            kw['correction'] = correction
        return fn(x, dim, **kw)
    return f


def _norm(x, p=2, dim=None, keepdim=False):
    return torch.norm(x, p, dim, keepdim)


def _sort(x, dim=-1, descending=False, stable=False):
    return list(torch.sort(x, dim=dim, descending=descending, stable=stable))


def _arange(*a, dtype=None):
    return torch.arange(*a, dtype=dtype)


PY = {
    # unary
    **{op: (lambda name: (lambda x: getattr(torch, name)(x)))(op) for op in
       ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh',
        'sigmoid', 'relu', 'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'erf']},
    'logicalNot': torch.logical_not,
    # binary
    **{op: (lambda name: (lambda x, y: getattr(torch, name)(x, y)))(op) for op in
       ['add', 'sub', 'mul', 'div', 'pow', 'remainder', 'maximum', 'minimum', 'atan2',
        'eq', 'ne', 'lt', 'le', 'gt', 'ge']},
    'logicalAnd': torch.logical_and,
    'logicalOr': torch.logical_or,
    'where': torch.where,
    'clamp': _clamp,
    'maskedFill': lambda x, m, v: x.masked_fill(m, v),
    # reductions
    'sum': lambda x, *a: x.sum(*a),
    'mean': lambda x, *a: x.mean(*a),
    'prod': lambda x, *a: x.prod(*a),
    'amax': lambda x, *a: x.amax(*a),
    'amin': lambda x, *a: x.amin(*a),
    'argmax': lambda x, *a: x.argmax(*a),
    'argmin': lambda x, *a: x.argmin(*a),
    'max': lambda x, *a: x.max(*a) if not a else _tuple(x.max(*a)),
    'min': lambda x, *a: x.min(*a) if not a else _tuple(x.min(*a)),
    'logsumexp': lambda x, *a: x.logsumexp(*a),
    'all': lambda x, *a: x.all(*a),
    'any': lambda x, *a: x.any(*a),
    'var': _var(torch.var),
    'std': _var(torch.std),
    'norm': _norm,
    # linalg
    'matmul': torch.matmul, 'mm': torch.mm, 'bmm': torch.bmm, 'dot': torch.dot, 'outer': torch.outer,
    # shape
    'view': lambda x, s: x.view(s),
    'reshape': lambda x, s: x.reshape(s),
    'transpose': lambda x, a, b: x.transpose(a, b),
    'permute': lambda x, p: x.permute(p),
    'unsqueeze': lambda x, d: x.unsqueeze(d),
    'squeeze': lambda x, *d: x.squeeze(*d),
    'expand': lambda x, s: x.expand(s),
    'narrow': lambda x, d, s, n: x.narrow(d, s, n),
    'flatten': lambda x, *a: x.flatten(*a),
    'unflatten': lambda x, d, s: x.unflatten(d, s),
    'T': lambda x: x.T,
    'contiguous': lambda x: x.contiguous(),
    'cat': lambda ts, *d: torch.cat(ts, *d),
    'stack': lambda ts, *d: torch.stack(ts, *d),
    'split': lambda x, s, *d: _tuple(x.split(s, *d)),
    'chunk': lambda x, n, *d: _tuple(x.chunk(n, *d)),
    'repeat': lambda x, s: x.repeat(s),
    'tile': lambda x, s: x.tile(s),
    'flip': lambda x, d: x.flip(d),
    'roll': lambda x, s, *d: x.roll(s, *d),
    'tril': lambda x, *d: x.tril(*d),
    'triu': lambda x, *d: x.triu(*d),
    # index
    'gather': lambda x, d, i: x.gather(d, i),
    'scatter': lambda x, d, i, s: x.scatter(d, i, s),
    'indexSelect': lambda x, d, i: x.index_select(d, i),
    'at': _at,
    'set': _set,
    # sort
    'sort': _sort,
    'topk': lambda x, k, *a: _tuple(x.topk(k, *a)),
    'cumsum': lambda x, d: x.cumsum(d),
    'unique': lambda x, returnInverse=False, returnCounts=False, dim=None: torch.unique(
        x, sorted=True, return_inverse=returnInverse, return_counts=returnCounts, dim=dim),
    # creation
    'arange': _arange,
    'linspace': lambda a, b, n, dtype=None: torch.linspace(a, b, n, dtype=dtype),
    'eye': lambda *a, dtype=None: torch.eye(*a, dtype=dtype),
    'full': lambda s, v, dtype=None: torch.full(s, v, dtype=dtype),
    'zeros': lambda s, dtype=None: torch.zeros(s, dtype=dtype),
    'ones': lambda s, dtype=None: torch.ones(s, dtype=dtype),
    'tensor': lambda d, dtype=None: torch.tensor(_py_data(d), dtype=dtype),
}


def _py_data(d):
    if isinstance(d, list):
        return [_py_data(v) for v in d]
    return d


# --------------------------------------------------------------------------------------------------
# unary.json
# --------------------------------------------------------------------------------------------------

UNARY = ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh',
         'sigmoid', 'relu', 'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'erf']
POSITIVE_DOMAIN = {'log', 'sqrt', 'rsqrt', 'reciprocal', 'log1p'}
SIGNED_ZERO_OPS = {'neg', 'abs', 'floor', 'ceil', 'round', 'trunc'}
SPECIALS = [NAN, INF, -INF, -0.0, 0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e-7, -3.7, 20.0, -20.0, 100.0]


def gen_unary():
    fam = Family('unary', 1001)
    for op in UNARY + ['logicalNot']:
        kind = 'pos' if op in POSITIVE_DOMAIN else 'normal'
        if op == 'round':
            kind = 'normal'
        for dt in DTYPES:
            x = make([2, 3], dt, kind)
            if op == 'round' and dt in FLOATS:
                x = tns([[0.5, 1.5, 2.5], [-0.5, -1.49, 3.51]], dt)
            fam.add(f'{op}/dtype/{dt}', op, [T(x)], includes=[op, dt])
        for dt in FLOATS:
            fam.add(f'{op}/special/{dt}', op, [T(tns(SPECIALS, dt))],
                    signed_zeros=op in SIGNED_ZERO_OPS,
                    note='PyTorch gives sign(nan) = 0 (pytorch/pytorch#41245)' if op == 'sign' else None)
        fam.add(f'{op}/0d/float32', op, [T(make([], 'float32', kind))])
        fam.add(f'{op}/0d/int64', op, [T(make([], 'int64', kind))], includes=[op, 'int64'])
        fam.add(f'{op}/empty/0', op, [T(make([0], 'float32'))])
        fam.add(f'{op}/empty/2x0x3', op, [T(make([2, 0, 3], 'float32'))])
        fam.add(f'{op}/noncontig/transposed', op, [transposed([3, 4], 'float32', kind)])
        fam.add(f'{op}/noncontig/stepped', op, [stepped([2, 3], 'float64', kind)])
        fam.add(f'{op}/noncontig/expanded', op, [expanded([3, 4], 'float32', kind)])
        fam.add(f'{op}/noncontig/permuted-i32', op, [permuted([2, 3, 2], [2, 0, 1], 'int32', kind)],
                includes=[op, 'int32'])
    return fam


# --------------------------------------------------------------------------------------------------
# binary.json
# --------------------------------------------------------------------------------------------------

BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'remainder', 'maximum', 'minimum', 'atan2']
BSPECIALS = [NAN, INF, -INF, -0.0, 0.0, 1.5, -2.0]
BROADCASTS = [
    ('row', [2, 3], [3]),
    ('col-row', [2, 1], [1, 3]),
    ('rank', [3], [2, 1, 3]),
    ('rank3', [2, 1, 4], [3, 1]),
    ('ones', [2, 3], [1, 1]),
    ('0d-nd', [], [2, 3]),
    ('nd-0d', [2, 3], []),
    ('0d-0d', [], []),
    ('empty-row', [0, 3], [3]),
    ('empty-col', [2, 0], [2, 1]),
    ('empty-both', [1, 0], [3, 1]),
]


def bin_inputs(op, dt, shape_a, shape_b):
    """Values in each op's comfortable domain (no int division by zero, no negative int powers)."""
    if op == 'pow':
        if dt in FLOATS:
            return make(shape_a, dt, 'pos'), make(shape_b, dt, 'normal')
        a = make(shape_a, dt, 'normal')
        if dt in ('int32', 'int64'):
            a = torch.clamp(a, -3, 3)
        elif dt == 'uint8':
            a = torch.clamp(a, 0, 4)
        b = torch.randint(0, 4, list(shape_b), generator=G).to(TORCH_DT[dt])
        return a, b
    if op in ('div', 'remainder'):
        return make(shape_a, dt, 'normal'), make(shape_b, dt, 'nonzero')
    return make(shape_a, dt, 'normal'), make(shape_b, dt, 'normal')


SCALARLESS = {'maximum', 'minimum', 'atan2'}
SCALARLESS_NOTE = ('PyTorch 1.13 takes no Python scalar here; expected computed with the scalar as a 0-d '
                   'tensor (int -> int64, float -> float32, bool -> bool), which promotes like a scalar')


def scalar_as_0d(op):
    def f(x, s):
        if isinstance(s, bool):
            st = torch.tensor(s)
        elif isinstance(s, int):
            st = torch.tensor(s, dtype=torch.int64)
        else:
            st = torch.tensor(s, dtype=torch.float32)
        return getattr(torch, op)(x, st)
    return f


def gen_binary():
    fam = Family('binary', 2002)
    for op in BINARY:
        # same dtype, every dtype
        for dt in DTYPES:
            a, b = bin_inputs(op, dt, [2, 3], [2, 3])
            fam.add(f'{op}/dtype/{dt}', op, [T(a), T(b)], includes=[op, dt])
        # a few mixed dtypes (the full table is in promotion.json)
        for da, db in [('float32', 'int64'), ('int32', 'float64'), ('uint8', 'int32'),
                       ('bool', 'float32'), ('float32', 'float64')]:
            a, _ = bin_inputs(op, da, [2, 3], [2, 3])
            _, b = bin_inputs(op, db, [2, 3], [2, 3])
            # a refusal here is PyTorch's bool rule (sub): the message must name the op and bool
            inc = [op, 'bool'] if 'bool' in (da, db) else [op, da, db]
            fam.add(f'{op}/mixed/{SHORT[da]}-{SHORT[db]}', op, [T(a), T(b)], includes=inc)
        # broadcasting
        for tag, sa, sb in BROADCASTS:
            a, b = bin_inputs(op, 'float32', sa, sb)
            fam.add(f'{op}/broadcast/{tag}', op, [T(a), T(b)])
        a, b = bin_inputs(op, 'int64', [2, 1, 3], [4, 1])
        fam.add(f'{op}/broadcast/rank3-i64', op, [T(a), T(b)])
        # special values: every pair from BSPECIALS, by broadcasting a column against a row
        for dt in FLOATS:
            fam.add(f'{op}/special/{dt}', op,
                    [T(tns(BSPECIALS, dt).reshape(-1, 1)), T(tns(BSPECIALS, dt).reshape(1, -1))])
        # non-contiguous
        ka = 'pos' if op == 'pow' else 'normal'
        kb = 'nonzero' if op in ('div', 'remainder') else 'normal'
        fam.add(f'{op}/noncontig/transposed-stepped', op,
                [transposed([3, 4], 'float32', ka), stepped([3, 4], 'float32', kb)])
        fam.add(f'{op}/noncontig/expanded-transposed', op,
                [expanded([3, 4], 'float64', ka, 0), transposed([3, 4], 'float64', kb)])
        fam.add(f'{op}/noncontig/permuted-broadcast', op,
                [permuted([2, 3, 4], [1, 2, 0], 'float32', ka), T(make([4], 'float32', kb))])
        # JS-number scalars (int, float and bool), on tensors of several dtypes
        fn, note = None, None
        if op in SCALARLESS:
            fn, note = scalar_as_0d(op), SCALARLESS_NOTE
        int_s = {'pow': 2, 'remainder': 3, 'div': 2}.get(op, 3)
        float_s = {'pow': 0.5, 'remainder': -2.5}.get(op, 2.5)
        for dt in DTYPES:
            k = 'pos' if op == 'pow' else 'normal'
            fam.add(f'{op}/scalar-int/{dt}', op, [T(make([2, 3], dt, k)), int_s], includes=[op, dt], fn=fn, note=note)
            fam.add(f'{op}/scalar-float/{dt}', op, [T(make([2, 3], dt, k)), float_s],
                    includes=[op, dt], fn=fn, note=note)
        fam.add(f'{op}/scalar-bool/float32', op, [T(make([2, 3], 'float32', 'pos')), True],
                includes=[op, 'bool'], fn=fn, note=note)
        fam.add(f'{op}/scalar-bool/int64', op, [T(make([2, 3], 'int64', 'pos')), True],
                includes=[op, 'bool'], fn=fn, note=note)
        fam.add(f'{op}/scalar-neg/float32', op, [T(make([2, 3], 'float32', 'pos')), -1.5], fn=fn, note=note)
        fam.add(f'{op}/scalar/0d', op, [T(make([], 'float32', 'pos')), 3], fn=fn, note=note)
        fam.add(f'{op}/scalar/empty', op, [T(make([0, 2], 'float32')), 2.5], fn=fn, note=note)
        fam.add(f'{op}/scalar-nan/float32', op, [T(make([3], 'float32', 'pos')), NAN], fn=fn, note=note)
        fam.add(f'{op}/scalar-inf/float64', op, [T(make([3], 'float64', 'pos')), -INF], fn=fn, note=note)
        fam.add(f'{op}/scalar/noncontig', op, [transposed([2, 3], 'float32', 'pos'), 2], fn=fn, note=note)
    # op-specific semantics
    fam.add('div/by-zero/float32', 'div', [T(tns([1.0, -1.0, 0.0, -0.0, NAN], 'float32')),
                                          T(tns([0.0, 0.0, 0.0, -0.0, 0.0], 'float32'))])
    fam.add('div/by-zero/int64', 'div', [T(tns([1, -1, 0], 'int64')), T(tns([0, 0, 0], 'int64'))])
    fam.add('div/int-int/truncation', 'div', [T(tns([7, -7, 7, -7], 'int32')), T(tns([2, 2, -2, -2], 'int32'))])
    fam.add('remainder/signs/int64', 'remainder',
            [T(tns([7, -7, 7, -7, 0, 6], 'int64')), T(tns([3, 3, -3, -3, 5, 3], 'int64'))])
    fam.add('remainder/signs/float32', 'remainder',
            [T(tns([7.5, -7.5, 7.5, -7.5, 0.0, 6.0], 'float32')), T(tns([2, 2, -2, -2, 5, 3], 'float32'))])
    fam.add('remainder/int-by-zero', 'remainder', [T(tns([1, 2], 'int64')), T(tns([0, 1], 'int64'))],
            includes=['remainder', 'zero'], error=True)
    fam.add('pow/int-negative-exponent', 'pow', [T(tns([1, 2], 'int64')), -1],
            includes=['pow', 'negative'], error=True)
    fam.add('pow/int-negative-exponent-tensor', 'pow', [T(tns([2, 1, -1, -1, 2, 0], 'int64')),
                                                         T(tns([-1, -2, -1, -2, 1, 2], 'int64'))])
    fam.add('pow/negative-base-fraction', 'pow', [T(tns([-8.0, -1.0, 4.0], 'float32')), 0.5])
    fam.add('pow/zero-zero', 'pow', [T(tns([0.0, 0.0, NAN], 'float64')), T(tns([0.0, -1.0, 0.0], 'float64'))])
    fam.add('pow/uint8-wrap', 'pow', [T(tns([2, 3, 16], 'uint8')), 2])
    fam.add('add/uint8-wrap', 'add', [T(tns([250, 3], 'uint8')), T(tns([10, 255], 'uint8'))])
    fam.add('sub/uint8-wrap', 'sub', [T(tns([3, 0], 'uint8')), T(tns([5, 1], 'uint8'))])
    fam.add('mul/bool-and', 'mul', [T(tns([True, True, False], 'bool')), T(tns([True, False, False], 'bool'))])
    fam.add('add/bool-or', 'add', [T(tns([True, True, False], 'bool')), T(tns([True, False, False], 'bool'))])
    fam.add('sub/bool-bool', 'sub', [T(tns([True, False], 'bool')), T(tns([True, True], 'bool'))],
            includes=['sub', 'bool'], error=True)
    fam.add('sub/bool-scalar-bool', 'sub', [T(tns([True, False], 'bool')), True],
            includes=['sub', 'bool'], error=True)
    fam.add('maximum/nan-propagates', 'maximum', [T(tns([NAN, 1.0, 2.0], 'float32')), T(tns([1.0, NAN, 1.0], 'float32'))])
    fam.add('minimum/nan-propagates', 'minimum', [T(tns([NAN, 1.0, 2.0], 'float32')), T(tns([1.0, NAN, 1.0], 'float32'))])
    fam.add('atan2/signed-zeros', 'atan2', [T(tns([0.0, -0.0, 0.0, -0.0, 1.0, -1.0], 'float64')),
                                            T(tns([0.0, 0.0, -0.0, -0.0, 0.0, -0.0], 'float64'))],
            signed_zeros=True)
    fam.add('mul/signed-zeros', 'mul', [T(tns([0.0, -0.0, 0.0, -2.0], 'float32')), T(tns([-1.0, -1.0, 3.0, 0.0], 'float32'))],
            signed_zeros=True)
    gen_div_rounding(fam)  # last, so that the cases above keep their random values
    return fam


def gen_div_rounding(fam):
    """div(a, b, rounding_mode='floor' | 'trunc'): PyTorch's fmod-based floor (1 // 0.1 is 9, as in Python)."""
    for mode in ('floor', 'trunc'):
        kw = {'roundingMode': mode}

        def fn(x, y, roundingMode=mode):
            return torch.div(x, y, rounding_mode=roundingMode)

        for dt in DTYPES:
            a, b = bin_inputs('div', dt, [2, 3], [2, 3])
            fam.add(f'div-{mode}/dtype/{dt}', 'div', [T(a), T(b)], kw, fn=fn, includes=['div', dt])
        for dt in FLOATS:
            fam.add(f'div-{mode}/special/{dt}', 'div',
                    [T(tns(BSPECIALS, dt).reshape(-1, 1)), T(tns(BSPECIALS, dt).reshape(1, -1))], kw, fn=fn,
                    signed_zeros=True)
            fam.add(f'div-{mode}/near-integers/{dt}', 'div',
                    [T(tns([1.0, -1.0, 7.5, 0.3, 1e-45, 3.0, -3.0, 5.0], dt)),
                     T(tns([0.1, 0.1, -0.1, 0.1, 3.0, 1e-7, 0.7, -INF], dt))], kw, fn=fn, signed_zeros=True)
        fam.add(f'div-{mode}/signs/int64', 'div', [T(tns([7, -7, 7, -7, 0, 6, -1], 'int64')),
                                                   T(tns([2, 2, -2, -2, 5, 3, 7], 'int64'))], kw, fn=fn)
        fam.add(f'div-{mode}/int-by-zero', 'div', [T(tns([1, 2], 'int64')), T(tns([0, 1], 'int64'))], kw, fn=fn,
                includes=['div', 'zero'], error=True)
        fam.add(f'div-{mode}/mixed/int-float', 'div', [T(tns([7, -7, 3], 'int32')), T(tns([2.5, 2.5, -0.5], 'float32'))],
                kw, fn=fn)
        for dt in DTYPES:
            fam.add(f'div-{mode}/scalar-int/{dt}', 'div', [T(make([2, 3], dt, 'normal')), 3], kw, fn=fn, includes=['div', dt])
            fam.add(f'div-{mode}/scalar-float/{dt}', 'div', [T(make([2, 3], dt, 'normal')), -0.7], kw, fn=fn,
                    includes=['div', dt])
        fam.add(f'div-{mode}/broadcast/col-row', 'div', [T(make([2, 1], 'float32', 'normal')), T(make([1, 3], 'float32', 'nonzero'))],
                kw, fn=fn)
        fam.add(f'div-{mode}/noncontig', 'div', [transposed([3, 4], 'float32', 'normal'), stepped([3, 4], 'float32', 'nonzero')],
                kw, fn=fn)


# --------------------------------------------------------------------------------------------------
# compare.json: comparisons, logic, where, clamp, maskedFill
# --------------------------------------------------------------------------------------------------

COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge']
LOGIC = ['logicalAnd', 'logicalOr']


def with_ties(dt, shape):
    a = make(shape, dt, 'normal')
    b = make(shape, dt, 'normal')
    # make some elements equal so eq/le/ge see ties
    flat_a, flat_b = a.reshape(-1), b.reshape(-1)
    flat_b[::2] = flat_a[::2]
    return a, flat_b.reshape(shape)


def gen_compare():
    fam = Family('compare', 3003)
    for op in COMPARE + LOGIC:
        for dt in DTYPES:
            a, b = with_ties(dt, [2, 4])
            fam.add(f'{op}/dtype/{dt}', op, [T(a), T(b)], includes=[op, dt])
        for da, db in [('float32', 'int64'), ('uint8', 'int32'), ('bool', 'float64'), ('int64', 'float64')]:
            a = make([2, 3], da)
            b = make([2, 3], db)
            fam.add(f'{op}/mixed/{SHORT[da]}-{SHORT[db]}', op, [T(a), T(b)])
        for tag, sa, sb in BROADCASTS:
            fam.add(f'{op}/broadcast/{tag}', op, [T(make(sa, 'float32')), T(make(sb, 'float32'))])
        for dt in FLOATS:
            fam.add(f'{op}/special/{dt}', op,
                    [T(tns(BSPECIALS, dt).reshape(-1, 1)), T(tns(BSPECIALS, dt).reshape(1, -1))])
        fam.add(f'{op}/noncontig', op, [transposed([3, 4], 'float32'), stepped([3, 4], 'float32')])
        fam.add(f'{op}/noncontig-expanded', op, [expanded([3, 4], 'int64'), transposed([3, 4], 'int64')])
        if op in COMPARE:
            x = make([2, 4], 'float32')
            x[0, 0] = 0.5
            fam.add(f'{op}/scalar-float', op, [T(x), 0.5])
            fam.add(f'{op}/scalar-int/int64', op, [T(tns([[1, 2, 3], [4, 5, 6]], 'int64')), 3])
            fam.add(f'{op}/scalar-int/float32', op, [T(tns([2.5, 3.0, -1.0], 'float32')), 3])
            fam.add(f'{op}/scalar-float/int32', op, [T(tns([2, 3, -1], 'int32')), 2.5])
            fam.add(f'{op}/scalar-nan', op, [T(tns([1.0, NAN], 'float32')), NAN])
            fam.add(f'{op}/scalar/0d', op, [T(tns(2.0, 'float64')), 2])
            fam.add(f'{op}/scalar/empty', op, [T(make([0, 3], 'int32')), 1])
        else:
            fam.add(f'{op}/nan-is-true', op, [T(tns([NAN, 0.0, -0.0, 2.0], 'float32')),
                                              T(tns([1.0, 1.0, 1.0, 0.0], 'float32'))])
    fam.add('logicalNot/mixed-values', 'logicalNot', [T(tns([NAN, 0.0, -0.0, 0.25], 'float32'))])

    # where
    cond = make([2, 3], 'bool')
    for da, db in [('float32', 'float32'), ('float64', 'float32'), ('int64', 'int32'), ('int64', 'float32'),
                   ('bool', 'bool'), ('uint8', 'int64'), ('bool', 'uint8')]:
        fam.add(f'where/dtype/{SHORT[da]}-{SHORT[db]}', 'where',
                [T(make([2, 3], 'bool')), T(make([2, 3], da)), T(make([2, 3], db))])
    fam.add('where/broadcast/cond-row', 'where', [T(make([3], 'bool')), T(make([2, 3])), T(make([2, 3]))])
    fam.add('where/broadcast/all', 'where', [T(make([2, 1, 1], 'bool')), T(make([3, 1])), T(make([4]))])
    fam.add('where/broadcast/0d', 'where', [T(tns(True, 'bool')), T(make([2, 2])), T(make([]))])
    fam.add('where/empty', 'where', [T(make([0, 2], 'bool')), T(make([0, 2])), T(make([2]))])
    fam.add('where/scalar-other/float', 'where', [T(cond), T(make([2, 3])), 0.5])
    fam.add('where/scalar-other/int-on-float', 'where', [T(cond), T(make([2, 3])), 0])
    fam.add('where/scalar-other/float-on-int', 'where', [T(cond), T(make([2, 3], 'int64')), 0.5])
    fam.add('where/scalar-both', 'where', [T(cond), 1.5, -0.5])
    fam.add('where/scalar-both-int', 'where', [T(cond), 1, 0])
    fam.add('where/special', 'where', [T(tns([True, False, True], 'bool')), T(tns([NAN, NAN, INF], 'float32')),
                                       T(tns([-INF, 1.0, NAN], 'float32'))])
    fam.add('where/noncontig', 'where', [transposed([3, 4], 'bool'), transposed([3, 4], 'float32'),
                                         stepped([3, 4], 'float32')])
    fam.add('where/cond-not-bool', 'where', [T(make([2, 3], 'float32')), T(make([2, 3])), T(make([2, 3]))],
            includes=['where', 'bool'], error=True)

    # clamp
    for dt in DTYPES:
        x = make([2, 4], dt, 'normal')
        lo, hi = (-1, 1) if dt != 'uint8' else (2, 6)
        if dt == 'bool':
            lo, hi = 0, 1
        fam.add(f'clamp/min/{dt}', 'clamp', [T(x), lo], includes=['clamp', dt])
        fam.add(f'clamp/max/{dt}', 'clamp', [T(x), None, hi], includes=['clamp', dt])
        fam.add(f'clamp/both/{dt}', 'clamp', [T(x), lo, hi], includes=['clamp', dt])
    fam.add('clamp/float-bounds/float32', 'clamp', [T(make([2, 4])), -0.5, 0.75])
    fam.add('clamp/float-bounds/int64', 'clamp', [T(make([2, 4], 'int64')), -1.5, 2.5])
    fam.add('clamp/min-gt-max', 'clamp', [T(make([5])), 1, -1])
    fam.add('clamp/nan', 'clamp', [T(tns([NAN, -INF, INF, 0.5], 'float32')), -1, 1])
    fam.add('clamp/0d', 'clamp', [T(make([])), None, 0.25])
    fam.add('clamp/empty', 'clamp', [T(make([0, 3])), 0.25])
    fam.add('clamp/noncontig', 'clamp', [transposed([3, 4]), -0.5, 0.5])
    fam.add('clamp/expanded', 'clamp', [expanded([3, 4], 'float64'), None, -0.25])
    fam.add('clamp/no-bounds', 'clamp', [T(make([3])), None, None], includes=['clamp'], error=True)

    # maskedFill
    for dt in DTYPES:
        x = make([2, 3], dt)
        m = make([2, 3], 'bool')
        fam.add(f'maskedFill/int-value/{dt}', 'maskedFill', [T(x), T(m), 1], includes=['maskedFill', dt])
        fam.add(f'maskedFill/float-value/{dt}', 'maskedFill', [T(x), T(m), 2.5], includes=['maskedFill', dt])
    fam.add('maskedFill/bool-value', 'maskedFill', [T(make([2, 3], 'bool')), T(make([2, 3], 'bool')), True])
    fam.add('maskedFill/broadcast-mask', 'maskedFill', [T(make([2, 3])), T(make([3], 'bool')), -1.5])
    fam.add('maskedFill/broadcast-mask-0d', 'maskedFill', [T(make([2, 3])), T(tns(True, 'bool')), 0.5])
    fam.add('maskedFill/nan', 'maskedFill', [T(make([2, 3])), T(make([2, 3], 'bool')), NAN])
    fam.add('maskedFill/-inf', 'maskedFill', [T(make([2, 3], 'float64')), T(make([1, 3], 'bool')), -INF])
    fam.add('maskedFill/0d-tensor-value', 'maskedFill', [T(make([2, 3])), T(make([2, 3], 'bool')), T(tns(4.25, 'float32'))])
    fam.add('maskedFill/0d-input', 'maskedFill', [T(make([])), T(tns(True, 'bool')), 2])
    fam.add('maskedFill/empty', 'maskedFill', [T(make([0, 3])), T(make([0, 3], 'bool')), 2])
    fam.add('maskedFill/noncontig', 'maskedFill', [transposed([3, 4]), transposed([3, 4], 'bool'), 7])
    fam.add('maskedFill/mask-larger', 'maskedFill', [T(make([3])), T(make([2, 3], 'bool')), 1])
    return fam


# --------------------------------------------------------------------------------------------------
# reduce.json
# --------------------------------------------------------------------------------------------------

REDUCE_LIST_DIMS = {'sum', 'mean', 'amax', 'amin', 'var', 'std', 'logsumexp', 'norm'}
REDUCE_NO_DIM = {'sum', 'mean', 'prod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std',
                 'all', 'any', 'norm'}
REDUCE = ['sum', 'mean', 'prod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std',
          'logsumexp', 'all', 'any', 'norm']


def red_args(op, x, dim, keepdim):
    """args for x.op(dim?, keepdim?) in the TS signature of that op."""
    if op in ('var', 'std'):
        kw = {}
        if keepdim is not None:
            kw['keepdim'] = keepdim
        return ([x] if dim is None and not kw else [x, dim]), kw
    if op == 'norm':
        if dim is None:
            return [x], {}
        return [x, 2, dim] + ([] if keepdim is None else [keepdim]), {}
    if dim is None:
        return [x], {}
    return [x, dim] + ([] if keepdim is None else [keepdim]), {}


def red_input(op, dt, shape):
    if op in ('all', 'any'):
        x = make(shape, dt, 'normal')
        if dt in FLOATS or dt in ('int32', 'int64', 'uint8'):
            x = torch.where(make(shape, 'bool'), x, torch.zeros_like(x))
        return x
    if op == 'prod':
        if dt in FLOATS:
            return make(shape, dt, 'unit') * 2
        return make(shape, dt, 'nonzero') if dt != 'uint8' else torch.clamp(make(shape, dt, 'pos'), 1, 3)
    if op in ('max', 'min', 'argmax', 'argmin') and dt != 'bool':
        return ramp(shape, dt) if dt != 'uint8' else ramp(shape, 'uint8')
    return make(shape, dt, 'normal')


def gen_reduce():
    fam = Family('reduce', 4004)
    for op in REDUCE:
        # every dtype: all dims (where the op allows no dim) and dim=1
        for dt in DTYPES:
            x = red_input(op, dt, [2, 3, 4] if op != 'prod' else [2, 3])
            if op in REDUCE_NO_DIM:
                a, kw = red_args(op, T(x), None, None)
                fam.add(f'{op}/dtype/{dt}/all', op, a, kw, includes=[op, dt])
            a, kw = red_args(op, T(x), 1, None)
            fam.add(f'{op}/dtype/{dt}/dim1', op, a, kw, includes=[op, dt])
        # dims and keepdim on float32 [2, 3, 4]
        x = red_input(op, 'float32', [2, 3, 4])
        dims = [0, 1, -1, -3]
        if op in REDUCE_LIST_DIMS:
            dims += [[0, 2], [-1, 0], [0, 1, 2], [1]]
        for d in dims:
            for kd in (False, True):
                tag = '[' + ','.join(str(v) for v in d) + ']' if isinstance(d, list) else str(d)
                a, kw = red_args(op, T(x), d, kd)
                fam.add(f'{op}/dim{tag}/keepdim-{str(kd).lower()}', op, a, kw)
        # float64 with keepdim
        a, kw = red_args(op, T(red_input(op, 'float64', [3, 2])), -1, True)
        fam.add(f'{op}/float64/dim-1/keepdim', op, a, kw)
        # 0-d input
        x0 = T(tns(1.5, 'float32')) if op not in ('all', 'any') else T(tns(0.0, 'float32'))
        if op in REDUCE_NO_DIM:
            a, kw = red_args(op, x0, None, None)
            fam.add(f'{op}/0d/all', op, a, kw, includes=[op])
        for d in (0, -1):
            a, kw = red_args(op, x0, d, None)
            fam.add(f'{op}/0d/dim{d}', op, a, kw, includes=[op])
        # zero-size input [0, 3]
        xe = T(make([0, 3], 'float32'))
        if op in REDUCE_NO_DIM:
            a, kw = red_args(op, xe, None, None)
            fam.add(f'{op}/empty/all', op, a, kw, includes=[op])
        for d in (0, 1):
            a, kw = red_args(op, xe, d, None)
            fam.add(f'{op}/empty/dim{d}', op, a, kw, includes=[op])
        # non-contiguous
        xt = transposed([3, 4], 'float32') if op not in ('max', 'min', 'argmax', 'argmin') else \
            T(ramp([4, 3]), [['transpose', 0, 1]])
        if op in REDUCE_NO_DIM:
            a, kw = red_args(op, xt, None, None)
            fam.add(f'{op}/noncontig/transposed-all', op, a, kw)
        a, kw = red_args(op, xt, 1, None)
        fam.add(f'{op}/noncontig/transposed-dim1', op, a, kw)
        xs = T(red_input(op, 'float64', [3, 9]), [['slice', 1, 1, 9, 3]])
        a, kw = red_args(op, xs, 0, True)
        fam.add(f'{op}/noncontig/stepped-dim0', op, a, kw)
        xx = expanded([3, 4], 'float32', 'normal', 0)
        a, kw = red_args(op, xx, 0, None)
        fam.add(f'{op}/noncontig/expanded-dim0', op, a, kw)
        # special values
        sp = T(tns([[1.0, NAN, 3.0], [INF, -INF, 2.0], [-0.0, 0.0, 1.0]], 'float32'))
        if op in REDUCE_NO_DIM:
            a, kw = red_args(op, sp, None, None)
            fam.add(f'{op}/special/all', op, a, kw)
        a, kw = red_args(op, sp, 1, None)
        fam.add(f'{op}/special/dim1', op, a, kw)
        a, kw = red_args(op, sp, 0, None)
        fam.add(f'{op}/special/dim0', op, a, kw)
    # ties: the first index wins
    ties = T(tns([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, -1.0]], 'float32'))
    for op in ('argmax', 'argmin'):
        fam.add(f'{op}/ties/all', op, [ties])
        fam.add(f'{op}/ties/dim1', op, [ties, 1])
    for op in ('max', 'min'):
        fam.add(f'{op}/ties/dim1', op, [ties, 1])
        fam.add(f'{op}/ties/all', op, [ties])
    for op in ('amax', 'amin'):
        fam.add(f'{op}/ties/dim1', op, [ties, 1])
    # var/std: correction
    x = make([3, 4], 'float32')
    for op in ('var', 'std'):
        for c in (0, 1, 2):
            fam.add(f'{op}/correction{c}/all', op, [T(x), None], {'correction': c})
            fam.add(f'{op}/correction{c}/dim1-keepdim', op, [T(x), 1], {'correction': c, 'keepdim': True})
        fam.add(f'{op}/single-element', op, [T(make([1, 3])), 0])
        fam.add(f'{op}/float64/list', op, [T(make([2, 3, 2], 'float64')), [0, 2]], {'correction': 0})
    # norm: p
    x = make([3, 4], 'float32')
    for p in (1, 2, 3, 0, INF, -INF, 0.5):
        ptag = {INF: 'inf', -INF: '-inf', 0.5: '0.5'}.get(p, str(p))
        fam.add(f'norm/p{ptag}/all', 'norm', [T(x), p])
        fam.add(f'norm/p{ptag}/dim1', 'norm', [T(x), p, 1])
        fam.add(f'norm/p{ptag}/dim0-keepdim', 'norm', [T(x), p, 0, True])
    fam.add('norm/float64/list', 'norm', [T(make([2, 3, 2], 'float64')), 2, [0, 2], True])
    # sums of ints and bools widen to int64
    fam.add('sum/bool-counts', 'sum', [T(tns([[True, False, True], [True, True, True]], 'bool')), 1])
    fam.add('sum/uint8-no-wrap', 'sum', [T(tns([200, 200, 200], 'uint8'))])
    fam.add('prod/int32-widen', 'prod', [T(tns([100, 100, 100], 'int32'))])
    fam.add('logsumexp/large', 'logsumexp', [T(tns([[1000.0, 1000.0], [-1000.0, -1001.0]], 'float32')), 1])
    fam.add('logsumexp/all-neg-inf', 'logsumexp', [T(tns([[-INF, -INF], [INF, 1.0]], 'float32')), 1])
    fam.add('mean/float64-list', 'mean', [T(make([2, 3, 4], 'float64')), [1, 2], True])
    fam.add('sum/float64-list', 'sum', [T(make([2, 3, 4], 'float64')), [0, -1]])
    return fam


# --------------------------------------------------------------------------------------------------
# linalg.json
# --------------------------------------------------------------------------------------------------

MATMUL_SHAPES = [
    ('1d-1d', [3], [3]),
    ('1d-2d', [3], [3, 2]),
    ('2d-1d', [2, 3], [3]),
    ('2d-2d', [2, 3], [3, 4]),
    ('3d-2d', [2, 2, 3], [3, 4]),
    ('2d-3d', [2, 3], [2, 3, 4]),
    ('1d-3d', [3], [2, 3, 4]),
    ('3d-1d', [2, 3, 4], [4]),
    ('3d-3d', [2, 3, 4], [2, 4, 5]),
    ('broadcast-batch', [2, 1, 3, 4], [3, 4, 2]),
    ('broadcast-batch-1', [1, 2, 3], [4, 3, 2]),
    ('empty-k', [2, 0], [0, 3]),
    ('empty-m', [0, 3], [3, 2]),
    ('empty-n', [2, 3], [3, 0]),
    ('empty-batch', [0, 2, 3], [3, 2]),
    ('1d-1d-empty', [0], [0]),
]


def gen_linalg():
    fam = Family('linalg', 5005)
    for tag, sa, sb in MATMUL_SHAPES:
        fam.add(f'matmul/{tag}/float32', 'matmul', [T(make(sa)), T(make(sb))])
    for tag, sa, sb in MATMUL_SHAPES[:10]:
        fam.add(f'matmul/{tag}/float64', 'matmul', [T(make(sa, 'float64')), T(make(sb, 'float64'))])
        fam.add(f'matmul/{tag}/int64', 'matmul', [T(make(sa, 'int64')), T(make(sb, 'int64'))])
    for dt in ('int32', 'uint8', 'bool'):
        fam.add(f'matmul/2d-2d/{dt}', 'matmul', [T(make([2, 3], dt)), T(make([3, 2], dt))],
                includes=['matmul', dt])
    fam.add('matmul/noncontig/transposed', 'matmul', [transposed([3, 4]), transposed([4, 2])])
    fam.add('matmul/noncontig/stepped', 'matmul', [stepped([2, 3]), stepped([3, 4], dim=0)])
    fam.add('matmul/noncontig/expanded-batch', 'matmul',
            [T(make([1, 2, 3]), [['expand', [3, 2, 3]]]), permuted([3, 3, 2], [0, 2, 1])])
    fam.add('matmul/noncontig/transposed-1d', 'matmul', [transposed([2, 3]), T(make([3], 'float32'), [])])
    fam.add('matmul/special', 'matmul', [T(tns([[1.0, NAN], [INF, 1.0]], 'float32')),
                                         T(tns([[1.0, 0.0], [0.0, 1.0]], 'float32'))])
    fam.add('matmul/mixed-dtype', 'matmul', [T(make([2, 3])), T(make([3, 2], 'float64'))],
            includes=['matmul', 'float32', 'float64'])
    fam.add('matmul/shape-mismatch', 'matmul', [T(make([2, 3])), T(make([4, 5]))],
            includes=['matmul', '[2, 3]', '[4, 5]'], error=True)
    fam.add('matmul/0d', 'matmul', [T(make([])), T(make([3]))], includes=['matmul'], error=True)
    # mm
    for dt in ('float32', 'float64', 'int64', 'int32', 'uint8'):
        fam.add(f'mm/{dt}', 'mm', [T(make([3, 4], dt)), T(make([4, 2], dt))], includes=['mm', dt])
    fam.add('mm/noncontig', 'mm', [transposed([2, 3]), stepped([3, 4])])
    fam.add('mm/empty', 'mm', [T(make([2, 0])), T(make([0, 3]))])
    fam.add('mm/1x1', 'mm', [T(make([1, 1], 'float64')), T(make([1, 1], 'float64'))])
    fam.add('mm/1d', 'mm', [T(make([3])), T(make([3, 2]))], includes=['mm'], error=True)
    fam.add('mm/shape-mismatch', 'mm', [T(make([2, 3])), T(make([4, 5]))],
            includes=['mm', '[2, 3]', '[4, 5]'], error=True)
    # bmm
    for dt in ('float32', 'float64', 'int64'):
        fam.add(f'bmm/{dt}', 'bmm', [T(make([2, 3, 4], dt)), T(make([2, 4, 2], dt))])
    fam.add('bmm/noncontig', 'bmm', [permuted([2, 3, 4], [1, 0, 2]), transposed([2, 4, 3], d0=1, d1=2)])
    fam.add('bmm/empty-batch', 'bmm', [T(make([0, 2, 3])), T(make([0, 3, 4]))])
    fam.add('bmm/2d', 'bmm', [T(make([2, 3])), T(make([3, 2]))], includes=['bmm'], error=True)
    fam.add('bmm/batch-mismatch', 'bmm', [T(make([2, 3, 4])), T(make([3, 4, 5]))],
            includes=['bmm', '[2, 3, 4]', '[3, 4, 5]'], error=True)
    # dot
    for dt in ('float32', 'float64', 'int64', 'int32', 'uint8'):
        fam.add(f'dot/{dt}', 'dot', [T(make([5], dt)), T(make([5], dt))], includes=['dot', dt])
    fam.add('dot/bool', 'dot', [T(make([3], 'bool')), T(make([3], 'bool'))], includes=['dot', 'bool'])
    fam.add('dot/empty', 'dot', [T(make([0])), T(make([0]))])
    fam.add('dot/noncontig', 'dot', [T(make([8]), [['slice', 0, 0, 8, 2]]), T(make([4]))])
    fam.add('dot/expanded', 'dot', [T(make([1]), [['expand', [4]]]), T(make([4]))])
    fam.add('dot/mixed-dtype', 'dot', [T(make([3])), T(make([3], 'int64'))], includes=['dot', 'float32', 'int64'])
    fam.add('dot/2d', 'dot', [T(make([2, 2])), T(make([2, 2]))], includes=['dot'], error=True)
    fam.add('dot/size-mismatch', 'dot', [T(make([3])), T(make([4]))], includes=['dot', '[3]', '[4]'], error=True)
    # outer
    for dt in ('float32', 'float64', 'int64', 'uint8', 'bool'):
        fam.add(f'outer/{dt}', 'outer', [T(make([3], dt)), T(make([4], dt))], includes=['outer', dt])
    fam.add('outer/mixed', 'outer', [T(make([3], 'int64')), T(make([2], 'float32'))])
    fam.add('outer/empty', 'outer', [T(make([0])), T(make([3]))])
    fam.add('outer/noncontig', 'outer', [T(make([6]), [['slice', 0, 1, 6, 2]]), T(make([1]), [['expand', [2]]])])
    fam.add('outer/2d', 'outer', [T(make([2, 2])), T(make([2]))], includes=['outer'], error=True)
    return fam


# --------------------------------------------------------------------------------------------------
# shape.json: view ops, cat/stack/split/chunk/repeat/tile/flip/roll/tril/triu
# --------------------------------------------------------------------------------------------------


def gen_shape():
    fam = Family('shape', 6006)
    x = make([2, 3, 4])
    # view / reshape
    for op in ('view', 'reshape'):
        for sizes in ([6, 4], [24], [-1], [4, -1], [2, 3, 2, 2], [1, 24, 1]):
            tag = 'x'.join(str(s) for s in sizes)
            fam.add(f'{op}/{tag}', op, [T(x), sizes])
        fam.add(f'{op}/0d-to-1', op, [T(make([])), [1]])
        fam.add(f'{op}/1-to-0d', op, [T(make([1])), []])
        fam.add(f'{op}/empty', op, [T(make([0, 3])), [3, 0, -1]], includes=[op, '-1'])
        fam.add(f'{op}/empty-explicit', op, [T(make([0, 3])), [3, 0, 2]], includes=[op, '[3, 0, 2]'])
        fam.add(f'{op}/int64', op, [T(make([2, 3], 'int64')), [3, 2]])
        fam.add(f'{op}/bad-size', op, [T(make([2, 3])), [4]], includes=[op, '[4]', '6'], error=True)
        fam.add(f'{op}/two-inferred', op, [T(make([2, 3])), [-1, -1]], includes=[op], error=True)
    fam.add('view/noncontig-compatible', 'view', [transposed([3, 4]), [3, 1, 4]])
    fam.add('view/noncontig-expanded-split', 'view', [T(make([1, 4]), [['expand', [3, 4]]]), [3, 2, 2]])
    fam.add('view/noncontig-error', 'view', [transposed([3, 4]), [12]], includes=['view', 'reshape'], error=True)
    fam.add('reshape/noncontig', 'reshape', [transposed([3, 4]), [12]])
    fam.add('reshape/noncontig-stepped', 'reshape', [stepped([2, 3], 'int32'), [3, 2]])
    # transpose / permute / T
    for a, b in ((0, 1), (0, 2), (-1, -2), (1, 1)):
        fam.add(f'transpose/{a}-{b}', 'transpose', [T(x), a, b])
    fam.add('transpose/0d', 'transpose', [T(make([])), 0, -1])
    fam.add('transpose/bool', 'transpose', [T(make([2, 3], 'bool')), 0, 1])
    fam.add('transpose/noncontig', 'transpose', [stepped([3, 4]), 0, 1])
    fam.add('transpose/dim-out-of-range', 'transpose', [T(make([2, 3])), 0, 2],
            includes=['transpose', 'dim', '2'], error=True)
    for p in ([2, 0, 1], [0, 2, 1], [-1, 0, 1], [0, 1, 2]):
        fam.add(f'permute/{"-".join(map(str, p))}', 'permute', [T(x), p])
    fam.add('permute/noncontig', 'permute', [transposed([3, 4, 2]), [2, 1, 0]])
    fam.add('permute/wrong-length', 'permute', [T(x), [1, 0]], includes=['permute'], error=True)
    fam.add('permute/repeated', 'permute', [T(x), [0, 0, 1]], includes=['permute'], error=True)
    fam.add('T/2d', 'T', [T(make([2, 3]))])
    fam.add('T/1d', 'T', [T(make([3]))])
    fam.add('T/int64', 'T', [T(make([3, 2], 'int64'))])
    fam.add('T/noncontig', 'T', [stepped([2, 3])])
    # unsqueeze / squeeze
    for d in (0, 1, 3, -1, -4):
        fam.add(f'unsqueeze/{d}', 'unsqueeze', [T(x), d])
    fam.add('unsqueeze/0d', 'unsqueeze', [T(make([])), 0])
    fam.add('unsqueeze/out-of-range', 'unsqueeze', [T(make([2, 3])), 3],
            includes=['unsqueeze', 'dim', '3'], error=True)
    y = make([1, 3, 1, 2])
    fam.add('squeeze/all', 'squeeze', [T(y)])
    for d in (0, 1, 2, -2, -1):
        fam.add(f'squeeze/{d}', 'squeeze', [T(y), d])
    fam.add('squeeze/0d', 'squeeze', [T(make([]))])
    fam.add('squeeze/1-element', 'squeeze', [T(make([1, 1]))])
    fam.add('squeeze/empty', 'squeeze', [T(make([0, 1, 2]))])
    fam.add('squeeze/noncontig', 'squeeze', [T(make([3, 1]), [['transpose', 0, 1]])])
    # expand
    fam.add('expand/row', 'expand', [T(make([1, 3])), [4, 3]])
    fam.add('expand/minus-one', 'expand', [T(make([2, 1])), [-1, 3]])
    fam.add('expand/new-dims', 'expand', [T(make([3])), [2, 2, 3]])
    fam.add('expand/0d', 'expand', [T(make([])), [2, 3]])
    fam.add('expand/to-zero', 'expand', [T(make([1, 3])), [0, 3]])
    fam.add('expand/int32', 'expand', [T(make([3, 1], 'int32')), [3, 2]])
    fam.add('expand/noncontig', 'expand', [T(make([3, 1]), [['transpose', 0, 1]]), [2, 3]])
    fam.add('expand/invalid', 'expand', [T(make([2, 3])), [3, 3]], includes=['expand', '[2, 3]', '[3, 3]'],
            error=True)
    # narrow
    for d, s, n in ((0, 0, 1), (1, 1, 2), (-1, 2, 2), (2, 0, 0)):
        fam.add(f'narrow/{d}-{s}-{n}', 'narrow', [T(x), d, s, n])
    fam.add('narrow/negative-start', 'narrow', [T(x), 1, -2, 2])
    fam.add('narrow/noncontig', 'narrow', [transposed([3, 4]), 1, 1, 2])
    fam.add('narrow/out-of-range', 'narrow', [T(x), 1, 2, 2], includes=['narrow'], error=True)
    # flatten / unflatten
    fam.add('flatten/all', 'flatten', [T(x)])
    fam.add('flatten/1', 'flatten', [T(x), 1])
    fam.add('flatten/0-1', 'flatten', [T(x), 0, 1])
    fam.add('flatten/-2--1', 'flatten', [T(x), -2, -1])
    fam.add('flatten/0d', 'flatten', [T(make([]))])
    fam.add('flatten/noncontig', 'flatten', [transposed([3, 4])])
    fam.add('flatten/empty', 'flatten', [T(make([2, 0, 3])), 1])
    fam.add('unflatten/1', 'unflatten', [T(x), 1, [3, 1]])
    fam.add('unflatten/-1', 'unflatten', [T(x), -1, [2, -1]])
    fam.add('unflatten/noncontig', 'unflatten', [transposed([4, 3]), 0, [2, 2]])
    fam.add('unflatten/bad', 'unflatten', [T(x), 1, [2, 2]], includes=['unflatten'], error=True)
    # contiguous
    fam.add('contiguous/transposed', 'contiguous', [transposed([3, 4])])
    fam.add('contiguous/stepped', 'contiguous', [stepped([2, 3], 'int64')])
    fam.add('contiguous/expanded', 'contiguous', [expanded([3, 4], 'bool')])
    fam.add('contiguous/permuted', 'contiguous', [permuted([2, 3, 4], [1, 2, 0], 'float64')])
    fam.add('contiguous/already', 'contiguous', [T(make([2, 3], 'uint8'))])

    # cat / stack
    a, b, c = make([2, 3]), make([2, 3]), make([1, 3])
    fam.add('cat/dim0', 'cat', [[T(a), T(b), T(c)]])
    fam.add('cat/dim0-explicit', 'cat', [[T(a), T(c)], 0])
    fam.add('cat/dim1', 'cat', [[T(a), T(make([2, 1])), T(b)], 1])
    fam.add('cat/dim-neg', 'cat', [[T(a), T(make([2, 2]))], -1])
    fam.add('cat/3d-middle', 'cat', [[T(make([2, 1, 2])), T(make([2, 3, 2]))], 1])
    fam.add('cat/single', 'cat', [[T(a)], 1])
    fam.add('cat/with-empty', 'cat', [[T(a), T(make([0, 3])), T(b)], 0])
    fam.add('cat/with-empty-dim1', 'cat', [[T(make([2, 0])), T(a)], 1])
    fam.add('cat/all-empty', 'cat', [[T(make([0, 3])), T(make([0, 3]))]])
    fam.add('cat/1d', 'cat', [[T(make([2], 'int64')), T(make([3], 'int64'))]])
    fam.add('cat/mixed-dtype', 'cat', [[T(make([2], 'int64')), T(make([2], 'float32'))]])
    fam.add('cat/mixed-dtype-bool-int', 'cat', [[T(make([2], 'bool')), T(make([2], 'int32'))]])
    fam.add('cat/noncontig', 'cat', [[transposed([3, 2]), stepped([3, 2]), expanded([1, 2])]])
    fam.add('cat/noncontig-dim1', 'cat', [[transposed([3, 2]), stepped([3, 2])], 1])
    for dt in DTYPES:
        fam.add(f'cat/dtype/{dt}', 'cat', [[T(make([2, 2], dt)), T(make([1, 2], dt))]])
    fam.add('cat/shape-mismatch', 'cat', [[T(make([2, 3])), T(make([2, 4]))]],
            includes=['cat', '[2, 3]', '[2, 4]'], error=True)
    fam.add('cat/rank-mismatch', 'cat', [[T(make([2, 3])), T(make([2, 3, 1]))]], includes=['cat'], error=True)
    fam.add('cat/empty-list', 'cat', [[]], includes=['cat'], error=True)
    fam.add('cat/0d', 'cat', [[T(make([])), T(make([]))]], includes=['cat'], error=True)
    fam.add('cat/dim-out-of-range', 'cat', [[T(a), T(b)], 2], includes=['cat', 'dim', '2'], error=True)
    for d in (0, 1, 2, -1, -3):
        fam.add(f'stack/dim{d}', 'stack', [[T(make([2, 3])), T(make([2, 3])), T(make([2, 3]))], d])
    fam.add('stack/default', 'stack', [[T(make([3])), T(make([3]))]])
    fam.add('stack/0d', 'stack', [[T(make([])), T(make([])), T(make([]))]])
    fam.add('stack/empty', 'stack', [[T(make([0, 2])), T(make([0, 2]))], 1])
    fam.add('stack/mixed-dtype', 'stack', [[T(make([2], 'int32')), T(make([2], 'float64'))]])
    fam.add('stack/noncontig', 'stack', [[transposed([2, 3]), stepped([2, 3])], 1])
    fam.add('stack/int64', 'stack', [[T(make([2], 'int64')), T(make([2], 'int64'))], 0])
    fam.add('stack/shape-mismatch', 'stack', [[T(make([2, 3])), T(make([3, 2]))]],
            includes=['stack', '[2, 3]', '[3, 2]'], error=True)
    fam.add('stack/empty-list', 'stack', [[]], includes=['stack'], error=True)

    # split / chunk
    s = make([5, 4])
    fam.add('split/size2', 'split', [T(s), 2])
    fam.add('split/size2-dim1', 'split', [T(s), 2, 1])
    fam.add('split/size3-dim-1', 'split', [T(s), 3, -1])
    fam.add('split/size-larger', 'split', [T(s), 7])
    fam.add('split/sections', 'split', [T(s), [1, 3, 1]])
    fam.add('split/sections-dim1', 'split', [T(s), [3, 1], 1])
    fam.add('split/sections-with-zero', 'split', [T(s), [0, 5]])
    fam.add('split/int64', 'split', [T(make([6], 'int64')), 4])
    fam.add('split/noncontig', 'split', [transposed([4, 3]), 2, 1])
    fam.add('split/empty', 'split', [T(make([0, 3])), 2, 1])
    fam.add('split/bad-sections', 'split', [T(s), [2, 2]], includes=['split'], error=True)
    for n, d in ((2, 0), (3, 0), (4, 1), (3, -1), (5, 0), (6, 0), (1, 1)):
        fam.add(f'chunk/{n}-dim{d}', 'chunk', [T(s), n, d])
    fam.add('chunk/default-dim', 'chunk', [T(make([6], 'int32')), 4])
    fam.add('chunk/noncontig', 'chunk', [transposed([3, 4]), 2, 1])
    fam.add('chunk/empty', 'chunk', [T(make([0, 2])), 2, 0])
    fam.add('chunk/zero', 'chunk', [T(s), 0], includes=['chunk', '0'], error=True)

    # repeat / tile
    r = make([2, 3])
    for sizes in ([2, 1], [1, 3], [2, 2, 1], [3, 1, 2], [0, 2]):
        fam.add(f'repeat/{"x".join(map(str, sizes))}', 'repeat', [T(r), sizes])
    fam.add('repeat/0d', 'repeat', [T(make([])), [3]])
    fam.add('repeat/1d', 'repeat', [T(make([3], 'int64')), [2]])
    fam.add('repeat/noncontig', 'repeat', [transposed([2, 3]), [2, 2]])
    fam.add('repeat/bool', 'repeat', [T(make([2], 'bool')), [2, 1]])
    fam.add('repeat/too-few', 'repeat', [T(r), [2]], includes=['repeat'], error=True)
    for dims in ([2], [2, 1], [1, 2], [2, 1, 2], [0]):
        fam.add(f'tile/{"x".join(map(str, dims))}', 'tile', [T(r), dims])
    fam.add('tile/0d', 'tile', [T(make([])), [2, 2]])
    fam.add('tile/noncontig', 'tile', [transposed([2, 3], 'int32'), [2]])

    # flip / roll
    for dims in ([0], [1], [-1], [0, 2], [0, 1, 2]):
        fam.add(f'flip/{"-".join(map(str, dims))}', 'flip', [T(x), dims])
    fam.add('flip/0d', 'flip', [T(make([])), [0]])
    fam.add('flip/empty', 'flip', [T(make([0, 3])), [0]])
    fam.add('flip/noncontig', 'flip', [transposed([3, 4], 'int64'), [0]])
    fam.add('flip/bool', 'flip', [T(make([4], 'bool')), [0]])
    fam.add('roll/flat', 'roll', [T(make([2, 3])), 2])
    fam.add('roll/flat-negative', 'roll', [T(make([2, 3])), -1])
    fam.add('roll/dim0', 'roll', [T(make([3, 2])), 1, 0])
    fam.add('roll/dim-1-large', 'roll', [T(make([2, 3])), 7, -1])
    fam.add('roll/multi', 'roll', [T(x), [1, -2], [0, 2]])
    fam.add('roll/noncontig', 'roll', [transposed([3, 4]), 1, 1])
    fam.add('roll/empty', 'roll', [T(make([0, 3])), 1, 1])
    fam.add('roll/int32', 'roll', [T(make([5], 'int32')), 3, 0])

    # tril / triu
    m = make([3, 4])
    for op in ('tril', 'triu'):
        fam.add(f'{op}/default', op, [T(m)])
        for k in (0, 1, -1, 3, -3):
            fam.add(f'{op}/k{k}', op, [T(m), k])
        fam.add(f'{op}/tall', op, [T(make([4, 2])), 0])
        fam.add(f'{op}/batched', op, [T(make([2, 3, 3])), 1])
        fam.add(f'{op}/int64', op, [T(make([3, 3], 'int64'))])
        fam.add(f'{op}/bool', op, [T(make([3, 3], 'bool')), -1])
        fam.add(f'{op}/noncontig', op, [transposed([3, 4])])
        fam.add(f'{op}/empty', op, [T(make([0, 3]))])
        fam.add(f'{op}/special', op, [T(tns([[NAN, INF], [-INF, NAN]], 'float32'))])
        fam.add(f'{op}/1d', op, [T(make([3]))], includes=[op], error=True)
    return fam


# --------------------------------------------------------------------------------------------------
# index.json: gather, scatter, indexSelect, at, set
# --------------------------------------------------------------------------------------------------


def idx(values):
    return T(tns(values, 'int64'))


def mask(values):
    return T(tns(values, 'bool'))


def gen_index():
    fam = Family('index', 7007)
    x = make([3, 4])
    # gather
    fam.add('gather/dim0', 'gather', [T(x), 0, idx([[0, 1, 2, 0], [2, 2, 1, 0]])])
    fam.add('gather/dim1', 'gather', [T(x), 1, idx([[3, 0], [1, 1], [2, 0]])])
    fam.add('gather/dim-1', 'gather', [T(x), -1, idx([[0], [3], [2]])])
    fam.add('gather/smaller-index', 'gather', [T(x), 1, idx([[1, 2], [0, 3]])])
    fam.add('gather/3d', 'gather', [T(make([2, 3, 2])), 1, idx([[[0, 1], [2, 0]], [[1, 1], [0, 2]]])])
    fam.add('gather/1d', 'gather', [T(make([5], 'int64')), 0, idx([4, 0, 0, 2])])
    fam.add('gather/0d', 'gather', [T(make([])), 0, T(tns(0, 'int64'))])
    fam.add('gather/empty-index', 'gather', [T(x), 1, T(torch.zeros(3, 0, dtype=torch.int64))])
    fam.add('gather/noncontig', 'gather', [transposed([3, 4]), 0, T(tns([[0, 2, 1], [2, 1, 0]], 'int64'), [['transpose', 0, 1]])])
    for dt in DTYPES:
        fam.add(f'gather/dtype/{dt}', 'gather', [T(make([2, 3], dt)), 1, idx([[2, 0], [1, 1]])])
    fam.add('gather/out-of-range', 'gather', [T(x), 1, idx([[5]])], includes=['gather', '5'], error=True)
    fam.add('gather/rank-mismatch', 'gather', [T(x), 1, idx([1, 2])], includes=['gather'], error=True)
    fam.add('gather/int32-index', 'gather', [T(x), 1, T(tns([[1]], 'int32'))], includes=['gather', 'int64'],
            error=True)
    # scatter (no duplicate targets: the result would depend on the order)
    z = make([3, 4])
    fam.add('scatter/src-dim0', 'scatter', [T(z), 0, idx([[1, 0, 2, 1], [2, 1, 0, 0]]), T(make([2, 4]))])
    fam.add('scatter/src-dim1', 'scatter', [T(z), 1, idx([[3, 0], [1, 2], [0, 3]]), T(make([3, 2]))])
    fam.add('scatter/src-larger', 'scatter', [T(z), 1, idx([[2], [0]]), T(make([3, 3]))])
    fam.add('scatter/dim-1', 'scatter', [T(z), -1, idx([[1], [0], [3]]), T(make([3, 1]))])
    fam.add('scatter/value-float', 'scatter', [T(z), 1, idx([[0, 2], [1, 3], [2, 0]]), -1.5])
    fam.add('scatter/value-int', 'scatter', [T(make([2, 3], 'int64')), 0, idx([[1, 0, 1]]), 9])
    fam.add('scatter/value-float-into-int', 'scatter', [T(make([2, 3], 'int32')), 0, idx([[1, 0, 1]]), 2.5])
    fam.add('scatter/1d', 'scatter', [T(make([5])), 0, idx([4, 1]), T(make([2]))])
    fam.add('scatter/empty-index', 'scatter', [T(z), 0, T(torch.zeros(0, 4, dtype=torch.int64)), T(make([0, 4]))])
    fam.add('scatter/noncontig', 'scatter', [transposed([3, 4]), 1, idx([[1, 0], [3, 2], [0, 1]]), transposed([3, 2])])
    for dt in DTYPES:
        fam.add(f'scatter/dtype/{dt}', 'scatter', [T(make([2, 3], dt)), 1, idx([[2, 0], [1, 2]]), T(make([2, 2], dt))])
    fam.add('scatter/out-of-range', 'scatter', [T(z), 0, idx([[3]]), T(make([1, 1]))],
            includes=['scatter', '3'], error=True)
    # indexSelect
    for d, ind in ((0, [2, 0, 2]), (1, [3, 1]), (-1, [0]), (0, [])):
        fam.add(f'indexSelect/dim{d}-{len(ind)}', 'indexSelect', [T(x), d, T(tns(ind, 'int64'))])
    fam.add('indexSelect/int32-index', 'indexSelect', [T(x), 1, T(tns([1, 1, 0], 'int32'))])
    fam.add('indexSelect/0d-index', 'indexSelect', [T(x), 0, T(tns(1, 'int64'))])
    fam.add('indexSelect/1d', 'indexSelect', [T(make([5], 'int64')), 0, idx([4, 4, 0])])
    fam.add('indexSelect/0d-input', 'indexSelect', [T(make([])), 0, idx([0])])
    fam.add('indexSelect/noncontig', 'indexSelect', [transposed([3, 4]), 1, idx([2, 0])])
    fam.add('indexSelect/noncontig-index', 'indexSelect', [T(x), 1, T(tns([0, 9, 3, 9, 1], 'int64'), [['slice', 0, 0, 5, 2]])])
    for dt in DTYPES:
        fam.add(f'indexSelect/dtype/{dt}', 'indexSelect', [T(make([3, 2], dt)), 0, idx([1, 2])])
    fam.add('indexSelect/out-of-range', 'indexSelect', [T(x), 0, idx([5])], includes=['indexSelect', '5'],
            error=True)

    # at
    a = make([3, 4, 5])
    AT = [
        ('int', [1]), ('neg-int', [-1]), ('int-int', [0, 2]), ('int-int-int', [2, -1, 0]),
        ('colon', [':']), ('colon-int', [':', 1]), ('slice', ['1:3']), ('slice-open-start', [':2']),
        ('slice-open-end', ['1:']), ('slice-neg', ['-2:']), ('slice-neg-stop', [':-1']),
        ('slice-step', ['::2']), ('slice-start-step', ['1::2']), ('slice-full', ['0:3:1']),
        ('slice-clamped', ['1:10']), ('slice-empty', ['2:1']), ('slice-neg-both', ['-3:-1:2']),
        ('slice-beyond', ['5:']), ('multi-slice', ['1:', ':3', '::2']), ('ellipsis', ['...']),
        ('ellipsis-int', ['...', 1]), ('int-ellipsis', [1, '...']), ('ellipsis-middle', [0, '...', 2]),
        ('null', [None]), ('null-middle', [':', None]), ('null-end', ['...', None]),
        ('null-int', [None, 1, None]), ('int-null-slice', [1, None, '1:3']),
    ]
    for tag, ind in AT:
        fam.add(f'at/{tag}', 'at', [T(a)] + ind)
    fam.add('at/0d-ellipsis', 'at', [T(make([])), '...'])
    fam.add('at/0d-null', 'at', [T(make([])), None])
    fam.add('at/1d-int', 'at', [T(make([4], 'int64')), 2])
    fam.add('at/int-to-0d', 'at', [T(make([2, 2], 'bool')), 1, 0])
    fam.add('at/noncontig', 'at', [transposed([3, 4]), '1:', 2])
    fam.add('at/noncontig-step', 'at', [stepped([3, 4]), '::2', -1])
    fam.add('at/empty-dim', 'at', [T(make([0, 3])), ':', 1])
    # integer index tensors
    fam.add('at/index-tensor', 'at', [T(a), idx([2, 0, 2])])
    fam.add('at/index-tensor-neg', 'at', [T(a), idx([-1, 0])])
    fam.add('at/index-tensor-2d', 'at', [T(a), idx([[0, 1], [2, 2]])])
    fam.add('at/index-tensor-0d', 'at', [T(a), T(tns(1, 'int64'))])
    fam.add('at/index-tensor-empty', 'at', [T(a), T(torch.zeros(0, dtype=torch.int64))])
    fam.add('at/index-tensor-second', 'at', [T(a), ':', idx([3, 1])])
    fam.add('at/index-tensor-pair', 'at', [T(a), idx([0, 2]), idx([1, 3])])
    fam.add('at/index-tensor-broadcast', 'at', [T(a), idx([[0], [2]]), idx([1, 3, 0])])
    fam.add('at/index-tensor-int', 'at', [T(a), idx([0, 2]), 1])
    fam.add('at/index-tensor-slice', 'at', [T(a), idx([0, 2]), '1:3'])
    fam.add('at/index-tensor-separated', 'at', [T(a), idx([0, 2]), ':', idx([4, 1])])
    fam.add('at/index-tensor-ellipsis', 'at', [T(a), '...', idx([4, 0])])
    fam.add('at/index-tensor-noncontig', 'at', [transposed([3, 4]), idx([1, 2])])
    # boolean masks
    m = make([3, 4], 'bool')
    fam.add('at/mask-full', 'at', [T(x), T(m)])
    fam.add('at/mask-first-dim', 'at', [T(a), mask([True, False, True])])
    fam.add('at/mask-second-dim', 'at', [T(a), ':', mask([False, True, True, False])])
    fam.add('at/mask-2d-of-3d', 'at', [T(a), T(make([3, 4], 'bool'))])
    fam.add('at/mask-all-false', 'at', [T(x), T(torch.zeros(3, 4, dtype=torch.bool))])
    fam.add('at/mask-0d-true', 'at', [T(x), T(tns(True, 'bool'))])
    fam.add('at/mask-int', 'at', [T(a), mask([True, False, True]), 2])
    fam.add('at/mask-noncontig', 'at', [transposed([3, 4]), transposed([3, 4], 'bool')])
    fam.add('at/mask-int64', 'at', [T(make([2, 3], 'int64')), T(make([2, 3], 'bool'))])
    # errors
    fam.add('at/out-of-range', 'at', [T(x), 5], includes=['index 5', 'size 3'], error=True)
    fam.add('at/neg-out-of-range', 'at', [T(x), 0, -5], includes=['-5', 'size 4'], error=True)
    fam.add('at/too-many', 'at', [T(x), 0, 0, 0], includes=['indices', '2'], error=True)
    fam.add('at/negative-step', 'at', [T(x), '::-1'], includes=['step'], error=True)
    fam.add('at/mask-shape', 'at', [T(x), mask([True, False])], includes=['mask', '[2]', '[3, 4]'], error=True)
    fam.add('at/index-tensor-out-of-range', 'at', [T(x), idx([0, 3])], includes=['3'], error=True)

    # set (x[idx] = value); the runner clones x first and compares the mutated tensor
    def sets(tag, base, ind, value):
        fam.add(f'set/{tag}', 'set', [base, ind, value])
    sets('int-scalar', T(make([3, 4])), [1], 5)
    sets('int-int', T(make([3, 4])), [0, 1], -2.5)
    sets('neg-int', T(make([3, 4], 'int64')), [-1], 7)
    sets('colon-int', T(make([3, 4])), [':', 1], T(make([3])))
    sets('slice-broadcast', T(make([3, 4])), ['1:3'], T(make([4])))
    sets('slice-step', T(make([4, 3], 'int32')), ['::2'], 0)
    sets('ellipsis', T(make([2, 3, 4])), ['...', 0], T(make([2, 3])))
    sets('null', T(make([2, 3])), [None, 0], T(make([1, 3])))
    sets('mask-scalar', T(make([3, 4])), [T(make([3, 4], 'bool'))], 0)
    sets('mask-row', T(make([3, 4])), [mask([True, False, True])], T(make([4])))
    sets('mask-nan', T(make([3])), [mask([False, True, False])], NAN)
    sets('index-tensor', T(make([4, 2])), [idx([3, 0])], T(make([2, 2])))
    sets('index-tensor-scalar', T(make([4, 2], 'int64')), [':', idx([1])], -1)
    sets('index-pair', T(make([3, 3])), [idx([0, 2]), idx([1, 0])], T(make([2])))
    sets('float-into-int', T(make([2, 3], 'int32')), [0], 2.75)
    sets('int-into-bool', T(make([2, 3], 'bool')), [1], 1)
    sets('tensor-dtype-cast', T(make([2, 3])), [1], T(make([3], 'int64')))
    sets('all', T(make([2, 3], 'uint8')), ['...'], 9)
    sets('0d', T(make([])), ['...'], 1.25)
    sets('noncontig-input', transposed([3, 4]), [':', 0], T(make([3])))
    sets('noncontig-value', T(make([3, 4])), [0], T(make([8]), [['slice', 0, 0, 8, 2]]))
    fam.add('set/value-shape', 'set', [T(make([3, 4])), [0], T(make([3]))], includes=['[3]', '[4]'], error=True)
    fam.add('set/out-of-range', 'set', [T(make([3, 4])), [3], 0], includes=['index 3', 'size 3'], error=True)
    return fam


# --------------------------------------------------------------------------------------------------
# sort.json: sort, topk, cumsum
# --------------------------------------------------------------------------------------------------


def gen_sort():
    fam = Family('sort', 8008)
    x = ramp([3, 5])
    fam.add('sort/default', 'sort', [T(x)])
    fam.add('sort/dim0', 'sort', [T(x), 0])
    fam.add('sort/dim-1-desc', 'sort', [T(x), -1, True])
    fam.add('sort/dim0-desc', 'sort', [T(x), 0, True])
    fam.add('sort/3d-dim1', 'sort', [T(ramp([2, 3, 2])), 1])
    fam.add('sort/1d', 'sort', [T(ramp([6]))])
    fam.add('sort/0d', 'sort', [T(make([]))])
    fam.add('sort/empty', 'sort', [T(make([0, 3])), 1])
    fam.add('sort/noncontig', 'sort', [T(ramp([5, 3]), [['transpose', 0, 1]]), 1])
    fam.add('sort/noncontig-dim0', 'sort', [T(ramp([5, 3]), [['transpose', 0, 1]]), 0, True])
    for dt in DTYPES:
        v = ramp([2, 4], dt) if dt != 'bool' else make([2, 4], 'bool')
        kw = {'stable': True} if dt == 'bool' else {}
        fam.add(f'sort/dtype/{dt}', 'sort', [T(v), 1], kw, includes=['sort', dt])
        fam.add(f'sort/dtype/{dt}/desc', 'sort', [T(v), 1, True], kw, includes=['sort', dt])
    ties = T(tns([[2.0, 1.0, 2.0, 1.0, 0.0, 2.0], [3.0, 3.0, 3.0, -1.0, -1.0, 3.0]], 'float32'))
    fam.add('sort/stable-ties', 'sort', [ties, 1, False], {'stable': True})
    fam.add('sort/stable-ties-desc', 'sort', [ties, 1, True], {'stable': True})
    fam.add('sort/stable-ties-int', 'sort', [T(tns([3, 1, 3, 1, 2], 'int64')), 0, True], {'stable': True})
    sp = T(tns([1.0, NAN, -INF, INF, -0.5, NAN, 0.0], 'float32'))
    fam.add('sort/special', 'sort', [sp], {'stable': True})
    fam.add('sort/special-desc', 'sort', [sp, 0, True], {'stable': True})
    # topk (no ties)
    y = ramp([3, 6])
    fam.add('topk/k2', 'topk', [T(y), 2])
    fam.add('topk/k1-dim0', 'topk', [T(y), 1, 0])
    fam.add('topk/k3-smallest', 'topk', [T(y), 3, -1, False])
    fam.add('topk/k6-all', 'topk', [T(y), 6])
    fam.add('topk/k0', 'topk', [T(y), 0])
    fam.add('topk/dim0-largest', 'topk', [T(y), 2, 0, True])
    fam.add('topk/1d', 'topk', [T(ramp([7], 'float64')), 3])
    fam.add('topk/0d', 'topk', [T(make([])), 1])
    fam.add('topk/noncontig', 'topk', [T(ramp([6, 3]), [['transpose', 0, 1]]), 2])
    fam.add('topk/special', 'topk', [T(tns([1.0, NAN, -INF, INF, -0.5], 'float32')), 2])
    fam.add('topk/special-smallest', 'topk', [T(tns([1.0, NAN, -INF, INF, -0.5], 'float32')), 2, 0, False])
    for dt in DTYPES:
        v = ramp([2, 5], dt) if dt != 'bool' else make([2, 5], 'bool')
        fam.add(f'topk/dtype/{dt}', 'topk', [T(v), 2], includes=['topk', dt])
    fam.add('topk/k-too-large', 'topk', [T(y), 7], includes=['topk'], error=True)
    # cumsum
    c = make([3, 4])
    for d in (0, 1, -1, -2):
        fam.add(f'cumsum/dim{d}', 'cumsum', [T(c), d])
    fam.add('cumsum/3d', 'cumsum', [T(make([2, 3, 2])), 1])
    for dt in DTYPES:
        fam.add(f'cumsum/dtype/{dt}', 'cumsum', [T(make([2, 4], dt)), 1], includes=['cumsum', dt])
    fam.add('cumsum/0d', 'cumsum', [T(make([])), 0])
    fam.add('cumsum/empty', 'cumsum', [T(make([0, 3])), 1])
    fam.add('cumsum/noncontig', 'cumsum', [transposed([3, 4]), 1])
    fam.add('cumsum/expanded', 'cumsum', [expanded([3, 4], 'int64'), 0])
    fam.add('cumsum/special', 'cumsum', [T(tns([1.0, INF, -INF, 2.0, NAN, 3.0], 'float32')), 0])
    fam.add('cumsum/dim-out-of-range', 'cumsum', [T(c), 2], includes=['cumsum', 'dim', '2'], error=True)
    gen_unique(fam)  # last, so that the cases above keep their random values
    return fam


def gen_unique(fam):
    """torch.unique, flattened and with dim (sorted; inverse and counts); its result size depends on the data."""
    both = {'returnInverse': True, 'returnCounts': True}
    flat = T(tns([[3, 1, 2], [3, 1, 7]], 'int64'))
    fam.add('unique/flat', 'unique', [flat])
    fam.add('unique/flat-inverse-counts', 'unique', [flat], both)
    fam.add('unique/flat-float-special', 'unique', [T(tns([1.0, -0.0, 0.0, INF, -1.5, 1.0, -INF], 'float32'))], both)
    fam.add('unique/flat-bool', 'unique', [T(tns([True, False, True], 'bool'))], {'returnCounts': True})
    fam.add('unique/flat-empty', 'unique', [T(make([0, 3]))], both)
    rows = tns([[1, 2, 3], [0, 5, 1], [1, 2, 3], [0, 5, 0]], 'int64')
    fam.add('unique/dim0', 'unique', [T(rows)], {'dim': 0, **both})
    fam.add('unique/dim1', 'unique', [T(tns([[1, 0, 1, 1], [2, 5, 2, 2], [3, 1, 3, 0]], 'float32'))], {'dim': 1, **both})
    fam.add('unique/dim-negative-3d', 'unique', [T(tns([[[1, 1, 2], [0, 0, 1]], [[1, 1, 0], [3, 3, 3]]], 'float64'))], {'dim': -1, **both})
    fam.add('unique/dim-bool', 'unique', [T(tns([[True, False], [True, False], [False, False]], 'bool'))], {'dim': 0})
    fam.add('unique/dim-noncontig', 'unique', [T(rows, [['transpose', 0, 1]])], {'dim': 1, **both})
    fam.add('unique/dim-empty', 'unique', [T(make([0, 3]))], {'dim': 0, **both})
    fam.add('unique/dim-out-of-range', 'unique', [T(rows)], {'dim': 2}, includes=['unique', 'dim'], error=True)
    fam.add('unique/dim-zero-size-other', 'unique', [T(make([2, 0]))], {'dim': 0}, includes=['unique', '0'], error=True)


# --------------------------------------------------------------------------------------------------
# creation.json: arange, linspace, eye, full, zeros, ones, tensor() inference
# --------------------------------------------------------------------------------------------------


def gen_creation():
    fam = Family('creation', 9009)

    def add(name, op, args, kwargs=None, **kw):
        fam.add(name, op, args, kwargs, grad=False, **kw)
    add('arange/end', 'arange', [5])
    add('arange/end-0', 'arange', [0])
    add('arange/start-end', 'arange', [2, 7])
    add('arange/negative', 'arange', [-3, 3])
    add('arange/step', 'arange', [1, 10, 3])
    add('arange/negative-step', 'arange', [5, -4, -2])
    add('arange/float-step', 'arange', [0, 1, 0.25])
    add('arange/float-step-inexact', 'arange', [0, 1, 0.1])
    add('arange/float-start', 'arange', [-1.5, 2])
    add('arange/float-end', 'arange', [2.5])
    add('arange/float-negative-step', 'arange', [1, -1, -0.5])
    add('arange/empty-range', 'arange', [5, 5])
    for dt in DTYPES[:5]:
        add(f'arange/dtype/{dt}', 'arange', [0, 6, 2], {'dtype': dt})
    add('arange/dtype-float64-fraction', 'arange', [0, 0.5, 0.125], {'dtype': 'float64'})
    add('arange/wrong-sign-step', 'arange', [0, 5, -1], includes=['arange'], error=True)
    add('arange/zero-step', 'arange', [0, 5, 0], includes=['arange'], error=True)
    add('linspace/basic', 'linspace', [0, 1, 5])
    add('linspace/float', 'linspace', [-1.5, 2.5, 9])
    add('linspace/descending', 'linspace', [3, -3, 7])
    add('linspace/one', 'linspace', [2, 5, 1])
    add('linspace/zero', 'linspace', [2, 5, 0])
    add('linspace/inexact', 'linspace', [0, 1, 11])
    add('linspace/long', 'linspace', [-10, 10, 41])
    add('linspace/float64', 'linspace', [0, 1, 7], {'dtype': 'float64'})
    add('linspace/int64', 'linspace', [0, 10, 5], {'dtype': 'int64'})
    add('linspace/int32-neg', 'linspace', [-5, 5, 4], {'dtype': 'int32'})
    add('linspace/negative-steps', 'linspace', [0, 1, -1], includes=['linspace'], error=True)
    add('eye/3', 'eye', [3])
    add('eye/2x4', 'eye', [2, 4])
    add('eye/4x2', 'eye', [4, 2])
    add('eye/0', 'eye', [0])
    add('eye/1', 'eye', [1])
    for dt in DTYPES[1:]:
        add(f'eye/dtype/{dt}', 'eye', [2, 3], {'dtype': dt})
    add('eye/negative', 'eye', [-1], includes=['eye'], error=True)
    add('full/float', 'full', [[2, 3], 1.5])
    add('full/int', 'full', [[2, 3], 7])
    add('full/bool', 'full', [[2], True])
    add('full/negative', 'full', [[3], -2])
    add('full/nan', 'full', [[2], NAN])
    add('full/-inf', 'full', [[2], -INF])
    add('full/0d', 'full', [[], 2.5])
    add('full/empty', 'full', [[0, 2], 1])
    for dt in DTYPES:
        add(f'full/dtype/{dt}', 'full', [[2, 2], 3], {'dtype': dt})
    add('full/float-into-int', 'full', [[2], 2.5], {'dtype': 'int32'})
    for op in ('zeros', 'ones'):
        add(f'{op}/2x3', op, [[2, 3]])
        add(f'{op}/1d', op, [[4]])
        add(f'{op}/0d', op, [[]])
        add(f'{op}/empty', op, [[2, 0, 3]])
        for dt in DTYPES:
            add(f'{op}/dtype/{dt}', op, [[2, 2]], {'dtype': dt})
        add(f'{op}/negative', op, [[2, -1]], includes=[op, '-1'], error=True)
    # tensor(): dtype inference and explicit dtypes
    T_CASES = [
        ('int-list', [1, 2, 3]),
        ('float-list', [1.5, 2, 3]),
        ('bool-list', [True, False]),
        ('nested-int', [[1, 2], [3, 4], [5, 6]]),
        ('nested-float', [[1, 2.5], [3, 4]]),
        ('int-scalar', 7),
        ('float-scalar', 3.5),
        ('bool-scalar', True),
        ('empty', []),
        ('empty-nested', [[], []]),
        ('bool-int-mix', [True, 2]),
        ('bool-float-mix', [False, 2.5]),
        ('special', [NAN, INF, -INF]),
        ('deep', [[[1], [2]], [[3], [4]]]),
        ('large-int', [2 ** 40, -(2 ** 40)]),
    ]
    for tag, data in T_CASES:
        add(f'tensor/{tag}', 'tensor', [data])
    for dt in DTYPES:
        add(f'tensor/dtype/{dt}', 'tensor', [[[0, 1], [2, 3]]], {'dtype': dt})
    add('tensor/float-to-int32', 'tensor', [[1.7, -1.7, 0.5]], {'dtype': 'int32'})
    add('tensor/float-to-bool', 'tensor', [[0.5, 0, -2]], {'dtype': 'bool'})
    add('tensor/int-to-float64', 'tensor', [[1, 2]], {'dtype': 'float64'})
    add('tensor/float32-rounding', 'tensor', [[0.1, 1e-46, 16777217, 0.3]], {'dtype': 'float32'})
    add('tensor/scalar-dtype', 'tensor', [5], {'dtype': 'float64'})
    add('tensor/ragged', 'tensor', [[[1, 2], [3]]], includes=['tensor'], error=True)
    return fam


# --------------------------------------------------------------------------------------------------
# promotion.json: the result dtype (and values) of add, div and lt for every pair of dtypes
# --------------------------------------------------------------------------------------------------

PROMO_VALUES = {
    'bool': [True, False], 'uint8': [3, 200], 'int32': [-7, 1000], 'int64': [5, -3],
    'float32': [1.5, -2.25], 'float64': [0.1, -3.75],
}
PROMO_DIVISORS = {
    'bool': [True, True], 'uint8': [2, 7], 'int32': [-4, 3], 'int64': [3, -8],
    'float32': [0.5, -1.25], 'float64': [2.5, -0.2],
}
PROMO_0D = {'bool': True, 'uint8': 7, 'int32': -4, 'int64': 6, 'float32': 0.75, 'float64': -1.25}
PROMO_SCALARS = [('int', 2), ('float', 2.5), ('bool', True)]


def gen_promotion():
    fam = Family('promotion', 10010)
    for op in ('add', 'div', 'lt'):
        right = PROMO_DIVISORS if op == 'div' else PROMO_VALUES
        for da in DTYPES:
            for db in DTYPES:
                p = f'{op}/{SHORT[da]}-{SHORT[db]}'
                inc = [op, da, db]
                fam.add(f'{p}/tensor-tensor', op, [T(tns(PROMO_VALUES[da], da)), T(tns(right[db], db))],
                        includes=inc)
                fam.add(f'{p}/tensor-0d', op, [T(tns(PROMO_VALUES[da], da)), T(tns(PROMO_0D[db], db))],
                        includes=inc)
                fam.add(f'{p}/0d-tensor', op, [T(tns(PROMO_0D[da], da)), T(tns(right[db], db))],
                        includes=inc)
                fam.add(f'{p}/0d-0d', op, [T(tns(PROMO_0D[da], da)), T(tns(PROMO_0D[db], db))],
                        includes=inc)
            for sk, sv in PROMO_SCALARS:
                fam.add(f'{op}/{SHORT[da]}-scalar-{sk}/tensor', op, [T(tns(PROMO_VALUES[da], da)), sv],
                        includes=[op, da])
                fam.add(f'{op}/{SHORT[da]}-scalar-{sk}/0d', op, [T(tns(PROMO_0D[da], da)), sv],
                        includes=[op, da])
    return fam


# --------------------------------------------------------------------------------------------------
# errors.json: PyTorch's refusals, with the substrings our message must contain
# --------------------------------------------------------------------------------------------------


def gen_errors():
    fam = Family('errors', 11011)

    def err(name, op, args, includes, kwargs=None):
        head, rest = name.split('/', 1)
        assert head == op
        fam.add(f'{op}/error/{rest}', op, args, kwargs, includes=includes, error=True, grad=False)
    m23, m4, m32 = T(make([2, 3])), T(make([4])), T(make([3, 2]))
    err('add/shape-mismatch', 'add', [m23, m4], ['add', '[2, 3]', '[4]'])
    err('mul/shape-mismatch', 'mul', [m23, m32], ['mul', '[2, 3]', '[3, 2]'])
    err('sub/shape-mismatch-3d', 'sub', [T(make([2, 3, 4])), T(make([3, 3, 4]))], ['sub', '[2, 3, 4]', '[3, 3, 4]'])
    err('div/shape-mismatch-empty', 'div', [T(make([0, 3])), T(make([2, 3]))], ['div', '[0, 3]', '[2, 3]'])
    err('eq/shape-mismatch', 'eq', [m23, m4], ['eq', '[2, 3]', '[4]'])
    err('maximum/shape-mismatch', 'maximum', [m23, m32], ['maximum', '[2, 3]', '[3, 2]'])
    err('logicalAnd/shape-mismatch', 'logicalAnd', [T(make([2], 'bool')), T(make([3], 'bool'))],
        ['logicalAnd', '[2]', '[3]'])
    err('where/shape-mismatch', 'where', [T(make([2], 'bool')), T(make([3])), T(make([3]))], ['where', '[2]', '[3]'])
    err('neg/bool', 'neg', [T(make([3], 'bool'))], ['neg', 'bool'])
    err('sub/bool', 'sub', [T(make([3], 'bool')), T(make([3], 'bool'))], ['sub', 'bool'])
    err('abs/bool', 'abs', [T(make([3], 'bool'))], ['abs', 'bool'])
    err('mean/int64', 'mean', [T(make([3], 'int64'))], ['mean', 'int64'])
    err('mean/int32-dim', 'mean', [T(make([2, 3], 'int32')), 1], ['mean', 'int32'])
    err('var/int64', 'var', [T(make([3], 'int64'))], ['var', 'int64'])
    err('std/bool', 'std', [T(make([3], 'bool'))], ['std', 'bool'])
    err('norm/int64', 'norm', [T(make([3], 'int64'))], ['norm', 'int64'])
    err('sum/dim-out-of-range', 'sum', [m23, 2], ['sum', 'dim', '2'])
    err('sum/neg-dim-out-of-range', 'sum', [m23, -3], ['sum', 'dim', '-3'])
    err('sum/repeated-dim', 'sum', [m23, [0, 0]], ['sum', '0'])
    err('amax/dim-out-of-range', 'amax', [m23, [0, 5]], ['amax', 'dim', '5'])
    err('max/empty', 'max', [T(make([0, 3]))], ['max'])
    err('max/empty-dim', 'max', [T(make([0, 3])), 0], ['max'])
    err('argmax/empty', 'argmax', [T(make([0]))], ['argmax'])
    err('amin/empty-dim', 'amin', [T(make([0, 3])), 0], ['amin'])
    err('matmul/2d', 'matmul', [m23, T(make([4, 5]))], ['matmul', '[2, 3]', '[4, 5]'])
    err('matmul/1d', 'matmul', [T(make([3])), m4], ['matmul', '[3]', '[4]'])
    err('matmul/batch', 'matmul', [T(make([2, 3, 4])), T(make([3, 4, 5]))], ['matmul', '[2, 3, 4]', '[3, 4, 5]'])
    err('matmul/1d-2d', 'matmul', [m4, m23], ['matmul', '[4]', '[2, 3]'])
    err('matmul/2d-1d', 'matmul', [m23, m4], ['matmul', '[2, 3]', '[4]'])
    err('mm/3d', 'mm', [T(make([2, 2, 2])), T(make([2, 2]))], ['mm'])
    err('dot/2d', 'dot', [m23, m23], ['dot'])
    err('cat/shape-mismatch', 'cat', [[m23, T(make([2, 4]))]], ['cat', '[2, 3]', '[2, 4]'])
    err('stack/shape-mismatch', 'stack', [[m23, m32]], ['stack', '[2, 3]', '[3, 2]'])
    err('view/noncontig', 'view', [transposed([2, 3]), [6]], ['view', 'reshape'])
    err('view/bad-size', 'view', [m23, [4, 2]], ['view', '[4, 2]', '6'])
    err('reshape/bad-size', 'reshape', [m23, [5]], ['reshape', '[5]', '6'])
    err('expand/bad', 'expand', [m23, [2, 4]], ['expand', '[2, 3]', '[2, 4]'])
    err('expand/fewer-dims', 'expand', [m23, [3]], ['expand', '[2, 3]', '[3]'])
    err('squeeze/dim-out-of-range', 'squeeze', [m23, 2], ['squeeze', 'dim', '2'])
    err('flatten/bad-range', 'flatten', [T(make([2, 3, 4])), 2, 1], ['flatten'])
    err('gather/out-of-range', 'gather', [m23, 1, idx([[0, 3]])], ['gather', '3'])
    err('gather/dim-out-of-range', 'gather', [m23, 2, idx([[0]])], ['gather', 'dim', '2'])
    err('scatter/out-of-range', 'scatter', [m23, 0, idx([[2]]), T(make([1, 1]))], ['scatter', '2'])
    err('indexSelect/out-of-range', 'indexSelect', [m23, 1, idx([3])], ['indexSelect', '3'])
    err('indexSelect/2d-index', 'indexSelect', [m23, 1, idx([[0]])], ['indexSelect'])
    err('at/out-of-range', 'at', [m23, 2], ['index 2', 'size 2'])
    err('at/out-of-range-dim1', 'at', [m23, ':', 3], ['index 3', 'size 3'])
    err('at/too-many-indices', 'at', [T(make([3])), 0, 0], ['indices', '1'])
    err('at/mask-shape', 'at', [m23, mask([True, False, True])], ['mask', '[3]', '[2, 3]'])
    err('at/float-index-tensor', 'at', [m23, T(tns([0.0, 1.0], 'float32'))], ['float32'])
    err('set/value-shape', 'set', [m23, [':', 0], T(make([3]))], ['[3]', '[2]'])
    err('topk/k-too-large', 'topk', [T(make([3])), 4], ['topk'])
    err('sort/dim-out-of-range', 'sort', [m23, 2], ['sort', 'dim', '2'])
    err('cumsum/dim-out-of-range', 'cumsum', [m23, -3], ['cumsum', 'dim', '-3'])
    err('chunk/zero', 'chunk', [m23, 0], ['chunk', '0'])
    err('split/zero-size', 'split', [m23, 0, 1], ['split', '0'])
    err('narrow/too-long', 'narrow', [m23, 0, 1, 2], ['narrow'])
    err('repeat/too-few', 'repeat', [m23, [2]], ['repeat'])
    err('tril/1d', 'tril', [T(make([3]))], ['tril'])
    err('clamp/no-bounds', 'clamp', [m23, None, None], ['clamp'])
    err('remainder/int-zero', 'remainder', [T(tns([4, 5], 'int32')), 0], ['remainder', 'zero'])
    err('pow/int-negative', 'pow', [T(tns([2], 'int64')), -2], ['pow', 'negative'])
    err('maskedFill/shape', 'maskedFill', [m23, mask([True, False]), 0], ['maskedFill', '[2, 3]', '[2]'])
    err('where/cond-int', 'where', [T(make([3], 'int64')), T(make([3])), T(make([3]))], ['where', 'bool'])
    err('zeros/negative', 'zeros', [[-1]], ['zeros', '-1'])
    err('ones/negative', 'ones', [[3, -2]], ['ones', '-2'])
    err('full/negative', 'full', [[-3], 1], ['full', '-3'])
    err('arange/wrong-sign', 'arange', [3, 0, 1], ['arange'])
    err('eye/negative', 'eye', [2, -1], ['eye'])
    err('tensor/ragged', 'tensor', [[[1], [2, 3]]], ['tensor'])
    err('logsumexp/dim-out-of-range', 'logsumexp', [m23, 3], ['logsumexp', 'dim', '3'])
    err('permute/dim-out-of-range', 'permute', [m23, [0, 2]], ['permute', 'dim', '2'])
    err('transpose/neg-dim-out-of-range', 'transpose', [m23, -3, 0], ['transpose', 'dim', '-3'])
    err('unflatten/bad-product', 'unflatten', [m23, 1, [2, 2]], ['unflatten', '[2, 2]', '3'])
    return fam


# --------------------------------------------------------------------------------------------------

GENERATORS = [gen_unary, gen_binary, gen_compare, gen_reduce, gen_linalg, gen_shape, gen_index,
              gen_sort, gen_creation, gen_promotion, gen_errors]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    total_bytes = 0
    total_cases = 0
    for gen in GENERATORS:
        fam = gen()
        path, n, size = fam.write()
        total_bytes += size
        total_cases += n
        print(f'{os.path.relpath(path)}: {n} cases, {size / 1024:.1f} KiB')
    print(f'total: {total_cases} cases, {total_bytes / 1024:.1f} KiB (PyTorch {torch.__version__})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
