#!/usr/bin/env python3
"""Golden cases for @x/nn's metrics from scikit-learn (Debian's python3-sklearn).

Run: apt-get install -y python3-sklearn && /usr/bin/python3 packages/nn/scripts/metrics_goldens.py
Writes packages/nn/test/fixtures/metrics.json. Each case holds the inputs, the options as the TypeScript
API spells them, and what scikit-learn returns: accuracy_score, confusion_matrix,
precision_recall_fscore_support for every average, classification_report's text, and the
UndefinedMetricWarning messages when zero_division='warn'. An error scikit-learn raises is stored as
{"error": message}.
Also writes packages/nn/test/fixtures/metrics-python.json: Python's '%.Nf' formatting (exact binary ties
round to even) and numpy's float64 summation order, which the report's rounding depends on.
"""
import json
import os
import warnings

import numpy as np
import sklearn
import torch
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix,
                             precision_recall_fscore_support)

rng = np.random.default_rng(20240607)
FIXTURES = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
OUT = os.path.join(FIXTURES, 'metrics.json')


def noisy(n, c, p_correct, weights=None):
    """n labels over c classes (optionally imbalanced) and predictions right with probability p_correct."""
    y_true = rng.choice(c, size=n, p=weights)
    wrong = rng.integers(0, c, size=n)
    y_pred = np.where(rng.random(n) < p_correct, y_true, wrong)
    return y_true, y_pred


def from_matrix(m):
    """Labels whose confusion matrix (rows true, columns predicted) is m, in a shuffled order."""
    pairs = [(i, j) for i, row in enumerate(m) for j, k in enumerate(row) for _ in range(k)]
    order = rng.permutation(len(pairs))
    return np.array([pairs[k][0] for k in order]), np.array([pairs[k][1] for k in order])


def attempt(fn):
    try:
        return fn(), None
    except ValueError as e:
        return None, str(e)


