// torchvision.io's readers: readFile (the bytes as a uint8 tensor), decodePng / decodeImage and
// readImage (a uint8 [C, H, W] tensor in the ImageReadMode asked for), on this package's hostile-file
// PNG decoder. The mode conversions are libpng's, as torchvision 0.14 asks for them: gray from RGB is
// (9794 R + 19234 G + 3740 B) >> 15 (libpng's fixed-point 0.2989 / 0.587 weights, truncated; a pixel
// with R = G = B stays as it is), alpha is dropped or added as 255, gray becomes RGB by copying.
import * as torch from '@x/tensor';
import { bindArgs, defineSignature } from '@x/tensor';
import { decodePng as decode, DEFAULT_MAX_PIXELS, type Decoded, type ImageMode } from '../image/png';
import { readRegularFile, readRegularFileSync } from './files';

/** torchvision.io.ImageReadMode: the channels readImage returns. */
export const ImageReadMode = { UNCHANGED: 'UNCHANGED', GRAY: 'GRAY', GRAY_ALPHA: 'GRAY_ALPHA', RGB: 'RGB', RGB_ALPHA: 'RGB_ALPHA' } as const;
export type ImageReadMode = (typeof ImageReadMode)[keyof typeof ImageReadMode];

const MODES: Readonly<Record<ImageReadMode, ImageMode | null>> = { UNCHANGED: null, GRAY: 'L', GRAY_ALPHA: 'LA', RGB: 'RGB', RGB_ALPHA: 'RGBA' };
const sig = (text: string, doc: string) => defineSignature(`io.${text}`, { doc });
const READ_FILE = sig('readFile(path: string): Promise<Tensor>', "A file's bytes as a uint8 1-D tensor.");
const DECODE_PNG = sig("decodePng(input: Tensor, mode: ImageReadMode = 'UNCHANGED'): Tensor", 'PNG bytes (a uint8 1-D tensor) → uint8 [C, H, W].');
const DECODE_IMAGE = sig("decodeImage(input: Tensor, mode: ImageReadMode = 'UNCHANGED'): Tensor", 'Image bytes (PNG) → uint8 [C, H, W].');
const READ_IMAGE = sig("readImage(path: string, mode: ImageReadMode = 'UNCHANGED'): Promise<Tensor>", 'An image file (PNG) → uint8 [C, H, W].');
const READ_IMAGE_SYNC = sig("readImageSync(path: string, mode: ImageReadMode = 'UNCHANGED'): Tensor", 'readImage, synchronously.');

/** libpng's rgb_to_gray for 8-bit samples, as torchvision 0.14 sets it up. */
const gray = (r: number, g: number, b: number): number => (r === g && g === b ? r : (9794 * r + 19234 * g + 3740 * b) >>> 15);

/** The decoded pixels (HWC) converted to `mode`'s channels. */
function convert(d: Decoded, to: ImageMode): Uint8Array {
  const c = { L: 1, LA: 2, RGB: 3, RGBA: 4 }[d.mode];
  const k = { L: 1, LA: 2, RGB: 3, RGBA: 4 }[to];
  const n = d.width * d.height;
  const out = new Uint8Array(n * k);
  const src = d.data;
  for (let i = 0; i < n; i++) {
    const p = i * c;
    const color = c >= 3;
    const alpha = c === 2 || c === 4 ? src[p + c - 1]! : 255;
    const o = i * k;
    if (k <= 2) out[o] = color ? gray(src[p]!, src[p + 1]!, src[p + 2]!) : src[p]!;
    else {
      out[o] = src[p]!;
      out[o + 1] = color ? src[p + 1]! : src[p]!;
      out[o + 2] = color ? src[p + 2]! : src[p]!;
    }
    if (k === 2 || k === 4) out[o + k - 1] = alpha;
  }
  return out;
}

function checkMode(op: string, mode: unknown): ImageReadMode {
  if (typeof mode !== 'string' || !(mode in MODES)) {
    throw new TypeError(`io.${op}: mode must be one of ${Object.keys(MODES).map((m) => `'${m}'`).join(', ')} (io.ImageReadMode), got ${String(mode)}`);
  }
  return mode as ImageReadMode;
}

