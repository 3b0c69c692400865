// confusionMatrix: sklearn.metrics.confusion_matrix, as an int64 tensor.
import { tensor, type Tensor, bindArgs, defineSignature } from '@x/tensor';
import { readPair, type Labels, type Predictions } from './inputs';
import { checkLabels, presentLabels } from './labels';

const CONFUSION_MATRIX = defineSignature('nn.metrics.confusionMatrix(yTrue: Labels, yPred: Predictions, *, numClasses?: number, labels?: number[]): Tensor', {
  doc: 'Counts of (true, predicted) class pairs.',
});

/** confusionMatrix's options: `numClasses` or `labels`. */
export interface ConfusionMatrixOptions {
  /** The classes 0..numClasses-1, in order; a label outside that range is an error. */
  numClasses?: number;
  /** The classes and their order (scikit-learn's `labels`): samples of other classes are left out. */
  labels?: readonly number[];
}

function resolveLabels(op: string, t: readonly number[], p: readonly number[], options: ConfusionMatrixOptions): number[] {
  const { numClasses, labels } = options;
  if (numClasses !== undefined && labels !== undefined) {
    throw new Error(`${op}: give numClasses or labels, not both`);
  }
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new Error(`${op}: numClasses must be a positive integer, got ${numClasses}`);
    }
    for (const [name, values] of [['yTrue', t], ['yPred', p]] as const) {
      const bad = values.find((v) => v < 0 || v >= numClasses);
      if (bad !== undefined) {
        throw new Error(`${op}: ${name} holds class ${bad}, outside [0, ${numClasses}) for numClasses=${numClasses}`);
      }
    }
    return Array.from({ length: numClasses }, (_, i) => i);
  }
  if (labels === undefined) return presentLabels(t, p);
  const checked = checkLabels(op, labels);
  if (t.length > 0 && !t.some((v) => checked.includes(v))) {
    throw new Error(`${op}: at least one label specified must be in yTrue`);
  }
  return checked;
}

/**
 * The confusion matrix C (int64 [K, K]): C[i][j] counts samples of true class labels[i] predicted as
 * labels[j] (rows true, columns predicted, as sklearn.metrics.confusion_matrix). Classes default to
 * every class in yTrue or yPred, sorted. yPred may be [N, C] scores (argmax). The result is on the CPU.
 */
export function confusionMatrix(yTrue: Labels, yPred: Predictions, options?: ConfusionMatrixOptions): Tensor;
export function confusionMatrix(options: ConfusionMatrixOptions & { yTrue: Labels; yPred: Predictions }): Tensor;
export function confusionMatrix(...args: unknown[]): Tensor {
  const { yTrue, yPred, ...options } = bindArgs<ConfusionMatrixOptions & { yTrue: Labels; yPred: Predictions }>(CONFUSION_MATRIX, args);
  const op = 'confusionMatrix';
  const [t, p] = readPair(op, yTrue, yPred);
  const labels = resolveLabels(op, t.values, p.values, options);
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = new Array<number>(k * k).fill(0);
  for (let s = 0; s < t.values.length; s++) {
    const i = index.get(t.values[s]);
    const j = index.get(p.values[s]);
    if (i !== undefined && j !== undefined) counts[i * k + j] += 1;
  }
  return tensor(counts, { dtype: 'int64', device: 'cpu' }).reshape(k, k);
}
