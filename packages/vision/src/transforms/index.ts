// torchvision.transforms: each factory returns a function t(x) for an Image or a CHW tensor, which also
// carries a spec (factory name + arguments) so DataLoader workers can rebuild it.
import * as f from './factories';
import { defineSignature } from '@x/tensor';
import { described } from './spec';
import type { ResizeOptions } from './resize';
import type { PaddingMode, RandomCropOptions } from './crop';
import type { RandomResizedCropOptions } from './resized_crop';
import type { RotationOptions } from './rotation';

const sig = (text: string, doc: string) => defineSignature(`transforms.${text}`, { doc });

/** Only the defaults torchvision gives these options are accepted: the others ask for what this port lacks. */
function onlyDefault(op: string, name: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value)) throw new RangeError(`transforms.${op}: ${name}=${JSON.stringify(value)} is not implemented; leave ${name} at ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`);
}
/** The options object for a factory, without the values left unset. */
const opts = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

type B = Record<string, unknown>;
type Size = number | readonly number[];

/** Chains transforms (torchvision's `transforms.Compose`): `Compose([Resize([28, 28]), ToTensor(), Normalize([0.5], [0.5])])`. */
export const Compose = described('Compose', f.Compose, {
  sig: sig('Compose(transforms: Function[])', 'Applies the transforms in order.'),
  call: (b: B) => [b['transforms'] as Parameters<typeof f.Compose>[0]],
}) as typeof f.Compose; // keeps Compose's typed result
/** Applies your function as a transform (torchvision's `transforms.Lambda`). */
export const Lambda = described('Lambda', f.Lambda, { sig: sig('Lambda(lambd: Function)', 'Applies a function of your own.'), call: (b: B) => [b['lambd'] as (x: unknown) => unknown] });
/** Image or HWC uint8 → CHW float32 in [0, 1] (torchvision's `transforms.ToTensor`). */
export const ToTensor = described('ToTensor', f.ToTensor, { sig: sig('ToTensor()', 'Image or HWC uint8 → CHW float32 in [0, 1].'), call: () => [] });
/** CHW tensor → Image (torchvision's `transforms.ToPILImage`). */
export const ToPILImage = described('ToPILImage', f.ToPILImage, {
  sig: sig('ToPILImage(mode: string | null = null)', 'CHW tensor → Image.'),
  call: (b: B) => {
    onlyDefault('ToPILImage', 'mode', b['mode'], [null]);
    return [];
  },
});
/** (x − mean) / std per channel (torchvision's `transforms.Normalize`). */
export const Normalize = described('Normalize', f.Normalize, {
  sig: sig('Normalize(mean: number | number[], std: number | number[], inplace: boolean = false)', '(x - mean) / std per channel.'),
  call: (b: B) => [b['mean'] as number[], b['std'] as number[], { inplace: b['inplace'] as boolean }],
});
/** Resizes to a size, or the shorter side to a length (torchvision's `transforms.Resize`). */
export const Resize = described('Resize', f.Resize, {
  sig: sig("Resize(size: number | number[], interpolation: Interpolation = 'bilinear', maxSize: number | null = null, antialias: boolean | null = null)", 'Resizes to size (the shorter side, for one number).'),
  call: (b: B) => {
    onlyDefault('Resize', 'maxSize', b['maxSize'], [null]);
    return [b['size'] as Size, opts({ interpolation: b['interpolation'], antialias: b['antialias'] }) as ResizeOptions];
  },
});
/** The central crop of a size (torchvision's `transforms.CenterCrop`). */
export const CenterCrop = described('CenterCrop', f.CenterCrop, { sig: sig('CenterCrop(size: number | number[])', 'The central size crop.'), call: (b: B) => [b['size'] as Size] });
/** Pads the borders (torchvision's `transforms.Pad`). */
export const Pad = described('Pad', f.Pad, {
  sig: sig("Pad(padding: number | number[], fill: number = 0, paddingMode: PaddingMode = 'constant')", 'Pads the borders.'),
  call: (b: B) => [b['padding'] as Size, { fill: b['fill'] as number, paddingMode: b['paddingMode'] as PaddingMode }],
});
/** A crop of a size at a random place (torchvision's `transforms.RandomCrop`). */
export const RandomCrop = described('RandomCrop', f.RandomCrop, {
  sig: sig("RandomCrop(size: number | number[], padding: number | number[] | null = null, padIfNeeded: boolean = false, fill: number = 0, paddingMode: PaddingMode = 'constant', *, generator?: Generator)", 'A size crop at a random place.'),
  call: (b: B) => [b['size'] as Size, opts({ padding: b['padding'], padIfNeeded: b['padIfNeeded'], fill: b['fill'], paddingMode: b['paddingMode'], generator: b['generator'] }) as RandomCropOptions],
});
const flip = (name: string) =>
  sig(`${name}(p: number = 0.5, *, generator?: Generator)`, `Flips with probability p.`);
