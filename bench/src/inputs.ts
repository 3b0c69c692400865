// Deterministic float32 inputs, so every side (and every run) gets the same numbers.
export interface Input {
  shape: number[];
  data: Float32Array;
}

// mulberry32: tiny, seedable, good enough for benchmark data.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [-1, 1): keeps exp/sigmoid in range and relu half active. */
export function uniform(shape: number[], seed: number): Input {
  const n = shape.reduce((a, b) => a * b, 1);
  const next = rng(seed);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = next() * 2 - 1;
  return { shape, data };
}
