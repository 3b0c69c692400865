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
import { writeConfusion, writeCurves, type EpochRecord } from './charts';
import { savePrediction } from './prediction';

type Item = [torch.Tensor, number];
type Batch = [torch.Tensor, torch.Tensor];

interface Checkpoint {
  epoch: number;
  model: Record<string, torch.Tensor>;
  optimizer: ReturnType<optim.Optimizer['stateDict']>;
  loss: number;
  history: EpochRecord[];
}

async function loadSplit(opts: Options, train: boolean): Promise<datasets.MNIST<torch.Tensor, number>> {
  const options = { root: opts.data, train, download: true, transform: transforms.ToTensor() };
  return opts.dataset === 'fashion-mnist'
    ? datasets.FashionMNIST.create<torch.Tensor, number>(options)
    : datasets.MNIST.create<torch.Tensor, number>(options);
}

/** Predicted labels for the whole dataset, in eval mode without building a graph. */
async function predict(model: nn.Module, dataset: Dataset<Item>): Promise<number[]> {
  model.eval();
  const preds: number[] = [];
  for await (const [x] of new DataLoader(dataset, { batchSize: 1000 }) as AsyncIterable<Batch>) {
    const out = torch.noGrad(() => model.forward(x) as torch.Tensor);
    preds.push(...(out.argmax(1).tolistSync() as number[]));
  }
  return preds;
}

async function main(opts: Options): Promise<void> {
  if (opts.device === 'webgpu') {
    throw new Error("--device webgpu: the WebGPU backend (@x/backend-webgpu) is not available yet; use --device cpu");
  }
  if (opts.seed !== null) torch.manualSeed(opts.seed);
  const out = resolve(opts.out);
  await mkdir(out, { recursive: true });
  const checkpointPath = join(out, 'checkpoint.safetensors');

  const [trainFull, test] = await Promise.all([loadSplit(opts, true), loadSplit(opts, false)]);
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
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: opts.lr });
  console.log(String(model));

  let firstEpoch = 1;
  let history: EpochRecord[] = [];
  if (opts.resume !== null) {
    const ckpt = await torch.load<Checkpoint>(opts.resume);
    model.loadStateDict(ckpt.model);
    optimizer.loadStateDict(ckpt.optimizer);
    history = ckpt.history ?? [];
    firstEpoch = ckpt.epoch + 1;
    console.log(`resumed from ${opts.resume}: epoch ${ckpt.epoch} done (loss ${ckpt.loss.toFixed(4)}), continuing at epoch ${firstEpoch}`);
  }

  const loader = new DataLoader(train, { batchSize: opts.batchSize, shuffle: true, numWorkers: opts.workers });
  let interrupted = false;
  const onSigint = () => { interrupted = true; };
  process.on('SIGINT', onSigint);
  const saveCheckpoint = (epoch: number, loss: number) =>
    torch.save({ epoch, model: model.stateDict(), optimizer: optimizer.stateDict(), loss, history }, checkpointPath);

  for (let epoch = firstEpoch; epoch <= opts.epochs; epoch++) {
    model.train();
    const progress = new Progress(`Epoch ${epoch}/${opts.epochs}`, loader.length);
    const start = performance.now();
    let sum = 0;
    let batches = 0;
    for await (const [x, y] of loader as AsyncIterable<Batch>) {
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(x) as torch.Tensor, y);
      loss.backward();
      optimizer.step();
      sum += loss.itemSync() as number;
      batches++;
      progress.update(batches, sum / batches);
      // Let the event loop run (a batch's work is synchronous), so Ctrl-C reaches onSigint promptly.
      await new Promise((r) => setImmediate(r));
      if (interrupted) break;
    }
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
    const preds = await predict(model, test);
    const accuracy = nn.metrics.accuracy(test.targets, preds);
    history.push({ epoch, loss: meanLoss, accuracy });
    console.log(`Epoch ${epoch}/${opts.epochs}: loss ${meanLoss.toFixed(4)}, test accuracy ${(accuracy * 100).toFixed(2)}%, time ${seconds.toFixed(1)}s`);
    await saveCheckpoint(epoch, meanLoss);
    if (interrupted) { // Ctrl-C during the evaluation: this epoch's checkpoint is already saved
      console.log(`\ninterrupted after epoch ${epoch}: checkpoint saved to ${checkpointPath}`);
      process.exitCode = 130;
      return;
    }
  }
  process.off('SIGINT', onSigint);

  // Evaluation, save, reload into a fresh model, predict test image 0.
  const preds = await predict(model, test);
  console.log(`\nTest accuracy: ${(nn.metrics.accuracy(test.targets, preds) * 100).toFixed(2)}%\n`);
  console.log(nn.metrics.classificationReport(test.targets, preds, { targetNames: test.classes, digits: 4 }));

  const modelPath = join(out, 'model.safetensors');
  await torch.save(model.stateDict(), modelPath);
  const loaded = makeModel(opts.model);
  loaded.loadStateDict(await torch.load(modelPath));
  loaded.eval();
  const [image, label] = test.getItem(0);
  const logits = torch.noGrad(() => loaded.forward(image.unsqueeze(0)) as torch.Tensor);
  const predicted = logits.argmax(1).itemSync() as number;
  const digitPath = join(out, `test0_pred${predicted}_true${label}.png`);
  await savePrediction(image, test.classes[predicted] ?? String(predicted), test.classes[label] ?? String(label), digitPath);
  console.log(`model saved to ${modelPath} and reloaded; test image 0: predicted ${predicted}, true ${label} (${digitPath})`);

  const confusion = nn.metrics.confusionMatrix(test.targets, preds).tolistSync() as number[][];
  await writeCurves(history, join(out, 'curves.svg'));
  await writeConfusion(confusion, test.classes, join(out, 'confusion.svg'));
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
