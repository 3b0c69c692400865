// The benchmark cases: what each side computes, on the same inputs (inputs.ts; pytorch/server.py
// generates the same numbers under the same case names). Each side prepares a case once (inputs,
// models) and then runs it repeatedly; a run returns its result as float32, which the bench compares
// across sides before it compares their timings.
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import * as tf from '@tensorflow/tfjs';
import { uniform, type Input } from './inputs';

export type Group = 'elementwise' | 'matmul' | 'training';

export interface Runner {
  /**
   * One timed run. Returns its result, or a function that reads the result (called once, after the
   * timing): a case whose result is a tensor times the op alone, as the PyTorch side does, and reads
   * its last result only to compare the sides.
   */
  run(): Float32Array | (() => Float32Array);
  dispose(): void;
}

/** The JavaScript sides' throwaway warm-up per case, unless the case says otherwise. */
export const DEFAULT_WARMUP_MS = 300;

export interface Case {
  name: string;
  group: Group;
  warmup: number;
  /**
   * Before the sides' warm-up runs, throwaway copies of the JavaScript sides' case (@x on 1 and on 2
   * threads, each tfjs backend) run this long (ms; DEFAULT_WARMUP_MS when not given): V8 optimizes
   * the many functions of a step over its first few hundred runs (an MLP step's median over the 100
   * runs after 20 warm-ups is ~1.4x its steady state; a 128 x 128 matmul's ~1.9x), which PyTorch's
   * C++ does not need. The timed sides still run the same steps, so their results compare.
   */
  warmupMs?: number;
  /** Untimed runs at the start of each side's round (harness.ts, ROUND_WARMUP_REPS when not given). */
  roundWarmup?: number;
  reps: number;
  /** The reps are split into this many rounds, interleaved across the sides. */
  rounds: number;
  /** Largest accepted |ours - theirs| relative to max(1, max |theirs|): a guard that both do the same work. */
  tol: number;
  ours(): Runner;
  /** The same work in TensorFlow.js on the active backend (absent: the row has no tfjs column). */
  tfjs?(): Runner;
  /** tfjs backends that cannot run the case (a missing kernel), with why. */
  tfjsMissing?: Partial<Record<'cpu' | 'wasm', string>>;
}

/** Frees a tensor's memory now where the API has dispose() (the device contract), else leaves it to the GC. */
function free(t: torch.Tensor): void {
  (t as { dispose?: () => void }).dispose?.();
}

/** torch.tidy where the API has it (the device contract), else a plain call. */
function tidy<T>(fn: () => T): T {
  const t = (torch as { tidy?: <R>(f: () => R) => R }).tidy;
  return t ? t(fn) : fn();
}

/** An input as an @x tensor (in a tidy: only the reshaped view holds the memory). */
const ours = (x: Input) => tidy(() => torch.tensor(x.data, { dtype: 'float32' }).reshape(x.shape));

/**
 * A case computing one op on prepared inputs. A run is the op, its result computed in memory (these
 * CPU backends compute when called) and the previous run's result freed, as on the PyTorch side
 * (which keeps its last result until the next one replaces it); intermediates (softmax's) are freed
 * by a tidy on both JavaScript sides. Only the last result is read back, to compare the sides: a
 * read per run copies the result (4 MB for 1e6 floats: 1-2 ms of fresh pages) on @x and tfjs, a copy
 * the PyTorch side never made.
 */
function op(name: string, group: Group, inputs: Input[], timing: Pick<Case, 'warmup' | 'reps' | 'rounds' | 'tol'>,
  fx: (xs: torch.Tensor[]) => torch.Tensor, ft: (xs: tf.Tensor[]) => tf.Tensor): Case {
  return {
    name, group, ...timing,
    ours: () => {
      const xs = inputs.map(ours);
      let last: torch.Tensor | null = null;
      return {
        run: () => {
          const y = tidy(() => fx(xs));
          if (last !== null) free(last);
          last = y;
          return () => y.dataSync() as Float32Array;
        },
        dispose: () => {
          if (last !== null) free(last);
          xs.forEach(free);
        },
      };
    },
    tfjs: () => {
      const xs = inputs.map((i) => tf.tensor(i.data.slice(), i.shape, 'float32'));
      let last: tf.Tensor | null = null;
      return {
        run: () => {
          const y = tf.tidy(() => ft(xs));
          last?.dispose();
          last = y;
          return () => y.dataSync() as Float32Array;
        },
        dispose: () => {
          last?.dispose();
          tf.dispose(xs);
        },
      };
    },
  };
}

const N = 1_000_000;
const EW = { warmup: 5, reps: 40, rounds: 5, tol: 1e-5 };

