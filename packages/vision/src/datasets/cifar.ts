// torchvision.datasets.CIFAR10 and CIFAR100: the pickled batches under root/<baseFolder>, checked by
// md5 as torchvision checks them; with download: true, the tar.gz is fetched (md5-checked) and the
// expected batch files are extracted from it (gunzip by fflate, the tar read by nanotar; only the
// listed regular files are written, each atomically).
import * as torch from '@x/tensor';
import { bindArgs, defineSignature } from '@x/tensor';
import { gunzipSync } from 'fflate';
import { parseTar } from 'nanotar';
import { Image } from '../image/image';
import { readRegularFileSync } from '../io/files';
import { downloadResources, md5, writeAtomic } from './download';
import { isNdArray, loadPickle, type NdArray } from './pickle';
import { requireNode } from '../io/node-builtin';

const BROWSER = 'the datasets read files; in a browser, fetch the batches and build a TensorDataset';
const existsSync = (p: string): boolean => requireNode<typeof import('node:fs')>('node:fs', 'datasets.CIFAR10', BROWSER).existsSync(p);
const mkdirSync = (p: string, o: { recursive: true }): void => {
  requireNode<typeof import('node:fs')>('node:fs', 'datasets.CIFAR10', BROWSER).mkdirSync(p, o);
};
const join = (...parts: string[]): string => requireNode<typeof import('node:path')>('node:path', 'datasets.CIFAR10', BROWSER).join(...parts);
import { datasetWorkerInit } from './worker-init';

/** A file of the dataset: its name under baseFolder and its md5. */
export type CifarFile = readonly [file: string, md5: string];

/** torchvision's class attributes, given as options (tests and mirrors use them). */
export interface CifarSpec {
  baseFolder: string;
  url: string;
  filename: string;
  tgzMd5: string;
  trainList: readonly CifarFile[];
  testList: readonly CifarFile[];
  meta: { filename: string; key: string; md5: string };
}

/** CIFAR10's and CIFAR100's arguments (torchvision's names in camelCase). */
export interface CIFAR10Options<X = Image, Y = number> extends Partial<CifarSpec> {
  root: string;
  train?: boolean;
  transform?: ((image: Image) => X) | null;
  targetTransform?: ((label: number) => Y) | null;
  download?: boolean;
}

export const CIFAR10_SPEC: CifarSpec = {
  baseFolder: 'cifar-10-batches-py',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
  filename: 'cifar-10-python.tar.gz',
  tgzMd5: 'c58f30108f718f92721af3b95e74349a',
  trainList: [
    ['data_batch_1', 'c99cafc152244af753f735de768cd75f'],
    ['data_batch_2', 'd4bba439e000b95fd0a9bffe97cbabec'],
    ['data_batch_3', '54ebc095f3ab1f0389bbae665268c751'],
    ['data_batch_4', '634d18415352ddfa80567beed471001a'],
    ['data_batch_5', '482c414d41f54cd18b22e5b47cb7c3cb'],
  ],
  testList: [['test_batch', '40351d587109b95175f43aff81a1287e']],
  meta: { filename: 'batches.meta', key: 'label_names', md5: '5ff9c542aee3614f3951f8cda6e48888' },
};

export const CIFAR100_SPEC: CifarSpec = {
  baseFolder: 'cifar-100-python',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz',
  filename: 'cifar-100-python.tar.gz',
  tgzMd5: 'eb9058c3a382ffc7106e4002c42a8d85',
  trainList: [['train', '16019d7e3df5f24257cddd939b257f8d']],
  testList: [['test', 'f0ef6b0ae62326f3e7ffdfab6717acfc']],
  meta: { filename: 'meta', key: 'fine_label_names', md5: '7973b15100ade9c7d40fb424638fde48' },
};

const signature = (name: string) =>
  defineSignature(
    `datasets.${name}(root: string, train: boolean = true, transform: Function | null = null, targetTransform: Function | null = null, download: boolean = false, *, baseFolder?: string, url?: string, filename?: string, tgzMd5?: string, trainList?: [string, string][], testList?: [string, string][], meta?: { filename: string; key: string; md5: string })`,
    { doc: `torchvision's ${name}: the pickled batches under root/<baseFolder>, md5-checked; download fetches and extracts the tar.gz.` },
  );
const SIGNATURES = new Map<string, ReturnType<typeof defineSignature>>();
const signatureOf = (name: string) => SIGNATURES.get(name) ?? (SIGNATURES.set(name, signature(name)).get(name)!);

interface Loaded {
  /** HWC pixels, [N, 32, 32, 3]. */
  hwc: Uint8Array;
  targets: number[];
  classes: string[];
}

/** torchvision.datasets.CIFAR10: 60,000 32x32 RGB images in 10 classes, from the python batches (md5-checked; downloaded with download: true). */
export class CIFAR10<X = Image, Y = number> {
  /** The folder holding cifar-10-batches-py (or the base folder given). */
  readonly root: string;
  /** The training batches (true) or the test batch. */
  readonly train: boolean;
  /** Applied to each Image. */
  readonly transform: ((image: Image) => X) | undefined;
  /** Applied to each label. */
  readonly targetTransform: ((label: number) => Y) | undefined;
  /** Where the files are and their checksums (CIFAR10's or CIFAR100's, as torchvision's class attributes). */
  readonly spec: CifarSpec;
  #loaded: Loaded | null = null;
  #pending: Promise<void> | null = null;
  #failure: Error | null = null;

