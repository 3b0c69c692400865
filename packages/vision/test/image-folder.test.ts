import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, Image, transforms } from '../src/index';
import { tempDir } from './idx-fixtures';

/** root/<class>/<name>.png with 2x3 RGB images whose first byte is `v`. */
function makeFolder(layout: Record<string, Record<string, number>>): string {
  const root = tempDir();
  for (const [cls, files] of Object.entries(layout)) {
    mkdirSync(join(root, cls), { recursive: true });
    for (const [name, v] of Object.entries(files)) {
      const data = new Uint8Array(2 * 3 * 3).fill(7);
      data[0] = v;
      writeFileSync(join(root, cls, name), Image.fromData(data, 3, 2, 'RGB').toPng());
    }
  }
  return root;
}

describe('datasets.ImageFolder', () => {
  it('has sorted classes, classToIdx and samples; non-PNG files are skipped', async () => {
    const root = makeFolder({ dog: { 'b.png': 2, 'a.png': 1 }, cat: { 'z.PNG': 3 } });
    writeFileSync(join(root, 'dog', 'notes.txt'), 'not an image');
    const ds = new datasets.ImageFolder(root);
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.classToIdx).toEqual({ cat: 0, dog: 1 });
    expect(ds.samples).toEqual([[join(root, 'cat', 'z.PNG'), 0], [join(root, 'dog', 'a.png'), 1], [join(root, 'dog', 'b.png'), 1]]);
    expect(ds.targets).toEqual([0, 1, 1]);
    expect(ds.length).toBe(3);
    const [img, label] = await ds.getItem(2);
    expect([img.width, img.height, img.mode, img.data[0]]).toEqual([3, 2, 'RGB', 2]);
    expect(label).toBe(1);
  });

  it('applies transform and targetTransform', async () => {
    const ds = new datasets.ImageFolder(makeFolder({ a: { 'x.png': 255 } }), { transform: transforms.ToTensor(), targetTransform: (y) => y + 10 });
    const [x, y] = await ds.getItem(0);
    expect(x.shape).toEqual([3, 2, 3]);
    expect(x.at(0, 0, 0).tolistSync()).toBe(1);
    expect(y).toBe(10);
  });

  it("gives torchvision's errors for no class folder and an empty class", () => {
    expect(() => new datasets.ImageFolder(tempDir())).toThrow(/ImageFolder: Couldn't find any class folder in /);
    const root = makeFolder({ a: { 'x.png': 1 } });
    mkdirSync(join(root, 'empty'));
    expect(() => new datasets.ImageFolder(root)).toThrow(/Found no valid file for the classes empty. Supported extensions are: .png/);
  });
});
