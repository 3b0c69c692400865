// A drawing → the 28×28 image MNIST's model expects, as the MNIST set itself was made (LeCun et al.):
// the digit's bounding box is scaled, keeping its aspect ratio, to fit a 20×20 box (anti-aliased: each
// output pixel averages the area it covers), then placed in a 28×28 field so that its centre of mass
// (intensity-weighted) falls on the field's centre. Intensities are ink, 0 (background) to 1 (full
// ink; 255 in the MNIST files, as `transforms.ToTensor()` gives 1), with the darkest pixel at 1.
// Pure functions on Float32Arrays, so they are tested in Node and run the same in the page.

/** A grayscale image: `data[y * width + x]`, ink from 0 to 1. */
export interface Gray {
  width: number;
  height: number;
  data: Float32Array;
}

export const SIZE = 28;
export const BOX = 20;
/** Ink below this fraction of the maximum does not count for the bounding box (anti-aliasing fringe). */
const FRINGE = 0.05;

/** Ink from RGBA pixels drawn on a transparent canvas: the alpha channel (the stroke's coverage). */
export function inkFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Gray {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i + 3]! / 255;
  return { width, height, data };
}

/** The smallest rectangle holding every pixel with ink, or null for a blank image. */
export function boundingBox(img: Gray): { x: number; y: number; width: number; height: number } | null {
  let max = 0;
  for (const v of img.data) max = Math.max(max, v);
  if (max === 0) return null;
  const t = max * FRINGE;
  let x0 = img.width, y0 = img.height, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! > t) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** For each output pixel along one axis, the input pixels it covers and by how much (area weights sum to 1). */
function areaWeights(inSize: number, outSize: number): { start: number; weights: number[] }[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const start = Math.floor(lo);
    const weights: number[] = [];
    for (let i = start; i < Math.min(Math.ceil(hi), inSize); i++) {
      weights.push((Math.min(hi, i + 1) - Math.max(lo, i)) / scale);
    }
    return { start, weights };
  });
}

/** Area-averaging resize (what a box filter gives; PIL's BOX, OpenCV's INTER_AREA). */
export function resizeArea(img: Gray, width: number, height: number): Gray {
  const wx = areaWeights(img.width, width);
  const wy = areaWeights(img.height, height);
  const rows = new Float32Array(width * img.height); // horizontal pass
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < width; x++) {
      const { start, weights } = wx[x]!;
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += weights[k]! * img.data[y * img.width + start + k]!;
      rows[y * width + x] = s;
    }
  }
  const data = new Float32Array(width * height); // vertical pass
  for (let y = 0; y < height; y++) {
    const { start, weights } = wy[y]!;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += weights[k]! * rows[(start + k) * width + x]!;
      data[y * width + x] = s;
    }
  }
  return { width, height, data };
}

/** The intensity-weighted centre of an image, in pixel indices (scipy.ndimage.center_of_mass's convention). */
export function centreOfMass(img: Gray): { x: number; y: number } {
  let total = 0, sx = 0, sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x]!;
      total += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return total === 0 ? { x: (img.width - 1) / 2, y: (img.height - 1) / 2 } : { x: sx / total, y: sy / total };
}

/**
 * The 28×28 MNIST-style image of a drawing (row-major, ink 0..1), or null when nothing is drawn.
 * The digit is scaled into a 20×20 box and shifted by whole pixels to put its centre of mass on pixel
 * (14, 14), as in the MNIST files, as far as the 28×28 field allows.
 */
export function toMnist(img: Gray): Float32Array | null {
  const box = boundingBox(img);
  if (box === null) return null;
  const crop = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    crop.set(img.data.subarray((box.y + y) * img.width + box.x, (box.y + y) * img.width + box.x + box.width), y * box.width);
  }
  const scale = BOX / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const digit = resizeArea({ width: box.width, height: box.height, data: crop }, w, h);
  let max = 0;
  for (const v of digit.data) max = Math.max(max, v);
  for (let i = 0; i < digit.data.length; i++) digit.data[i] = digit.data[i]! / max;
  const com = centreOfMass(digit);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const left = clamp(Math.round(SIZE / 2 - com.x), SIZE - w);
  const top = clamp(Math.round(SIZE / 2 - com.y), SIZE - h);
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < h; y++) out.set(digit.data.subarray(y * w, (y + 1) * w), (top + y) * SIZE + left);
  return out;
}