/** PNG bytes → uint8 [C, H, W] in `mode` (UNCHANGED: the file's own channels; a palette becomes RGB or RGBA). */
function toChw(bytes: Uint8Array, name: string, op: string, mode: ImageReadMode): torch.Tensor {
  const d = decode(bytes, name, `io.${op}`, DEFAULT_MAX_PIXELS);
  const to = MODES[mode] ?? d.mode;
  const data = to === d.mode ? d.data : convert(d, to);
  const channels = { L: 1, LA: 2, RGB: 3, RGBA: 4 }[to];
  return torch.tensor(data, { dtype: 'uint8' }).reshape(d.height, d.width, channels).permute(2, 0, 1).contiguous();
}

function bytesOf(op: string, input: unknown): Uint8Array {
  if (!torch.isTensor(input) || input.dtype !== 'uint8' || input.ndim !== 1) {
    const what = torch.isTensor(input) ? `a ${input.dtype} tensor of shape ${torch.formatShape(input.shape)}` : typeof input;
    throw new TypeError(`io.${op}: expected the file's bytes as a uint8 1-D tensor (io.readFile(path)), got ${what}`);
  }
  return Uint8Array.from(input.dataSync() as Uint8Array);
}

/** A file's bytes as a uint8 1-D tensor (torchvision.io.read_file). */
export async function readFile(path: string): Promise<torch.Tensor>;
export async function readFile(...args: unknown[]): Promise<torch.Tensor> {
  const { path } = bindArgs<{ path: string }>(READ_FILE, args);
  return torch.tensor(await readRegularFile(path, 'io.readFile'), { dtype: 'uint8' });
}

/** torchvision.io.decode_png: PNG bytes (a uint8 1-D CPU tensor) → uint8 [C, H, W]. */
export function decodePng(input: torch.Tensor, mode?: ImageReadMode | { mode?: ImageReadMode }): torch.Tensor;
export function decodePng(...args: unknown[]): torch.Tensor {
  const { input, mode } = bindArgs<{ input: unknown; mode: unknown }>(DECODE_PNG, args);
  return toChw(bytesOf('decodePng', input), 'the given PNG bytes', 'decodePng', checkMode('decodePng', mode));
}

/** torchvision.io.decode_image: PNG here (JPEG is not supported). */
export function decodeImage(input: torch.Tensor, mode?: ImageReadMode | { mode?: ImageReadMode }): torch.Tensor;
export function decodeImage(...args: unknown[]): torch.Tensor {
  const { input, mode } = bindArgs<{ input: unknown; mode: unknown }>(DECODE_IMAGE, args);
  return toChw(bytesOf('decodeImage', input), 'the given image bytes', 'decodeImage', checkMode('decodeImage', mode));
}

/** torchvision.io.read_image: an image file (PNG) → uint8 [C, H, W]; `await io.readImage('digit.png', io.ImageReadMode.GRAY)`. */
export async function readImage(path: string, mode?: ImageReadMode | { mode?: ImageReadMode }): Promise<torch.Tensor>;
export async function readImage(...args: unknown[]): Promise<torch.Tensor> {
  const { path, mode } = bindArgs<{ path: string; mode: unknown }>(READ_IMAGE, args);
  return toChw(await readRegularFile(path, 'io.readImage'), `'${path}'`, 'readImage', checkMode('readImage', mode));
}

/** readImage, synchronously (Node). */
export function readImageSync(path: string, mode?: ImageReadMode | { mode?: ImageReadMode }): torch.Tensor;
export function readImageSync(...args: unknown[]): torch.Tensor {
  const { path, mode } = bindArgs<{ path: string; mode: unknown }>(READ_IMAGE_SYNC, args);
  return toChw(readRegularFileSync(path, 'io.readImageSync'), `'${path}'`, 'readImageSync', checkMode('readImageSync', mode));
}
