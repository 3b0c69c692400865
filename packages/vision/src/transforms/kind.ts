// Every transform takes an Image or a CHW tensor and returns the same kind. Images go through the
// tensor path as uint8 [C, H, W] CPU tensors and come back as images.
import * as torch from '@x/tensor';
import { Image } from '../image/image';

/** What the transforms take: an Image or a tensor. */
export type Input = Image | torch.Tensor;
/** A transform: a function from I to O (also what Compose chains). */
export type Transform<I = Input, O = I> = (x: I) => O;

/** Applies `fn` to the CHW tensor of `x`; an image comes back as an image. */
export function onChw<T extends Input>(x: T, op: string, fn: (t: torch.Tensor) => torch.Tensor): T {
  if (x instanceof Image) {
    const chw = x.toTensor({ device: 'cpu' }).permute(2, 0, 1);
    return Image.fromTensor(fn(chw).permute(1, 2, 0)) as T;
  }
  if (!torch.isTensor(x)) throw new TypeError(`${op}: expected an Image or a tensor, got ${typeof x}`);
  if (x.ndim < 2) throw new RangeError(`${op}: expected a tensor image [..., H, W], got shape ${torch.formatShape(x.shape)}`);
  return fn(x) as T;
}

/** [height, width] of an image or a [..., H, W] tensor. */
export function sizeOf(x: Input): [number, number] {
  if (x instanceof Image) return [x.height, x.width];
  return [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
}

/** torchvision's size argument: a number is a square [s, s]. */
export function pairOf(size: number | readonly number[], op: string): [number, number] {
  const p = typeof size === 'number' ? [size, size] : size.length === 1 ? [size[0]!, size[0]!] : [...size];
  if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(`${op}: size must be a positive integer or [h, w], got ${JSON.stringify(size)}`);
  }
  return p as [number, number];
}
