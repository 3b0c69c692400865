// The size classes devices pool memory by: 2^k * {4, 5, 6, 7} / 4 bytes, so a block is at most 25%
// larger than asked and a training loop's same-size requests meet the same class every step. Each
// backend adds its own floor (the CPU heap's 16-byte alignment, WebGPU's 256-byte minimum).

/**
 * For backend authors: the smallest 2^k * q / 4 (q = 4…7) that holds `bytes` (bytes >= 1), the pools'
 * size class (the CPU heap and buffer pool, the WebGPU buffer pool).
 */
export function quarterStepClass(bytes: number): number {
  // 2^k <= bytes < 2^(k+1), then the quarter steps of 2^k (below 2^32 with clz32, above it with log2)
  const base = bytes < 2 ** 32 ? 2 ** (31 - Math.clz32(bytes)) : 2 ** Math.floor(Math.log2(bytes));
  const quarter = base / 4;
  return base + Math.ceil((bytes - base) / quarter) * quarter;
}
