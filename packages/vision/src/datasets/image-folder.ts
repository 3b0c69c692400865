// torchvision.datasets.ImageFolder: root/<class>/<file>.png, one folder per class. Classes and samples
// are what torchvision 0.14's find_classes and make_dataset give, in the same order (checked against
// torchvision: scripts/image_folder_fixtures.py): classes are the root's entries that are folders after
// following links, sorted by code point; each class folder is walked as sorted(os.walk(dir,
// followlinks=True)) walks it: folders in the order of their paths (so a folder's own files come before
// its subfolders'), files sorted within each; names that are not UTF-8 are kept as Python shows them.
import { bindArgs, defineSignature } from '@x/tensor';
import type { Dirent } from 'node:fs';
import { Image } from '../image/image';
import { readRegularFile, showPath } from '../io/files';
import { requireNode } from '../io/node-builtin';
import { compareCodePoints, fsDecode, fsEncode, pyJoin } from './fs-names';

type Fs = typeof import('node:fs');

/** ImageFolder's options: `transform`, `targetTransform`, `loader`, `isValidFile`. */
export interface ImageFolderOptions<X = Image, Y = number> {
  transform?: ((image: Image) => X) | null;
  targetTransform?: ((label: number) => Y) | null;
  /** Reads a sample's file (default: decode it as an Image); may be async. */
  loader?: ((path: string) => unknown) | null;
  /** Which files are samples (default: those with an extension in IMG_EXTENSIONS). */
  isValidFile?: ((path: string) => boolean) | null;
}

const IMAGE_FOLDER = defineSignature(
  'datasets.ImageFolder(root: string, transform: Function | null = null, targetTransform: Function | null = null, loader: Function | null = null, isValidFile: Function | null = null)',
  { doc: "torchvision's ImageFolder: root/<class>/<image> samples, classes sorted." },
);

/** The file types ImageFolder reads (Image.open decodes PNG). */
export const IMG_EXTENSIONS: readonly string[] = ['.png'];

/** Images in one folder per class (root/cat/1.png) with their class index (torchvision's `ImageFolder`). */
export class ImageFolder<X = Image, Y = number> {
  /** The folder read. */
  readonly root: string;
  /** Class names: the sub-folder names, sorted. */
  readonly classes: readonly string[];
  /** Each class folder's index (sorted names; torchvision's `class_to_idx`). */
  readonly classToIdx: Readonly<Record<string, number>>;
  /** [path, class index] of every image, class by class, files sorted (torchvision's `samples`). */
  readonly samples: ReadonlyArray<readonly [string, number]>;
  /** The class index of every sample. */
  readonly targets: readonly number[];
  /** Applied to each image. */
  readonly transform: ((image: Image) => X) | undefined;
  /** Applied to each class index. */
  readonly targetTransform: ((label: number) => Y) | undefined;

  private readonly loader: ((path: string) => unknown) | null;

