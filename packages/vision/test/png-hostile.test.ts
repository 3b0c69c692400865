// Issue 9's PNG reproductions: truncated or missing image data, declared sizes far beyond the data,
// inflate bombs, tRNS keys, zero sizes. Each is an error naming Image.open and the file, or Pillow's pixels.
import { deflateSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Image } from '../src/index';
import { chunk, idat, ihdr, png } from './png-builder';

/** A 64x64 RGBA image of random bytes, decoded to leave its pixels in freed memory. */
function decodeSomethingFirst(): Promise<Image> {
  const data = Uint8Array.from({ length: 64 * 64 * 4 }, (_, i) => (i * 2654435761) >>> 24);
  return Image.open(Image.fromData(data, 64, 64, 'RGBA').toPng());
}

describe('truncated or missing image data is an error, never pixels', () => {
  const header = ihdr(64, 64, 8, 6);
  const firstRow = Uint8Array.from({ length: 1 + 64 * 4 }, (_, i) => (i === 0 ? 0 : 9));
  const cases: [string, Uint8Array, RegExp][] = [
    // The 66-byte file of the issue: an IDAT whose zlib stream holds nothing at all.
    ['an empty zlib stream', png(header, idat(new Uint8Array(0))), /inflates to 0 bytes, but a 64x64 8-bit RGBA image needs 16448/],
    ['one row of 64', png(header, idat(firstRow)), /inflates to 257 bytes, but a 64x64 8-bit RGBA image needs 16448/],
    ['a zlib stream cut short', png(header, chunk('IDAT', deflateSync(new Uint8Array(16448)).subarray(0, 12))), /cannot be inflated: the compressed data ends too early/],
    ['an IDAT chunk of 0 bytes', png(header, chunk('IDAT')), /cannot be inflated: the compressed data ends too early/],
    ['no IDAT chunk', png(header), /no IDAT chunk \(no image data\)/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, async () => {
      for (let k = 0; k < 20; k++) {
        await decodeSomethingFirst();
        await expect(Image.open(bytes)).rejects.toThrow(message);
      }
      await expect(Image.open(bytes)).rejects.toThrow(/^Image\.open: cannot decode the given \d+ bytes as PNG: /);
    });
  }
  it('a file name is in the message', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'x-vision-')), 'empty-idat.png');
    writeFileSync(path, cases[0]![1]);
    await expect(Image.open(path)).rejects.toThrow(`Image.open: cannot decode '${path}' as PNG: its image data inflates to 0 bytes`);
  });
});

