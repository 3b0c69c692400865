// numpy's float64 summation order (pairwise, unrolled by 8), so that averages match scikit-learn to the
// last bit: the report rounds them, and a one-ulp difference can flip a printed digit at a tie.

const BLOCK = 128; // numpy's PW_BLOCKSIZE

/** np.add.reduce over a float64 array (numpy/core/src/umath/loops_utils.h.src, pairwise_sum). */
export function pairwiseSum(a: readonly number[], start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    const r = a.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** np.mean (and np.average without weights); NaN for no values, as numpy. */
export function mean(a: readonly number[]): number {
  return pairwiseSum(a) / a.length;
}

/** np.average(a, weights=w): sum(a * w) / sum(w). */
export function weightedAverage(a: readonly number[], w: readonly number[]): number {
  return pairwiseSum(a.map((v, i) => v * w[i])) / pairwiseSum(w);
}
