// The training curves as one Vega-Lite spec, shared by the CLI (rendered to out/curves.svg in Node) and
// the browser page apps/mnist-web (a live Vega view that the training loop streams points into), so the
// two look alike. Left: the training loss at every logged step, raw and smoothed, against the epoch
// (fractional: 0.5 is half way through the first epoch; a rule marks where each epoch ends), so one
// epoch already draws a curve. Right: the test accuracy after each epoch. No Node module in here.
import type { TopLevelSpec } from 'vega-lite';

/** One logged training step: `epoch` is the progress in epochs (step / steps per epoch). */
export interface StepRecord {
  step: number;
  epoch: number;
  /** The mean loss of the batches since the previous logged step. */
  loss: number;
  /** An exponential moving average of `loss` (see {@link Smoother}). */
  smoothed: number;
}

export interface EpochRecord {
  epoch: number;
  /** The mean training loss of the epoch. */
  loss: number;
  /** The test accuracy after the epoch, 0..1. */
  accuracy: number;
}

/** The names of the spec's two data sets (Vega data a live view inserts into). */
export const STEPS = 'steps';
export const EPOCHS = 'epochs';

/**
 * TensorBoard's smoothing: an exponential moving average with weight `weight`, debiased so the first
 * values are not pulled towards 0.
 */
export class Smoother {
  #avg = 0;
  #count = 0;
  constructor(readonly weight = 0.9) {}
  next(value: number): number {
    this.#count++;
    this.#avg = this.weight * this.#avg + (1 - this.weight) * value;
    return this.#avg / (1 - this.weight ** this.#count);
  }
}

/** Step records from (step, loss) pairs, with the smoothed loss. */
export function stepRecords(losses: readonly { step: number; loss: number }[], stepsPerEpoch: number, weight = 0.9): StepRecord[] {
  const smoother = new Smoother(weight);
  return losses.map(({ step, loss }) => ({ step, epoch: step / stepsPerEpoch, loss, smoothed: smoother.next(loss) }));
}

export interface CurvesOptions {
  /** The epochs the x axes span: 0 to `epochs`. */
  epochs: number;
  /** Each panel's plot area, in pixels. */
  width?: number;
  height?: number;
  /** The panels side by side (the default) or one above the other (narrow screens). */
  direction?: 'row' | 'column';
  steps?: StepRecord[];
  history?: EpochRecord[];
}

// contrast on white at least 3:1 for the lines and 4.5:1 for text (WCAG AA)
const BLUE = '#1f4e89';
const LIGHT_BLUE = '#5b8ccc';
const RED = '#b8322f';

export function curvesSpec({ epochs, width = 280, height = 200, direction = 'row', steps = [], history = [] }: CurvesOptions): TopLevelSpec {
  const x = {
    field: 'epoch', type: 'quantitative', title: 'epoch',
    scale: { domain: [0, epochs], nice: false },
    axis: epochs > 1 ? { tickMinStep: 1, format: 'd' } : { format: '.1f' },
  } as const;
  const panels = [
    {
      title: 'training loss per step',
      width, height,
      layer: [
        ...(epochs > 1
          ? [{
              data: { sequence: { start: 1, stop: epochs, as: 'end' } },
              mark: { type: 'rule', color: '#bbb', strokeDash: [4, 3] },
              encoding: { x: { field: 'end', type: 'quantitative' } },
            } as const]
          : []),
        {
          data: { name: STEPS },
          transform: [{ fold: ['loss', 'smoothed'], as: ['series', 'value'] }],
          mark: { type: 'line', clip: true, interpolate: 'linear' },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', title: 'loss', scale: { zero: true } },
            color: {
              field: 'series', type: 'nominal', title: null,
              scale: { domain: ['loss', 'smoothed'], range: [LIGHT_BLUE, BLUE] },
              legend: { orient: 'bottom', direction: 'horizontal', labelExpr: "datum.label == 'loss' ? 'raw' : 'smoothed'" },
            },
            strokeWidth: { condition: { test: "datum.series == 'smoothed'", value: 2.5 }, value: 1 },
          },
        },
      ],
    },
    {
      title: 'test accuracy after each epoch',
      width, height,
      data: { name: EPOCHS },
      encoding: {
        // one band per epoch: a single epoch is a dot in the middle, not on the edge
        x: { field: 'epoch', type: 'ordinal', title: 'epoch', scale: { domain: Array.from({ length: epochs }, (_, i) => i + 1) }, axis: { labelAngle: 0 } },
        y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { zero: false, padding: 24 }, axis: { format: '.1%' } },
      },
      layer: [
        // the labels below carry the values for screen readers; the line and dots are hidden from them
        // (an empty line or dot layer, before the first epoch ends, would be an unlabelled graphic)
        { mark: { type: 'line', color: RED, aria: false, point: { color: RED, size: 60, aria: false } } },
        { mark: { type: 'text', dy: -12, color: RED, fontWeight: 'bold' }, encoding: { text: { field: 'accuracy', type: 'quantitative', format: '.2%' } } },
      ],
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    datasets: { [STEPS]: steps, [EPOCHS]: history },
    // a live view grows its padding as axis labels appear
    autosize: { type: 'pad', resize: true },
    ...(direction === 'row' ? { hconcat: panels } : { vconcat: panels }),
  } as TopLevelSpec;
}
