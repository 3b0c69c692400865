import { Generator, defaultGenerator } from '@x/tensor';

/** A 64-bit seed drawn from `generator` (or the global one), as PyTorch's `torch.empty((), dtype=torch.int64).random_()`. */
export function drawSeed(generator?: Generator): bigint {
  const g = generator ?? defaultGenerator();
  return (BigInt(g.nextUint32()) << 32n) | BigInt(g.nextUint32());
}

/** A fresh generator seeded from `generator` or the global one. */
export function childGenerator(generator?: Generator): Generator {
  return new Generator(drawSeed(generator));
}
