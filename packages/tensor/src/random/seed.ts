// Seeds and integer ranges, checked the same way for every generator.

const U64 = 1n << 64n;

/** torch.Generator()'s default seed (c10's default_rng_seed_val), so `new Generator()` is reproducible as in PyTorch. */
export const DEFAULT_SEED = 67280421310721n;

/** Normalizes a seed like torch.manual_seed: integers in [-2^63, 2^64); negatives wrap modulo 2^64. */
export function toSeed(seed: number | bigint, op: string): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else if (typeof seed === 'number' && Number.isInteger(seed)) s = BigInt(seed);
  else throw new TypeError(`${op}: seed must be an integer (number or bigint), got ${String(seed)}`);
  if (s < -(1n << 63n) || s >= U64) {
    throw new RangeError(`${op}: seed must be in [-2^63, 2^64), got ${s}`);
  }
  return s < 0n ? s + U64 : s;
}

/** A non-deterministic seed (crypto.getRandomValues where available), 53 bits so it is exact as a number. */
export function nondeterministicSeed(): number {
  const words = new Uint32Array(2);
  const crypto = (globalThis as unknown as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (typeof crypto?.getRandomValues === 'function') {
    crypto.getRandomValues(words);
  } else {
    words[0] = Math.random() * 2 ** 32;
    words[1] = (Math.random() * 2 ** 32) ^ Date.now();
  }
  return (words[1]! >>> 11) * 2 ** 32 + words[0]!;
}

/** Checks an integer range [low, high) and returns its size (1 .. 2^53). */
export function intRange(low: number, high: number, op: string): number {
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new TypeError(`${op}: low and high must be integers, got low=${low}, high=${high}`);
  }
  if (low >= high) throw new RangeError(`${op}: expected low < high, got low=${low} >= high=${high}`);
  const range = high - low;
  // high - range !== low catches a difference that was rounded (it exceeded 2^53).
  if (Math.abs(low) > 2 ** 53 || Math.abs(high) > 2 ** 53 || range > 2 ** 53 || high - range !== low) {
    throw new RangeError(`${op}: low and high must lie in [-2^53, 2^53] and high - low <= 2^53, got low=${low}, high=${high}`);
  }
  return range;
}

/** Checks that every value of [low, high) fits the output array's element type. */
export function checkFits(out: ArrayBufferView, low: number, high: number): void {
  const fits =
    out instanceof Int32Array ? low >= -(2 ** 31) && high - 1 <= 2 ** 31 - 1 :
    out instanceof Uint8Array ? low >= 0 && high - 1 <= 255 : true; // float arrays: intRange's ±2^53
  if (!fits) {
    throw new RangeError(`randint: [${low}, ${high}) does not fit in the output's ${out.constructor.name}`);
  }
}

export function checkPermutationSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  }
}
