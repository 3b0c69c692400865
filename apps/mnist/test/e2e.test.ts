// End to end: the app as a child process on a small subset (2,000 images, 1 epoch), then --resume,
// --seed reproducibility and bad flags.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'mnist-demo-'));
const data = join(tmp, 'data');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // As `pnpm start`: node with tsx's loader, no tsx parent process (it would SIGKILL us on Ctrl-C).
    execFile(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts', '--data', data, ...args], { cwd: appDir, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

const accuracyOf = (stdout: string) => Number(/Test accuracy: ([\d.]+)%/.exec(stdout)?.[1]);

/** In curves.svg: the points of the raw and the smoothed loss lines, and the epochs with an accuracy label. */
function curvePoints(dir: string): { loss: number[]; accuracies: number } {
  const svg = readFileSync(join(dir, 'curves.svg'), 'utf8');
  return {
    loss: [...svg.matchAll(/aria-roledescription="line mark" d="M([^"]*)"/g)].map((m) => m[1]!.split('L').length),
    accuracies: svg.match(/aria-label="epoch: \d+; accuracy: [\d.]+%"/g)?.length ?? 0,
  };
}

describe('apps/mnist', () => {
  const out = join(tmp, 'out');

  it('trains on 2,000 images, evaluates, saves, reloads, predicts and draws', async () => {
    const r = await run(['--limit', '2000', '--epochs', '1', '--seed', '0', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Epoch 1\/1: loss [\d.]+, test accuracy [\d.]+%, time [\d.]+s/);
    expect(accuracyOf(r.stdout)).toBeGreaterThan(50);
    expect(r.stdout).toContain('weighted avg');
    expect(r.stdout).toMatch(/test image 0: predicted \d, true 7/);
    const files = readdirSync(out);
    for (const f of ['model.safetensors', 'checkpoint.safetensors', 'curves.svg', 'confusion.svg']) expect(files).toContain(f);
    // one epoch draws curves: the loss read every 10 of the 32 batches and at the last (raw and
    // smoothed), the accuracy after the epoch
    expect(curvePoints(out)).toEqual({ loss: [4, 4], accuracies: 1 });
    const prediction = files.find((f) => /^test0_pred\d_true7\.png$/.test(f));
    expect(prediction).toBeDefined();
    // the digit (280 x 280) with its labels beside it: dark text pixels on the white right-hand side
    const png = PNG.sync.read(readFileSync(join(out, prediction!)));
    expect([png.width, png.height]).toEqual([520, 280]);
    let ink = 0;
    for (let y = 0; y < png.height; y++) for (let x = 300; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 128) ink++;
    expect(ink).toBeGreaterThan(500);
  }, 120_000);

  it('--init-from a PyTorch state dict (.pth) with --epochs 0: evaluates and predicts with PyTorch\'s weights', async () => {
    const pth = join(appDir, '..', '..', 'packages', 'tensor', 'test', 'fixtures', 'pt', 'mlp.pth');
    const r = await run(['--init-from', pth, '--epochs', '0', '--out', join(tmp, 'init')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`initialised from ${pth} (4 tensors)`);
    expect(r.stdout).not.toMatch(/Epoch \d/);
    expect(accuracyOf(r.stdout)).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/test image 0: predicted \d, true 7/);
    const both = await run(['--init-from', pth, '--resume', pth]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--resume and --init-from');
  }, 120_000);

  it('--verbose prints torch.memory() after each epoch, flat from epoch to epoch', async () => {
    const r = await run(['--limit', '640', '--test-limit', '1000', '--epochs', '2', '--seed', '3', '--verbose', '--out', join(tmp, 'verbose')]);
    expect(r.code).toBe(0);
    const reports = [...r.stdout.matchAll(/memory on 'cpu': (\d+) tensors, (\d+) storages, ([\d.]+) MB, ([\d.]+) MB pooled for reuse/g)];
    expect(reports.length).toBe(2);
    // the datasets, the model's parameters and Adam's state: the same live memory after each epoch
    expect(reports[1]!.slice(1, 4)).toEqual(reports[0]!.slice(1, 4));
    expect(Number(reports[0]![1])).toBeLessThan(100);
  }, 120_000);

  it('--resume continues at the next epoch', async () => {
    const r = await run(['--limit', '2000', '--epochs', '2', '--out', out, '--resume', join(out, 'checkpoint.safetensors')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('continuing at epoch 2');
    expect(r.stdout).not.toContain('Epoch 1/2');
    expect(r.stdout).toMatch(/Epoch 2\/2: loss [\d.]+, test accuracy/);
    expect(accuracyOf(r.stdout)).toBeGreaterThan(50);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    // epoch 1's logged losses come from the checkpoint
    expect(curvePoints(out)).toEqual({ loss: [8, 8], accuracies: 2 });
  }, 120_000);

  it('saves a checkpoint on Ctrl-C (SIGINT) during training and exits with 130', async () => {
    const dir = join(tmp, 'sigint');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts', '--data', data,
      '--limit', '20000', '--batch-size', '8', '--epochs', '1', '--out', dir], { cwd: appDir });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      if (stdout.includes('batches/s')) child.kill('SIGINT'); // the first progress line: training has started
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stdout).toContain('interrupted during epoch 1: checkpoint saved');
    expect(existsSync(join(dir, 'checkpoint.safetensors'))).toBe(true);
  }, 60_000);

  it('gives the same losses for the same --seed', async () => {
    const args = ['--limit', '640', '--epochs', '1', '--seed', '7'];
    const [a, b] = await Promise.all([run([...args, '--out', join(tmp, 'a')]), run([...args, '--out', join(tmp, 'b')])]);
    const loss = (s: string) => /Epoch 1\/1: loss ([\d.]+)/.exec(s)?.[1];
    expect(loss(a.stdout)).toBeDefined();
    expect(loss(a.stdout)).toBe(loss(b.stdout));
  }, 120_000);

  it('rejects bad flags with the usage and exit code 2', async () => {
    const runs = await Promise.all([['--bogus'], ['--model', 'rnn'], ['--epochs', 'zero']].map(run));
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain('Usage:');
    }
  }, 60_000);

  it('--help prints the usage', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--resume FILE');
  }, 30_000);
});
