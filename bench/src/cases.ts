// The benchmark cases: each says what to compute once for @x and once for tfjs, on the same inputs.
import type { Tensor } from '@x/tensor';
import * as tf from '@tensorflow/tfjs';
import { uniform, type Input } from './inputs';

export interface Case {
  name: string;
  inputs: Input[];
  warmup: number;
  reps: number;
  /** The reps are split into this many rounds, interleaved across the sides. */
  rounds: number;
  /** Largest accepted |ours - theirs| relative to max(1, max |theirs|): a guard that both do the same work. */
  tol: number;
  ours: (xs: Tensor[]) => Tensor;
  theirs: (xs: tf.Tensor[]) => tf.Tensor;
}

const N = 1_000_000;
const EW = { warmup: 5, reps: 40, rounds: 5, tol: 1e-5 };

function elementwise(): Case[] {
  const a = uniform([N], 1);
  const b = uniform([N], 2);
  const m = uniform([1000, 1000], 3);
  const row = uniform([1000], 4);
  return [
    { name: 'add [1e6]+[1e6]', inputs: [a, b], ...EW, ours: ([x, y]) => x!.add(y!), theirs: ([x, y]) => tf.add(x!, y!) },
    { name: 'mul [1e6]*2.5', inputs: [a], ...EW, ours: ([x]) => x!.mul(2.5), theirs: ([x]) => tf.mul(x!, 2.5) },
    { name: 'exp [1e6]', inputs: [a], ...EW, ours: ([x]) => x!.exp(), theirs: ([x]) => tf.exp(x!) },
    { name: 'relu [1e6]', inputs: [a], ...EW, ours: ([x]) => x!.relu(), theirs: ([x]) => tf.relu(x!) },
    { name: 'sigmoid [1e6]', inputs: [a], ...EW, ours: ([x]) => x!.sigmoid(), theirs: ([x]) => tf.sigmoid(x!) },
    {
      name: 'add [1000,1000]+[1000]', inputs: [m, row], ...EW,
      ours: ([x, y]) => x!.add(y!), theirs: ([x, y]) => tf.add(x!, y!),
    },
  ];
}

// Fewer repetitions as n grows: a 1024 matmul takes about a second in plain JS.
const MATMUL: [n: number, warmup: number, reps: number, rounds: number][] = [
  [64, 10, 50, 5], [128, 5, 30, 5], [256, 3, 15, 5], [512, 2, 7, 7], [1024, 1, 3, 3],
];

function matmuls(): Case[] {
  return MATMUL.map(([n, warmup, reps, rounds]) => ({
    name: `matmul ${n}x${n}`,
    inputs: [uniform([n, n], 10 + n), uniform([n, n], 20 + n)],
    warmup, reps, rounds,
    // float32 accumulation error grows with the inner dimension; @x accumulates in float64.
    tol: 1e-4,
    ours: ([x, y]) => x!.matmul(y!),
    theirs: ([x, y]) => tf.matMul(x!, y!),
  }));
}

export function allCases(): Case[] {
  return [...elementwise(), ...matmuls()];
}
