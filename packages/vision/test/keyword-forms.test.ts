// Python's calling convention on every public transform, dataset and io function of @x/vision: the
// keyword form equals the positional one, and an unknown option throws a TypeError naming the call.
// A new export without an entry here fails the walk.
import '@x/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '@x/tensor';
import { datasets, Image, io, transforms } from '../src/index';
import { tempDir, writeMnist } from './idx-fixtures';

type Fn = (...args: unknown[]) => unknown;
type Ctor = new (...args: unknown[]) => unknown;

interface Entry {
  keywords: () => Record<string, unknown>;
  positional: () => unknown[];
}

const chw = () => torch.arange(3 * 6 * 8).reshape(3, 6, 8).float().div(144);
const gen = (s: number) => new torch.Generator().manualSeed(s);

const TRANSFORMS: Record<string, Entry> = {
  Compose: { keywords: () => ({ transforms: [transforms.CenterCrop(4)] }), positional: () => [[transforms.CenterCrop(4)]] },
  Lambda: { keywords: () => ({ lambd: (x: torch.Tensor) => x.mul(2) }), positional: () => [(x: torch.Tensor) => x.mul(2)] },
  ToTensor: { keywords: () => ({}), positional: () => [] },
  ToPILImage: { keywords: () => ({ mode: null }), positional: () => [null] },
  Normalize: { keywords: () => ({ mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] }), positional: () => [[0.5, 0.4, 0.3], [0.2, 0.2, 0.2]] },
  Resize: { keywords: () => ({ size: [3, 4], interpolation: 'nearest' }), positional: () => [[3, 4], 'nearest'] },
  CenterCrop: { keywords: () => ({ size: 4 }), positional: () => [4] },
  Pad: { keywords: () => ({ padding: 1, fill: 0.5 }), positional: () => [1, 0.5] },
  RandomCrop: { keywords: () => ({ size: 4, padding: 1, generator: gen(1) }), positional: () => [4, 1, false, 0, 'constant', { generator: gen(1) }] },
  RandomHorizontalFlip: { keywords: () => ({ p: 1 }), positional: () => [1] },
  RandomVerticalFlip: { keywords: () => ({ p: 1 }), positional: () => [1] },
  Grayscale: { keywords: () => ({ numOutputChannels: 3 }), positional: () => [3] },
  RandomResizedCrop: { keywords: () => ({ size: 4, scale: [0.5, 1], generator: gen(2) }), positional: () => [4, [0.5, 1], [0.75, 4 / 3], 'bilinear', null, { generator: gen(2) }] },
  RandomRotation: { keywords: () => ({ degrees: 30, generator: gen(3) }), positional: () => [30, 'nearest', false, null, 0, { generator: gen(3) }] },
  ColorJitter: { keywords: () => ({ brightness: 0.5, hue: 0.1, generator: gen(4) }), positional: () => [0.5, 0, 0, 0.1, { generator: gen(4) }] },
};

const FUNCTIONS: Record<string, Entry & { input?: () => unknown }> = {
  readFile: { keywords: () => ({ path: pngFile() }), positional: () => [pngFile()] },
  decodePng: { keywords: () => ({ input: pngBytes(), mode: 'GRAY' }), positional: () => [pngBytes(), 'GRAY'] },
  decodeImage: { keywords: () => ({ input: pngBytes(), mode: 'RGB' }), positional: () => [pngBytes(), 'RGB'] },
  readImage: { keywords: () => ({ path: pngFile(), mode: 'RGB_ALPHA' }), positional: () => [pngFile(), 'RGB_ALPHA'] },
  readImageSync: { keywords: () => ({ path: pngFile() }), positional: () => [pngFile()] },
  encodePng: { keywords: () => ({ input: image(), compressionLevel: 9 }), positional: () => [image(), 9] },
  writePng: { keywords: () => ({ input: image(), filename: join(tempDir(), 'a.png'), compressionLevel: 1 }), positional: () => [image(), join(tempDir(), 'b.png'), 1] },
  writeFile: { keywords: () => ({ filename: join(tempDir(), 'a.bin'), data: pngBytes() }), positional: () => [join(tempDir(), 'b.bin'), pngBytes()] },
};

const image = () => torch.arange(2 * 3 * 4).reshape(2, 3, 4).to('uint8');
const pngBytes = () => io.encodePng(torch.arange(3 * 3 * 4).reshape(3, 3, 4).to('uint8'));
function pngFile(): string {
  const file = join(tempDir(), 'x.png');
  writeFileSync(file, pngBytes().dataSync() as Uint8Array);
  return file;
}

function imageFolder(): string {
  const root = tempDir();
  for (const c of ['cat', 'dog']) {
    mkdirSync(join(root, c));
    writeFileSync(join(root, c, 'a.png'), pngBytes().dataSync() as Uint8Array);
  }
  return root;
}

