// @x/nn's metrics against scikit-learn's goldens (scripts/metrics_goldens.py → fixtures/metrics.json):
// every number to 1e-12, every classification report character for character, and the warnings of
// zeroDivision 'warn'. Odd cases pass plain arrays, even ones CPU tensors.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { metrics } from '../src/index';

type Scores = { precision: number | number[]; recall: number | number[]; f1: number | number[]; support?: number[] };
type Failure = { error: string };
interface GoldenCase {
  name: string;
  yTrue: number[];
  yPred?: number[];
  yPredScores?: number[][];
  float: boolean;
  options: { labels?: number[]; targetNames?: string[]; digits?: number; zeroDivision?: metrics.ZeroDivision; posLabel?: number };
  accuracy: number;
  confusionMatrix: number[][] | Failure;
  prf: Record<'none' | 'macro' | 'micro' | 'weighted' | 'binary', Scores | Failure>;
  report: string | Failure;
  warnings?: Record<string, string[]>;
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  cases: GoldenCase[];
};

const isFailure = (x: unknown): x is Failure => typeof x === 'object' && x !== null && 'error' in x;

function expectClose(actual: number | number[], expected: number | number[], what: string): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => {
    if (Math.abs(v - e[i]) > 1e-12) throw new Error(`${what}[${i}]: got ${v}, scikit-learn ${e[i]}`);
  });
}

/** scikit-learn's message as ours reads: prefixed by the function, naming our option. */
const ours = (op: string, messages: string[]) =>
  messages.map((m) => `${op}: ${m.replace('`zero_division`', '`zeroDivision`')}`).sort();

function inputs(c: GoldenCase, k: number): [metrics.Labels, metrics.Predictions] {
  const asTensors = k % 2 === 0 || c.float; // a plain array can't say its labels are floats
  const dtype = c.float ? 'float64' : 'int64';
  const yTrue = asTensors ? torch.tensor(c.yTrue, { dtype }) : c.yTrue;
  if (c.yPredScores) return [yTrue, asTensors ? torch.tensor(c.yPredScores, { dtype: 'float32' }) : c.yPredScores];
  const yPred = c.yPred!;
  return [yTrue, asTensors ? torch.tensor(yPred, { dtype }) : yPred];
}

describe(`metrics against scikit-learn ${golden.sklearn}`, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('has at least 40 cases', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(40);
  });

  golden.cases.forEach((c, k) => {
    it(c.name, () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const [yTrue, yPred] = inputs(c, k);
      const { labels, targetNames, digits, zeroDivision, posLabel } = c.options;

      expectClose(metrics.accuracy(yTrue, yPred), c.accuracy, 'accuracy');
      if (c.yPredScores) expectClose(metrics.accuracy(yPred, yTrue), c.accuracy, 'accuracy(scores, labels)');

      if (isFailure(c.confusionMatrix)) {
        expect(() => metrics.confusionMatrix(yTrue, yPred, { labels })).toThrow(/at least one label specified must be in yTrue/);
      } else {
        const cm = metrics.confusionMatrix(yTrue, yPred, { labels });
        expect(cm.dtype).toBe('int64');
        expect(cm.tolistSync()).toEqual(c.confusionMatrix);
      }

      for (const key of ['none', 'macro', 'micro', 'weighted', 'binary'] as const) {
        const want = c.prf[key];
        if (want === undefined) continue;
        const average = key === 'none' ? null : key;
        warn.mockClear();
        if (isFailure(want)) {
          expect(() => metrics.precisionRecallF1(yTrue, yPred, { average, labels, zeroDivision, posLabel })).toThrow(
            key === 'binary' ? /average='binary'|posLabel/ : /./,
          );
          continue;
        }
        const got = metrics.precisionRecallF1(yTrue, yPred, { average, labels, zeroDivision, posLabel });
        expectClose(got.precision, want.precision, `${key} precision`);
        expectClose(got.recall, want.recall, `${key} recall`);
        expectClose(got.f1, want.f1, `${key} f1`);
        if (want.support) expect(got.support).toEqual(want.support);
        const warned = warn.mock.calls.map((args) => String(args[0])).sort();
        expect(warned, `${key} warnings`).toEqual(ours('precisionRecallF1', c.warnings?.[key] ?? []));
      }

      warn.mockClear();
      const options = { labels, targetNames, digits, zeroDivision };
      if (isFailure(c.report)) {
        expect(() => metrics.classificationReport(yTrue, yPred, options)).toThrow();
      } else {
        expect(metrics.classificationReport(yTrue, yPred, options)).toBe(c.report);
        const warned = warn.mock.calls.map((args) => String(args[0])).sort();
        expect(warned, 'report warnings').toEqual(ours('classificationReport', c.warnings?.report ?? []));
      }
    });
  });
});
