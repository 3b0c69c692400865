// torchvision.io's writers: encodePng (a uint8 [C, H, W] tensor → PNG bytes as a uint8 1-D tensor),
// writePng (to a file, atomically) and writeFile. C is 1 (gray) or 3 (RGB), as torchvision's, or 2
// and 4 with alpha; encoded (image/png-encode.ts) at the zlib level given.
import * as torch from '@x/tensor';
import { bindArgs, defineSignature } from '@x/tensor';
import { encodePngBytes } from '../image/png-encode';
import { requireNode } from './node-builtin';

const sig = (text: string, doc: string) => defineSignature(`io.${text}`, { doc });
const ENCODE_PNG = sig('encodePng(input: Tensor, compressionLevel: number = 6): Tensor', 'uint8 [C, H, W] → PNG bytes (a uint8 1-D tensor).');
const WRITE_PNG = sig('writePng(input: Tensor, filename: string, compressionLevel: number = 6): Promise<void>', 'Writes uint8 [C, H, W] as a PNG file.');
const WRITE_FILE = sig('writeFile(filename: string, data: Tensor): Promise<void>', 'Writes a uint8 1-D tensor to a file.');

function pngBytes(op: string, input: unknown, level: unknown): Uint8Array {
  if (!torch.isTensor(input) || input.dtype !== 'uint8' || input.ndim !== 3 || input.shape[0]! < 1 || input.shape[0]! > 4) {
    const what = torch.isTensor(input) ? `a ${input.dtype} tensor of shape ${torch.formatShape(input.shape)}` : typeof input;
    throw new TypeError(`io.${op}: expected a uint8 [C, H, W] tensor with C = 1 or 3 (2 or 4 with alpha), got ${what}`);
  }
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`io.${op}: Compression level should be between 0 and 9 (got compressionLevel ${String(level)})`);
  }
  const [c, h, w] = input.shape as [number, number, number];
  const hwc = input.permute(1, 2, 0).contiguous().dataSync() as Uint8Array;
  return encodePngBytes({ width: w, height: h, data: Uint8Array.from(hwc), channels: c as 1 | 2 | 3 | 4 }, level);
}

/** torchvision.io.encode_png: uint8 [C, H, W] → the PNG file's bytes as a uint8 1-D tensor. */
export function encodePng(input: torch.Tensor, compressionLevel?: number): torch.Tensor;
export function encodePng(input: torch.Tensor, options: { compressionLevel?: number }): torch.Tensor;
export function encodePng(...args: unknown[]): torch.Tensor {
  const { input, compressionLevel } = bindArgs<{ input: unknown; compressionLevel: unknown }>(ENCODE_PNG, args);
  return torch.tensor(pngBytes('encodePng', input, compressionLevel), { dtype: 'uint8' });
}

/** Writes `bytes` through a temporary file in the same folder and a rename, so no half-written file replaces a good one. */
async function writeAtomic(op: string, filename: string, bytes: Uint8Array): Promise<void> {
  const { rename, unlink, writeFile: write } = requireNode<typeof import('node:fs/promises')>('node:fs/promises', `io.${op}`);
  const { basename, dirname, join } = requireNode<typeof import('node:path')>('node:path', `io.${op}`);
  const tmp = join(dirname(filename), `.${basename(filename)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await write(tmp, bytes);
    await rename(tmp, filename);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** torchvision.io.write_png: `await io.writePng(img, 'out.png')`. */
export async function writePng(input: torch.Tensor, filename: string, compressionLevel?: number): Promise<void>;
export async function writePng(input: torch.Tensor, filename: string, options: { compressionLevel?: number }): Promise<void>;
export async function writePng(...args: unknown[]): Promise<void> {
  const { input, filename, compressionLevel } = bindArgs<{ input: unknown; filename: string; compressionLevel: unknown }>(WRITE_PNG, args);
  await writeAtomic('writePng', filename, pngBytes('writePng', input, compressionLevel));
}

/** torchvision.io.write_file: a uint8 1-D tensor's bytes to a file. */
export async function writeFile(filename: string, data: torch.Tensor): Promise<void>;
export async function writeFile(...args: unknown[]): Promise<void> {
  const { filename, data } = bindArgs<{ filename: string; data: unknown }>(WRITE_FILE, args);
  if (!torch.isTensor(data) || data.dtype !== 'uint8' || data.ndim !== 1) throw new TypeError('io.writeFile: expected the bytes as a uint8 1-D tensor');
  await writeAtomic('writeFile', filename, Uint8Array.from(data.dataSync() as Uint8Array));
}
