// torchvision.datasets.ImageFolder: root/<class>/<file>.png, one folder per class, classes sorted.
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Image } from '../image/image';

export interface ImageFolderOptions<X = Image, Y = number> {
  transform?: (image: Image) => X;
  targetTransform?: (label: number) => Y;
}

/** The file types ImageFolder reads (Image.open decodes PNG). */
export const IMG_EXTENSIONS: readonly string[] = ['.png'];

export class ImageFolder<X = Image, Y = number> {
  readonly root: string;
  /** Class names: the sub-folder names, sorted. */
  readonly classes: readonly string[];
  readonly classToIdx: Readonly<Record<string, number>>;
  /** [path, class index] of every image, class by class, files sorted (torchvision's `samples`). */
  readonly samples: ReadonlyArray<readonly [string, number]>;
  /** The class index of every sample. */
  readonly targets: readonly number[];
  readonly transform: ((image: Image) => X) | undefined;
  readonly targetTransform: ((label: number) => Y) | undefined;

  constructor(root: string, options: ImageFolderOptions<X, Y> = {}) {
    this.root = root;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const classes = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(root, e.name)).isDirectory())).map((e) => e.name).sort();
    if (classes.length === 0) throw new Error(`ImageFolder: Couldn't find any class folder in ${root} (expected root/<class>/<image>.png)`);
    this.classes = classes;
    this.classToIdx = Object.fromEntries(classes.map((c, i) => [c, i]));
    const samples: Array<readonly [string, number]> = [];
    const empty: string[] = [];
    classes.forEach((c, idx) => {
      // torchvision walks each class folder recursively, in sorted order.
      const files = walk(join(root, c)).filter((f) => IMG_EXTENSIONS.includes(extname(f).toLowerCase()));
      if (files.length === 0) empty.push(c);
      for (const f of files) samples.push([f, idx]);
    });
    if (empty.length > 0) {
      throw new Error(`ImageFolder: Found no valid file for the classes ${empty.join(', ')}. Supported extensions are: ${IMG_EXTENSIONS.join(', ')}`);
    }
    this.samples = samples;
    this.targets = samples.map(([, t]) => t);
  }

  get length(): number { return this.samples.length; }

  /** [image, label]: the transform's output (the decoded Image without one) and the class index. */
  async getItem(index: number): Promise<[X, Y]> {
    const n = this.samples.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`ImageFolder.getItem: index ${index} is out of range for a dataset of ${n} items`);
    }
    const [path, target] = this.samples[index < 0 ? index + n : index]!;
    const image = await Image.open(path);
    const x = this.transform ? this.transform(image) : (image as X);
    const y = this.targetTransform ? this.targetTransform(target) : (target as Y);
    return [x, y];
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
