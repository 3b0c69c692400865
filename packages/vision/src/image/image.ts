// Image: 8-bit pixels on the host, row-major HWC (PIL's role in torchvision). Pixels live in a plain
// Uint8Array because images come from files and go to files; tensors are made on request.
import * as torch from '@x/tensor';
import { bindArgs, defineSignature } from '@x/tensor';
import { readRegularFile } from '../io/files';
import { requireNode } from '../io/node-builtin';
import { CHANNELS, decodePng, DEFAULT_MAX_PIXELS, encodePng, type ImageMode } from './png';

export type { ImageMode };

const OPEN = defineSignature('Image.open(source: string | Uint8Array, *, maxPixels?: number): Promise<Image>', {
  doc: 'Decodes a PNG from a path or its bytes.',
});

/** Image.open's options: `maxPixels`, the decompression-bomb limit (PIL's `Image.MAX_IMAGE_PIXELS`). */
export interface OpenOptions {
  /** Refuse images with more pixels than this (default `Image.maxPixels`); `Infinity` turns the check off. */
  maxPixels?: number;
}

function checkMaxPixels(v: unknown, what: string): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`${what} must be a non-negative number of pixels (Infinity for no limit), got ${String(v)}`);
  return v;
}

let defaultMaxPixels = DEFAULT_MAX_PIXELS;

const MODES: readonly ImageMode[] = ['L', 'LA', 'RGB', 'RGBA'];
const MODE_OF_CHANNELS: readonly ImageMode[] = ['L', 'LA', 'RGB', 'RGBA'];

/** A decoded image (PIL's `Image`): width, height, mode and the pixels, what the transforms take. */
export class Image {
  private constructor(
    /** Pixels, row-major HWC, `channels` bytes per pixel. */
    readonly data: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly mode: ImageMode,
  ) {}

  /** Channels per pixel of the mode (L: 1, LA: 2, RGB: 3, RGBA: 4). */
  get channels(): number { return CHANNELS[this.mode]; }

  /** [width, height], as PIL's `image.size`. */
  get size(): [number, number] { return [this.width, this.height]; }

  /**
   * The most pixels `Image.open` decodes (Pillow's decompression-bomb limit, 178,956,970, by default):
   * a larger image is refused before anything is allocated. Set it to `Infinity` to turn the check off.
   */
  static get maxPixels(): number { return defaultMaxPixels; }
  static set maxPixels(n: number) { defaultMaxPixels = checkMaxPixels(n, 'Image.maxPixels'); }

  /** Decodes a PNG from a path or its bytes (any color type and bit depth; see README for 16-bit). */
  static async open(source: string | Uint8Array, options?: OpenOptions): Promise<Image>;
  static async open(options: OpenOptions & { source: string | Uint8Array }): Promise<Image>;
  static async open(...args: unknown[]): Promise<Image> {
    const { source, ...options } = bindArgs<OpenOptions & { source: string | Uint8Array }>(OPEN, args);
    const maxPixels = options.maxPixels === undefined ? defaultMaxPixels : checkMaxPixels(options.maxPixels, 'Image.open: options.maxPixels');
    if (typeof source === 'string') return Image.decode(await readRegularFile(source, 'Image.open'), `'${source}'`, 'Image.open', maxPixels);
    if (!(source instanceof Uint8Array)) throw new TypeError(`Image.open: expected a path (a string) or the PNG's bytes (a Uint8Array), got ${source === null ? 'null' : typeof source}`);
    return Image.decode(source, `the given ${source.byteLength} bytes`, 'Image.open', maxPixels);
  }

  /** @internal Decodes PNG bytes; `api` and `name` start its errors (ImageFolder names itself and the file). */
  static decode(bytes: Uint8Array, name: string, api: string, maxPixels = defaultMaxPixels): Image {
    const d = decodePng(bytes, name, api, maxPixels);
    return new Image(d.data, d.width, d.height, d.mode);
  }

