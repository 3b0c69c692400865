// io.readImage / decodePng against torchvision 0.14's read_image (scripts/io_fixtures.py: PNGs of every
// color type, in each ImageReadMode), and encodePng / writePng round trips.
import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '@x/tensor';
import { io } from '../src/index';
import { tempDir } from './idx-fixtures';

interface IoCase {
  name: string;
  png: string;
  outputs: Record<string, { shape: number[]; data: number[] }>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/io.json', import.meta.url), 'utf8')) as { torchvision: string; cases: IoCase[] };

/**
 * Where this port differs on purpose. torchvision 0.14 returns a palette PNG's indices for UNCHANGED,
 * and for GRAY_ALPHA and RGB_ALPHA it lays a palette image's pixels out wrongly (its buffer holds the
 * converted pixels without the alpha libpng was not asked to add, read as if it had it).
 */
const DIFFERENT = new Set(['P/UNCHANGED', 'P/GRAY_ALPHA', 'P/RGB_ALPHA']);

describe(`io.readImage against torchvision ${fixture.torchvision}`, () => {
  for (const c of fixture.cases) {
    const bytes = Buffer.from(c.png, 'base64');
    for (const [mode, want] of Object.entries(c.outputs)) {
      if (DIFFERENT.has(`${c.name}/${mode}`)) continue;
      it(`${c.name} as ${mode}`, async () => {
        const t = io.decodePng(torch.tensor(Uint8Array.from(bytes), { dtype: 'uint8' }), mode as io.ImageReadMode);
        expect(t.dtype).toBe('uint8');
        expect(t.shape).toEqual(want.shape);
        expect(Array.from(t.dataSync())).toEqual(want.data);
        const file = join(tempDir(), `${c.name}.png`);
        writeFileSync(file, bytes);
        const read = await io.readImage(file, { mode: mode as io.ImageReadMode });
        expect(Array.from(read.dataSync())).toEqual(want.data);
        expect(Array.from(io.readImageSync(file, mode as io.ImageReadMode).dataSync())).toEqual(want.data);
      });
    }
  }

  it('a palette PNG read UNCHANGED gives its RGB colors (torchvision 0.14 gives the palette indices)', () => {
    const c = fixture.cases.find((x) => x.name === 'P')!;
    const t = io.decodePng(torch.tensor(Uint8Array.from(Buffer.from(c.png, 'base64')), { dtype: 'uint8' }));
    expect(t.shape).toEqual(c.outputs['RGB']!.shape);
    expect(Array.from(t.dataSync())).toEqual(c.outputs['RGB']!.data);
  });
});

describe('io.encodePng and io.writePng', () => {
  it('round-trip every channel count, at every compression level', async () => {
    torch.manualSeed(0);
    for (const c of [1, 2, 3, 4]) {
      const img = torch.randint(0, 256, [c, 6, 9]).to('uint8');
      for (const level of [0, 6, 9]) expect(io.decodePng(io.encodePng(img, level)).equal(img)).toBe(true);
      const file = join(tempDir(), `out-${c}.png`);
      await io.writePng(img, file, { compressionLevel: 1 });
      expect((await io.readImage(file)).equal(img)).toBe(true);
      expect((await io.readFile(file)).dtype).toBe('uint8');
    }
  });

  it('refuse what torchvision refuses, saying what is expected', async () => {
    expect(() => io.encodePng(torch.zeros(3, 4, 4))).toThrow('io.encodePng: expected a uint8 [C, H, W] tensor with C = 1 or 3 (2 or 4 with alpha), got a float32 tensor of shape [3, 4, 4]');
    expect(() => io.encodePng(torch.zeros(3, 4, 4).to('uint8'), 10)).toThrow('io.encodePng: Compression level should be between 0 and 9');
    expect(() => io.decodePng(torch.zeros(3).to('uint8'), 'CMYK' as io.ImageReadMode)).toThrow("io.decodePng: mode must be one of 'UNCHANGED', 'GRAY', 'GRAY_ALPHA', 'RGB', 'RGB_ALPHA'");
    expect(() => io.decodePng(torch.zeros(8).to('uint8'))).toThrow(/^io\.decodePng: cannot decode the given PNG bytes/);
    await expect(io.readImage(join(tempDir(), 'missing.png'))).rejects.toThrow(/io\.readImage: no such file/);
    expect(() => io.readImageSync('x.png', { mod: 'RGB' } as never)).toThrow("io.readImageSync(): unexpected option 'mod'");
  });
});
