// @x/vision: torchvision for @x tensors: images, transforms and datasets.
export * as datasets from './datasets/index';
export { Image, type ImageMode, type OpenOptions } from './image/image';
export * as transforms from './transforms/index';
