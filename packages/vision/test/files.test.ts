// Issue 9: readers refuse what is not a regular file (after following links), never read forever from
// /dev/zero or block on a FIFO, and name themselves and the file in every error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasets, Image } from '../src/index';
import { tempDir } from './idx-fixtures';

/** A folder with a symlink to /dev/zero, a FIFO, a directory and a dangling link. */
export function hostileFolder(): Record<'zero' | 'random' | 'fifo' | 'dir' | 'dangling' | 'missing', string> {
  const root = tempDir();
  const p = (n: string) => join(root, n);
  symlinkSync('/dev/zero', p('zero.png'));
  symlinkSync('/dev/urandom', p('random.png'));
  execFileSync('mkfifo', [p('fifo.png')]);
  mkdirSync(p('dir.png'));
  symlinkSync(p('nowhere.png'), p('dangling.png'));
  return { zero: p('zero.png'), random: p('random.png'), fifo: p('fifo.png'), dir: p('dir.png'), dangling: p('dangling.png'), missing: p('missing.png') };
}

describe('Image.open reads regular files only', () => {
  const f = hostileFolder();
  const cases: [keyof typeof f, RegExp][] = [
    ['zero', /^Image\.open: '.*zero\.png' is a character device, not a regular file; pass the path of a file$/],
    ['random', /^Image\.open: '.*random\.png' is a character device, not a regular file/],
    ['fifo', /^Image\.open: '.*fifo\.png' is a FIFO \(named pipe\), not a regular file/],
    ['dir', /^Image\.open: '.*dir\.png' is a directory, not a regular file/],
    ['dangling', /^Image\.open: '.*dangling\.png' is a symbolic link to a file that does not exist \(ENOENT\)$/],
    ['missing', /^Image\.open: no such file '.*missing\.png' \(ENOENT\)$/],
  ];
  for (const [kind, message] of cases) {
    it(kind, async () => {
      const t0 = performance.now();
      await expect(Image.open(f[kind])).rejects.toThrow(message);
      expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    });
  }
  it('a link to a regular file is followed', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.png'), Image.fromData(Uint8Array.of(1, 2), 2, 1, 'L').toPng());
    symlinkSync(join(root, 'a.png'), join(root, 'b.png'));
    expect([...(await Image.open(join(root, 'b.png'))).data]).toEqual([1, 2]);
  });
});

describe('readIdxFile reads regular files only, without blocking the event loop', () => {
  const f = hostileFolder();
  const cases: [keyof typeof f, RegExp][] = [
    ['zero', /^readIdxFile: '.*zero\.png' is a character device, not a regular file/],
    ['fifo', /^readIdxFile: '.*fifo\.png' is a FIFO \(named pipe\), not a regular file/],
    ['dir', /^readIdxFile: '.*dir\.png' is a directory, not a regular file/],
    ['dangling', /^readIdxFile: '.*dangling\.png' is a symbolic link to a file that does not exist \(ENOENT\)$/],
    ['missing', /^readIdxFile: no such file '.*missing\.png' \(ENOENT\)$/],
  ];
  for (const [kind, message] of cases) {
    it(kind, () => {
      const t0 = performance.now();
      expect(() => datasets.readIdxFile(f[kind], 3)).toThrow(message);
      expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    });
  }
});
