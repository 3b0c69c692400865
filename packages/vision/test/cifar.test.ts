// datasets.CIFAR10 against torchvision 0.14 on a tiny archive (scripts/cifar_fixtures.py: batches
// pickled by Python 3 with protocols 2 and 4 and in the Python 2 form of the real files): download
// from a local server with the md5 checked, extraction, integrity checks, data and labels as
// torchvision reads them; and the pickle reader's refusals.
import '@x/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, Image, transforms } from '../src/index';
import { loadPickle } from '../src/datasets/pickle';
import { tempDir } from './idx-fixtures';

const archive = readFileSync(new URL('./fixtures/cifar10-tiny.tar.gz', import.meta.url));
const spec = JSON.parse(readFileSync(new URL('./fixtures/cifar10-tiny.json', import.meta.url), 'utf8')) as {
  tgzMd5: string;
  trainList: [string, string][];
  testList: [string, string][];
  meta: { filename: string; key: string; md5: string };
  torchvision: string;
  splits: Record<'train' | 'test', { targets: number[]; data: number[]; classes: string[] }>;
};

let server: Server;
let base = '';
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/cifar/cifar-10-python.tar.gz') res.writeHead(200).end(archive);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const files = () => ({ trainList: spec.trainList, testList: spec.testList, meta: spec.meta, tgzMd5: spec.tgzMd5, url: `${base}/cifar/cifar-10-python.tar.gz` });

describe(`datasets.CIFAR10 against torchvision ${spec.torchvision}`, () => {
  it('downloads (md5-checked), extracts and reads both splits as torchvision does', async () => {
    const root = tempDir();
    const train = await datasets.CIFAR10.create(root, { download: true, ...files() });
    expect(existsSync(join(root, 'cifar-10-python.tar.gz'))).toBe(true);
    expect(train.length).toBe(5);
    expect(train.targets).toEqual(spec.splits.train.targets);
    expect(train.data.shape).toEqual([5, 32, 32, 3]);
    expect(Array.from(train.data.dataSync())).toEqual(spec.splits.train.data);
    expect(train.classes).toEqual(spec.splits.train.classes);
    expect(train.classToIdx['cat']).toBe(3);
    const test = new datasets.CIFAR10(root, false, null, null, false, { ...files() });
    expect(test.targets).toEqual(spec.splits.test.targets);
    expect(Array.from(test.data.dataSync())).toEqual(spec.splits.test.data);
    // the files are there and verified: no second download
    requests.length = 0;
    await datasets.CIFAR10.create({ root, download: true, ...files() });
    expect(requests).toEqual([]);
  });

  it('gives [image, label]: a 32x32 RGB Image (HWC pixels) and a number, through transforms', async () => {
    const root = tempDir();
    const ds = await datasets.CIFAR10.create(root, { download: true, transform: transforms.ToTensor(), ...files() });
    const [x, y] = ds.getItem(1) as unknown as [{ shape: number[] }, number];
    expect(x.shape).toEqual([3, 32, 32]);
    expect(y).toBe(spec.splits.train.targets[1]);
    const raw = await datasets.CIFAR10.create(root, { ...files() });
    const [img] = raw.getItem(-1);
    expect(img).toBeInstanceOf(Image);
    expect(Array.from(img.data.subarray(0, 6))).toEqual(spec.splits.train.data.slice(4 * 3072, 4 * 3072 + 6));
    expect(String(raw)).toBe(`Dataset CIFAR10\n    Number of datapoints: 5\n    Root location: ${root}\n    Split: Train`);
  });

  it("refuses missing or corrupted files with torchvision's message, saying what is wrong", () => {
    const root = tempDir();
    expect(() => new datasets.CIFAR10(root, { ...files() })).toThrow(/CIFAR10: Dataset not found or corrupted\. You can use download=True to download it .*data_batch_1 is missing/);
    mkdirSync(join(root, 'cifar-10-batches-py'));
    for (const [f] of [...spec.trainList, ...spec.testList]) writeFileSync(join(root, 'cifar-10-batches-py', f), 'x');
    expect(() => new datasets.CIFAR10(root, { ...files() })).toThrow(`data_batch_1 has another md5 than ${spec.trainList[0]![1]}`);
  });

  it('a download that fails is reported when the dataset is used', async () => {
    const ds = new datasets.CIFAR10(tempDir(), { download: true, ...files(), url: `${base}/nowhere/cifar-10-python.tar.gz` });
    await expect(ds.ready()).rejects.toThrow(/CIFAR10: error downloading cifar-10-python.tar.gz from every mirror/);
    expect(() => ds.length).toThrow(/error downloading/);
  });
});

describe('the pickle reader', () => {
  it('refuses what it cannot read safely, naming the file and the reason', () => {
    expect(() => loadPickle(Uint8Array.from([0x80, 0x02, 0x7d]), "'x'")).toThrow("'x' is not a pickle this reader can load: truncated at byte 3");
    const evil = new TextEncoder().encode('cos\nsystem\n(S"echo hi"\ntR.');
    expect(() => loadPickle(evil, "'evil'")).toThrow("refusing the global os.system");
    expect(() => loadPickle(Uint8Array.from([0x80, 0x02, 0x54, 0xff, 0xff, 0xff, 0x7f]), "'big'")).toThrow(/truncated at byte 7 \(needs 2147483647 more/);
    expect(loadPickle(Uint8Array.from([0x80, 0x02, 0x5d, 0x28, 0x4b, 0x07, 0x4a, 0xff, 0xff, 0xff, 0xff, 0x65, 0x2e]), 'list')).toEqual([7, -1]);
  });
});

describe('CIFAR10 in DataLoader worker threads', () => {
  it('is rebuilt in the workers from its workerInit, transforms included', async () => {
    const { DataLoader } = await import('@x/data');
    const root = tempDir();
    const ds = await datasets.CIFAR10.create(root, { download: true, transform: transforms.ToTensor(), ...files() });
    const loader = new DataLoader(ds, { batchSize: 5, numWorkers: 1 });
    const batches: unknown[] = [];
    for await (const [x, y] of loader as AsyncIterable<[{ shape: number[] }, { tolistSync(): unknown }]>) batches.push([x.shape, y.tolistSync()]);
    expect(batches).toEqual([[[5, 3, 32, 32], spec.splits.train.targets]]);
  });
});
