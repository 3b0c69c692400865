// ColorJitter with torchvision's tensor arithmetic: brightness, contrast and saturation blend the
// image with black, its mean gray and its grayscale (clamped, truncated back to uint8); hue shifts
// H in HSV space. The four are applied in an order drawn by torch.randperm(4), as torchvision.
import * as torch from '@x/tensor';
import { rgbToGrayscale } from './flip';
import { onChw, type Input } from './kind';
import { permutation, uniform } from './random';

function blend(a: torch.Tensor, b: torch.Tensor | number, ratio: number, dtype: torch.DType): torch.Tensor {
  const bound = torch.isFloating(dtype) ? 1 : 255;
  const mixed = a.mul(ratio).add(typeof b === 'number' ? b * (1 - ratio) : b.mul(1 - ratio));
  return mixed.clamp(0, bound).to(dtype);
}

export function adjustBrightness(x: torch.Tensor, factor: number): torch.Tensor {
  return blend(x, 0, factor, x.dtype);
}

export function adjustContrast(x: torch.Tensor, factor: number): torch.Tensor {
  const f = torch.isFloating(x.dtype) ? x.dtype : 'float32';
  const gray = x.shape[x.ndim - 3] === 3 ? rgbToGrayscale(x) : x;
  const mean = gray.to(f).mean([-3, -2, -1], true);
  return blend(x, mean, factor, x.dtype);
}

export function adjustSaturation(x: torch.Tensor, factor: number): torch.Tensor {
  if (x.shape[x.ndim - 3] === 1) return x;
  return blend(x, rgbToGrayscale(x), factor, x.dtype);
}

function rgbToHsv(img: torch.Tensor): torch.Tensor {
  const [r, g, b] = img.unbind(-3) as [torch.Tensor, torch.Tensor, torch.Tensor];
  const maxc = img.amax(-3);
  const minc = img.amin(-3);
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const ones = torch.onesLike(maxc);
  const s = cr.div(torch.where(eqc, ones, maxc));
  const crd = torch.where(eqc, ones, cr);
  const rc = maxc.sub(r).div(crd);
  const gc = maxc.sub(g).div(crd);
  const bc = maxc.sub(b).div(crd);
  const isR = maxc.eq(r);
  const isG = maxc.eq(g).logicalAnd(isR.logicalNot());
  const isB = maxc.ne(g).logicalAnd(isR.logicalNot());
  const hr = bc.sub(gc).mul(isR.to(img.dtype));
  const hg = rc.sub(bc).add(2).mul(isG.to(img.dtype));
  const hb = gc.sub(rc).add(4).mul(isB.to(img.dtype));
  const h = hr.add(hg).add(hb).div(6).add(1).remainder(1);
  return torch.stack([h, s, maxc], -3);
}

function hsvToRgb(img: torch.Tensor): torch.Tensor {
  const [h, s, v] = img.unbind(-3) as [torch.Tensor, torch.Tensor, torch.Tensor];
  const i = h.mul(6).floor();
  const f = h.mul(6).sub(i);
  const sector = i.remainder(6);
  const p = v.mul(s.neg().add(1)).clamp(0, 1);
  const q = v.mul(s.mul(f).neg().add(1)).clamp(0, 1);
  const t = v.mul(s.mul(f.neg().add(1)).neg().add(1)).clamp(0, 1);
  const pick = (vals: torch.Tensor[]) => vals.reduce<torch.Tensor>((acc, val, k) => acc.add(val.mul(sector.eq(k).to(img.dtype))), torch.zerosLike(v));
  return torch.stack([pick([v, q, p, p, t, v]), pick([t, v, v, q, p, p]), pick([p, p, t, v, v, q])], -3);
}

export function adjustHue(x: torch.Tensor, factor: number): torch.Tensor {
  if (!(factor >= -0.5 && factor <= 0.5)) throw new RangeError(`adjustHue: hue factor (${factor}) is not in [-0.5, 0.5]`);
  if (x.shape[x.ndim - 3] === 1) return x;
  const floating = torch.isFloating(x.dtype);
  const img = floating ? x : x.to('float32').div(255);
  const hsv = rgbToHsv(img);
  const [h, s, v] = hsv.unbind(-3) as [torch.Tensor, torch.Tensor, torch.Tensor];
  const out = hsvToRgb(torch.stack([h.add(factor).remainder(1), s, v], -3));
  return floating ? out : out.mul(255).to(x.dtype);
}

type Range = number | readonly [number, number];

function rangeOf(v: Range | undefined, name: string, center: number, bound: [number, number]): [number, number] | null {
  if (v === undefined) return null;
  let r: [number, number];
  if (typeof v === 'number') {
    if (v < 0) throw new RangeError(`ColorJitter: if ${name} is a single number, it must be non negative, got ${v}`);
    r = [center - v, center + v];
    if (center === 1) r[0] = Math.max(r[0], 0);
  } else r = [v[0], v[1]];
  if (r[0] < bound[0] || r[1] > bound[1] || r[0] > r[1]) throw new RangeError(`ColorJitter: ${name} values should be between [${bound[0]}, ${bound[1]}], got ${JSON.stringify(r)}`);
  return r[0] === center && r[1] === center ? null : r;
}

/** ColorJitter's `generator` (the ranges are its positional arguments). */
export interface ColorJitterOptions {
  generator?: torch.Generator;
}

/** transforms.ColorJitter(brightness, contrast, saturation, hue): each a number (max change) or [min, max]. */
export function ColorJitter(brightness?: Range, contrast?: Range, saturation?: Range, hue?: Range, options: ColorJitterOptions = {}): <T extends Input>(x: T) => T {
  const ranges = [
    rangeOf(brightness, 'brightness', 1, [0, Infinity]), rangeOf(contrast, 'contrast', 1, [0, Infinity]),
    rangeOf(saturation, 'saturation', 1, [0, Infinity]), rangeOf(hue, 'hue', 0, [-0.5, 0.5]),
  ];
  const fns = [adjustBrightness, adjustContrast, adjustSaturation, adjustHue];
  return (x) => {
    const order = permutation(4, options.generator);
    const factors = ranges.map((r) => (r === null ? null : uniform(r[0], r[1], options.generator)));
    return onChw(x, 'ColorJitter', (t) => order.reduce((acc, k) => (factors[k] === null ? acc : fns[k]!(acc, factors[k]!)), t));
  };
}
