// Timing harness: warm-up runs (JIT, allocator and backend caches settle), then timed repetitions;
// the median is the statistic, as it ignores the occasional GC pause or scheduler hiccup.
// The sides of one case are interleaved in rounds, so a burst of load on a shared machine slows all
// of them alike instead of whichever side happened to be running.
// No forced gc() between samples: on this V8 a forced full GC slowed the following run ~10x
// (64x64 matmul: 1 ms -> 10 ms, on @x and tfjs-cpu alike), which would measure the GC, not the op.
import { performance } from 'node:perf_hooks';
import type { Runner } from './cases';

/**
 * Idle time before each side's round, so that the threads of the side before have gone to sleep:
 * PyTorch's OpenMP threads spin for about 10 ms after its last op (measured: 10.5 ms of CPU in a
 * 100 ms sleep after 2-thread MLP steps), and @x's helper threads 1 ms; spinning, they take a core
 * from the side timed next.
 */
const SETTLE_MS = 30;
const settle = () => new Promise<void>((r) => setTimeout(r, SETTLE_MS));

/**
 * Untimed runs at the start of each round, the same number on every side (so that stateful cases,
 * training steps, still compare), so that the side's threads are awake again after the settle, as
 * they are in a training loop: a thread woken from sleep in this VM takes ~0.3 ms to run (a 128 x 128
 * matmul on 2 threads: 0.40 ms, then 0.10, then 0.075 ms a run after 30 ms of idle).
 */
const ROUND_WARMUP_REPS = 2;

export interface Side {
  readonly label: string;
  /** Runs before each of this side's rounds, untimed (tfjs: select its backend). */
  activate(): Promise<void>;
  /** Runs the case `reps` times; each run's milliseconds. */
  batch(reps: number): Promise<number[]>;
  /** The last run's result. */
  last(): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** A side that runs in this process. */
export function localSide(label: string, runner: Runner, activate: () => Promise<void> = async () => undefined): Side {
  let result: Float32Array | (() => Float32Array) = new Float32Array(0);
  return {
    label,
    activate,
    batch: async (reps) => {
      const ms: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        result = runner.run();
        ms.push(performance.now() - t0);
      }
      return ms;
    },
    last: async () => (typeof result === 'function' ? result() : result),
    dispose: async () => runner.dispose(),
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times every side `reps` times in `rounds` interleaved chunks, after `warmup` runs each; each side's median and best run in ms. */
export async function measure(sides: readonly Side[], warmup: number, reps: number, rounds: number, roundWarmup = ROUND_WARMUP_REPS): Promise<{ median: number; best: number }[]> {
  const samples: number[][] = sides.map(() => []);
  for (const side of sides) {
    await side.activate();
    await side.batch(warmup);
  }
  for (let r = 0; r < rounds; r++) {
    // Spread reps over the rounds; the first rounds take the remainder.
    const chunk = Math.floor(reps / rounds) + (r < reps % rounds ? 1 : 0);
    // alternate the order of the sides from round to round
    const order = r % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
    for (const s of order) {
      await sides[s]!.activate();
      await settle();
      if (roundWarmup > 0) await sides[s]!.batch(roundWarmup);
      samples[s]!.push(...(await sides[s]!.batch(chunk)));
    }
  }
  return samples.map((s) => ({ median: median(s), best: Math.min(...s) }));
}
