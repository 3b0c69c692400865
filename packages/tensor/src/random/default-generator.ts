// The process-wide default generator, like PyTorch's default CPU generator (used by torch.rand & co.
// when no generator is given).
//
// It lives on globalThis under a Symbol.for key, so the CJS and the ESM copy of this library, when
// both are loaded in one process, share one stream: torch.manual_seed through either copy seeds
// both. The two copies have different Generator classes, so the stored object is recognized with
// isGenerator (a Symbol.for brand) and only its public methods are called.

import { Generator, isGenerator, nondeterministicSeed } from './generator';

const KEY = Symbol.for('@x/tensor.defaultGenerator');

/** The shared default generator; created on first use from a non-deterministic seed, as in PyTorch. */
export function defaultGenerator(): Generator {
  const slot = globalThis as unknown as Record<symbol, unknown>;
  const existing = slot[KEY];
  if (isGenerator(existing)) return existing;
  const gen = new Generator(nondeterministicSeed());
  Object.defineProperty(globalThis, KEY, { value: gen, writable: true, configurable: true, enumerable: false });
  return gen;
}

/** Seeds the default generator and returns it (torch.manual_seed). */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator().manualSeed(seed);
}

/** Re-seeds the default generator non-deterministically and returns the seed (torch.seed). */
export function seed(): number {
  return defaultGenerator().seed();
}

/** The default generator's initial seed (torch.initial_seed). */
export function initialSeed(): bigint {
  return defaultGenerator().initialSeed();
}

/** The default generator's state (torch.get_rng_state). */
export function getRngState(): Uint8Array {
  return defaultGenerator().getState();
}

/** Restores the default generator's state (torch.set_rng_state). */
export function setRngState(state: Uint8Array): void {
  defaultGenerator().setState(state);
}
