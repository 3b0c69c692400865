// Atomic writes: a failure at any step leaves the previous file byte-identical and no temp file behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync, statSync, chmodSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicWriteFs } from '../src/serialize/node-io';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'x-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const OLD = new Uint8Array([1, 2, 3, 4, 5]);
const NEW = new Uint8Array(100_000).map((_, i) => i % 251);

/** The real fs, with one step made to fail. */
function failing(step: 'open' | 'write' | 'sync' | 'close' | 'rename'): AtomicWriteFs {
  const boom = () => Promise.reject(new Error(`simulated ${step} failure`));
  return {
    stat: fsp.stat,
    realpath: fsp.realpath,
    unlink: fsp.unlink,
    rename: step === 'rename' ? boom : fsp.rename,
    async open(path, flags, mode) {
      if (step === 'open') return boom();
      const handle = await fsp.open(path, flags, mode);
      let writes = 0;
      return {
        // A write error after part of the data is on disk, as a full disk gives.
        write: ((buffer: Uint8Array, offset: number, length: number, position: number) => {
          if (step === 'write' && writes++ > 0) return boom();
          return handle.write(buffer, offset, Math.min(length, 1000), position);
        }) as typeof handle.write,
        sync: step === 'sync' ? boom : () => handle.sync(),
        close: step === 'close' ? () => handle.close().then(boom) : () => handle.close(),
      };
    },
  };
}

describe('writeFileAtomic', () => {
  it('creates and then replaces a file', async () => {
    const target = join(dir, 'a.safetensors');
    await writeFileAtomic(target, OLD);
    expect(new Uint8Array(readFileSync(target))).toEqual(OLD);
    await writeFileAtomic(target, NEW);
    expect(new Uint8Array(readFileSync(target))).toEqual(NEW);
    expect(readdirSync(dir)).toEqual(['a.safetensors']);
  });

  for (const step of ['open', 'write', 'sync', 'close', 'rename'] as const) {
    it(`leaves the previous file byte-identical and no temp file when ${step} fails`, async () => {
      const target = join(dir, 'model.safetensors');
      writeFileSync(target, OLD);
      await expect(writeFileAtomic(target, NEW, failing(step))).rejects.toThrow(`simulated ${step} failure`);
      expect(new Uint8Array(readFileSync(target))).toEqual(OLD);
      expect(readdirSync(dir)).toEqual(['model.safetensors']);
    });
  }

  it('fails cleanly when the target is a directory', async () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), OLD);
    await expect(writeFileAtomic(target, NEW)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(new Uint8Array(readFileSync(join(target, 'inside')))).toEqual(OLD);
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'f.safetensors'), NEW)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes through a symlink to its file and keeps the file mode', async () => {
    const real = join(dir, 'real.safetensors');
    writeFileSync(real, OLD);
    chmodSync(real, 0o640);
    symlinkSync(real, join(dir, 'latest.safetensors'));
    await writeFileAtomic(join(dir, 'latest.safetensors'), NEW);
    expect(new Uint8Array(readFileSync(real))).toEqual(NEW);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['latest.safetensors', 'real.safetensors']);
  });
});
