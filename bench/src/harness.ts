// Timing harness: warm-up runs (JIT, allocator and backend caches settle), then timed repetitions;
// the median is the statistic, as it ignores the occasional GC pause or scheduler hiccup.
// The sides of one case are interleaved in rounds, so a burst of load on a shared machine slows all
// of them alike instead of whichever side happened to be running.
// No forced gc() between samples: on this V8 a forced full GC slowed the following run ~10x
// (64x64 matmul: 1 ms -> 10 ms, on @x and tfjs-cpu alike), which would measure the GC, not the op.
import { performance } from 'node:perf_hooks';

export interface Side<T> {
  /** Runs before each of this side's rounds, untimed (tfjs: select its backend). */
  activate(): Promise<void>;
  run(): T;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  reps: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times every side `reps` times in `rounds` interleaved chunks; also returns each side's last result. */
export async function measure<T>(sides: readonly Side<T>[], warmup: number, reps: number, rounds: number): Promise<{ timing: Timing; last: T }[]> {
  const samples: number[][] = sides.map(() => []);
  const last: T[] = [];
  for (const [s, side] of sides.entries()) {
    await side.activate();
    for (let i = 0; i < warmup; i++) last[s] = side.run();
  }
  for (let r = 0; r < rounds; r++) {
    // Spread reps over the rounds; the first rounds take the remainder.
    const chunk = Math.floor(reps / rounds) + (r < reps % rounds ? 1 : 0);
    for (const [s, side] of sides.entries()) {
      await side.activate();
      for (let i = 0; i < chunk; i++) {
        const t0 = performance.now();
        last[s] = side.run();
        samples[s]!.push(performance.now() - t0);
      }
    }
  }
  return sides.map((_, s) => ({
    timing: { medianMs: median(samples[s]!), minMs: Math.min(...samples[s]!), reps },
    last: last[s]!,
  }));
}
