// powInt(x, n) equals Python's x ** n (C's pow), which V8's ** does not always: Adam's float64 bias
// corrections depend on it.
import { describe, expect, it } from 'vitest';
import { powInt } from '../src/pow';
import { loadFixture } from './fixtures';

interface PowFixture {
  cases: { base: number; values: [number, number][] }[];
}

describe('powInt against Python', () => {
  const fixture = loadFixture<PowFixture>('pow.json');
  for (const { base, values } of fixture.cases) {
    it(`${base} ** n for n in 0..100 and up to ${values[values.length - 1]![0]}`, () => {
      const wrong = values.filter(([n, v]) => powInt(base, n) !== v).map(([n, v]) => `${base} ** ${n}: ${powInt(base, n)} != ${v}`);
      expect(wrong).toEqual([]);
    });
  }

  it("shows why: V8's ** is an ulp off where powInt is not", () => {
    expect(powInt(0.9, 4)).toBe(0.6561);
    expect(powInt(0.7, 4)).toBe(0.24009999999999995);
  });

  it('falls back to ** outside integer exponents', () => {
    expect(powInt(0.5, -2)).toBe(4);
    expect(powInt(4, 0.5)).toBe(2);
    expect(powInt(0, 3)).toBe(0);
    expect(powInt(Infinity, 2)).toBe(Infinity);
    expect(powInt(1e200, 3)).toBe(Infinity);
  });
});
