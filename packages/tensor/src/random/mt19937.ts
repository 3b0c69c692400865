// The Mersenne Twister MT19937 as PyTorch's CPU generator runs it (ATen's at::mt19937: seeded from the low
// 32 bits of the seed with Knuth's multiplier, the state regenerated lazily when `left` reaches 0).
// Written from the reference algorithm (Matsumoto and Nishimura, 1998) and checked against PyTorch's stream.

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;

export class MT19937 {
  /** The seed given (all 64 bits, as PyTorch keeps it); only its low 32 bits seed the state. */
  seed = 0n;
  readonly state = new Uint32Array(MT_N);
  /** Draws left before the state is regenerated, plus one (1..624); PyTorch's `left_`. */
  left = 1;
  /** Index of the next state word to temper; PyTorch's `next_`. */
  next = 0;

  constructor(seed: bigint = 5489n) {
    this.reseed(seed);
  }

  reseed(seed: bigint): void {
    this.seed = seed;
    const s = this.state;
    s[0] = Number(seed & 0xffffffffn);
    for (let j = 1; j < MT_N; j++) {
      const prev = s[j - 1]!;
      s[j] = Math.imul(1812433253, prev ^ (prev >>> 30)) + j;
    }
    this.left = 1;
    this.next = 0;
  }

  nextUint32(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private regenerate(): void {
    const s = this.state;
    this.left = MT_N;
    this.next = 0;
    for (let k = 0; k < MT_N; k++) {
      const y = (s[k]! & 0x80000000) | (s[(k + 1) % MT_N]! & 0x7fffffff);
      s[k] = s[(k + MT_M) % MT_N]! ^ (y >>> 1) ^ (s[(k + 1) % MT_N]! & 1 ? MATRIX_A : 0);
    }
  }
}
