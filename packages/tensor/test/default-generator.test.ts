// The default generators: the CPU's (PyTorch's stream), one per other device (Philox), seeded together.
import { describe, expect, it, vi } from 'vitest';
import { Generator, isGenerator } from '../src/random/generator';

// The test devices this file registers, named for the types as a third-party backend names its own.
declare module '../src/index' {
  interface DeviceNames {
    'device-a': true;
    'device-b': true;
  }
}
import {
  defaultGenerator, getRngState, initialSeed, manualSeed, seed, setRngState,
} from '../src/random/default-generator';

function draws(g: { nextUint32(): number }, n: number): number[] {
  return Array.from({ length: n }, () => g.nextUint32());
}

describe('device generators', () => {
  it('each device other than the CPU has its own Philox default generator, seeded by manualSeed', () => {
    const before = defaultGenerator('device-a');
    expect(before.kind).toBe('philox');
    expect(before.device).toBe('device-a');
    expect(defaultGenerator().kind).toBe('mt19937');
    manualSeed(31);
    expect(before.initialSeed()).toBe(31n);
    expect(draws(before, 4)).toEqual(draws(new Generator({ device: 'device-a', seed: 31 }), 4));
    // one made after the seeding starts from it, as PyTorch seeds CUDA's generators when they start
    expect(draws(defaultGenerator('device-b'), 4)).toEqual(draws(new Generator({ device: 'device-b', seed: 31 }), 4));
    expect(defaultGenerator('device-a')).toBe(before);
  });

  it('new Generator() is a CPU generator; options choose the device and seed', () => {
    expect(new Generator().device).toBe('cpu');
    expect(new Generator({ seed: 5 }).initialSeed()).toBe(5n);
    expect(new Generator({ device: 'webgpu', seed: 5 }).kind).toBe('philox');
    // @ts-expect-error: '' is no device name, for the types either
    expect(() => new Generator({ device: '' })).toThrow(/device must be a device string/);
  });
});

describe('the default CPU generator', () => {
  it('manualSeed seeds the shared default generator and returns it', () => {
    const g = manualSeed(42);
    expect(g).toBe(defaultGenerator());
    expect(initialSeed()).toBe(42n);
    expect(draws(g, 5)).toEqual(draws(new Generator(42), 5));
  });

  it('seed() re-seeds it non-deterministically; get/setRngState round-trip', () => {
    const s = seed();
    expect(initialSeed()).toBe(BigInt(s));
    const state = getRngState();
    const expected = draws(defaultGenerator(), 6);
    setRngState(state);
    expect(draws(defaultGenerator(), 6)).toEqual(expected);
  });

  it('lives on globalThis, so a second copy of the module shares it', async () => {
    const g = defaultGenerator();
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for('@x/tensor.defaultGenerator')]).toBe(g);
    vi.resetModules(); // the next imports are fresh module instances, as a CJS + ESM pair would be
    const copy = await import('../src/random/default-generator');
    const copyGenerator = await import('../src/random/generator');
    expect(copyGenerator.Generator).not.toBe(Generator);
    expect(copy.defaultGenerator()).toBe(g);
    copy.manualSeed(99);
    expect(initialSeed()).toBe(99n);
    expect(isGenerator(new copyGenerator.Generator(1)) && copyGenerator.isGenerator(g)).toBe(true);
    expect(new copyGenerator.Generator(1) instanceof Generator).toBe(false); // why isGenerator exists
    expect(isGenerator({}) || isGenerator(null) || isGenerator(function* gen() {}())).toBe(false);
  });
});
