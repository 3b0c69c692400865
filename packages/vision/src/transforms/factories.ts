// The transform factories (index.ts wraps each so workers can rebuild it).
export { Compose, Lambda } from './compose';
export { ToTensor, ToPILImage } from './convert';
export { Normalize } from './normalize';
export { Resize, type Interpolation, type ResizeOptions } from './resize';
export { CenterCrop, Pad, RandomCrop, type PaddingMode, type PadOptions, type RandomCropOptions } from './crop';
export { RandomHorizontalFlip, RandomVerticalFlip, Grayscale } from './flip';
export type { Transform, Input } from './kind';
export { RandomResizedCrop, type RandomResizedCropOptions } from './resized_crop';
export { RandomRotation, type RotationOptions } from './rotation';
export { ColorJitter, type ColorJitterOptions } from './color';
