// Loss/accuracy curves and the confusion matrix as SVG files, drawn by Vega-Lite (rendered to SVG in
// Node, no canvas needed).
import { writeFile } from 'node:fs/promises';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface EpochRecord { epoch: number; loss: number; accuracy: number }

async function renderSvg(spec: TopLevelSpec, path: string): Promise<void> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await writeFile(path, await view.toSVG());
  view.finalize();
}

export async function writeCurves(history: EpochRecord[], path: string): Promise<void> {
  const epoch = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } } as const;
  await renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: history },
    hconcat: [
      {
        title: 'training loss (epoch mean)', width: 280, height: 200, mark: { type: 'line', point: true },
        encoding: { x: epoch, y: { field: 'loss', type: 'quantitative', title: 'loss' } },
      },
      {
        title: 'test accuracy', width: 280, height: 200, mark: { type: 'line', point: true, color: '#e45756' },
        encoding: { x: epoch, y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { zero: false }, axis: { format: '.1%' } } },
      },
    ],
  }, path);
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
