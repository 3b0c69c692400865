// torchvision.datasets.
export { MNIST, FashionMNIST, KMNIST, type MNISTOptions, type MnistImage } from './mnist';
export { parseIdx, readIdxFile, encodeIdx, type IdxArray } from './idx';
export type { Resource } from './resources';
export { ImageFolder, IMG_EXTENSIONS, type ImageFolderOptions } from './image-folder';
export { CIFAR10, CIFAR100, type CIFAR10Options, type CifarSpec, type CifarFile } from './cifar';
