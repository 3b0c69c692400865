// RandomResizedCrop: a random area and aspect ratio (torchvision's get_params, ten tries then a
// central fallback), cropped and resized to `size`.
import type * as torch from '@x/tensor';
import { cropTensor } from './crop';
import { onChw, pairOf, sizeOf, type Input } from './kind';
import { randomInt, uniform } from './random';
import { resizeTensor, type Interpolation } from './resize';

/** RandomResizedCrop's `scale`, `ratio`, `interpolation`, `generator`. */
export interface RandomResizedCropOptions {
  /** Range of the crop's area as a fraction of the image's (default [0.08, 1]). */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio w / h (default [3/4, 4/3]). */
  ratio?: readonly [number, number];
  interpolation?: Interpolation;
  generator?: torch.Generator;
}

/** Python's round (half to even). */
function pyRound(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function cropParams(height: number, width: number, scale: readonly [number, number], ratio: readonly [number, number], generator?: torch.Generator): [number, number, number, number] {
  const area = height * width;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let k = 0; k < 10; k++) {
    const target = area * uniform(scale[0], scale[1], generator);
    const aspect = Math.exp(uniform(logRatio[0], logRatio[1], generator));
    const w = pyRound(Math.sqrt(target * aspect));
    const h = pyRound(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return [randomInt(0, height - h, generator), randomInt(0, width - w, generator), h, w];
    }
  }
  const inRatio = width / height;
  let w = width; let h = height;
  if (inRatio < Math.min(...ratio)) h = pyRound(w / Math.min(...ratio));
  else if (inRatio > Math.max(...ratio)) w = pyRound(h * Math.max(...ratio));
  return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
}

export function RandomResizedCrop(size: number | readonly number[], options: RandomResizedCropOptions = {}): <T extends Input>(x: T) => T {
  const [oh, ow] = pairOf(size, 'RandomResizedCrop');
  const scale = options.scale ?? [0.08, 1];
  const ratio = options.ratio ?? [3 / 4, 4 / 3];
  if (scale[0] > scale[1] || ratio[0] > ratio[1]) throw new RangeError(`RandomResizedCrop: scale and ratio should be of kind (min, max), got scale ${JSON.stringify(scale)}, ratio ${JSON.stringify(ratio)}`);
  const interpolation = options.interpolation ?? 'bilinear';
  return (x) => {
    const [H, W] = sizeOf(x);
    const [top, left, h, w] = cropParams(H, W, scale, ratio, options.generator);
    return onChw(x, 'RandomResizedCrop', (t) => resizeTensor(cropTensor(t, top, left, h, w), oh, ow, interpolation));
  };
}
