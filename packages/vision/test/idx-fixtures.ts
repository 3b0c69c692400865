// Tiny MNIST-style IDX files written by the tests themselves, raw or gzipped.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../src/datasets/idx';

export const TRAIN_N = 5;
export const TEST_N = 3;
export const TRAIN_LABELS = [5, 0, 4, 1, 9];
export const TEST_LABELS = [7, 2, 1];

/** Image i of a split: every pixel (i * 10 + row + col) mod 256, so tests can check any pixel. */
export function pixels(n: number, offset = 0): Uint8Array {
  const out = new Uint8Array(n * 28 * 28);
  for (let i = 0; i < n; i++) for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) out[i * 784 + r * 28 + c] = ((i + offset) * 10 + r + c) % 256;
  return out;
}

/** The four files' bytes, by torchvision's names (without .gz). */
export function mnistFiles(): Record<string, Uint8Array> {
  return {
    'train-images-idx3-ubyte': encodeIdx([TRAIN_N, 28, 28], pixels(TRAIN_N)),
    'train-labels-idx1-ubyte': encodeIdx([TRAIN_N], Uint8Array.from(TRAIN_LABELS)),
    't10k-images-idx3-ubyte': encodeIdx([TEST_N, 28, 28], pixels(TEST_N, 100)),
    't10k-labels-idx1-ubyte': encodeIdx([TEST_N], Uint8Array.from(TEST_LABELS)),
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'x-vision-'));
}

/** Writes the fixtures under root/<folder>/raw, gzipped or not; returns root. */
export function writeMnist(folder: string, gzip: boolean, root = tempDir()): string {
  const raw = join(root, folder, 'raw');
  mkdirSync(raw, { recursive: true });
  for (const [name, bytes] of Object.entries(mnistFiles())) {
    writeFileSync(join(raw, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  }
  return root;
}
