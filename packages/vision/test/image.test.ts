import '@x/backend-cpu';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { Image } from '../src/index';
import { chunk, idat, ihdr, png } from './png-builder';

describe('palette images', () => {
  it('decode to RGB', async () => {
    const img = await Image.open(buildPalettePng([[10, 20, 30], [200, 100, 50]], [0, 1]));
    expect(img.mode).toBe('RGB');
    expect([...img.data]).toEqual([10, 20, 30, 200, 100, 50]);
  });
});

/** A minimal 8-bit palette PNG, one row, built chunk by chunk. */
function buildPalettePng(palette: number[][], indices: number[]): Uint8Array {
  return png(ihdr(indices.length, 1, 8, 3), chunk('PLTE', Uint8Array.from(palette.flat())), idat(Uint8Array.from([0, ...indices])));
}

const rgbPng = () => Image.fromData(Uint8Array.from({ length: 18 }, (_, i) => i * 13), 3, 2, 'RGB').toPng();

describe('errors', () => {
  it('a truncated PNG names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x-vision-'));
    const path = join(dir, 'cut.png');
    const bytes = rgbPng();
    writeFileSync(path, bytes.subarray(0, bytes.length - 20));
    await expect(Image.open(path)).rejects.toThrow(/cut\.png.*truncated, corrupted/);
  });
  it('corrupted bytes give a clear error', async () => {
    const bytes = Buffer.from(rgbPng());
    bytes[40] ^= 0xff;
    await expect(Image.open(bytes)).rejects.toThrow(/Image\.open: cannot decode the given \d+ bytes as PNG/);
    await expect(Image.open(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not a PNG/);
  });
  it('fromData checks sizes and modes', () => {
    expect(() => Image.fromData(new Uint8Array(5), 2, 2, 'L')).toThrow(/needs 4 bytes, got 5/);
    expect(() => Image.fromData(new Uint8Array(4), 2, 2, 'P' as 'L')).toThrow(/unknown mode/);
    expect(() => Image.fromTensor(torch.zeros([2, 2, 5], { dtype: 'uint8' }))).toThrow(/must be 1\.\.4/);
  });
});

describe('save and tensors', () => {
  it('save round-trips every mode atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x-vision-'));
    for (const [mode, c] of [['L', 1], ['LA', 2], ['RGB', 3], ['RGBA', 4]] as const) {
      const img = Image.fromData(Uint8Array.from({ length: 6 * c }, (_, i) => (i * 37) % 256), 3, 2, mode);
      const path = join(dir, `${mode}.png`);
      await img.save(path);
      const back = await Image.open(path);
      expect([back.mode, back.width, back.height]).toEqual([mode, 3, 2]);
      expect([...back.data]).toEqual([...img.data]);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('MNIST-like 28x28 L from data, toTensor uint8 HWC, fromTensor back', () => {
    const data = Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 256);
    const img = Image.fromData(data, 28, 28, 'L');
    const t = img.toTensor();
    expect(t.shape).toEqual([28, 28, 1]);
    expect(t.dtype).toBe('uint8');
    expect([...Image.fromTensor(t).data]).toEqual([...data]);
    expect(Image.fromTensor(t.squeeze(-1)).mode).toBe('L');
  });

  it('fromTensor takes float CHW in [0, 1] (×255, truncated)', async () => {
    const t = torch.tensor([[[0, 0.5]], [[1, 0.25]], [[0.1, 0.999]]], { dtype: 'float32' });
    const img = Image.fromTensor(t);
    expect([img.mode, img.width, img.height]).toEqual(['RGB', 2, 1]);
    expect([...img.data]).toEqual([0, 255, 25, 127, 63, 254]);
    expect([...(await Image.fromTensorAsync(t)).data]).toEqual([...img.data]);
  });
});
