import { Generator, defaultGenerator } from '@x/tensor';

/**
 * A seed drawn from `generator` (or the global one) as PyTorch's `torch.empty((), dtype=torch.int64).random_()`
 * draws it: 64 random bits modulo 2^63.
 */
export function drawSeed(generator?: Generator): bigint {
  const g = generator ?? defaultGenerator();
  return g.nextUint64() & ((1n << 63n) - 1n);
}

/** A fresh generator seeded from `generator` or the global one. */
export function childGenerator(generator?: Generator): Generator {
  return new Generator(drawSeed(generator));
}
