// precisionRecallF1: scikit-learn's precision_recall_fscore_support (beta = 1) for single-label
// classification, with the same arithmetic (and numpy's summation order) so the numbers agree exactly.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Labels, Predictions } from './inputs';
import { readPair } from './inputs';
import { checkLabels, classCounts, presentLabels, type ClassCounts } from './labels';
import { mean, weightedAverage } from './numpy-sum';

/** How per-class scores combine: `'macro'`, `'micro'`, `'weighted'`, or `'binary'` (scikit-learn's `average`). */
export type Average = 'macro' | 'micro' | 'weighted' | 'binary';
/** The value of an undefined ratio (no predicted or no true samples); 'warn' is 0 plus a console warning. */
export type ZeroDivision = 0 | 1 | 'warn';

const PRECISION_RECALL_F1 = defineSignature(
  "nn.metrics.precisionRecallF1(yTrue: Labels, yPred: Predictions, *, average?: Average | null, labels?: number[], posLabel?: number, zeroDivision?: ZeroDivision)",
  { doc: 'Precision, recall, F1 and support per class, or averaged.' },
);

/** precisionRecallF1's options: `average`, `labels`, `posLabel`, `zeroDivision` (scikit-learn's names in camelCase). */
export interface PrecisionRecallF1Options {
  /** null (default): one score per class; otherwise how to average them (scikit-learn's `average`). */
  average?: Average | null;
  /** The classes to score and their order (default: every class in yTrue or yPred, sorted). */
  labels?: readonly number[];
  /** The positive class for average 'binary' (default 1). */
  posLabel?: number;
  /** Default 0, silently (scikit-learn's default 'warn' gives 0 and a warning). */
  zeroDivision?: ZeroDivision;
}

