// The metrics' inputs, options and errors, and the Python/numpy helpers they rely on (goldens in
// fixtures/metrics-python.json from scripts/metrics_goldens.py).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '@x/backend-cpu';
import { deferredBackend } from '@x/conformance';
import * as torch from '@x/tensor';
import { metrics } from '../src/index';
import { formatFixed, rjust } from '../src/metrics/python-format';
import { mean, pairwiseSum, weightedAverage } from '../src/metrics/numpy-sum';

torch.registerBackend(deferredBackend('deferred-metrics', cpuBackend));

const python = JSON.parse(readFileSync(new URL('./fixtures/metrics-python.json', import.meta.url), 'utf8')) as {
  formats: { value: number; digits: number; text: string }[];
  sums: { values: number[]; sum: number; mean: number | null }[];
  average: { values: number[]; weights: number[]; average: number };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Python and numpy helpers', () => {
  it("formats like Python's '%.Nf' (exact ties to even), for every golden value", () => {
    const wrong = python.formats.filter((f) => formatFixed(f.value, f.digits) !== f.text);
    expect(wrong).toEqual([]);
    expect(python.formats.length).toBeGreaterThan(1000);
    expect(formatFixed(0.125, 2)).toBe('0.12'); // toFixed gives '0.13'
    expect(formatFixed(Number.NaN, 2)).toBe('nan');
  });

  it('right-aligns by code points, as Python counts', () => {
    expect(rjust('🐶', 3)).toBe('  🐶');
    expect(rjust('abcd', 2)).toBe('abcd');
  });

  it("sums in numpy's pairwise order, bit for bit", () => {
    for (const s of python.sums) {
      expect(pairwiseSum(s.values)).toBe(s.sum);
      if (s.mean !== null) expect(mean(s.values)).toBe(s.mean);
    }
    expect(mean([])).toBeNaN();
    const { values, weights, average } = python.average;
    expect(weightedAverage(values, weights)).toBe(average);
  });
});

describe('accuracy', () => {
  it('counts matches, from tensors of any integer dtype, bool, or arrays', () => {
    expect(metrics.accuracy([0, 1, 2, 2], [0, 1, 1, 2])).toBe(0.75);
    expect(metrics.accuracy(torch.tensor([0, 1, 2, 2], { dtype: 'int32' }), torch.tensor([0, 1, 1, 2]))).toBe(0.75);
    expect(metrics.accuracy(torch.tensor([1, 0, 1], { dtype: 'uint8' }), torch.tensor([true, false, false]))).toBe(2 / 3);
    expect(metrics.accuracy(new Int32Array([3, 3]), [3, 4])).toBe(0.5);
    expect(metrics.accuracy([], [])).toBeNaN();
  });

  it('takes [N, C] scores in either place (argmax, first maximum, NaN the largest like torch.argmax)', () => {
    const logits = torch.tensor([[0.1, 2, 2], [3, -1, 0], [0, 0, Number.NaN]]);
    expect(torch.argmax(logits, 1).tolistSync()).toEqual([1, 0, 2]);
    expect(metrics.accuracy([1, 0, 2], logits)).toBe(1);
    expect(metrics.accuracy(logits, [1, 0, 0])).toBe(2 / 3);
    expect(metrics.accuracy([1, 2], [[0, 5], [9, 1]])).toBe(0.5); // nested arrays
    // a non-contiguous view reads in logical order
    expect(metrics.accuracy(torch.tensor([1, 0]), torch.tensor([[0, 9], [5, 1]]).T)).toBe(1);
  });

  it('says what is wrong with its inputs', () => {
    expect(() => metrics.accuracy([0, 1], [0])).toThrow('accuracy: yTrue and yPred have different numbers of samples: [2, 1]');
    expect(() => metrics.accuracy([0, 1], [0, 0.5])).toThrow('accuracy: yPred holds 0.5, which is not a class label');
    expect(() => metrics.accuracy(torch.tensor(1), [1])).toThrow('got shape []');
    expect(() => metrics.accuracy([[1, 0]], [[0, 1]])).toThrow('yTrue must be 1-D class labels [N], got a nested array');
    expect(() => metrics.accuracy([1], torch.zeros(1, 1))).toThrow('pass yPred.gt(0).flatten()');
    expect(() => metrics.accuracy([1, 1], torch.zeros(2, 3, 4))).toThrow('must be 1-D class labels [N] or 2-D scores [N, C], got shape [2, 3, 4]');
  });

  it('needs values it can read synchronously: call .cpu() first', () => {
    const y = torch.tensor([0, 1], { device: 'deferred-metrics' });
    expect(() => metrics.accuracy(y, [0, 1])).toThrow(
      "accuracy: yTrue is on device 'deferred-metrics', which cannot be read synchronously; metrics need CPU tensors or plain arrays: call .cpu() first",
    );
    expect(() => metrics.classificationReport([0, 1], y)).toThrow("yPred is on device 'deferred-metrics'");
  });
});

