// One epoch of the MNIST demo's DataLoader alone, without a model: datasets.MNIST with ToTensor()
// (and Normalize((0.1307,), (0.3081,)) with --normalize), batch 64, shuffled; each batch is disposed
// as the demo does. Prints the epoch's time in the demo's 'Epoch 1/1: ... time Xs' form, for
// `epoch.ts data` (against mnist/pytorch_data_loop.py). Run from bench/:
//   node --import tsx --conditions=source mnist/data-loop.ts --data <root> [--normalize]
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { DataLoader } from '@x/data';
import { datasets, transforms } from '@x/vision';

const args = process.argv.slice(2);
const at = args.indexOf('--data');
const root = at >= 0 ? args[at + 1]! : './data';
const transform = args.includes('--normalize')
  ? transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.1307], [0.3081])])
  : transforms.ToTensor();
torch.manualSeed(0);
const train = new datasets.MNIST<torch.Tensor, number>({ root, train: true, download: true, transform });
const loader = new DataLoader(train, { batchSize: 64, shuffle: true });
const start = performance.now();
let batches = 0;
let sum = 0;
for await (const [x, y] of loader) {
  batches++;
  if (batches === 1) sum = x.shape[0]!; // touch the batch, as a model would
  torch.dispose([x, y]);
}
const seconds = (performance.now() - start) / 1000;
console.log(`Epoch 1/1: ${batches} batches of up to ${sum} samples, time ${seconds.toFixed(2)}s`);
