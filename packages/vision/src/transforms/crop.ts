// Crops and pads: CenterCrop, Pad, RandomCrop. Padding beyond the image uses torch.pad (any backend).
import * as torch from '@x/tensor';
import { onChw, pairOf, sizeOf, type Input } from './kind';
import { randomInt } from './random';

/** Pad's `paddingMode`: `'constant'`, `'edge'`, `'reflect'` or `'symmetric'`. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** torchvision's padding: n (all sides), [lr, tb] or [left, top, right, bottom]. */
function ltrb(padding: number | readonly number[], op: string): [number, number, number, number] {
  const p = typeof padding === 'number' ? [padding] : [...padding];
  if (!p.every((v) => Number.isInteger(v))) throw new TypeError(`${op}: padding must be integers, got ${JSON.stringify(padding)}`);
  if (p.length === 1) return [p[0]!, p[0]!, p[0]!, p[0]!];
  if (p.length === 2) return [p[0]!, p[1]!, p[0]!, p[1]!];
  if (p.length === 4) return [p[0]!, p[1]!, p[2]!, p[3]!];
  throw new RangeError(`${op}: padding must be an int or a 1, 2, or 4 element sequence, got ${p.length} elements`);
}

/** Source index of each padded position: edge clamps, reflect mirrors without and symmetric with the edge pixel. */
function padIndex(n: number, before: number, after: number, mode: Exclude<PaddingMode, 'constant'>): number[] {
  if (mode === 'reflect' && (before >= n || after >= n)) {
    throw new RangeError(`Pad: reflect padding (${before}, ${after}) must be smaller than the dimension it pads (${n})`);
  }
  return Array.from({ length: n + before + after }, (_, k) => {
    const i = k - before;
    if (mode === 'edge') return Math.min(Math.max(i, 0), n - 1);
    const period = mode === 'reflect' ? Math.max(2 * n - 2, 1) : 2 * n;
    const j = ((i % period) + period) % period;
    return j < n ? j : mode === 'reflect' ? period - j : period - 1 - j;
  });
}

/** Pads a [..., H, W] tensor by [left, top, right, bottom]; non-constant modes gather through indexSelect (any dtype, any backend). */
export function padTensor(x: torch.Tensor, [l, t, r, b]: readonly number[], fill: number, mode: PaddingMode): torch.Tensor {
  if (mode === 'constant') return torch.pad(x, [l!, r!, t!, b!], { mode: 'constant', value: fill });
  const rows = torch.tensor(padIndex(x.shape[x.ndim - 2]!, t!, b!, mode), { dtype: 'int64', device: x.device });
  const cols = torch.tensor(padIndex(x.shape[x.ndim - 1]!, l!, r!, mode), { dtype: 'int64', device: x.device });
  return x.indexSelect(x.ndim - 2, rows).indexSelect(x.ndim - 1, cols);
}

/** Pad's `fill` and `paddingMode`. */
export interface PadOptions {
  fill?: number;
  paddingMode?: PaddingMode;
}

function checkMode(mode: string, op: string): PaddingMode {
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(mode)) {
    throw new RangeError(`${op}: paddingMode should be 'constant', 'edge', 'reflect' or 'symmetric', got ${mode}`);
  }
  return mode as PaddingMode;
}

/** transforms.Pad(padding, { fill, paddingMode }). */
export function Pad(padding: number | readonly number[], options: PadOptions = {}): <T extends Input>(x: T) => T {
  const p = ltrb(padding, 'Pad');
  const mode = checkMode(options.paddingMode ?? 'constant', 'Pad');
  return (x) => onChw(x, 'Pad', (t) => padTensor(t, p, options.fill ?? 0, mode));
}

