// classificationReport: sklearn.metrics.classification_report's text, character for character.
import { bindArgs, defineSignature } from '@x/tensor';
import { readPair, type Labels, type Predictions } from './inputs';
import { checkLabels, classCounts, presentLabels } from './labels';
import { averageScores, checkZeroDivision, emitWarnings, rawScores, type ZeroDivision } from './precision-recall-f1';
import { formatFixed, labelName, rjust } from './python-format';

const CLASSIFICATION_REPORT = defineSignature(
  'nn.metrics.classificationReport(yTrue: Labels, yPred: Predictions, *, labels?: number[], targetNames?: string[], digits?: number, zeroDivision?: ZeroDivision): string',
  { doc: "scikit-learn's text report of precision, recall, f1-score and support." },
);

/** classificationReport's options: `labels`, `targetNames`, `digits` (scikit-learn's `classification_report`). */
export interface ClassificationReportOptions {
  /** The classes to report and their order (default: every class in yTrue or yPred, sorted). */
  labels?: readonly number[];
  /** Display names, one per class (default: the labels themselves). */
  targetNames?: readonly string[];
  /** Decimals of the scores (default 2). */
  digits?: number;
  /** Default 0, silently (scikit-learn's default 'warn' gives 0 and a warning). */
  zeroDivision?: ZeroDivision;
}

const HEADERS = ['precision', 'recall', 'f1-score', 'support'];
const LONGEST_HEADING = 'weighted avg';

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((v) => sa.has(v));
}

/**
 * scikit-learn's classification_report(yTrue, yPred): precision, recall, f1-score and support per class,
 * then 'accuracy' (or 'micro avg' when `labels` is not exactly the classes present), 'macro avg' and
 * 'weighted avg' rows, with the same widths, spacing and rounding (Python's: exact ties go to even).
 * yPred may be [N, C] scores (argmax).
 */
export function classificationReport(yTrue: Labels, yPred: Predictions, options?: ClassificationReportOptions): string;
export function classificationReport(options: ClassificationReportOptions & { yTrue: Labels; yPred: Predictions }): string;
export function classificationReport(...args: unknown[]): string {
  const { yTrue, yPred, ...options } = bindArgs<ClassificationReportOptions & { yTrue: Labels; yPred: Predictions }>(CLASSIFICATION_REPORT, args);
  return report(yTrue, yPred, options);
}

function report(
  yTrue: Labels, yPred: Predictions, options: ClassificationReportOptions,
): string {
  const op = 'classificationReport';
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw new Error(`${op}: digits must be a non-negative integer, got ${digits}`);
  const zeroDivision = checkZeroDivision(op, options.zeroDivision ?? 0);
  const [t, p] = readPair(op, yTrue, yPred);
  const present = presentLabels(t.values, p.values);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels !== undefined ? checkLabels(op, options.labels) : present;
  if (labels.length === 0) {
    throw new Error(`${op}: there is no class to report: yTrue and yPred are empty and no labels were given`);
  }
  const { targetNames } = options;
  if (targetNames !== undefined && targetNames.length !== labels.length) {
    throw new Error(
      `${op}: number of classes, ${labels.length}, does not match size of targetNames, ${targetNames.length}. ` +
        'Try specifying the labels option',
    );
  }
  // numpy names float labels '2.0'; labels given as JS numbers are ints
  const isFloat = !labelsGiven && (t.isFloat || p.isFloat);
  const names = targetNames !== undefined ? [...targetNames] : labels.map((l) => labelName(l, isFloat));
  const microIsAccuracy = !labelsGiven || sameSet(labels, present);

  const counts = classCounts(t.values, p.values, labels);
  const warnings = new Set<string>();
  const perClass = rawScores(counts, false, zeroDivision, warnings);
  const total = counts.true.reduce((s, v) => s + v, 0);
  // scikit-learn 1.2.1 quirk: with not one correct prediction its counts are float64, printed '16.0'
  const anyCorrect = t.values.some((v, i) => v === p.values[i]);
  const supportText = (n: number) => (anyCorrect ? String(n) : `${n}.0`);

  const width = Math.max(...names.map((n) => [...n].length), LONGEST_HEADING.length, digits);
  const cell = (v: string) => ` ${rjust(v, 9)}`;
  const row = (name: string, scores: readonly (number | null)[], support: number) =>
    `${rjust(name, width)} ${scores.map((v) => cell(v === null ? '' : formatFixed(v, digits))).join('')}${cell(supportText(support))}\n`;

  let report = `${rjust('', width)} ${HEADERS.map(cell).join('')}\n\n`;
  labels.forEach((_, i) => {
    report += row(names[i], [perClass.precision[i], perClass.recall[i], perClass.f1[i]], counts.true[i]);
  });
  report += '\n';
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    const avg = averageScores(counts, average, zeroDivision, warnings);
    report += average === 'micro' && microIsAccuracy
      ? row('accuracy', [null, null, avg.f1], total)
      : row(`${average} avg`, [avg.precision, avg.recall, avg.f1], total);
  }
  emitWarnings(op, warnings);
  return report;
}