  /** An image over `data` (row-major HWC, copied), e.g. a 28x28 'L' MNIST digit. */
  static fromData(data: Uint8Array, width: number, height: number, mode: ImageMode): Image {
    if (!MODES.includes(mode)) throw new RangeError(`Image.fromData: unknown mode ${String(mode)} (use 'L', 'LA', 'RGB' or 'RGBA')`);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Image.fromData: width and height must be positive integers, got ${width}x${height}`);
    }
    const want = width * height * CHANNELS[mode];
    if (data.length !== want) {
      throw new RangeError(`Image.fromData: a ${width}x${height} '${mode}' image needs ${want} bytes, got ${data.length}`);
    }
    // new Uint8Array(typed array) copies with a memcpy (Uint8Array.from walks an iterator; a Buffer's slice would share)
    return new Image(new Uint8Array(data), width, height, mode);
  }

  /**
   * An image from a tensor: uint8 [H, W, C] or [H, W] (values as they are), or floating [C, H, W] or
   * [H, W] in [0, 1] (scaled by 255 and truncated, as torchvision's ToPILImage). C is 1..4 and picks
   * the mode L, LA, RGB, RGBA. Reads the tensor synchronously: CPU tensors only; use
   * `fromTensorAsync` on other devices.
   */
  static fromTensor(t: torch.Tensor): Image {
    const { hwc, h, w, c } = Image.layout(t, 'fromTensor');
    return Image.fromHwc(hwc.dataSync(), h, w, c);
  }

  /** `fromTensor` for tensors on any device. */
  static async fromTensorAsync(t: torch.Tensor): Promise<Image> {
    const { hwc, h, w, c } = Image.layout(t, 'fromTensorAsync');
    return Image.fromHwc(await hwc.dataAsync(), h, w, c);
  }

  private static layout(t: torch.Tensor, op: string): { hwc: torch.Tensor; h: number; w: number; c: number } {
    const floating = torch.isFloating(t.dtype);
    if (!floating && t.dtype !== 'uint8') {
      throw new TypeError(`Image.${op}: expected a uint8 [H, W, C] or floating [C, H, W] tensor, got dtype ${t.dtype}; convert with .to('uint8') or .float()`);
    }
    if (t.ndim !== 2 && t.ndim !== 3) {
      throw new RangeError(`Image.${op}: expected a 2-D or 3-D tensor, got shape ${torch.formatShape(t.shape)}`);
    }
    let hwc = t.detach();
    if (t.ndim === 2) hwc = hwc.unsqueeze(floating ? 0 : -1);
    if (floating) hwc = hwc.mul(255).to('uint8').permute(1, 2, 0);
    const [h, w, c] = hwc.shape as [number, number, number];
    if (c < 1 || c > 4) {
      const where = floating ? 'first ([C, H, W])' : 'last ([H, W, C])';
      throw new RangeError(`Image.${op}: the ${where} dim holds the channels and must be 1..4, got shape ${torch.formatShape(t.shape)}`);
    }
    return { hwc: hwc.contiguous(), h, w, c };
  }

  private static fromHwc(values: torch.TypedArray, h: number, w: number, c: number): Image {
    return new Image(Uint8Array.from(values), w, h, MODE_OF_CHANNELS[c - 1]!);
  }

  /** The pixels as a uint8 [H, W, C] tensor (C = 1 for 'L'); `options.device` as torch.tensor. */
  toTensor(options?: { device?: torch.Device }): torch.Tensor {
    return torch.tensor(this.data, { dtype: 'uint8', device: options?.device }).reshape(this.height, this.width, this.channels);
  }

  /** The PNG file's bytes (8-bit, the color type of the mode). */
  toPng(): Uint8Array {
    return encodePng(this);
  }

  /** Writes a PNG atomically: a temporary file in the same folder, then a rename. */
  async save(path: string): Promise<void> {
    const { rename, unlink, writeFile } = requireNode<typeof import('node:fs/promises')>('node:fs/promises', 'Image.save');
    const { basename, dirname, join } = requireNode<typeof import('node:path')>('node:path', 'Image.save');
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await writeFile(tmp, this.toPng());
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** `Image(mode=RGB, size=32x32)`. */
  toString(): string {
    return `Image(mode=${this.mode}, size=${this.width}x${this.height})`;
  }
}
