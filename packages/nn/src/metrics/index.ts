// @x/nn's metrics (`import { metrics } from '@x/nn'`): scikit-learn's classification metrics on class
// labels held in CPU tensors or plain arrays. They return plain values synchronously.
export { accuracy } from './accuracy';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix';
export {
  precisionRecallF1, type PrecisionRecallF1Options, type Average, type ZeroDivision, type ClassScores,
  type AverageScores,
} from './precision-recall-f1';
export { classificationReport, type ClassificationReportOptions } from './classification-report';
export type { Labels, Predictions } from './inputs';
