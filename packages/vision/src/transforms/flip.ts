// Flips (random with probability p, drawn as torch.rand(1) < p from the global generator) and Grayscale.
import * as torch from '@x/tensor';
import { onChw, type Input } from './kind';
import { coin } from './random';

function checkP(p: number, op: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}: p must be a probability in [0, 1], got ${p}`);
}

/** transforms.RandomHorizontalFlip(p = 0.5). */
export function RandomHorizontalFlip(p = 0.5, options: { generator?: torch.Generator } = {}): <T extends Input>(x: T) => T {
  checkP(p, 'RandomHorizontalFlip');
  return (x) => (coin(p, options.generator) ? onChw(x, 'RandomHorizontalFlip', (t) => t.flip(-1)) : x);
}

/** transforms.RandomVerticalFlip(p = 0.5). */
export function RandomVerticalFlip(p = 0.5, options: { generator?: torch.Generator } = {}): <T extends Input>(x: T) => T {
  checkP(p, 'RandomVerticalFlip');
  return (x) => (coin(p, options.generator) ? onChw(x, 'RandomVerticalFlip', (t) => t.flip(-2)) : x);
}

/** Grayscale of a [..., 3, H, W] tensor: 0.2989 R + 0.587 G + 0.114 B (torchvision's weights), [..., 1, H, W]. */
export function rgbToGrayscale(x: torch.Tensor): torch.Tensor {
  const c = x.shape[x.ndim - 3];
  if (c === 1) return x;
  if (c !== 3) throw new RangeError(`Grayscale: expected 1 or 3 channels, got shape ${torch.formatShape(x.shape)}`);
  const f = torch.isFloating(x.dtype) ? x : x.to('float32');
  const [r, g, b] = f.unbind(x.ndim - 3) as [torch.Tensor, torch.Tensor, torch.Tensor];
  let l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).unsqueeze(-3);
  // torchvision truncates back to the integer dtype.
  if (!torch.isFloating(x.dtype)) l = l.to(x.dtype);
  return l;
}

/** transforms.Grayscale(numOutputChannels = 1): 1 or 3 equal channels. */
export function Grayscale(numOutputChannels: 1 | 3 = 1): <T extends Input>(x: T) => T {
  if (numOutputChannels !== 1 && numOutputChannels !== 3) throw new RangeError(`Grayscale: numOutputChannels must be 1 or 3, got ${String(numOutputChannels)}`);
  return (x) => onChw(x, 'Grayscale', (t) => {
    const g = rgbToGrayscale(t);
    return numOutputChannels === 3 ? g.expand(...[...g.shape.slice(0, -3), 3, ...g.shape.slice(-2)]).contiguous() : g;
  });
}
