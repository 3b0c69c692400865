// torchvision.transforms: each factory returns a function t(x) for an Image or a CHW tensor, which also
// carries a spec (factory name + arguments) so DataLoader workers can rebuild it.
import * as f from './factories';
import { described } from './spec';

/** Chains transforms (torchvision's `transforms.Compose`): `Compose([Resize([28, 28]), ToTensor(), Normalize([0.5], [0.5])])`. */
export const Compose = described('Compose', f.Compose) as typeof f.Compose; // keeps Compose's typed result
export const Lambda = described('Lambda', f.Lambda);
export const ToTensor = described('ToTensor', f.ToTensor);
export const ToPILImage = described('ToPILImage', f.ToPILImage);
export const Normalize = described('Normalize', f.Normalize);
export const Resize = described('Resize', f.Resize);
export const CenterCrop = described('CenterCrop', f.CenterCrop);
export const Pad = described('Pad', f.Pad);
export const RandomCrop = described('RandomCrop', f.RandomCrop);
export const RandomHorizontalFlip = described('RandomHorizontalFlip', f.RandomHorizontalFlip);
export const RandomVerticalFlip = described('RandomVerticalFlip', f.RandomVerticalFlip);
export const Grayscale = described('Grayscale', f.Grayscale);
export const RandomResizedCrop = described('RandomResizedCrop', f.RandomResizedCrop);
export const RandomRotation = described('RandomRotation', f.RandomRotation);
export const ColorJitter = described('ColorJitter', f.ColorJitter);

export type { Interpolation, ResizeOptions } from './resize';
export type { PaddingMode, PadOptions, RandomCropOptions } from './crop';
export type { Transform, Input } from './kind';
export type { RandomResizedCropOptions } from './resized_crop';
export type { RotationOptions } from './rotation';
export type { ColorJitterOptions } from './color';
export { specOf, fromSpec, type TransformSpec } from './spec';
