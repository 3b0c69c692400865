import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdxFile } from '../src/datasets/idx';
import { tempDir } from './idx-fixtures';

const images = encodeIdx([2, 3, 4], Uint8Array.from({ length: 24 }, (_, i) => i));

describe('IDX parsing', () => {
  it('reads dims and data of a raw file', () => {
    const { dims, data } = parseIdx(images, 'x', 3);
    expect(dims).toEqual([2, 3, 4]);
    expect(Array.from(data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(data.constructor).toBe(Uint8Array);
  });

  it('reads gzipped files, detected by their magic bytes whatever the name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.gz'), gzipSync(images));
    writeFileSync(join(dir, 'b'), gzipSync(images));
    writeFileSync(join(dir, 'c'), images);
    for (const f of ['a.gz', 'b', 'c']) expect(readIdxFile(join(dir, f), 3).dims).toEqual([2, 3, 4]);
  });

  it('reads a labels file (magic 0x00000801)', () => {
    const labels = encodeIdx([3], Uint8Array.from([5, 0, 4]));
    expect(Array.from(labels.subarray(0, 4))).toEqual([0, 0, 8, 1]);
    expect(Array.from(parseIdx(labels, 'l', 1).data)).toEqual([5, 0, 4]);
  });

  it('rejects a wrong magic number, naming the file and the expected magic', () => {
    const bad = Uint8Array.from(images);
    bad[2] = 0x0d; // float32 type code
    expect(() => parseIdx(bad, 'bad-file', 3)).toThrow(/wrong magic number 0x00000d03 in bad-file \(expected 0x00000803\)/);
    expect(() => parseIdx(images, 'labels-file', 1)).toThrow(/wrong magic number 0x00000803 in labels-file \(expected 0x00000801\): not a uint8 IDX labels file/);
    expect(() => parseIdx(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'png', 3)).toThrow(/wrong magic number 0x89504e47/);
  });

  it('rejects a truncated file with the expected and actual sizes', () => {
    expect(() => parseIdx(images.subarray(0, 2), 'f', 3)).toThrow(/f is truncated: expected at least a 4-byte header, got 2 bytes/);
    expect(() => parseIdx(images.subarray(0, 10), 'f', 3)).toThrow(/f is truncated: its header needs 16 bytes, got 10/);
    expect(() => parseIdx(images.subarray(0, 30), 'f', 3)).toThrow(/f is truncated: dims \[2, 3, 4\] need 40 bytes, got 30/);
  });

  it('rejects a truncated gzip file', () => {
    const gz = gzipSync(images);
    expect(() => parseIdx(gz.subarray(0, gz.length - 10), 'f.gz', 3)).toThrow(/cannot gunzip f.gz \(truncated or corrupted gzip file\)/);
  });

  it('rejects trailing bytes as a size mismatch', () => {
    const long = new Uint8Array(images.length + 3);
    long.set(images);
    expect(() => parseIdx(long, 'f', 3)).toThrow(/size mismatch in f: dims \[2, 3, 4\] need 40 bytes, got 43/);
  });

  it('inflates a gzipped file no further than its header declares (a 64 MiB bomb stops at once)', () => {
    const bomb = new Uint8Array(64 * 2 ** 20);
    bomb.set(encodeIdx([2, 3, 4], new Uint8Array(24)));
    const gz = gzipSync(bomb);
    expect(gz.length).toBeLessThan(2 ** 20);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    expect(() => parseIdx(gz, 'bomb.gz', 3)).toThrow(/^IDX: size mismatch in bomb\.gz: dims \[2, 3, 4\] need 40 bytes, but the gzip data inflates to more; delete it and download it again$/);
    expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 2 ** 20);
  });

  it('a gzipped header declaring more than the data holds is truncated; a bad header is refused before inflating the rest', () => {
    const short = gzipSync(encodeIdx([60000, 28, 28], new Uint8Array(100)));
    expect(() => parseIdx(short, 's.gz', 3)).toThrow(/^IDX: s\.gz is truncated: dims \[60000, 28, 28\] need 47040016 bytes, got 116$/);
    const labels = gzipSync(encodeIdx([3], new Uint8Array(3)));
    expect(() => parseIdx(labels, 'l.gz', 3)).toThrow(/wrong magic number 0x00000801 in l\.gz \(expected 0x00000803\)/);
    expect(() => parseIdx(gzipSync(new Uint8Array(2)), 'tiny.gz', 3)).toThrow(/tiny\.gz is truncated: expected at least a 4-byte header, got 2 bytes/);
  });

  it('a raw file whose length differs from its header is refused before its data is read', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big'), Buffer.concat([Buffer.from(images), Buffer.alloc(1000)]));
    expect(() => readIdxFile(join(dir, 'big'), 3)).toThrow(/size mismatch in .*big: dims \[2, 3, 4\] need 40 bytes, got 1040/);
  });
});
