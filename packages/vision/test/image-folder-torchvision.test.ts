// ImageFolder lists the classes and samples torchvision 0.14 lists, in its order, on a tree with the
// cases that tell them apart (scripts/image_folder_fixtures.py ran torchvision on the same tree).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasets, Image } from '../src/index';
import { fsEncode } from '../src/datasets/fs-names';
import { tempDir } from './idx-fixtures';

interface Fixture {
  spec: [string, 'dir' | 'png' | 'txt' | 'link' | 'fifo', string?][];
  classes: string[];
  class_to_idx: Record<string, number>;
  samples: [string, number][];
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'image_folder.json'), 'utf8')) as Fixture;

function build(): string {
  const root = tempDir();
  const png = Image.fromData(Uint8Array.of(1, 2, 3, 4), 2, 2, 'L').toPng();
  for (const [rel, kind, target] of fixture.spec) {
    const path = fsEncode(`${root}/${rel}`);
    if (kind === 'dir') mkdirSync(path);
    else if (kind === 'link') symlinkSync(fsEncode(target!), path);
    else if (kind === 'fifo') execFileSync('mkfifo', [path.toString()]);
    else writeFileSync(path, kind === 'png' ? png : 'not an image');
  }
  return root;
}

describe('ImageFolder matches torchvision 0.14', () => {
  const root = build();
  const ds = new datasets.ImageFolder(root);

  it('classes: folders and links to folders, sorted by code point (not UTF-16 units), non-UTF-8 names as Python shows them', () => {
    expect(ds.classes).toEqual(fixture.classes);
    expect(ds.classToIdx).toEqual(fixture.class_to_idx);
    expect(ds.classes).toContain('caf\udce9');
    expect(ds.classes.indexOf('\ufb00')).toBeLessThan(ds.classes.indexOf('\u{1d49c}'));
  });

  it("samples: a folder's files before its subfolders', folders in path order, links followed", () => {
    expect(ds.samples.map(([p, t]) => [p.slice(root.length + 1), t])).toEqual(fixture.samples);
    expect(ds.targets).toEqual(fixture.samples.map(([, t]) => t));
  });

  it('every listed sample loads, or fails with a clear error naming ImageFolder.getItem and the file', async () => {
    const index = (rel: string) => ds.samples.findIndex(([p]) => p === `${root}/${rel}`);
    const [img, label] = await ds.getItem(index('caf\udce9/\udcff.png'));
    expect([img.size, label]).toEqual([[2, 2], 3]);
    expect((await ds.getItem(index('c/link-to-sub/deep/4.png')))[1]).toBe(2);
    await expect(ds.getItem(index('c/dangling.png'))).rejects.toThrow(/^ImageFolder\.getItem: '.*\/c\/dangling\.png' is a symbolic link to a file that does not exist \(ENOENT\)$/);
    await expect(ds.getItem(index('c/fifo.png'))).rejects.toThrow(/^ImageFolder\.getItem: '.*\/c\/fifo\.png' is a FIFO \(named pipe\), not a regular file/);
    writeFileSync(join(root, 'b', '_.png'), 'not a png');
    await expect(ds.getItem(index('b/_.png'))).rejects.toThrow(/^ImageFolder\.getItem: cannot decode '.*\/b\/_\.png' as PNG: it does not start with the PNG signature/);
  });
});

describe('ImageFolder errors', () => {
  it('a missing root or a file as root names the folder', () => {
    const root = tempDir();
    expect(() => new datasets.ImageFolder(join(root, 'nope'))).toThrow(/^ImageFolder: no such folder '.*nope' \(ENOENT\)$/);
    writeFileSync(join(root, 'f'), '');
    expect(() => new datasets.ImageFolder(join(root, 'f'))).toThrow(/^ImageFolder: not a folder: '.*\/f' \(ENOTDIR\)$/);
  });

  it('a link back to a parent folder is an error, not an endless walk', () => {
    const root = tempDir();
    mkdirSync(join(root, 'cls', 'sub'), { recursive: true });
    writeFileSync(join(root, 'cls', 'sub', 'a.png'), '');
    symlinkSync('..', join(root, 'cls', 'sub', 'up'));
    expect(() => new datasets.ImageFolder(root)).toThrow(/^ImageFolder: '.*\/cls\/sub\/up' is a link back to a folder that contains it \(a loop\)/);
  });
});
