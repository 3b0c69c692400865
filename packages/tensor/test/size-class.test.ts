// The pools' size class: the smallest 2^k * q / 4 (q = 4..7) holding the request, checked against that
// rule spelled out, from 1 byte to past what a wasm32 memory holds.
import { describe, expect, it } from 'vitest';
import { quarterStepClass } from '../src/index';

function byTheRule(bytes: number): number {
  for (let k = 0; ; k++) for (let q = 4; q <= 7; q++) if ((2 ** k * q) / 4 >= bytes && (2 ** k * q) / 4 >= 1) return (2 ** k * q) / 4;
}

describe('quarterStepClass', () => {
  it('is the smallest quarter step of a power of two that holds the request', () => {
    for (let b = 1; b <= 5000; b++) expect(quarterStepClass(b)).toBe(byTheRule(b));
    for (const b of [65535, 65536, 65537, 98304, 98305, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 7 * 2 ** 33 + 5]) {
      expect(quarterStepClass(b)).toBe(byTheRule(b));
    }
  });

  it('wastes at most a quarter of a power of two', () => {
    for (let b = 1; b < 2 ** 24; b = Math.ceil(b * 1.37) + 1) {
      const c = quarterStepClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c - b).toBeLessThanOrEqual(b / 4 + 1);
    }
  });
});