def recorded(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        value = fn()
    messages = sorted({str(w.message) for w in caught if w.category.__name__ == 'UndefinedMetricWarning'})
    return value, messages


def floats(a):
    return [float(v) for v in np.atleast_1d(a)]


def case(name, y_true, y_pred, *, labels=None, target_names=None, digits=None, zero_division=None,
         pos_label=None, scores=None, as_float=False):
    y_true = np.asarray(y_true, dtype=np.float64 if as_float else np.int64)
    y_pred = np.asarray(y_pred, dtype=np.float64 if as_float else np.int64)
    zd = 0 if zero_division is None else zero_division  # the TypeScript default: 0, no warning
    out = {'name': name, 'yTrue': y_true.tolist(), 'float': as_float}
    if scores is not None:
        scores = np.asarray(scores, dtype=np.float32)
        # argmax's first maximal index: numpy's and PyTorch's agree (checked), ties included
        assert np.array_equal(torch.from_numpy(scores).argmax(1).numpy(), y_pred)
        out['yPredScores'] = scores.tolist()
    else:
        out['yPred'] = y_pred.tolist()
    options = {}
    if labels is not None:
        options['labels'] = list(labels)
    if target_names is not None:
        options['targetNames'] = list(target_names)
    if digits is not None:
        options['digits'] = digits
    if zero_division is not None:
        options['zeroDivision'] = zero_division
    if pos_label is not None:
        options['posLabel'] = pos_label
    out['options'] = options
    out['accuracy'] = float(accuracy_score(y_true, y_pred))

    cm, err = attempt(lambda: confusion_matrix(y_true, y_pred, labels=labels))
    out['confusionMatrix'] = {'error': err} if err else cm.astype(np.int64).tolist()

    prf = {}
    warned = {}
    averages = [None, 'macro', 'micro', 'weighted']
    if len(np.union1d(y_true, y_pred)) <= 2:
        averages.append('binary')
    for average in averages:
        key = 'none' if average is None else average
        kw = dict(labels=labels, average=average, zero_division=zd)
        if average == 'binary':
            kw['pos_label'] = 1 if pos_label is None else pos_label
        (res, err), msgs = recorded(lambda: attempt(lambda: precision_recall_fscore_support(y_true, y_pred, **kw)))
        if err:
            prf[key] = {'error': err}
            continue
        p, r, f, s = res
        if average is None:
            prf[key] = {'precision': floats(p), 'recall': floats(r), 'f1': floats(f), 'support': [int(v) for v in s]}
        else:
            prf[key] = {'precision': float(p), 'recall': float(r), 'f1': float(f)}
        if zd == 'warn':
            warned[key] = msgs
    out['prf'] = prf

    (report, err), msgs = recorded(lambda: attempt(lambda: classification_report(
        y_true, y_pred, labels=labels, target_names=target_names, digits=2 if digits is None else digits,
        zero_division=zd)))
    out['report'] = {'error': err} if err else report
    if zd == 'warn':
        warned['report'] = msgs
        out['warnings'] = warned
    return out


cases = []

# random labels, 2..10 classes
for c in range(2, 11):
    n = int(rng.integers(20, 400))
    yt, yp = noisy(n, c, float(rng.uniform(0.3, 0.9)))
    cases.append(case(f'random {c} classes', yt, yp, digits=[2, 3, 4][c % 3]))
for c in (3, 6, 10):
    yt, yp = noisy(60, c, 0.15)
    cases.append(case(f'random {c} classes, mostly wrong', yt, yp))

# imbalanced
yt, yp = noisy(500, 3, 0.8, [0.9, 0.08, 0.02])
cases.append(case('imbalanced 3 classes', yt, yp))
yt, yp = noisy(300, 5, 0.6, [0.5, 0.3, 0.1, 0.07, 0.03])
cases.append(case('imbalanced 5 classes, digits 3', yt, yp, digits=3))
yt, yp = noisy(200, 2, 0.9, [0.95, 0.05])
cases.append(case('imbalanced binary', yt, yp))

# classes absent from the predictions (precision undefined) or from the truth (recall undefined)
absent_pred = from_matrix([[5, 2, 0], [1, 6, 0], [2, 3, 0]])
absent_true = from_matrix([[5, 2, 1], [1, 6, 2], [0, 0, 0]])
for zd in (None, 'warn', 1, 0):
    cases.append(case(f'class never predicted, zeroDivision {zd}', *absent_pred, zero_division=zd))
    cases.append(case(f'class never true, zeroDivision {zd}', *absent_true, zero_division=zd))
absent_both = from_matrix([[4, 1], [2, 3]])
for zd in (None, 'warn', 1):
    cases.append(case(f'label absent from both, zeroDivision {zd}', *absent_both, labels=[0, 1, 2],
                      zero_division=zd))

# label subsets, supersets and orders
yt, yp = noisy(120, 4, 0.6)
cases.append(case('labels subset [0, 2]', yt, yp, labels=[0, 2]))
cases.append(case('labels subset [3, 1] with names', yt, yp, labels=[3, 1], target_names=['three', 'one'],
                  digits=3))
cases.append(case('labels reordered [2, 0, 3, 1]', yt, yp, labels=[2, 0, 3, 1]))
cases.append(case('labels superset [0..5]', yt, yp, labels=[0, 1, 2, 3, 4, 5], zero_division='warn'))
only_pred = from_matrix([[3, 1, 2], [1, 4, 0], [0, 0, 0]])
cases.append(case('labels only in predictions, zeroDivision 1', *only_pred, labels=[2], zero_division=1))
cases.append(case('labels only in predictions, warn', *only_pred, labels=[2], zero_division='warn'))
cases.append(case('labels absent everywhere', *only_pred, labels=[7, 8], zero_division='warn'))

# target names
yt, yp = noisy(90, 3, 0.7)
cases.append(case('target names', yt, yp, target_names=['cat', 'dog', 'bird']))
cases.append(case('long target names', yt, yp, target_names=['a rather long class name', 'b', 'mid-size name']))
cases.append(case('unicode target names', yt, yp, target_names=['猫', 'chien', '🐶 dog']))

# digits
yt, yp = noisy(150, 5, 0.55)
for d in (0, 1, 3, 4, 5, 15):
    cases.append(case(f'digits {d}', yt, yp, digits=d))

# perfect and all-wrong predictions
yt = rng.integers(0, 3, 40)
cases.append(case('perfect 3 classes', yt, yt.copy()))
yt = rng.integers(0, 2, 25)
cases.append(case('perfect binary', yt, yt.copy()))
yt = rng.integers(0, 3, 40)
cases.append(case('all wrong 3 classes', yt, (yt + 1) % 3))
cases.append(case('all wrong binary', *from_matrix([[0, 6], [9, 0]])))
cases.append(case('all wrong, class 0 never predicted', *from_matrix([[0, 3, 4], [2, 0, 5], [0, 1, 0]]),
                  zero_division='warn'))
cases.append(case('single class', [0] * 7, [0] * 7))
cases.append(case('single class, predicted another', [1] * 5, [0] * 5, zero_division='warn'))

# binary averages
yt, yp = noisy(80, 2, 0.7)
cases.append(case('binary, posLabel 1', yt, yp))
cases.append(case('binary, posLabel 0', yt, yp, pos_label=0))
cases.append(case('binary, only negatives', [0] * 6, [0] * 6, zero_division='warn'))

# labels that are not 0..C-1, and float labels (numpy names them '0.0')
yt, yp = noisy(70, 3, 0.6)
vals = np.array([-1, 3, 7])
cases.append(case('negative and sparse labels', vals[yt], vals[yp]))
cases.append(case('float labels', yt, yp, as_float=True))

# scores [N, C] as yPred: argmax, first maximal index on ties
s = rng.integers(0, 4, size=(50, 4)).astype(np.float32) / 2
cases.append(case('scores with ties', rng.integers(0, 4, 50), s.argmax(1), scores=s))
s = rng.normal(size=(64, 10)).astype(np.float32)
cases.append(case('scores 10 classes', rng.integers(0, 10, 64), s.argmax(1), scores=s, digits=3))

# exact binary ties: Python's '%.Nf' rounds them to even (0.125 -> 0.12), JavaScript's toFixed up
ties = [
    ('tie 0.125', [[1, 7], [7, 1]], 2), ('tie 0.375', [[3, 5], [5, 3]], 2), ('tie 0.625', [[5, 3], [3, 5]], 2),
    ('tie 0.875', [[7, 1], [1, 7]], 2), ('tie 0.0625 and 0.1875', [[1, 15, 0], [3, 13, 0], [0, 0, 16]], 3),
    ('tie 0.03125', [[1, 31], [31, 1]], 4), ('tie 0.25 digits 1', [[1, 3], [3, 1]], 1),
    ('tie 0.5 digits 0', [[1, 1], [1, 1]], 0), ('tie in macro avg', [[1, 3], [1, 1]], 2),
]
for name, m, d in ties:
    cases.append(case(name, *from_matrix(m), digits=d))

# the MNIST-like case: 10 classes, 10000 test images, a ~97% classifier with realistic confusions
n = 10000
yt = rng.choice(10, size=n, p=np.array([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]) / n)
confusable = np.array([6, 7, 7, 5, 9, 3, 0, 1, 3, 4])
r = rng.random(n)
yp = np.where(r < 0.97, yt, np.where(r < 0.99, confusable[yt], rng.integers(0, 10, n)))
cases.append(case('MNIST-like 10 classes', yt, yp))
cases.append(case('MNIST-like 10 classes, digits 4, names', yt, yp, digits=4,
                  target_names=['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']))

with open(OUT, 'w') as f:
    json.dump({'sklearn': sklearn.__version__, 'numpy': np.__version__, 'cases': cases}, f, ensure_ascii=False)
    f.write('\n')
print(f'{len(cases)} cases -> {os.path.relpath(OUT)}')

# Python's float formatting and numpy's sums, for the helpers the report is built on
values = [0.125, 0.375, 0.625, 0.875, 0.0625, 0.1875, 0.03125, 0.5, 1.5, 2.5, 0.25, 0.75, 0.145, 0.005, 0.015,
          1.0, 0.0, -0.0, -0.125, -0.001, 1e-300, 5e-324, 123456.789, 2.0 ** -60, 1 / 3, 2 / 3, 0.9999999, 0.99995]
values += [float(v) for v in rng.random(60)] + [float(k) / 2 ** int(rng.integers(1, 12)) for k in rng.integers(0, 4000, 60)]
formats = [{'value': v, 'digits': d, 'text': '%.*f' % (d, v)} for v in values for d in (0, 1, 2, 3, 4, 6, 10)]
sums = []
for n in list(range(0, 20)) + [31, 64, 127, 128, 129, 200, 257, 1000]:
    a = rng.random(n) * 10.0 ** rng.integers(-6, 7, n)
    sums.append({'values': a.tolist(), 'sum': float(np.sum(a)), 'mean': float(np.mean(a)) if n else None})
w = rng.integers(0, 50, 12)
a = rng.random(12)
average = {'values': a.tolist(), 'weights': w.tolist(), 'average': float(np.average(a, weights=w))}
with open(os.path.join(FIXTURES, 'metrics-python.json'), 'w') as f:
    json.dump({'formats': formats, 'sums': sums, 'average': average}, f)
    f.write('\n')
print(f'{len(formats)} formats, {len(sums)} sums -> {os.path.relpath(os.path.join(FIXTURES, "metrics-python.json"))}')
