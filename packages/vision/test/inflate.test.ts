// The bounded inflater, on both engines: node:zlib (Node) and fflate (browsers).
import { deflateSync, gzipSync } from 'node:zlib';
import { Unzlib } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { InflateBoundError, inflateBounded } from '../src/io/inflate';

const raw = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251);
const z = deflateSync(raw);
const g = gzipSync(raw);

for (const engine of ['node', 'js'] as const) {
  describe(`inflateBounded (${engine})`, () => {
    it('inflates zlib and gzip (several members too) within the bound', () => {
      expect(inflateBounded(z, 'zlib', raw.length, engine)).toEqual(raw);
      expect(inflateBounded(g, 'gzip', raw.length, engine)).toEqual(raw);
      const members = Buffer.concat([gzipSync(raw.subarray(0, 10)), gzipSync(raw.subarray(10))]);
      expect(inflateBounded(members, 'gzip', raw.length, engine)).toEqual(raw);
    });
    it('stops past the bound, however much the stream holds', () => {
      const bomb = deflateSync(new Uint8Array(64 * 2 ** 20)); // 64 KiB that inflate to 64 MiB
      // Counted, not timed: the JS engine must stop at its first 4 KiB slice, not feed all 16.
      const pushes = vi.spyOn(Unzlib.prototype, 'push');
      expect(() => inflateBounded(bomb, 'zlib', 1000, engine)).toThrow(InflateBoundError);
      if (engine === 'js') expect(pushes.mock.calls.length).toBe(1);
      pushes.mockRestore();
      expect(() => inflateBounded(z, 'zlib', raw.length - 1, engine)).toThrow(`the data inflates to more than ${raw.length - 1} bytes`);
    });
    it('a bound from the head of the output', () => {
      const bound = (head: Uint8Array) => (head[1] === 0 ? 10 : raw.length);
      expect(inflateBounded(g, 'gzip', { headBytes: 4, bound }, engine)).toEqual(raw);
      expect(() => inflateBounded(gzipSync(new Uint8Array(50)), 'gzip', { headBytes: 4, bound }, engine)).toThrow(InflateBoundError);
      expect(() => inflateBounded(g, 'gzip', { headBytes: 4, bound: () => { throw new Error('bad header'); } }, engine)).toThrow('bad header');
    });
    it('truncated or corrupted streams are errors', () => {
      expect(() => inflateBounded(z.subarray(0, z.length - 6), 'zlib', raw.length, engine)).toThrow(/ends too early \(truncated\)/);
      expect(() => inflateBounded(g.subarray(0, g.length - 10), 'gzip', raw.length, engine)).toThrow(/ends too early \(truncated\)/);
      expect(() => inflateBounded(new Uint8Array(0), 'zlib', 10, engine)).toThrow(/truncated|corrupted/);
      const badSum = Uint8Array.from(z);
      badSum[badSum.length - 1]! ^= 1;
      expect(() => inflateBounded(badSum, 'zlib', raw.length, engine)).toThrow(/corrupted|checksum/);
      const badCrc = Uint8Array.from(g);
      badCrc[badCrc.length - 6]! ^= 1;
      expect(() => inflateBounded(badCrc, 'gzip', raw.length, engine)).toThrow(/corrupted|CRC-32/);
    });
  });
}