/** Flips left-right with probability p (torchvision's `transforms.RandomHorizontalFlip`). */
export const RandomHorizontalFlip = described('RandomHorizontalFlip', f.RandomHorizontalFlip, {
  sig: flip('RandomHorizontalFlip'),
  call: (b: B) => [b['p'] as number, opts({ generator: b['generator'] })],
});
/** Flips top-bottom with probability p (torchvision's `transforms.RandomVerticalFlip`). */
export const RandomVerticalFlip = described('RandomVerticalFlip', f.RandomVerticalFlip, {
  sig: flip('RandomVerticalFlip'),
  call: (b: B) => [b['p'] as number, opts({ generator: b['generator'] })],
});
/** Converts to gray, with 1 or 3 output channels (torchvision's `transforms.Grayscale`). */
export const Grayscale = described('Grayscale', f.Grayscale, {
  sig: sig('Grayscale(numOutputChannels: 1 | 3 = 1)', 'Luminance, as 1 or 3 channels.'),
  call: (b: B) => [b['numOutputChannels'] as 1 | 3],
});
/** A random crop of random area and aspect ratio, resized to a size (torchvision's `transforms.RandomResizedCrop`). */
export const RandomResizedCrop = described('RandomResizedCrop', f.RandomResizedCrop, {
  sig: sig("RandomResizedCrop(size: number | number[], scale: [number, number] = [0.08, 1.0], ratio: [number, number] = [0.75, 1.3333333333333333], interpolation: Interpolation = 'bilinear', antialias: boolean | null = null, *, generator?: Generator)", 'A random crop of random size and aspect ratio, resized to size.'),
  call: (b: B) => {
    onlyDefault('RandomResizedCrop', 'antialias', b['antialias'], [null, false]);
    return [b['size'] as Size, opts({ scale: b['scale'], ratio: b['ratio'], interpolation: b['interpolation'], generator: b['generator'] }) as RandomResizedCropOptions];
  },
});
/** Rotates by a random angle in a range (torchvision's `transforms.RandomRotation`). */
export const RandomRotation = described('RandomRotation', f.RandomRotation, {
  sig: sig("RandomRotation(degrees: number | [number, number], interpolation: 'nearest' | 'bilinear' = 'nearest', expand: boolean = false, center: number[] | null = null, fill: number | number[] = 0, *, generator?: Generator)", 'Rotates by a random angle within degrees.'),
  call: (b: B) => {
    onlyDefault('RandomRotation', 'expand', b['expand'], [false]);
    onlyDefault('RandomRotation', 'center', b['center'], [null]);
    return [b['degrees'] as number | [number, number], opts({ interpolation: b['interpolation'], fill: b['fill'], generator: b['generator'] }) as RotationOptions];
  },
});
/** Randomly changes brightness, contrast, saturation and hue (torchvision's `transforms.ColorJitter`). */
export const ColorJitter = described('ColorJitter', f.ColorJitter, {
  sig: sig('ColorJitter(brightness: number | [number, number] = 0, contrast: number | [number, number] = 0, saturation: number | [number, number] = 0, hue: number | [number, number] = 0, *, generator?: Generator)', 'Random brightness, contrast, saturation and hue.'),
  call: (b: B) => [b['brightness'], b['contrast'], b['saturation'], b['hue'], opts({ generator: b['generator'] })],
});

export type { Interpolation, ResizeOptions } from './resize';
export type { PaddingMode, PadOptions, RandomCropOptions } from './crop';
export type { Transform, Input } from './kind';
export type { RandomResizedCropOptions } from './resized_crop';
export type { RotationOptions } from './rotation';
export type { ColorJitterOptions } from './color';
export { specOf, fromSpec, type TransformSpec } from './spec';
