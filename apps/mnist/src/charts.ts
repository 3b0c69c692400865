// The training curves and the confusion matrix as SVG files, drawn by Vega-Lite (rendered to SVG in
// Node, no canvas needed).
import { writeFile } from 'node:fs/promises';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { curvesSpec, stepRecords, type EpochRecord } from './curves';

export type { EpochRecord } from './curves';

/** A logged training step: the mean loss of the batches since the previous one. */
export interface LoggedLoss {
  /** Batches since the start of training (epoch e's batch b is (e - 1) × steps per epoch + b). */
  step: number;
  loss: number;
}

async function renderSvg(spec: TopLevelSpec, path: string): Promise<void> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await writeFile(path, await view.toSVG());
  view.finalize();
}

/**
 * The training curves (the spec apps/mnist-web draws live): the loss at every logged step, raw and
 * smoothed, epochs marked; the test accuracy after each epoch.
 */
export async function writeCurves(epochs: number, steps: readonly LoggedLoss[], stepsPerEpoch: number, history: EpochRecord[], path: string): Promise<void> {
  await renderSvg(curvesSpec({ epochs, steps: stepRecords(steps, stepsPerEpoch), history }), path);
}

export async function writeConfusion(matrix: number[][], classes: readonly string[], path: string): Promise<void> {
  const values = matrix.flatMap((row, t) => row.map((count, p) => ({ true: classes[t], predicted: classes[p], count })));
  const order = [...classes];
  const dark = Math.max(...matrix.flat()) / 4;
  await renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'confusion matrix (test set)',
    data: { values },
    width: 360, height: 360,
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: order, title: 'predicted' },
      y: { field: 'true', type: 'ordinal', sort: order, title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { type: 'symlog', scheme: 'blues' } } } },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          // white on the dark (diagonal) cells, black elsewhere
          color: { condition: { test: `datum.count > ${dark}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  }, path);
}