/** Scores per class, in the order of `labels`; support is each class's count in yTrue. */
export interface ClassScores {
  labels: number[];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** Averaged scores; support is the total count in yTrue of the scored classes (scikit-learn: None). */
export interface AverageScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

function checkZeroDivision(op: string, z: unknown): ZeroDivision {
  if (z === 0 || z === 1 || z === 'warn') return z;
  throw new Error(`${op}: zeroDivision must be 0, 1 or 'warn', got ${JSON.stringify(z)}`);
}

/** _prf_divide: num / den, with zeroDivision where den is 0 (and a warning message for 'warn'). */
function divide(
  num: readonly number[], den: readonly number[], metric: 'Precision' | 'Recall', modifier: 'predicted' | 'true',
  zeroDivision: ZeroDivision, warnings: Set<string>,
): number[] {
  let undefinedSomewhere = false;
  const out = num.map((n, i) => {
    if (den[i] !== 0) return n / den[i];
    undefinedSomewhere = true;
    return zeroDivision === 1 ? 1 : 0;
  });
  if (undefinedSomewhere && zeroDivision === 'warn') {
    const where = num.length === 1 ? 'due to' : 'in labels with';
    warnings.add(
      `${metric} and F-score are ill-defined and being set to 0.0 ${where} no ${modifier} samples. ` +
        'Use `zeroDivision` parameter to control this behavior.',
    );
  }
  return out;
}

export interface RawScores {
  precision: number[];
  recall: number[];
  f1: number[];
}

/** Per-class (or, for 'micro', pooled) precision, recall and F1 from the counts. */
export function rawScores(
  counts: ClassCounts, micro: boolean, zeroDivision: ZeroDivision, warnings: Set<string>,
): RawScores {
  const sum = (a: readonly number[]) => [a.reduce((s, v) => s + v, 0)]; // integer counts: exact in any order
  const tp = micro ? sum(counts.tp) : counts.tp;
  const pred = micro ? sum(counts.pred) : counts.pred;
  const tru = micro ? sum(counts.true) : counts.true;
  const precision = divide(tp, pred, 'Precision', 'predicted', zeroDivision, warnings);
  const recall = divide(tp, tru, 'Recall', 'true', zeroDivision, warnings);
  // numpy's (1 + beta²) * precision * recall / (beta² * precision + recall), 0 where both are 0
  const f1 = precision.map((p, i) => {
    const denom = 1 * p + recall[i];
    return (2 * p * recall[i]) / (denom === 0 ? 1 : denom);
  });
  return { precision, recall, f1 };
}

/** One averaged row, as precision_recall_fscore_support(average=...) computes it. */
export function averageScores(
  counts: ClassCounts, average: 'macro' | 'micro' | 'weighted' | 'binary', zeroDivision: ZeroDivision,
  warnings: Set<string>,
): AverageScores {
  const { precision, recall, f1 } = rawScores(counts, average === 'micro', zeroDivision, warnings);
  const support = counts.true.reduce((s, v) => s + v, 0);
  if (average === 'weighted') {
    if (support === 0) {
      // no true samples among the labels: scikit-learn's special case
      const z = zeroDivision === 1 ? 1 : 0;
      const predicted = counts.pred.some((v) => v !== 0);
      return predicted ? { precision: 0, recall: z, f1: 0, support } : { precision: z, recall: z, f1: z, support };
    }
    const w = counts.true;
    return {
      precision: weightedAverage(precision, w), recall: weightedAverage(recall, w), f1: weightedAverage(f1, w), support,
    };
  }
  return { precision: mean(precision), recall: mean(recall), f1: mean(f1), support };
}

function binaryLabels(op: string, present: readonly number[], posLabel: number): number[] {
  if (present.length > 2) {
    throw new Error(
      `${op}: target is multiclass but average='binary'. Please choose another average setting, one of ` +
        "[null, 'micro', 'macro', 'weighted'].",
    );
  }
  if (!present.includes(posLabel) && present.length >= 2) {
    throw new Error(`${op}: posLabel=${posLabel} is not a valid label. It should be one of [${present.join(', ')}]`);
  }
  return [posLabel];
}

function emit(op: string, warnings: Set<string>): void {
  for (const message of warnings) console.warn(`${op}: ${message}`);
}

/**
 * Precision, recall, F1 and support, as sklearn.metrics.precision_recall_fscore_support: per class with
 * `average: null` (the default), else one number each. yPred may be [N, C] scores (argmax).
 */
export function precisionRecallF1(
  yTrue: Labels, yPred: Predictions, options: PrecisionRecallF1Options & { average: Average },
): AverageScores;
export function precisionRecallF1(
  yTrue: Labels, yPred: Predictions, options?: PrecisionRecallF1Options & { average?: null },
): ClassScores;
export function precisionRecallF1(
  yTrue: Labels, yPred: Predictions, options?: PrecisionRecallF1Options,
): ClassScores | AverageScores;
export function precisionRecallF1(...args: unknown[]): ClassScores | AverageScores {
  const { yTrue, yPred, ...options } = bindArgs<PrecisionRecallF1Options & { yTrue: Labels; yPred: Predictions }>(PRECISION_RECALL_F1, args);
  return scores(yTrue, yPred, options);
}

function scores(
  yTrue: Labels, yPred: Predictions, options: PrecisionRecallF1Options,
): ClassScores | AverageScores {
  const op = 'precisionRecallF1';
  const average = options.average ?? null;
  if (average !== null && !['macro', 'micro', 'weighted', 'binary'].includes(average)) {
    throw new Error(`${op}: average must be null, 'macro', 'micro', 'weighted' or 'binary', got ${JSON.stringify(average)}`);
  }
  const zeroDivision = checkZeroDivision(op, options.zeroDivision ?? 0);
  const [t, p] = readPair(op, yTrue, yPred);
  const present = presentLabels(t.values, p.values);
  const labels = average === 'binary'
    ? binaryLabels(op, present, options.posLabel ?? 1)
    : options.labels === undefined ? present : checkLabels(op, options.labels);
  const counts = classCounts(t.values, p.values, labels);
  const warnings = new Set<string>();
  if (average === null) {
    const scores = rawScores(counts, false, zeroDivision, warnings);
    emit(op, warnings);
    return { labels, ...scores, support: [...counts.true] };
  }
  const scores = averageScores(counts, average, zeroDivision, warnings);
  emit(op, warnings);
  return scores;
}

export { checkZeroDivision, emit as emitWarnings };