  constructor(root: string, options?: ImageFolderOptions<X, Y>);
  constructor(root: string, transform?: ((image: Image) => X) | null, targetTransform?: ((label: number) => Y) | null, loader?: ((path: string) => unknown) | null, isValidFile?: ((path: string) => boolean) | null);
  constructor(options: ImageFolderOptions<X, Y> & { root: string });
  constructor(...args: unknown[]) {
    const options = bindArgs<Required<ImageFolderOptions<X, Y>> & { root: string }>(IMAGE_FOLDER, args);
    const root = options.root;
    this.root = root;
    this.transform = options.transform ?? undefined;
    this.targetTransform = options.targetTransform ?? undefined;
    this.loader = options.loader;
    const isValid = options.isValidFile ?? ((path: string) => IMG_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext)));
    const fs = requireNode<Fs>('node:fs', 'ImageFolder');
    const classes = scan(fs, root, true)
      .filter((e) => isDir(fs, e))
      .map((e) => e.name)
      .sort(compareCodePoints);
    if (classes.length === 0) throw new Error(`ImageFolder: Couldn't find any class folder in ${root} (expected root/<class>/<image>.png)`);
    this.classes = classes;
    this.classToIdx = Object.fromEntries(classes.map((c, i) => [c, i]));
    const samples: Array<readonly [string, number]> = [];
    const empty: string[] = [];
    classes.forEach((c, idx) => {
      const files: string[] = [];
      for (const [dir, names] of walk(fs, pyJoin(root, c))) {
        for (const name of names) if (isValid(pyJoin(dir, name))) files.push(pyJoin(dir, name));
      }
      if (files.length === 0) empty.push(c);
      for (const f of files) samples.push([f, idx]);
    });
    if (empty.length > 0) {
      throw new Error(`ImageFolder: Found no valid file for the classes ${empty.sort(compareCodePoints).join(', ')}. Supported extensions are: ${IMG_EXTENSIONS.join(', ')}`);
    }
    this.samples = samples;
    this.targets = samples.map(([, t]) => t);
  }

  /** The number of images. */
  get length(): number { return this.samples.length; }

  /** `[image, label]`: the transform's output (the decoded Image without one) and the class index. */
  async getItem(index: number): Promise<[X, Y]> {
    const n = this.samples.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`ImageFolder.getItem: index ${index} is out of range for a dataset of ${n} items`);
    }
    const [path, target] = this.samples[index < 0 ? index + n : index]!;
    const image = this.loader ? ((await this.loader(path)) as Image) : Image.decode(await readRegularFile(fsEncode(path), 'ImageFolder.getItem'), showPath(fsEncode(path)), 'ImageFolder.getItem');
    const x = this.transform ? this.transform(image) : (image as X);
    const y = this.targetTransform ? this.targetTransform(target) : (target as Y);
    return [x, y];
  }
}

/** A folder's entries with their names decoded as Python does; a clear error when it cannot be read. */
function scan(fs: Fs, dir: string, isRoot: boolean): { name: string; path: string; dirent: Dirent<Buffer> }[] {
  let entries: Dirent<Buffer>[];
  try {
    entries = fs.readdirSync(fsEncode(dir), { encoding: 'buffer', withFileTypes: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const what = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder:' : 'cannot read the folder';
    throw new Error(`ImageFolder: ${what} ${showPath(fsEncode(dir))}${isRoot ? '' : ' (inside a class folder)'} (${code ?? (e as Error).message})`, { cause: e });
  }
  return entries.map((dirent) => {
    const name = fsDecode(dirent.name);
    return { name, path: pyJoin(dir, name), dirent };
  });
}

/** os.DirEntry.is_dir(): a folder, or a link to one (a dangling link is not). */
function isDir(fs: Fs, e: { path: string; dirent: Dirent<Buffer> }): boolean {
  if (e.dirent.isDirectory()) return true;
  if (!e.dirent.isSymbolicLink()) return false;
  return fs.statSync(fsEncode(e.path), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * sorted(os.walk(top, followlinks=True)): [folder, its non-folder entries sorted] for every folder under
 * `top`, links to folders followed, in the order of the folders' paths. A link back to a folder being
 * walked is an error (os.walk would follow it until the path is too long).
 */
function walk(fs: Fs, top: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const chain: string[] = [];
  const visit = (dir: string) => {
    const st = fs.statSync(fsEncode(dir));
    const id = `${st.dev}:${st.ino}`;
    if (chain.includes(id)) {
      throw new Error(`ImageFolder: ${showPath(fsEncode(dir))} is a link back to a folder that contains it (a loop); torchvision would follow it until the path is too long: remove the link`);
    }
    chain.push(id);
    const entries = scan(fs, dir, false);
    const dirs = entries.filter((e) => isDir(fs, e));
    out.push([dir, entries.filter((e) => !dirs.includes(e)).map((e) => e.name).sort(compareCodePoints)]);
    for (const d of dirs) visit(d.path);
    chain.pop();
  };
  visit(top);
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}
