// MNIST end to end, as PyTorch's classic example: train, evaluate, save, reload, predict.
import '@x/backend-cpu';
import '@x/autograd';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';
import { DataLoader, Subset, type Dataset } from '@x/data';
import { datasets, transforms } from '@x/vision';
import { parseOptions, USAGE, UsageError, type Options } from './args';
import { makeModel } from './models';
import { Progress } from './progress';
import { writeConfusion, writeCurves, type EpochRecord, type LoggedLoss } from './charts';
import { savePrediction } from './prediction';

type Item = [torch.Tensor, number];
type Batch = [torch.Tensor, torch.Tensor];

/** Batches between two reads of the running loss. */
const LOG_EVERY = 10;

interface Checkpoint {
  epoch: number;
  model: Record<string, torch.Tensor>;
  optimizer: ReturnType<optim.Optimizer['stateDict']>;
  loss: number;
  history: EpochRecord[];
  /** The logged training losses of the epochs done (for the curves). */
  steps?: LoggedLoss[];
}

async function loadSplit(opts: Options, train: boolean): Promise<datasets.MNIST<torch.Tensor, number>> {
  const options = { root: opts.data, train, download: true, transform: transforms.ToTensor() };
  return opts.dataset === 'fashion-mnist'
    ? datasets.FashionMNIST.create<torch.Tensor, number>(options)
    : datasets.MNIST.create<torch.Tensor, number>(options);
}

/** Opens the device: WebGPU is imported (and Dawn loaded) only when asked for. */
async function openDevice(device: Options['device']): Promise<void> {
  if (device !== 'webgpu') return;
  const { webgpu } = await import('@x/backend-webgpu');
  await webgpu.ready();
  console.log(String(webgpu.info()));
}

/** Predicted labels for the whole dataset, in eval mode without building a graph. */
async function predict(model: nn.Module, dataset: Dataset<Item>, device: torch.Device): Promise<number[]> {
  model.eval();
  const preds: number[] = [];
  for await (const [x, y] of new DataLoader(dataset, { batchSize: 1000 }) as AsyncIterable<Batch>) {
    const labels = torch.tidy(() => torch.noGrad(() => (model.forward(x.to(device)) as torch.Tensor).argmax(1)));
    preds.push(...((await labels.tolist()) as number[]));
    torch.dispose([labels, x, y]);
  }
  return preds;
}

/** torch.memory() in one line per device: live tensors, storages, their bytes, and the device's pool. */
function memoryReport(): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
  return Object.entries(torch.memory())
    .map(([device, m]) => `memory on '${device}': ${m.tensors} tensors, ${m.storages} storages, ${mb(m.bytes)}${m.pooledBytes !== undefined ? `, ${mb(m.pooledBytes)} pooled for reuse` : ''}`)
    .join('\n');
}