describe('declared sizes: the pixel limit and bounded inflation', () => {
  afterEach(() => {
    Image.maxPixels = 178_956_970;
  });

  it("refuses more than Pillow's 178,956,970 pixels before allocating anything (a 69-byte 30000x30000 file)", async () => {
    const bytes = png(ihdr(30000, 30000, 8, 6), idat(new Uint8Array(1)));
    expect(bytes.length).toBeLessThan(80);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    await expect(Image.open(bytes)).rejects.toThrow(
      /^Image\.open: the given \d+ bytes is 30000x30000 \(900000000 pixels\), above the limit of 178956970 pixels \(Pillow's decompression-bomb limit\); if you trust the file, raise the limit: Image\.open\(path, \{ maxPixels \}\) or Image\.maxPixels = n$/,
    );
    expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it('a 10000x10000 header over a few bytes of data fails at once, without allocating the image', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    await expect(Image.open(png(ihdr(10000, 10000, 8, 6), idat(new Uint8Array(100))))).rejects.toThrow(/inflates to 100 bytes, but a 10000x10000 8-bit RGBA image needs 400010000/);
    expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it('an interlaced 1x1 image whose data inflates to 64 MB stops at the 2 bytes it needs', async () => {
    const bomb = deflateSync(new Uint8Array(64_000_000));
    const t0 = performance.now();
    await expect(Image.open(png(ihdr(1, 1, 8, 0, 1), chunk('IDAT', bomb)))).rejects.toThrow(/its image data inflates to more than the 2 bytes a 1x1 8-bit gray interlaced image needs/);
    expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
  });

  it('the limit is configurable per call and globally (Infinity turns it off)', async () => {
    const small = png(ihdr(11, 10, 8, 0), idat(new Uint8Array(10 * 12)));
    expect((await Image.open(small)).size).toEqual([11, 10]);
    await expect(Image.open(small, { maxPixels: 109 })).rejects.toThrow(/is 11x10 \(110 pixels\), above the limit of 109 pixels/);
    expect((await Image.open(small, { maxPixels: 110 })).size).toEqual([11, 10]);
    Image.maxPixels = 100;
    await expect(Image.open(small)).rejects.toThrow(/above the limit of 100 pixels/);
    expect((await Image.open(small, { maxPixels: Infinity })).size).toEqual([11, 10]);
    expect(() => (Image.maxPixels = -1)).toThrow(/Image\.maxPixels must be a non-negative number of pixels \(Infinity for no limit\), got -1/);
    await expect(Image.open(small, { maxPixels: Number.NaN })).rejects.toThrow(/options\.maxPixels must be a non-negative number/);
  });
});

describe('tRNS keys, zero sizes and other header cases', () => {
  it('a gray key keeps the gray value and makes it transparent (LA); an RGB key gives RGBA', async () => {
    const gray = png(ihdr(3, 1, 8, 0), chunk('tRNS', Uint8Array.from([0, 7])), idat(Uint8Array.from([0, 7, 8, 7])));
    const g = await Image.open(gray);
    expect([g.mode, ...g.data]).toEqual(['LA', 7, 0, 8, 255, 7, 0]);
    const rgb = png(ihdr(2, 1, 8, 2), chunk('tRNS', Uint8Array.from([0, 1, 0, 2, 0, 3])), idat(Uint8Array.from([0, 1, 2, 3, 1, 2, 4])));
    const c = await Image.open(rgb);
    expect([c.mode, ...c.data]).toEqual(['RGBA', 1, 2, 3, 0, 1, 2, 4, 255]);
  });

  it('width or height 0 is refused', async () => {
    await expect(Image.open(png(ihdr(0, 4), idat(Uint8Array.from([0, 0, 0, 0]))))).rejects.toThrow(/cannot decode the given \d+ bytes as PNG: its width is 0 \(PNG allows 1 to 2\^31 - 1\)/);
    await expect(Image.open(png(ihdr(4, 0), idat(new Uint8Array(0))))).rejects.toThrow(/its height is 0/);
  });

  it('empty and tiny inputs give the decoder error, not a TypeError', async () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([137, 80, 78, 71]), png()]) {
      await expect(Image.open(bytes)).rejects.toThrow(/^Image\.open: cannot decode the given \d+ bytes as PNG: /);
    }
    await expect(Image.open(png())).rejects.toThrow(/its first chunk is IEND, expected IHDR/);
    await expect(Image.open(null as unknown as Uint8Array)).rejects.toThrow(/Image\.open: expected a path \(a string\) or the PNG's bytes \(a Uint8Array\), got null/);
  });

  it('bit depths, chunk order and palette indices are checked', async () => {
    await expect(Image.open(png(ihdr(1, 1, 1, 2), idat(Uint8Array.from([0, 0]))))).rejects.toThrow(/bit depth 1 is not allowed for color type 2 \(RGB: 8, 16\)/);
    await expect(Image.open(png(ihdr(1, 1, 8, 3), idat(Uint8Array.from([0, 0]))))).rejects.toThrow(/a palette image without a PLTE chunk/);
    await expect(Image.open(png(ihdr(2, 1, 8, 3), chunk('PLTE', Uint8Array.from([1, 2, 3])), idat(Uint8Array.from([0, 0, 1]))))).rejects.toThrow(/pixel \(1, 0\) uses palette index 1, but the PLTE chunk has 1 entries/);
    await expect(Image.open(png(ihdr(1, 1), chunk('CgBI', new Uint8Array(4)), idat(Uint8Array.from([0, 0]))))).rejects.toThrow(/an unknown critical chunk CgBI/);
    await expect(Image.open(png(ihdr(1, 1), idat(Uint8Array.from([5, 0]))))).rejects.toThrow(/row 0 has filter type 5 \(PNG has 0 to 4\)/);
    const bad = png(ihdr(1, 1), idat(Uint8Array.from([0, 0])));
    bad[bad.length - 20] ^= 1;
    await expect(Image.open(bad)).rejects.toThrow(/the IDAT chunk at byte 33 fails its CRC check/);
  });
});
