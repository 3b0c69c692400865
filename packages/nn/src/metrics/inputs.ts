// Reading metric inputs: class labels from a CPU tensor or a plain array, and predictions that may be
// [N, C] scores (argmax over the classes). Metrics return plain numbers synchronously, so the values
// are read here with dataSync(): tensors on an asynchronous device must be moved to the CPU first.
import { getBackend, isFloating, isTensor, type Tensor } from '@x/tensor';

/** Class labels: a 1-D tensor (any integer dtype, bool, or float holding whole numbers) or an array. */
export type Labels = Tensor | ArrayLike<number>;
/** Predictions: class labels, or [N, C] scores (logits or probabilities) whose argmax is the class. */
export type Predictions = Labels | readonly ArrayLike<number>[];

/** Labels read as numbers; `isFloat` remembers a float input (scikit-learn then names class 2 '2.0'). */
export interface LabelValues {
  readonly values: readonly number[];
  readonly isFloat: boolean;
}

function hostValues(op: string, name: string, t: Tensor): ArrayLike<number> {
  if (!getBackend(t.device).caps.syncRead) {
    throw new Error(
      `${op}: ${name} is on device '${t.device}', which cannot be read synchronously; metrics need CPU tensors ` +
        `or plain arrays: call .cpu() first (from an asynchronous device: ${name} = await ${name}.toAsync('cpu'))`,
    );
  }
  return t.dataSync();
}

function checkWhole(op: string, name: string, values: readonly number[], scoresHint: boolean): void {
  for (const v of values) {
    if (!Number.isInteger(v)) {
      const hint = scoresHint ? ' (or [N, C] scores as yPred)' : '';
      throw new TypeError(`${op}: ${name} holds ${v}, which is not a class label; pass integer class labels${hint}`);
    }
  }
}

/** The first maximal index of each row, NaN counting as the maximum: torch.argmax(scores, 1). */
function argmaxRows(data: ArrayLike<number>, n: number, c: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = data[i * c];
    for (let j = 1; j < c && !Number.isNaN(bestValue); j++) {
      const v = data[i * c + j];
      if (v > bestValue || Number.isNaN(v)) {
        best = j;
        bestValue = v;
      }
    }
    out[i] = best;
  }
  return out;
}

function scoresError(op: string, name: string, shape: readonly number[]): Error {
  const dims = `[${shape.join(', ')}]`;
  if (shape.length === 2 && shape[1] === 1) {
    return new Error(
      `${op}: ${name} has shape ${dims}: scores need one column per class (C >= 2); for a single-logit binary ` +
        `classifier pass ${name}.gt(0).flatten() as the predicted labels`,
    );
  }
  return new Error(`${op}: ${name} must be 1-D class labels [N] or 2-D scores [N, C], got shape ${dims}`);
}

function isNested(input: Predictions): input is readonly ArrayLike<number>[] {
  if (isTensor(input) || input.length === 0) return false;
  const first = (input as ArrayLike<unknown>)[0];
  return typeof first === 'object' && first !== null;
}

/**
 * Reads labels (`scores` false: 1-D only) or predictions (`scores` true: 1-D labels or [N, C] scores).
 * Errors name the metric (`op`) and the argument (`name`).
 */
export function readLabels(op: string, name: string, input: Predictions, scores = false): LabelValues {
  if (isTensor(input)) {
    const shape = input.shape;
    const float = isFloating(input.dtype);
    if (shape.length === 1) {
      const values = Array.from(hostValues(op, name, input));
      checkWhole(op, name, values, scores);
      return { values, isFloat: float };
    }
    if (scores && shape.length === 2 && shape[1] >= 2) {
      return { values: argmaxRows(hostValues(op, name, input), shape[0], shape[1]), isFloat: false };
    }
    if (!scores) {
      throw new Error(`${op}: ${name} must be 1-D class labels [N], got shape [${shape.join(', ')}]`);
    }
    throw scoresError(op, name, shape);
  }
  if (isNested(input)) {
    if (!scores) throw new Error(`${op}: ${name} must be 1-D class labels [N], got a nested array`);
    const n = input.length;
    const c = input[0].length;
    const flat = new Array<number>(n * c);
    for (let i = 0; i < n; i++) {
      const row = input[i];
      if (row.length !== c) {
        throw new Error(`${op}: ${name} rows have different lengths (${c} and ${row.length}); scores must be [N, C]`);
      }
      for (let j = 0; j < c; j++) flat[i * c + j] = row[j];
    }
    if (c < 2) throw scoresError(op, name, [n, c]);
    return { values: argmaxRows(flat, n, c), isFloat: false };
  }
  const values = Array.from(input);
  checkWhole(op, name, values, scores);
  const isFloat = input instanceof Float32Array || input instanceof Float64Array;
  return { values, isFloat };
}

/** Both arguments (yTrue as 1-D labels: scores there are an error), with equal numbers of samples. */
export function readPair(op: string, yTrue: Predictions, yPred: Predictions): [LabelValues, LabelValues] {
  const t = readLabels(op, 'yTrue', yTrue);
  const p = readLabels(op, 'yPred', yPred, true);
  if (t.values.length !== p.values.length) {
    throw new Error(
      `${op}: yTrue and yPred have different numbers of samples: [${t.values.length}, ${p.values.length}]`,
    );
  }
  return [t, p];
}