async function main(opts: Options): Promise<void> {
  await openDevice(opts.device);
  if (opts.seed !== null) torch.manualSeed(opts.seed);
  const out = resolve(opts.out);
  await mkdir(out, { recursive: true });
  const checkpointPath = join(out, 'checkpoint.safetensors');

  const [trainFull, testFull] = await Promise.all([loadSplit(opts, true), loadSplit(opts, false)]);
  const testCount = opts.testLimit !== null ? Math.min(opts.testLimit, testFull.length) : testFull.length;
  const test: Dataset<Item> = testCount < testFull.length ? new Subset(testFull, Array.from({ length: testCount }, (_, i) => i)) : testFull;
  const testTargets = testCount < testFull.length ? testFull.targets.at(`0:${testCount}`) : testFull.targets;
  const train: Dataset<Item> = opts.limit !== null && opts.limit < trainFull.length
    ? new Subset(trainFull, Array.from({ length: opts.limit }, (_, i) => i))
    : trainFull;
  if (opts.workers > 0 && train !== trainFull) {
    throw new UsageError('--workers with --limit: a subset cannot be rebuilt in worker threads; drop one of them');
  }
  console.log(`${opts.dataset}: ${train.length} training images, ${test.length} test images (${resolve(opts.data)})`);

  const model = makeModel(opts.model);
  if (opts.initFrom !== null) {
    // PyTorch: model.load_state_dict(torch.load('model.pth')); a .pth from PyTorch or a .safetensors file
    model.loadStateDict(await torch.load(opts.initFrom));
    console.log(`initialised from ${opts.initFrom} (${Object.keys(model.stateDict()).length} tensors)`);
  }
  model.to(opts.device);
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: opts.lr });
  console.log(String(model));

  let firstEpoch = 1;
  let history: EpochRecord[] = [];
  let steps: LoggedLoss[] = [];
  if (opts.resume !== null) {
    const ckpt = await torch.load<Checkpoint>(opts.resume);
    model.loadStateDict(ckpt.model);
    optimizer.loadStateDict(ckpt.optimizer);
    history = ckpt.history ?? [];
    steps = ckpt.steps ?? [];
    firstEpoch = ckpt.epoch + 1;
    console.log(`resumed from ${opts.resume}: epoch ${ckpt.epoch} done (loss ${ckpt.loss.toFixed(4)}), continuing at epoch ${firstEpoch}`);
  }

  const loader = new DataLoader(train, { batchSize: opts.batchSize, shuffle: true, numWorkers: opts.workers });
  let interrupted = false;
  const onSigint = () => { interrupted = true; };
  process.on('SIGINT', onSigint);
  // the logged losses of the epochs done: --resume redoes an interrupted epoch (inside a tidy: the
  // state dicts' views are freed once written)
  const saveCheckpoint = (epoch: number, loss: number) =>
    torch.tidy(() => torch.save({ epoch, model: model.stateDict(), optimizer: optimizer.stateDict(), loss, history, steps: steps.filter((s) => s.step <= epoch * loader.length) }, checkpointPath));

  for (let epoch = firstEpoch; epoch <= opts.epochs; epoch++) {
    model.train();
    const progress = new Progress(`Epoch ${epoch}/${opts.epochs}`, loader.length);
    const start = performance.now();
    let sum = 0;
    let batches = 0;
    // Losses stay on the device and are read every LOG_EVERY batches (a read waits for the device).
    let pending: torch.Tensor[] = [];
    const readLosses = async () => {
      if (pending.length === 0) return;
      const total = torch.tidy(() => torch.stack(pending).sum());
      const value = (await total.item()) as number;
      sum += value;
      steps.push({ step: (epoch - 1) * loader.length + batches, loss: value / pending.length });
      torch.dispose([total, pending]);
      pending = [];
    };
    for await (const [x, y] of loader as AsyncIterable<Batch>) {
      // Everything the step creates is freed at its end (the parameters and the optimizer's state are kept).
      pending.push(torch.tidy(() => {
        optimizer.zeroGrad();
        const loss = criterion.forward(model.forward(x.to(opts.device)) as torch.Tensor, y.to(opts.device));
        loss.backward();
        optimizer.step();
        return loss.detach();
      }));
      torch.dispose([x, y]); // the batch is done with (PyTorch frees it when the next one replaces it)
      batches++;
      if (batches % LOG_EVERY === 0 || batches === loader.length) {
        await readLosses();
        progress.update(batches, sum / batches);
      }
      // Let the event loop run (a batch's work is synchronous), so Ctrl-C reaches onSigint promptly.
      await new Promise((r) => setImmediate(r));
      if (interrupted) break;
    }
    await readLosses();
    progress.end();
    if (interrupted) {
      // The partial epoch's weights are kept; --resume redoes this epoch from them.
      await saveCheckpoint(epoch - 1, sum / Math.max(batches, 1));
      console.log(`\ninterrupted during epoch ${epoch}: checkpoint saved to ${checkpointPath} (resume with --resume ${checkpointPath})`);
      process.exitCode = 130;
      return;
    }
    const seconds = (performance.now() - start) / 1000;
    const meanLoss = sum / batches;
    const preds = await predict(model, test, opts.device);
    const accuracy = nn.metrics.accuracy(testTargets, preds);
    history.push({ epoch, loss: meanLoss, accuracy });
    console.log(`Epoch ${epoch}/${opts.epochs}: loss ${meanLoss.toFixed(4)}, test accuracy ${(accuracy * 100).toFixed(2)}%, time ${seconds.toFixed(1)}s`);
    await saveCheckpoint(epoch, meanLoss);
    if (opts.verbose) console.log(memoryReport());
    if (interrupted) { // Ctrl-C during the evaluation: this epoch's checkpoint is already saved
      console.log(`\ninterrupted after epoch ${epoch}: checkpoint saved to ${checkpointPath}`);
      process.exitCode = 130;
      return;
    }
  }
  process.off('SIGINT', onSigint);

  // Evaluation, save, reload into a fresh model, predict test image 0.
  const preds = await predict(model, test, opts.device);
  console.log(`\nTest accuracy: ${(nn.metrics.accuracy(testTargets, preds) * 100).toFixed(2)}%\n`);
  // every class, also when a --test-limit subset lacks some
  const labels = testFull.classes.map((_, i) => i);
  console.log(nn.metrics.classificationReport(testTargets, preds, { labels, targetNames: testFull.classes, digits: 4 }));

  const modelPath = join(out, 'model.safetensors');
  await torch.save(model.stateDict(), modelPath);
  const loaded = makeModel(opts.model);
  loaded.loadStateDict(await torch.load(modelPath));
  loaded.eval();
  const [image, label] = testFull.getItem(0);
  const logits = torch.noGrad(() => loaded.forward(image.unsqueeze(0)) as torch.Tensor);
  const predicted = logits.argmax(1).itemSync() as number;
  const digitPath = join(out, `test0_pred${predicted}_true${label}.png`);
  await savePrediction(image, testFull.classes[predicted] ?? String(predicted), testFull.classes[label] ?? String(label), digitPath);
  console.log(`model saved to ${modelPath} and reloaded; test image 0: predicted ${predicted}, true ${label} (${digitPath})`);

  const confusion = nn.metrics.confusionMatrix(testTargets, preds, { labels }).tolistSync() as number[][];
  await writeCurves(Math.max(opts.epochs, 1), steps, loader.length, history, join(out, 'curves.svg'));
  await writeConfusion(confusion, testFull.classes, join(out, 'confusion.svg'));
  console.log(`charts: ${join(out, 'curves.svg')}, ${join(out, 'confusion.svg')}`);
}

let opts: Options;
try {
  opts = parseOptions(process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`error: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
} else {
  main(opts).catch((e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(e instanceof Error ? `error: ${e.message}` : e);
    process.exit(1);
  });
}
