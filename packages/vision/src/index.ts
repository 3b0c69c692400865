/** The API of `@x/vision`. @module @x/vision */
// @x/vision: torchvision for @x tensors: images, transforms and datasets.
import { checkRelease } from '@x/tensor';
import { version } from '../package.json';

checkRelease('@x/vision', version); // refuses an @x/tensor of another release

export * as datasets from './datasets/index';
export { Image, type ImageMode, type OpenOptions } from './image/image';
export * as transforms from './transforms/index';
export * as io from './io/index';
