// Every fixture image (scripts/png_fixtures.py: all color types and bit depths, interlaced or not, every
// filter, palettes, tRNS keys, several IDAT chunks, Pillow's own files) decodes to Pillow's pixels.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Image } from '../src/index';

const DIR = join(import.meta.dirname, 'fixtures', 'png');
const reference = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as Record<string, { mode: string; width: number; height: number; pixels: string }>;

describe('PNG decoding matches Pillow 9.4', () => {
  const files = readdirSync(join(DIR, 'images')).filter((f) => f.endsWith('.png')).sort();
  it('has a reference for every image', () => {
    expect(files.map((f) => f.slice(0, -4)).sort()).toEqual(Object.keys(reference).sort());
    expect(files.length).toBeGreaterThan(80);
  });
  for (const file of files) {
    it(file, async () => {
      const want = reference[file.slice(0, -4)]!;
      const img = await Image.open(join(DIR, 'images', file));
      expect([img.mode, img.width, img.height]).toEqual([want.mode, want.width, want.height]);
      expect(Buffer.from(img.data).toString('base64')).toBe(want.pixels);
    });
  }
});
