// FashionMNIST's offline copies (Debian's dataset-fashion-mnist recompresses the gzip files, so their
// checksums are not the download's): a file is used when its md5 is known or, else, when it is a
// well-formed IDX of the right kind; when nothing usable is found, the error names every path looked
// at and why each was rejected, and a failed download is reported as such (not as "still running").
import '@x/backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { datasets } from '../src/index';
import { md5 } from '../src/datasets/download';
import { encodeIdx } from '../src/datasets/idx';
import { DEBIAN_FASHION_MNIST_MD5, FASHION_MNIST_FOLDER } from '../src/datasets/offline';
import { TRAIN_LABELS, TRAIN_N, mnistFiles, tempDir } from './idx-fixtures';

const defaultFolders = [...datasets.FashionMNIST.offlineFolders];
afterEach(() => {
  datasets.FashionMNIST.offlineFolders = [...defaultFolders];
});

/** An offline folder with the fixtures recompressed (so no md5 is known), plus `extra` files. */
function offlineFolder(extra: Record<string, Uint8Array> = {}, skip: readonly string[] = []): string {
  const folder = join(tempDir(), 'fashion-mnist');
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(mnistFiles())) {
    if (!skip.includes(name)) writeFileSync(join(folder, `${name}.gz`), gzipSync(bytes, { level: 1 }));
  }
  for (const [name, bytes] of Object.entries(extra)) writeFileSync(join(folder, name), bytes);
  return folder;
}

describe('FashionMNIST offline', () => {
  it('uses well-formed IDX files whose checksums are not the download\'s, with no network', () => {
    datasets.FashionMNIST.offlineFolders = [offlineFolder()];
    const root = tempDir();
    const ds = new datasets.FashionMNIST(root, { download: true, mirrors: ['http://127.0.0.1:1/'] });
    expect(ds.length).toBe(TRAIN_N);
    expect(ds.targets.tolistSync()).toEqual(TRAIN_LABELS);
    expect(existsSync(join(root, 'FashionMNIST', 'raw', 'train-images-idx3-ubyte.gz'))).toBe(true);
  });

  it('without download, says the offline copy is usable', () => {
    const folder = offlineFolder();
    datasets.FashionMNIST.offlineFolders = [folder];
    expect(() => new datasets.FashionMNIST({ root: tempDir() })).toThrow(`with download: true the files are copied from ${folder}, no network needed`);
  });

  it('names every path it looked at and why each was rejected', async () => {
    const bad = join(tempDir(), 'empty-dir');
    mkdirSync(bad);
    const folder = offlineFolder(
      {
        // images of the wrong size, and a labels file that is not IDX at all
        'train-images-idx3-ubyte': encodeIdx([2, 14, 14], new Uint8Array(2 * 14 * 14)),
        't10k-labels-idx1-ubyte.gz': gzipSync(Buffer.from('not an idx file at all')),
      },
      ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
    );
    datasets.FashionMNIST.offlineFolders = [bad, folder, join(tempDir(), 'does-not-exist')];
    const root = tempDir();
    let message = '';
    try {
      new datasets.FashionMNIST({ root });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('FashionMNIST: Dataset not found.');
    expect(message).toContain(`looked in ${bad}, ${folder} for train-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz)`);
    expect(message).toContain(`rejected ${join(folder, 'train-images-idx3-ubyte')}: holds images of 14x14, not 28x28`);
    expect(message).toContain(`rejected ${join(folder, 't10k-labels-idx1-ubyte.gz')}: not a known checksum, and IDX: wrong magic number`);

    // with download: the failed download carries the same report, and using the dataset says it failed
    const ds = new datasets.FashionMNIST({ root, download: true, mirrors: ['http://127.0.0.1:1/'] });
    await expect(ds.ready()).rejects.toThrow(/FashionMNIST: error downloading train-images-idx3-ubyte.gz from every mirror:[\s\S]*offline: looked in .*\n {2}rejected .*holds images of 14x14, not 28x28/);
    expect(() => ds.length).toThrow(/FashionMNIST: error downloading/);
    expect(() => ds.length).not.toThrow(/still downloading/);
  });

  it("knows the checksums of Debian's files (checked here when the package is installed)", () => {
    expect(Object.keys(DEBIAN_FASHION_MNIST_MD5).sort()).toEqual(Object.keys(mnistFiles()).map((n) => `${n}.gz`).sort());
    for (const [file, sum] of Object.entries(DEBIAN_FASHION_MNIST_MD5)) {
      const path = join(FASHION_MNIST_FOLDER, file);
      if (existsSync(path)) expect(md5(readFileSync(path)), path).toBe(sum);
    }
  });
});