function elementwise(): Case[] {
  const a = uniform([N], 1);
  const b = uniform([N], 2);
  const m = uniform([1000, 1000], 3);
  const row = uniform([1000], 4);
  return [
    op('add [1e6]+[1e6]', 'elementwise', [a, b], EW, ([x, y]) => x!.add(y!), ([x, y]) => tf.add(x!, y!)),
    op('mul [1e6]*2.5', 'elementwise', [a], EW, ([x]) => x!.mul(2.5), ([x]) => tf.mul(x!, 2.5)),
    op('exp [1e6]', 'elementwise', [a], EW, ([x]) => x!.exp(), ([x]) => tf.exp(x!)),
    op('relu [1e6]', 'elementwise', [a], EW, ([x]) => x!.relu(), ([x]) => tf.relu(x!)),
    op('sigmoid [1e6]', 'elementwise', [a], EW, ([x]) => x!.sigmoid(), ([x]) => tf.sigmoid(x!)),
    op('sum [1e6]', 'elementwise', [a], { ...EW, tol: 1e-4 }, ([x]) => x!.sum(), ([x]) => tf.sum(x!)),
    op('mean [1e6]', 'elementwise', [a], EW, ([x]) => x!.mean(), ([x]) => tf.mean(x!)),
    op('max(dim=1) [1000,1000]', 'elementwise', [m], EW, ([x]) => (x!.max(1) as { values: torch.Tensor }).values, ([x]) => tf.max(x!, 1)),
    op('add [1000,1000]+[1000]', 'elementwise', [m, row], EW, ([x, y]) => x!.add(y!), ([x, y]) => tf.add(x!, y!)),
    op('softmax(dim=1) [1000,1000]', 'elementwise', [m], EW, ([x]) => nn.functional.softmax(x!, 1), ([x]) => tf.softmax(x!, 1)),
  ];
}

// Fewer repetitions as n grows.
const MATMUL: [n: number, warmup: number, reps: number, rounds: number][] = [
  [64, 10, 50, 5], [128, 5, 30, 5], [256, 3, 15, 5], [512, 2, 7, 7], [1024, 1, 5, 5],
];

function matmuls(): Case[] {
  return MATMUL.map(([n, warmup, reps, rounds]) =>
    op(`matmul ${n}x${n}`, 'matmul', [uniform([n, n], 10 + n), uniform([n, n], 20 + n)], { warmup, reps, rounds, tol: 1e-4 },
      ([x, y]) => x!.matmul(y!), ([x, y]) => tf.matMul(x!, y!)),
  );
}

const TRAIN = { warmup: 20, warmupMs: 2000, reps: 100, rounds: 5 };

