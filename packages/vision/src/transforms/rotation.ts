// Rotation with torchvision's tensor semantics: the inverse rotation maps each output pixel centre
// to a source point (affine_grid + grid_sample, align_corners=False, about the image centre);
// 'nearest' rounds half to even, 'bilinear' blends four taps. Points outside the image take `fill`
// (bilinear blends toward it by the in-image weight, as torchvision does). The coordinates depend
// only on the size and angle; the pixels move through indexSelect (any backend).
import * as torch from '@x/tensor';
import { onChw, type Input } from './kind';
import { uniform } from './random';

/** RandomRotation's `interpolation`, `fill`, `generator`. */
export interface RotationOptions {
  /** Default 'nearest', as torchvision. */
  interpolation?: 'nearest' | 'bilinear';
  /** Fill of the area outside the rotated image: one value or one per channel (default 0). */
  fill?: number | readonly number[];
  generator?: torch.Generator;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fillTensor(fill: number | readonly number[], c: number, x: torch.Tensor): torch.Tensor {
  const values = typeof fill === 'number' ? Array.from({ length: c }, () => fill) : [...fill];
  if (values.length !== 1 && values.length !== c) {
    throw new RangeError(`RandomRotation: fill must be a number or have one value per channel (${c}), got ${values.length}`);
  }
  return torch.tensor(values, { dtype: 'float32', device: x.device }).view(-1, 1);
}

/** Rotates a [C, H, W] or [N, C, H, W] tensor counter-clockwise by `angle` degrees. */
export function rotateTensor(x: torch.Tensor, angle: number, interpolation: 'nearest' | 'bilinear', fill: number | readonly number[]): torch.Tensor {
  const [H, W] = [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
  const c = x.shape[x.ndim - 3] ?? 1;
  const rad = (angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(rad), Math.sin(rad)];
  const t00 = Math.fround(Math.fround(cos) / (0.5 * W)); const t01 = Math.fround(Math.fround(-sin) / (0.5 * W));
  const t10 = Math.fround(Math.fround(sin) / (0.5 * H)); const t11 = Math.fround(Math.fround(cos) / (0.5 * H));
  const flat = x.to('float32').reshape(...x.shape.slice(0, -2), H * W);
  const taps: { index: number[]; weight: number[] }[] = interpolation === 'nearest' ? [{ index: [], weight: [] }] : [0, 1, 2, 3].map(() => ({ index: [], weight: [] }));
  for (let y = 0; y < H; y++) {
    for (let xx = 0; xx < W; xx++) {
      // float32 steps like torchvision's affine grid (theta / [w/2, h/2], bmm) and grid_sample's unnormalize.
      const bx = Math.fround(xx - (W - 1) / 2); const by = Math.fround(y - (H - 1) / 2);
      const gx = Math.fround(Math.fround(bx * t00) + Math.fround(by * t01));
      const gy = Math.fround(Math.fround(bx * t10) + Math.fround(by * t11));
      const sx = Math.fround(Math.fround(Math.fround(gx + 1) * W - 1) / 2);
      const sy = Math.fround(Math.fround(Math.fround(gy + 1) * H - 1) / 2);
      if (interpolation === 'nearest') {
        const ix = roundHalfEven(sx); const iy = roundHalfEven(sy);
        const inside = ix >= 0 && ix < W && iy >= 0 && iy < H;
        taps[0]!.index.push(inside ? iy * W + ix : 0); taps[0]!.weight.push(inside ? 1 : 0);
      } else {
        const x0 = Math.floor(sx); const y0 = Math.floor(sy);
        const fx = sx - x0; const fy = sy - y0;
        const corners = [[x0, y0, (1 - fx) * (1 - fy)], [x0 + 1, y0, fx * (1 - fy)], [x0, y0 + 1, (1 - fx) * fy], [x0 + 1, y0 + 1, fx * fy]] as const;
        corners.forEach(([cx, cy, wgt], k) => {
          const inside = cx >= 0 && cx < W && cy >= 0 && cy < H;
          taps[k]!.index.push(inside ? cy * W + cx : 0); taps[k]!.weight.push(inside ? wgt : 0);
        });
      }
    }
  }
  let value: torch.Tensor | null = null;
  let mask: torch.Tensor | null = null;
  for (const tap of taps) {
    const w = torch.tensor(tap.weight, { dtype: 'float32', device: x.device });
    const v = flat.indexSelect(flat.ndim - 1, torch.tensor(tap.index, { dtype: 'int64', device: x.device })).mul(w);
    value = value === null ? v : value.add(v);
    mask = mask === null ? w : mask.add(w);
  }
  const f = fillTensor(fill, c, x);
  let out = interpolation === 'nearest'
    ? torch.where(mask!.lt(0.5), f.expand(...value!.shape), value!)
    : value!.mul(mask!).add(mask!.neg().add(1).mul(f));
  out = out.reshape(...x.shape.slice(0, -2), H, W);
  return torch.isFloating(x.dtype) ? out.to(x.dtype) : out.round().clamp(0, 255).to(x.dtype);
}

/** transforms.RandomRotation(degrees, { interpolation, fill }): an angle uniform in [-d, d] or [lo, hi]. */
export function RandomRotation(degrees: number | readonly [number, number], options: RotationOptions = {}): <T extends Input>(x: T) => T {
  const [lo, hi] = typeof degrees === 'number' ? [-degrees, degrees] : degrees;
  if (typeof degrees === 'number' && degrees < 0) throw new RangeError(`RandomRotation: if degrees is a single number, it must be positive, got ${degrees}`);
  const interpolation = options.interpolation ?? 'nearest';
  return (x) => {
    const angle = uniform(lo, hi, options.generator);
    return onChw(x, 'RandomRotation', (t) => rotateTensor(t, angle, interpolation, options.fill ?? 0));
  };
}