/** Crops [top, left, h, w]; parts outside the image are zero-padded, as torchvision's F.crop. */
export function cropTensor(x: torch.Tensor, top: number, left: number, h: number, w: number): torch.Tensor {
  const [H, W] = [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
  const right = left + w; const bottom = top + h;
  if (left < 0 || top < 0 || right > W || bottom > H) {
    const pad = [Math.max(-left, 0), Math.max(-top, 0), Math.max(right - W, 0), Math.max(bottom - H, 0)];
    const inner = x.narrow(-2, Math.max(top, 0), Math.min(bottom, H) - Math.max(top, 0)).narrow(-1, Math.max(left, 0), Math.min(right, W) - Math.max(left, 0));
    return padTensor(inner, pad, 0, 'constant');
  }
  return x.narrow(-2, top, h).narrow(-1, left, w);
}

/** transforms.CenterCrop(size). */
export function CenterCrop(size: number | readonly number[]): <T extends Input>(x: T) => T {
  const [h, w] = pairOf(size, 'CenterCrop');
  return (x) => {
    const [H, W] = sizeOf(x);
    // torchvision pads first when the crop is larger, then rounds the offsets.
    return onChw(x, 'CenterCrop', (t) => {
      if (h > H || w > W) {
        const pl = Math.floor((w - W) / 2) > 0 ? Math.floor((w - W) / 2) : 0;
        const pt = Math.floor((h - H) / 2) > 0 ? Math.floor((h - H) / 2) : 0;
        const pr = Math.floor((w - W + 1) / 2) > 0 ? Math.floor((w - W + 1) / 2) : 0;
        const pb = Math.floor((h - H + 1) / 2) > 0 ? Math.floor((h - H + 1) / 2) : 0;
        const padded = padTensor(t, [pl, pt, pr, pb], 0, 'constant');
        const [PH, PW] = [padded.shape[padded.ndim - 2]!, padded.shape[padded.ndim - 1]!];
        return padded.narrow(-2, pyRound((PH - h) / 2), h).narrow(-1, pyRound((PW - w) / 2), w);
      }
      return t.narrow(-2, pyRound((H - h) / 2), h).narrow(-1, pyRound((W - w) / 2), w);
    });
  };
}

/** Python's round (half to even), which torchvision's center_crop uses on the offsets. */
function pyRound(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** RandomCrop's `padding`, `padIfNeeded`, `fill`, `paddingMode`, `generator`. */
export interface RandomCropOptions {
  padding?: number | readonly number[] | null;
  padIfNeeded?: boolean;
  fill?: number;
  paddingMode?: PaddingMode;
  generator?: torch.Generator;
}

/** transforms.RandomCrop(size, { padding, padIfNeeded, fill, paddingMode }). */
export function RandomCrop(size: number | readonly number[], options: RandomCropOptions = {}): <T extends Input>(x: T) => T {
  const [h, w] = pairOf(size, 'RandomCrop');
  const mode = checkMode(options.paddingMode ?? 'constant', 'RandomCrop');
  const fill = options.fill ?? 0;
  const pad = options.padding === undefined || options.padding === null ? null : ltrb(options.padding, 'RandomCrop');
  return (x) => onChw(x, 'RandomCrop', (t0) => {
    let t = pad === null ? t0 : padTensor(t0, pad, fill, mode);
    let [H, W] = [t.shape[t.ndim - 2]!, t.shape[t.ndim - 1]!];
    if (options.padIfNeeded === true && W < w) { t = padTensor(t, [w - W, 0, w - W, 0], fill, mode); W = t.shape[t.ndim - 1]!; }
    if (options.padIfNeeded === true && H < h) { t = padTensor(t, [0, h - H, 0, h - H], fill, mode); H = t.shape[t.ndim - 2]!; }
    if (H < h || W < w) throw new RangeError(`RandomCrop: required crop size [${h}, ${w}] is larger than input image size [${H}, ${W}]`);
    if (H === h && W === w) return t;
    const top = randomInt(0, H - h, options.generator);
    const left = randomInt(0, W - w, options.generator);
    return t.narrow(-2, top, h).narrow(-1, left, w);
  });
}