/** The MNIST demo's default model (784 -> 128 -> ReLU -> 10, batch 64, cross-entropy, Adam 1e-3), weights from inputs.ts. */
function mlp(): Case {
  const w1 = uniform([128, 784], 11);
  const w2 = uniform([10, 128], 12);
  const x = uniform([64, 784], 5);
  const labels = Array.from({ length: 64 }, (_, i) => (i * 7) % 10);
  const scaled = (i: Input, s: number) => ({ shape: i.shape, data: i.data.map((v) => v * s) });
  const xs = { shape: [64, 784], data: x.data.map((v) => (v + 1) / 2) };
  return {
    name: 'MNIST MLP train step', group: 'training', ...TRAIN, tol: 2e-3,
    ours: () => {
      const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
      torch.noGrad(() => {
        const ps = model.parameters();
        ps[0]!.copy_(ours(scaled(w1, 0.036)));
        ps[1]!.fill_(0);
        ps[2]!.copy_(ours(scaled(w2, 0.088)));
        ps[3]!.fill_(0);
      });
      const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
      const lossFn = new nn.CrossEntropyLoss();
      const input = ours(xs).reshape(64, 1, 28, 28);
      const target = torch.tensor(labels, { dtype: 'int64' });
      return {
        run: () =>
          tidy(() => {
            const loss = lossFn.forward(model.forward(input), target);
            // PyTorch 1.13's default (set_to_none=False): gradients are zeroed and accumulated in place,
            // so no step leaves a gradient behind for the garbage collector
            opt.zeroGrad({ setToNone: false });
            loss.backward();
            opt.step();
            return Float32Array.of(loss.itemSync() as number);
          }),
        dispose: () => undefined,
      };
    },
    tfjs: () => {
      const init = tf.tidy(() => [
        tf.tensor(scaled(w1, 0.036).data, [128, 784]).transpose(), tf.zeros([128]),
        tf.tensor(scaled(w2, 0.088).data, [10, 128]).transpose(), tf.zeros([10]),
      ]);
      const v = init.map((t) => tf.variable(t));
      tf.dispose(init);
      const opt = tf.train.adam(1e-3);
      const input = tf.tensor(xs.data, [64, 784]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
      return {
        run: () => {
          const loss = opt.minimize(() => {
            const h = tf.relu(tf.add(tf.matMul(input, v[0]!), v[1]!));
            return tf.losses.softmaxCrossEntropy(onehot, tf.add(tf.matMul(h, v[2]!), v[3]!)) as tf.Scalar;
          }, true)!;
          const data = loss.dataSync() as Float32Array;
          loss.dispose();
          return data;
        },
        dispose: () => {
          tf.dispose([...v, input, onehot]);
          opt.dispose();
        },
      };
    },
  };
}

/** bench/conv/cnn-step.ts's step: two conv(3x3, padding 1) + ReLU + 2x2 max-pool blocks, sum, backward; returns w2's gradient. */
function cnn(): Case {
  const inputs = { x: uniform([64, 1, 28, 28], 6), w1: uniform([32, 1, 3, 3], 7), b1: uniform([32], 8), w2: uniform([64, 32, 3, 3], 9), b2: uniform([64], 10) };
  const scale = { w1: 0.5, b1: 0.1, w2: 0.1, b2: 0.1 };
  return {
    // no throwaway or per-round warm-up runs: tfjs-cpu's step takes ~40 s here, and a ~40 ms step
    // hides a thread's ~0.3 ms wake-up and its JavaScript's warm-up
    name: 'CNN train step', group: 'training', warmup: 2, warmupMs: 0, roundWarmup: 0, reps: 9, rounds: 3, tol: 1e-3,
    tfjsMissing: { wasm: "tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel (no convolution gradients)" },
    ours: () => {
      const x = ours(inputs.x);
      const [w1, b1, w2, b2] = (['w1', 'b1', 'w2', 'b2'] as const).map((k) => ours(inputs[k]).mul(scale[k]).requiresGrad_());
      return {
        run: () =>
          tidy(() => {
            let h = torch.maxPool2d(torch.conv2d(x, w1!, b1!, { padding: 1 }).relu(), 2);
            h = torch.maxPool2d(torch.conv2d(h, w2!, b2!, { padding: 1 }).relu(), 2);
            h.sum().backward();
            const g = (w2!.grad!.dataSync() as Float32Array).slice();
            // zeroed in place (PyTorch's sets them to None): the next backward accumulates into the same memory
            for (const p of [w1, b1, w2, b2]) p!.grad!.zero_();
            return g;
          }),
        dispose: () => undefined,
      };
    },
    tfjs: () => {
      // tfjs convolves NHWC with [kh, kw, in, out] filters: the same numbers, transposed
      const [x, w1, b1, w2, b2] = tf.tidy(() => [
        tf.tensor(inputs.x.data, inputs.x.shape).transpose([0, 2, 3, 1]),
        tf.tensor(inputs.w1.data, inputs.w1.shape).mul(scale.w1).transpose([2, 3, 1, 0]),
        tf.tensor(inputs.b1.data, inputs.b1.shape).mul(scale.b1),
        tf.tensor(inputs.w2.data, inputs.w2.shape).mul(scale.w2).transpose([2, 3, 1, 0]),
        tf.tensor(inputs.b2.data, inputs.b2.shape).mul(scale.b2),
      ]) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
      const f = (a: tf.Tensor4D, b: tf.Tensor1D, c: tf.Tensor4D, d: tf.Tensor1D) => {
        let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, a, 1, 'same'), b)) as tf.Tensor4D, 2, 2, 'valid');
        h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c, 1, 'same'), d)) as tf.Tensor4D, 2, 2, 'valid');
        return tf.sum(h);
      };
      const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor);
      return {
        run: () => {
          const g = tf.tidy(() => grads([w1, b1, w2, b2])[2]!.transpose([3, 2, 0, 1]));
          const data = g.dataSync() as Float32Array;
          g.dispose();
          return data;
        },
        dispose: () => tf.dispose([x, w1, b1, w2, b2]),
      };
    },
  };
}

/** apps/regression's linear fit (Linear(1, 1), MSELoss, SGD 0.01) for 1000 epochs: per-op overhead. Returns [w, b]. */
function regression(): Case {
  return {
    name: 'linear regression 1000 epochs', group: 'training', warmup: 2, reps: 10, rounds: 5, tol: 1e-4,
    ours: () => ({
      run: () => {
        const x = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
        const y = torch.tensor([[3], [5], [7], [9]], { dtype: 'float32' });
        const model = new nn.Linear(1, 1);
        torch.noGrad(() => {
          model.weight.fill_(0.5);
          model.bias!.fill_(0);
        });
        const criterion = new nn.MSELoss();
        const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
        for (let epoch = 0; epoch < 1000; epoch++) {
          tidy(() => {
            const loss = criterion.forward(model.forward(x), y);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
          });
        }
        return Float32Array.of(model.weight.itemSync() as number, model.bias!.itemSync() as number);
      },
      dispose: () => undefined,
    }),
    tfjs: () => ({
      run: () => tf.tidy(() => {
        const x = tf.tensor2d([[1], [2], [3], [4]]);
        const y = tf.tensor2d([[3], [5], [7], [9]]);
        const w = tf.variable(tf.tensor2d([[0.5]]));
        const b = tf.variable(tf.tensor1d([0]));
        const opt = tf.train.sgd(0.01);
        for (let epoch = 0; epoch < 1000; epoch++) {
          opt.minimize(() => tf.losses.meanSquaredError(y, tf.add(tf.matMul(x, w), b)) as tf.Scalar);
        }
        const out = Float32Array.of(w.dataSync()[0]!, b.dataSync()[0]!);
        tf.dispose([w, b]); // variables outlive a tidy
        opt.dispose();
        return out;
      }),
      dispose: () => undefined,
    }),
  };
}

export function allCases(): Case[] {
  return [...elementwise(), ...matmuls(), mlp(), cnn(), regression()];
}
