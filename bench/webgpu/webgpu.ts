// @x on WebGPU (@x/backend-webgpu) against TensorFlow.js's WebGPU backend (@tensorflow/tfjs-backend-webgpu
// 4.22) on the same adapter in the same run: matmul n = 256..2048 (GFLOP/s and ratio), one MLP training
// step (784-128-10, batch 64, cross-entropy, Adam) and one CNN step (the MNIST demo's ConvNet).
// Every timed run ends with the result read back on both sides (a read waits for the GPU).
// Run from the repository root:
//   pnpm --filter @x/bench webgpu [matmul|mlp|cnn ...] [--sizes 256,512,1024,2048] [--batch N] [--reps N]
// On SwiftShader (no GPU; VK_DRIVER_FILES is set to it when present and unset) the bench only proves
// that it runs: sizes default to 256 and 512 there and the CNN batch to 8.
import { existsSync } from 'node:fs';

const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (process.env.VK_DRIVER_FILES === undefined && existsSync(swiftshader) && !process.argv.includes('--no-swiftshader')) process.env.VK_DRIVER_FILES = swiftshader;

const torch = await import('@x/tensor');
await import('@x/backend-cpu');
await import('@x/autograd');
const nn = await import('@x/nn');
const optim = await import('@x/optim');
const { webgpu } = await import('@x/backend-webgpu');
const tf = await import('@tensorflow/tfjs');
const dawn = (await import('webgpu')) as unknown as { create(flags: string[]): GPU; globals: Record<string, unknown> };

type Tensor = import('@x/tensor').Tensor;
type Module = import('@x/nn').Module;
type TfTensor = import('@tensorflow/tfjs').Tensor;
type TfTensor4D = import('@tensorflow/tfjs').Tensor4D;

// tfjs-backend-webgpu looks for navigator.gpu and the WebGPU globals; Dawn's GPU object is kept for the
// whole run (Dawn crashes if it is garbage-collected while a device lives).
Object.assign(globalThis, dawn.globals);
const tfGpu = dawn.create([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: tfGpu, userAgent: 'node' }, configurable: true });
await import('@tensorflow/tfjs-backend-webgpu');

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
const want = (name: string) => only.length === 0 || only.some((o) => name.includes(o));

