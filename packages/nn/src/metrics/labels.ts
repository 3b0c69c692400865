// The set of classes a metric reports on, and the per-class counts everything else derives from.

/** np.unique(concatenate(yTrue, yPred)): the sorted classes present in either (unique_labels). */
export function presentLabels(yTrue: readonly number[], yPred: readonly number[]): number[] {
  return [...new Set([...yTrue, ...yPred])].sort((a, b) => a - b);
}

/** A user's `labels` option: whole numbers, no repeats, at least one. */
export function checkLabels(op: string, labels: readonly number[]): number[] {
  if (labels.length === 0) throw new Error(`${op}: labels must contain at least one label`);
  const seen = new Set<number>();
  for (const l of labels) {
    if (!Number.isInteger(l)) throw new TypeError(`${op}: labels holds ${l}, which is not a class label`);
    if (seen.has(l)) throw new Error(`${op}: labels holds ${l} twice; each class may be listed once`);
    seen.add(l);
  }
  return [...labels];
}

/** Per class of `labels`: true positives, predicted count and true count (the support). */
export interface ClassCounts {
  readonly tp: number[];
  readonly pred: number[];
  readonly true: number[];
}

export function classCounts(yTrue: readonly number[], yPred: readonly number[], labels: readonly number[]): ClassCounts {
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Array<number>(labels.length).fill(0);
  const pred = new Array<number>(labels.length).fill(0);
  const tru = new Array<number>(labels.length).fill(0);
  for (let k = 0; k < yTrue.length; k++) {
    const t = index.get(yTrue[k]);
    const p = index.get(yPred[k]);
    if (t !== undefined) tru[t] += 1;
    if (p !== undefined) pred[p] += 1;
    if (t !== undefined && yTrue[k] === yPred[k]) tp[t] += 1;
  }
  return { tp, pred, true: tru };
}
