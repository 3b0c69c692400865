// Command-line flags, parsed with node:util's parseArgs. A bad flag is a UsageError: main prints
// the message and the usage, and exits with code 2.
import { parseArgs } from 'node:util';

export interface Options {
  model: 'mlp' | 'cnn';
  epochs: number;
  batchSize: number;
  lr: number;
  device: 'cpu' | 'webgpu';
  workers: number;
  data: string;
  dataset: 'mnist' | 'fashion-mnist';
  out: string;
  seed: number | null;
  limit: number | null;
  testLimit: number | null;
  resume: string | null;
  initFrom: string | null;
  verbose: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm --filter ./apps/mnist start -- [flags]

Trains a classifier on MNIST, evaluates it, saves, reloads it and predicts test image 0.

  --model mlp|cnn            mlp: 784-128-10 (default); cnn: 2 conv+ReLU+maxpool blocks, 2 linear layers
  --epochs N                 training epochs (default 5; 0 evaluates and predicts only)
  --batch-size N             batch size (default 64)
  --lr X                     Adam learning rate (default 0.001)
  --device cpu|webgpu        device (default cpu; webgpu: @x/backend-webgpu, Dawn in Node)
  --workers N                DataLoader worker threads (default 0; needs \`pnpm build\` first)
  --data DIR                 dataset folder (default ./data)
  --dataset mnist|fashion-mnist   (default mnist)
  --out DIR                  output folder (default ./out)
  --seed N                   random seed: the same seed gives the same losses
  --limit N                  train on the first N training images only
  --test-limit N             evaluate on the first N test images only
  --resume FILE              continue from a checkpoint (out/checkpoint.safetensors)
  --init-from FILE           start from a state dict: PyTorch's model.pth (torch.save(model.state_dict()))
                             or a .safetensors file
  --verbose                  print torch.memory() (live tensors, storages, bytes per device) after each epoch
  --help                     this text`;

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

function nonNegativeInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

function oneOf<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
  }
  return value as T;
}

export function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string', default: 'mlp' },
        epochs: { type: 'string', default: '5' },
        'batch-size': { type: 'string', default: '64' },
        lr: { type: 'string', default: '0.001' },
        device: { type: 'string', default: 'cpu' },
        workers: { type: 'string', default: '0' },
        data: { type: 'string', default: './data' },
        dataset: { type: 'string', default: 'mnist' },
        out: { type: 'string', default: './out' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        'test-limit': { type: 'string' },
        resume: { type: 'string' },
        'init-from': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const lr = Number(values.lr);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers must be a non-negative integer, got '${values.workers}'`);
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);
  }
  if (values.resume !== undefined && values['init-from'] !== undefined) {
    throw new UsageError('--resume and --init-from both set the starting weights; give one of them');
  }
  return {
    model: oneOf('model', values.model, ['mlp', 'cnn'] as const),
    epochs: nonNegativeInt('epochs', values.epochs),
    batchSize: positiveInt('batch-size', values['batch-size']),
    lr,
    device: oneOf('device', values.device, ['cpu', 'webgpu'] as const),
    workers,
    data: values.data,
    dataset: oneOf('dataset', values.dataset, ['mnist', 'fashion-mnist'] as const),
    out: values.out,
    seed,
    limit: values.limit === undefined ? null : positiveInt('limit', values.limit),
    testLimit: values['test-limit'] === undefined ? null : positiveInt('test-limit', values['test-limit']),
    resume: values.resume ?? null,
    initFrom: values['init-from'] ?? null,
    verbose: values.verbose,
    help: values.help,
  };
}