const info = await webgpu.ready();
await tf.setBackend('webgpu');
await tf.ready();
const software = /swiftshader|llvmpipe|lavapipe/i.test(`${info.name} ${info.vendor}`);
console.log(`${String(info).split('\n')[0]}${software ? ' — a CPU emulation of a GPU: these numbers only prove the bench runs' : ''}`);
console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}; @x/backend-webgpu; Node ${process.version}\n`);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const reps = Number(flag('reps') ?? (software ? 3 : 10));

/** Medians of interleaved timed runs of each side (after one warm-up each), in ms. */
async function race(sides: (() => Promise<void>)[], n = reps): Promise<number[]> {
  for (const s of sides) await s();
  const samples = sides.map((): number[] => []);
  for (let r = 0; r < n; r++) {
    for (const [k, s] of sides.entries()) {
      const t0 = performance.now();
      await s();
      samples[k]!.push(performance.now() - t0);
    }
  }
  return samples.map(median);
}

const rows: string[][] = [];
const row = (name: string, ours: number, theirs: number, extra = '') =>
  rows.push([name, `${(ours / theirs).toFixed(2)}×`, ours.toFixed(1), theirs.toFixed(1), extra]);

if (want('matmul')) {
  const sizes = (flag('sizes') ?? (software ? '256,512' : '256,512,1024,2048')).split(',').map(Number);
  for (const n of sizes) {
    torch.manualSeed(n);
    const a = torch.rand(n, n).to('webgpu');
    const b = torch.rand(n, n).to('webgpu');
    const ta = tf.randomUniform([n, n]);
    const tb = tf.randomUniform([n, n]);
    const [ours, theirs] = await race([
      async () => {
        const c = a.matmul(b);
        await c.dataAsync();
        c.dispose();
      },
      async () => {
        const c = tf.matMul(ta, tb);
        await c.data();
        c.dispose();
      },
    ]);
    const gflops = (ms: number) => ((2 * n ** 3) / (ms * 1e6)).toFixed(2);
    row(`matmul ${n}`, ours!, theirs!, `${gflops(ours!)} / ${gflops(theirs!)} GFLOP/s`);
    a.dispose();
    b.dispose();
    tf.dispose([ta, tb]);
  }
}

/** Our training step and tfjs's for the same layer sizes; both end with the loss read back. */
async function trainStep(name: string, ours: Module, x: Tensor, y: Tensor, tfModel: (xs: TfTensor) => TfTensor, tx: TfTensor, ty: TfTensor): Promise<void> {
  ours.to('webgpu');
  const opt = new optim.Adam(ours.parameters(), { lr: 1e-3 });
  const criterion = new nn.CrossEntropyLoss();
  const xs = x.to('webgpu');
  const ys = y.to('webgpu');
  const tfOpt = tf.train.adam(1e-3);
  const onehot = tf.oneHot(ty as import('@tensorflow/tfjs').Tensor1D, 10);
  const [o, t] = await race([
    async () => {
      const loss = torch.tidy(() => {
        opt.zeroGrad();
        const l = criterion.forward(ours.forward(xs) as Tensor, ys);
        l.backward();
        opt.step();
        return l.detach();
      });
      await loss.item();
      loss.dispose();
    },
    async () => {
      const loss = tfOpt.minimize(() => tf.losses.softmaxCrossEntropy(onehot, tfModel(tx)), true)!;
      await loss.data();
      loss.dispose();
    },
  ]);
  row(name, o!, t!);
}

const dense = (inputs: number, units: number) => ({ w: tf.variable(tf.randomNormal([inputs, units], 0, 0.05)), b: tf.variable(tf.zeros([units])) });

if (want('mlp')) {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const l1 = dense(784, 128);
  const l2 = dense(128, 10);
  const tfModel = (xs: TfTensor) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xs.reshape([-1, 784]), l1.w), l1.b)), l2.w), l2.b);
  await trainStep('MLP step (784-128-10, batch 64)', model, torch.rand(64, 1, 28, 28), torch.randint(0, 10, [64]), tfModel, tf.randomUniform([64, 784]), tf.randomUniform([64], 0, 10, 'int32'));
}

if (want('cnn')) {
  const batch = Number(flag('batch') ?? (software ? 8 : 64));
  torch.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(64 * 7 * 7, 128), new nn.ReLU(), new nn.Linear(128, 10),
  );
  const c1 = { w: tf.variable(tf.randomNormal([3, 3, 1, 32], 0, 0.3)), b: tf.variable(tf.zeros([32])) };
  const c2 = { w: tf.variable(tf.randomNormal([3, 3, 32, 64], 0, 0.06)), b: tf.variable(tf.zeros([64])) };
  const f1 = dense(3136, 128);
  const f2 = dense(128, 10);
  const block = (xs: TfTensor4D, c: typeof c1) => tf.maxPool(tf.relu(tf.add(tf.conv2d(xs, c.w as TfTensor4D, 1, 'same'), c.b)) as TfTensor4D, 2, 2, 'valid');
  const tfModel = (xs: TfTensor) => {
    const h = block(block(xs as TfTensor4D, c1), c2).reshape([-1, 3136]);
    return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h, f1.w), f1.b)), f2.w), f2.b);
  };
  await trainStep(`CNN step (MNIST ConvNet, batch ${batch})`, model, torch.rand(batch, 1, 28, 28), torch.randint(0, 10, [batch]), tfModel, tf.randomUniform([batch, 28, 28, 1]), tf.randomUniform([batch], 0, 10, 'int32'));
}

const head = ['case', '@x / tfjs-webgpu', '@x ms', 'tfjs-webgpu ms', ''];
const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (cells: string[]) => `| ${cells.map((s, c) => (c === 0 || c === 4 ? s.padEnd(width[c]!) : s.padStart(width[c]!))).join(' | ')} |`;
console.log([line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
console.log(`\nmedians of ${reps} interleaved runs after a warm-up; ratio < 1: @x is faster`);
process.exit(0);