  protected get defaults(): CifarSpec { return CIFAR10_SPEC; }

  /** How @x/data's DataLoader workers rebuild this dataset (numWorkers > 0); transforms of this package can be sent. */
  get workerInit(): { module: string; export: string; args: unknown[] } {
    return datasetWorkerInit(this.constructor.name, { root: this.root, train: this.train, ...this.spec }, this.transform, this.targetTransform);
  }

  /**
   * Loads the split when its files are present and verified. With download: true and files missing,
   * the download starts here: `await dataset.ready()` (or build it with `await CIFAR10.create(...)`).
   */
  constructor(root: string, options?: Omit<CIFAR10Options<X, Y>, 'root'>);
  constructor(root: string, train?: boolean, transform?: ((image: Image) => X) | null, targetTransform?: ((label: number) => Y) | null, download?: boolean, options?: Partial<CifarSpec>);
  constructor(options: CIFAR10Options<X, Y>);
  constructor(...args: unknown[]) {
    const o = bindArgs<CIFAR10Options<X, Y> & { train: boolean; download: boolean }>(signatureOf(new.target.name), args);
    this.root = o.root;
    this.train = o.train;
    this.transform = o.transform ?? undefined;
    this.targetTransform = o.targetTransform ?? undefined;
    const d = this.defaults;
    this.spec = {
      baseFolder: o.baseFolder ?? d.baseFolder, url: o.url ?? d.url, filename: o.filename ?? d.filename, tgzMd5: o.tgzMd5 ?? d.tgzMd5,
      trainList: o.trainList ?? d.trainList, testList: o.testList ?? d.testList, meta: o.meta ?? d.meta,
    };
    const name = this.constructor.name;
    const bad = this.#integrityProblems();
    if (bad.length === 0) {
      this.#loaded = this.#load();
    } else if (o.download) {
      this.#pending = this.#download().then(
        () => {
          this.#loaded = this.#load();
        },
        (e: Error) => {
          this.#failure = e;
          throw e;
        },
      );
      this.#pending.catch(() => undefined);
    } else {
      throw new Error(`${name}: Dataset not found or corrupted. You can use download=True to download it (pass { download: true }; in ${this.folder}: ${bad.join('; ')})`);
    }
  }

  /** Builds the dataset and waits for any download: `const ds = await CIFAR10.create('./data', { download: true })`. */
  static async create<X = Image, Y = number>(root: string, options?: Omit<CIFAR10Options<X, Y>, 'root'>): Promise<CIFAR10<X, Y>>;
  static async create<X = Image, Y = number>(options: CIFAR10Options<X, Y>): Promise<CIFAR10<X, Y>>;
  static async create(...args: unknown[]): Promise<CIFAR10<unknown, unknown>> {
    return new (this as unknown as new (...a: unknown[]) => CIFAR10<unknown, unknown>)(...args).ready();
  }

  /** Resolves once the files are loaded (at once unless a download is running); rejects if it failed. */
  async ready(): Promise<this> {
    if (this.#pending !== null) await this.#pending;
    return this;
  }

  /** root/baseFolder, where the batches are. */
  get folder(): string {
    return join(this.root, this.spec.baseFolder);
  }

  /** The images, a uint8 tensor [N, 32, 32, 3] (torchvision's `data`, HWC). */
  get data(): torch.Tensor {
    const l = this.#get();
    return torch.fromArray(l.hwc, [l.targets.length, 32, 32, 3], { dtype: 'uint8' });
  }
  /** The labels (torchvision's `targets`, a list). */
  get targets(): number[] { return [...this.#get().targets]; }
  /** The class names, in label order. */
  get classes(): string[] { return [...this.#get().classes]; }
  /** Class name to label. */
  get classToIdx(): Record<string, number> { return Object.fromEntries(this.#get().classes.map((c, i) => [c, i])); }
  /** The number of images. */
  get length(): number { return this.#get().targets.length; }

  /** [image, label]: the transform's output (a 32x32 RGB Image without one) and the class index. */
  getItem(index: number): [X, Y] {
    const { hwc, targets } = this.#get();
    const n = targets.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`${this.constructor.name}.getItem: index ${index} is out of range for a dataset of ${n} items`);
    const i = index < 0 ? index + n : index;
    const image = Image.fromData(hwc.subarray(i * 3072, (i + 1) * 3072), 32, 32, 'RGB');
    const x = this.transform ? this.transform(image) : (image as X);
    const y = this.targetTransform ? this.targetTransform(targets[i]!) : (targets[i]! as Y);
    return [x, y];
  }

  /** torchvision's repr: the class, number of datapoints, root and split. */
  toString(): string {
    return `Dataset ${this.constructor.name}\n    Number of datapoints: ${this.length}\n    Root location: ${this.root}\n    Split: ${this.train ? 'Train' : 'Test'}`;
  }

  #get(): Loaded {
    if (this.#failure !== null) throw this.#failure;
    if (this.#loaded === null) throw new Error(`${this.constructor.name}: the dataset is still downloading; await dataset.ready() (or build it with await ${this.constructor.name}.create(...)) before using it`);
    return this.#loaded;
  }

  /** torchvision's _check_integrity: every train and test file present with its md5; what is wrong otherwise. */
  #integrityProblems(): string[] {
    const problems: string[] = [];
    for (const [file, sum] of [...this.spec.trainList, ...this.spec.testList]) {
      const path = join(this.folder, file);
      if (!existsSync(path)) problems.push(`${file} is missing`);
      else if (md5(readRegularFileSync(path, `${this.constructor.name}`)) !== sum) problems.push(`${file} has another md5 than ${sum}`);
    }
    return problems;
  }

  /** torchvision's download_and_extract_archive: the tar.gz (md5-checked) into root, then its listed files. */
  async #download(): Promise<void> {
    const name = this.constructor.name;
    const { url, filename, tgzMd5 } = this.spec;
    const archive = join(this.root, filename);
    if (!existsSync(archive) || md5(readRegularFileSync(archive, name)) !== tgzMd5) {
      await downloadResources(name, this.root, [[filename, tgzMd5]], [url.slice(0, url.length - url.split('/').pop()!.length)]);
    }
    const wanted = new Set([...this.spec.trainList, ...this.spec.testList].map(([f]) => f).concat(this.spec.meta.filename).map((f) => `${this.spec.baseFolder}/${f}`));
    let tar: Uint8Array;
    try {
      tar = gunzipSync(readRegularFileSync(archive, name));
    } catch (e) {
      throw new Error(`${name}: cannot gunzip ${archive}: ${(e as Error).message}; delete it and download it again`, { cause: e });
    }
    const entries = parseTar(tar, { filter: (f) => f.type === 'file' && wanted.has(f.name.replace(/^\.\//, '')) });
    mkdirSync(this.folder, { recursive: true });
    for (const e of entries) writeAtomic(join(this.root, e.name.replace(/^\.\//, '')), e.data ?? new Uint8Array(0));
    const bad = this.#integrityProblems();
    if (bad.length > 0) throw new Error(`${name}: ${archive} does not hold the expected files (${bad.join('; ')})`);
  }

  #load(): Loaded {
    const name = this.constructor.name;
    const list = this.train ? this.spec.trainList : this.spec.testList;
    const chunks: Uint8Array[] = [];
    const targets: number[] = [];
    for (const [file] of list) {
      const path = join(this.folder, file);
      const entry = loadPickle(readRegularFileSync(path, name), `'${path}'`) as Record<string, unknown>;
      const data = entry['data'];
      const labels = (entry['labels'] ?? entry['fine_labels']) as unknown;
      if (!isNdArray(data) || data.dtype !== 'u1' || data.shape.length !== 2 || data.shape[1] !== 3072) {
        throw new Error(`${name}: ${path} has no 'data' array of uint8 [N, 3072]`);
      }
      if (!Array.isArray(labels) || labels.length !== data.shape[0] || labels.some((l) => !Number.isInteger(l))) {
        throw new Error(`${name}: ${path} has no list of ${data.shape[0]} integer labels`);
      }
      chunks.push((data as NdArray).data);
      targets.push(...(labels as number[]));
    }
    // CHW rows → HWC, as torchvision's reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    const chw = new Uint8Array(targets.length * 3072);
    let offset = 0;
    for (const c of chunks) {
      chw.set(c, offset);
      offset += c.length;
    }
    const hwc = new Uint8Array(chw.length);
    for (let n = 0; n < targets.length; n++) {
      const base = n * 3072;
      for (let p = 0; p < 1024; p++) {
        hwc[base + p * 3] = chw[base + p]!;
        hwc[base + p * 3 + 1] = chw[base + 1024 + p]!;
        hwc[base + p * 3 + 2] = chw[base + 2048 + p]!;
      }
    }
    const metaPath = join(this.folder, this.spec.meta.filename);
    if (!existsSync(metaPath) || md5(readRegularFileSync(metaPath, name)) !== this.spec.meta.md5) {
      throw new Error(`${name}: Dataset metadata file not found or corrupted (${metaPath}, md5 ${this.spec.meta.md5}). You can use download=True to download it`);
    }
    const meta = loadPickle(readRegularFileSync(metaPath, name), `'${metaPath}'`) as Record<string, unknown>;
    const classes = meta[this.spec.meta.key];
    if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')) throw new Error(`${name}: ${metaPath} has no list of class names under '${this.spec.meta.key}'`);
    return { hwc, targets, classes: classes as string[] };
  }
}

/** CIFAR-100: the same layout with 100 classes (fine labels), root/cifar-100-python. */
export class CIFAR100<X = Image, Y = number> extends CIFAR10<X, Y> {
  protected override get defaults(): CifarSpec { return CIFAR100_SPEC; }
}
