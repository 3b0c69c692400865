// torchvision.datasets.
export { MNIST, FashionMNIST, KMNIST, type MNISTOptions, type MnistImage } from './mnist';
export { parseIdx, readIdxFile, encodeIdx, type IdxArray } from './idx';
export type { Resource } from './resources';
export { ImageFolder, IMG_EXTENSIONS, type ImageFolderOptions } from './image-folder';
