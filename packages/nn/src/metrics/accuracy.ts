// accuracy: the fraction of samples whose predicted class is the true one (sklearn's accuracy_score).
import { bindArgs, defineSignature, isTensor } from '@x/tensor';

const ACCURACY = defineSignature('nn.metrics.accuracy(yTrue: Predictions, yPred: Predictions): number', { doc: 'The fraction of correct predictions.' });
import { readPair, type Predictions } from './inputs';

function isScores(x: Predictions): boolean {
  if (isTensor(x)) return x.ndim === 2;
  return x.length > 0 && typeof (x as ArrayLike<unknown>)[0] === 'object';
}

/**
 * The fraction of correct predictions, like sklearn.metrics.accuracy_score(yTrue, yPred). The measure is
 * symmetric, so the order of the arguments does not matter; either may be [N, C] scores (argmax over
 * classes), which lets `accuracy(logits, labels)` read as torchmetrics does. NaN when there are no samples.
 */
export function accuracy(yTrue: Predictions, yPred: Predictions): number;
export function accuracy(options: { yTrue: Predictions; yPred: Predictions }): number;
export function accuracy(...args: unknown[]): number {
  const { yTrue, yPred } = bindArgs<{ yTrue: Predictions; yPred: Predictions }>(ACCURACY, args);
  // put the scores, if any, in yPred's place (both being scores is an error, reported by readPair)
  const [labels, predictions] = isScores(yTrue) && !isScores(yPred) ? [yPred, yTrue] : [yTrue, yPred];
  const [t, p] = readPair('accuracy', labels, predictions);
  let correct = 0;
  for (let i = 0; i < t.values.length; i++) if (t.values[i] === p.values[i]) correct += 1;
  return correct / t.values.length;
}