const DATASETS: Record<string, Entry> = {
  MNIST: { keywords: () => ({ root: mnistRoot('MNIST'), train: false }), positional: () => [mnistRoot('MNIST'), false] },
  FashionMNIST: { keywords: () => ({ root: mnistRoot('FashionMNIST'), train: true }), positional: () => [mnistRoot('FashionMNIST'), true] },
  KMNIST: { keywords: () => ({ root: mnistRoot('KMNIST'), targetTransform: (y: number) => y + 1 }), positional: () => [mnistRoot('KMNIST'), true, null, (y: number) => y + 1] },
  ImageFolder: { keywords: () => ({ root: imageFolder(), isValidFile: (p: string) => p.endsWith('.png') }), positional: () => [imageFolder(), null, null, null, (p: string) => p.endsWith('.png')] },
  CIFAR10: { keywords: () => ({ root: cifarRoot, train: false, ...cifarFiles() }), positional: () => [cifarRoot, false, null, null, false, cifarFiles()] },
  CIFAR100: { keywords: () => ({ root: cifarRoot, ...cifarFiles(), baseFolder: 'cifar-10-batches-py' }), positional: () => [cifarRoot, true, { ...cifarFiles(), baseFolder: 'cifar-10-batches-py' }] },
};

/** The tiny CIFAR archive of test/cifar.test.ts, extracted once (the archive in root needs no download). */
const cifarSpec = JSON.parse(readFileSync(new URL('./fixtures/cifar10-tiny.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const cifarFiles = () => ({ trainList: cifarSpec['trainList'], testList: cifarSpec['testList'], meta: cifarSpec['meta'], tgzMd5: cifarSpec['tgzMd5'] }) as unknown as Partial<datasets.CifarSpec>;
const cifarRoot = tempDir();
beforeAll(async () => {
  copyFileSync(new URL('./fixtures/cifar10-tiny.tar.gz', import.meta.url), join(cifarRoot, 'cifar-10-python.tar.gz'));
  await datasets.CIFAR10.create(cifarRoot, { download: true, ...cifarFiles() });
});
const roots = new Map<string, string>();
function mnistRoot(folder: string): string {
  if (!roots.has(folder)) roots.set(folder, writeMnist(folder, false));
  return roots.get(folder)!;
}

/** Comparable: tensors as values, images as their pixels, datasets as their first item. */
async function plain(v: unknown): Promise<unknown> {
  const r = await v;
  if (torch.isTensor(r)) return { dtype: r.dtype, shape: r.shape, values: Array.from(r.dataSync(), Number) };
  if (r instanceof Image) return { mode: r.mode, data: Array.from(r.data) };
  if (Array.isArray(r)) return Promise.all(r.map(plain));
  if (r !== null && typeof r === 'object' && 'getItem' in r) return plain((r as { getItem(i: number): unknown }).getItem(0));
  return r;
}

describe('every public @x/vision transform, dataset and io function takes its keyword form', () => {
  it('the walk covers every export', () => {
    const transformNames = Object.entries(transforms).filter(([k, v]) => typeof v === 'function' && !['specOf', 'fromSpec'].includes(k)).map(([k]) => k);
    expect(transformNames.sort()).toEqual(Object.keys(TRANSFORMS).sort());
    const ioNames = Object.entries(io).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(ioNames.sort()).toEqual(Object.keys(FUNCTIONS).sort());
    const datasetClasses = Object.entries(datasets).filter(([k, v]) => typeof v === 'function' && /^[A-Z]/.test(k)).map(([k]) => k);
    expect(datasetClasses.sort()).toEqual(Object.keys(DATASETS).sort());
  });

  for (const [name, e] of Object.entries(TRANSFORMS)) {
    it(`transforms.${name}`, async () => {
      const f = (transforms as unknown as Record<string, Fn>)[name]!;
      const input = name === 'ToPILImage' ? chw() : name === 'ToTensor' ? Image.fromData(new Uint8Array(12), 2, 2, 'RGB') : chw();
      const byName = f(e.keywords()) as Fn;
      const byPosition = f(...e.positional()) as Fn;
      expect(await plain(byName(input))).toEqual(await plain(byPosition(input)));
      expect(() => f({ ...e.keywords(), notAnOption: 1 })).toThrow(new RegExp(`^transforms\\.${name}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  for (const [name, e] of Object.entries(FUNCTIONS)) {
    it(`io.${name}`, async () => {
      const f = (io as unknown as Record<string, Fn>)[name]!;
      expect(await plain(f(e.keywords()))).toEqual(await plain(f(...e.positional())));
      await expect(async () => f({ ...e.keywords(), notAnOption: 1 })).rejects.toThrow(new RegExp(`^io\\.${name}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  for (const [name, e] of Object.entries(DATASETS)) {
    it(`datasets.${name}`, async () => {
      const C = (datasets as unknown as Record<string, Ctor>)[name]!;
      expect(await plain(new C(e.keywords()))).toEqual(await plain(new C(...e.positional())));
      expect(() => new C({ ...e.keywords(), notAnOption: 1 })).toThrow(new RegExp(`^datasets\\.${name}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  it("the issue's new datasets.MNIST('./data', { train: true }) and Image.open(path, options) forms", async () => {
    const root = mnistRoot('MNIST');
    expect(new datasets.MNIST(root, { train: true }).length).toBe(5);
    const img = await Image.open(pngFile(), { maxPixels: 100 });
    expect([img.width, img.height]).toEqual([4, 3]);
    await expect(Image.open(pngFile(), { maxPixel: 100 } as never)).rejects.toThrow("Image.open(): unexpected option 'maxPixel'");
  });
});