describe('confusionMatrix', () => {
  it('numClasses gives rows and columns 0..C-1, absent classes included', () => {
    const cm = metrics.confusionMatrix([0, 2, 2], [0, 0, 2], { numClasses: 4 });
    expect(cm.shape).toEqual([4, 4]);
    expect(cm.dtype).toBe('int64');
    expect(cm.device).toBe('cpu');
    expect(cm.tolistSync()).toEqual([[1, 0, 0, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]);
    expect(() => metrics.confusionMatrix([0, 4], [0, 1], { numClasses: 4 })).toThrow(
      'confusionMatrix: yTrue holds class 4, outside [0, 4) for numClasses=4',
    );
    expect(() => metrics.confusionMatrix([0], [0], { numClasses: 2, labels: [0, 1] })).toThrow('not both');
  });

  it('follows scikit-learn at the edges', () => {
    expect(metrics.confusionMatrix([], []).shape).toEqual([0, 0]);
    expect(metrics.confusionMatrix([], [], { labels: [0, 1] }).tolistSync()).toEqual([[0, 0], [0, 0]]);
    // samples of classes outside labels are left out
    expect(metrics.confusionMatrix([0, 1, 2], [0, 2, 2], { labels: [2, 0] }).tolistSync()).toEqual([[1, 0], [0, 1]]);
    expect(() => metrics.confusionMatrix([0], [0], { labels: [] })).toThrow('at least one label');
    expect(() => metrics.confusionMatrix([0], [0], { labels: [0, 0] })).toThrow('holds 0 twice');
  });

  it('takes scores as yPred', () => {
    expect(metrics.confusionMatrix([1, 0], torch.tensor([[0.2, 0.8], [0.6, 0.4]])).tolistSync()).toEqual([[1, 0], [0, 1]]);
  });
});

describe('precisionRecallF1', () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];

  it("per class by default (with the labels' order), one number each for an average", () => {
    const perClass = metrics.precisionRecallF1(yTrue, yPred);
    expect(perClass.labels).toEqual([0, 1, 2]);
    expect(perClass.support).toEqual([2, 2, 2]);
    expect(perClass.precision).toEqual([2 / 3, 0, 0]);
    const macro = metrics.precisionRecallF1(yTrue, yPred, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(2 / 9, 15);
    expect(macro.support).toBe(6);
    const ordered = metrics.precisionRecallF1(yTrue, yPred, { labels: [2, 1, 0] });
    expect(ordered.recall).toEqual([0, 0, 1]);
  });

  it("zeroDivision: 0 by default and silent; 'warn' warns once per kind; 1 sets 1", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const zero = metrics.precisionRecallF1([0, 1], [0, 0], { average: null });
    expect(zero.precision).toEqual([0.5, 0]);
    expect(warn).not.toHaveBeenCalled();
    expect(metrics.precisionRecallF1([0, 1], [0, 0], { zeroDivision: 1 }).precision).toEqual([0.5, 1]);
    metrics.precisionRecallF1([0, 1], [0, 0], { zeroDivision: 'warn' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'precisionRecallF1: Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. ' +
        'Use `zeroDivision` parameter to control this behavior.',
    );
  });

  it('rejects bad options like scikit-learn', () => {
    expect(() => metrics.precisionRecallF1(yTrue, yPred, { average: 'binary' })).toThrow(
      "precisionRecallF1: target is multiclass but average='binary'",
    );
    expect(() => metrics.precisionRecallF1([0, 1], [1, 1], { average: 'binary', posLabel: 3 })).toThrow(
      'posLabel=3 is not a valid label. It should be one of [0, 1]',
    );
    // @ts-expect-error: not an average
    expect(() => metrics.precisionRecallF1(yTrue, yPred, { average: 'samples' })).toThrow('average must be');
    // @ts-expect-error: not a zeroDivision
    expect(() => metrics.precisionRecallF1(yTrue, yPred, { zeroDivision: 2 })).toThrow("zeroDivision must be 0, 1 or 'warn', got 2");
  });
});

describe('classificationReport', () => {
  it('prints the layout of scikit-learn', () => {
    const report = metrics.classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
    expect(report).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
  });

  it('says what is wrong with its options', () => {
    expect(() => metrics.classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).toThrow(
      'classificationReport: number of classes, 2, does not match size of targetNames, 1',
    );
    expect(() => metrics.classificationReport([0, 1], [0, 1], { digits: -1 })).toThrow('digits must be a non-negative integer');
    expect(() => metrics.classificationReport([], [])).toThrow('there is no class to report');
  });
});
