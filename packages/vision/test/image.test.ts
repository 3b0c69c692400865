import '@x/backend-cpu';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { Image } from '../src/index';

const W = 3;
const H = 2;
/** RGBA source pixels: channel k of pixel i is (i * 40 + k * 17) % 256, alpha varies. */
const rgba = Buffer.from(Array.from({ length: W * H * 4 }, (_, j) => (Math.floor(j / 4) * 40 + (j % 4) * 17 + (j % 4 === 3 ? 100 : 0)) % 256));

/** 16-bit RGBA source: near the 8-bit values but not multiples of 257, so rescaling must round. */
const rgba16 = Uint16Array.from(rgba, (v, j) => Math.min(65535, v * 257 + ((j * 37) % 200)));

function encode(colorType: 0 | 2 | 4 | 6, bitDepth: 8 | 16): Buffer {
  const png = new PNG({ width: W, height: H });
  // pngjs reads 16-bit input as `new Uint16Array(data.buffer)`: the buffer must own its memory
  // (a small Buffer.from() lives in Node's shared pool, whose other bytes would be read as pixels).
  png.data = bitDepth === 16 ? Buffer.from(new Uint16Array(rgba16).buffer) : Buffer.from(rgba);
  return PNG.sync.write(png, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true });
}

describe('Image.open decodes every PNG color type and bit depth', () => {
  const cases = [
    { colorType: 0, mode: 'L' }, { colorType: 4, mode: 'LA' }, { colorType: 2, mode: 'RGB' }, { colorType: 6, mode: 'RGBA' },
  ] as const;
  for (const { colorType, mode } of cases) {
    for (const depth of [8, 16] as const) {
      it(`${mode} ${depth}-bit`, async () => {
        const img = await Image.open(encode(colorType, depth));
        expect([img.width, img.height, img.mode]).toEqual([W, H, mode]);
        // The reference: pngjs's own RGBA decoding (16-bit scaled by round(v * 255 / 65535)).
        const ref = PNG.sync.read(encode(colorType, depth)).data;
        const pick = mode === 'L' ? [0] : mode === 'LA' ? [0, 3] : mode === 'RGB' ? [0, 1, 2] : [0, 1, 2, 3];
        const want = Array.from({ length: W * H }, (_, i) => pick.map((k) => ref[i * 4 + k]!)).flat();
        expect([...img.data]).toEqual(want);
        // RGBA keeps the source pixels exactly (pngjs composites alpha away when writing the others).
        if (mode === 'RGBA' && depth === 8) expect([...img.data]).toEqual([...rgba]);
        if (mode === 'RGBA' && depth === 16) expect([...img.data]).toEqual(Array.from(rgba16, (v) => Math.round((v * 255) / 65535)));
      });
    }
  }

  it('palette PNGs decode to RGB', async () => {
    // A hand-made 2x1 palette PNG (color type 3) with two entries, pixel indices 0 and 1.
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([10, 20, 30, 255, 200, 100, 50, 255]);
    const rgb = await Image.open(PNG.sync.write(png, { colorType: 2 }));
    const pal = buildPalettePng([[10, 20, 30], [200, 100, 50]], [0, 1]);
    const img = await Image.open(pal);
    expect(img.mode).toBe('RGB');
    expect([...img.data]).toEqual([...rgb.data]);
  });
});

/** A minimal 8-bit palette PNG, one row, built chunk by chunk (pngjs cannot write palettes). */
function buildPalettePng(palette: number[][], indices: number[]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(indices.length, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 3;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', deflateSync(Buffer.from([0, ...indices]))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('errors', () => {
  it('a truncated PNG names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x-vision-'));
    const path = join(dir, 'cut.png');
    const bytes = encode(2, 8);
    writeFileSync(path, bytes.subarray(0, bytes.length - 20));
    await expect(Image.open(path)).rejects.toThrow(/cut\.png.*truncated, corrupted/);
  });
  it('corrupted bytes give a clear error', async () => {
    const bytes = Buffer.from(encode(2, 8));
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
