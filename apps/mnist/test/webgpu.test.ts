// --device webgpu end to end on the real device (Dawn on SwiftShader in CI): 200 Adam steps of the MLP
// (batch 16) from the same seed as a CPU run. The loss must fall and the test accuracy on 500 images
// must be within 1 point of the CPU's (the two runs start from the same weights and batches).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'mnist-webgpu-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env = { ...process.env, ...(process.env.VK_DRIVER_FILES === undefined && existsSync(swiftshader) ? { VK_DRIVER_FILES: swiftshader } : {}) };

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts', '--data', join(tmp, 'data'), ...args], { cwd: appDir, env, timeout: 540_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

const accuracyOf = (stdout: string) => Number(/Test accuracy: ([\d.]+)%/.exec(stdout)?.[1]);
const lossOf = (stdout: string) => Number(/Epoch 1\/1: loss ([\d.]+)/.exec(stdout)?.[1]);
const firstLogged = (stdout: string) => Number(/ 10\/200 .* loss ([\d.]+)/.exec(stdout)?.[1]);

describe('apps/mnist --device webgpu', () => {
  it('trains 200 steps; loss falls; accuracy within 1 point of the CPU run from the same seed', async () => {
    const args = ['--limit', '3200', '--batch-size', '16', '--epochs', '1', '--seed', '3', '--test-limit', '500'];
    const cpu = await run([...args, '--out', join(tmp, 'cpu')]);
    expect(cpu.code, cpu.stderr).toBe(0);
    const gpu = await run([...args, '--device', 'webgpu', '--out', join(tmp, 'gpu')]);
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stdout).toMatch(/WebGPU adapter: /);
    expect(gpu.stdout).toMatch(/Epoch 1\/1: loss [\d.]+, test accuracy [\d.]+%/);
    expect(lossOf(gpu.stdout)).toBeLessThan(firstLogged(gpu.stdout));
    expect(lossOf(gpu.stdout)).toBeLessThan(1.5);
    expect(Math.abs(accuracyOf(gpu.stdout) - accuracyOf(cpu.stdout))).toBeLessThanOrEqual(1);
    expect(accuracyOf(gpu.stdout)).toBeGreaterThan(70);
    expect(gpu.stdout).toMatch(/test image 0: predicted \d, true 7/);
  }, 600_000);

  it('trains the CNN (2 steps of 8 images: SwiftShader is slow) to the CPU run\'s loss', async () => {
    const args = ['--model', 'cnn', '--limit', '16', '--batch-size', '8', '--epochs', '1', '--seed', '5', '--test-limit', '16'];
    const cpu = await run([...args, '--out', join(tmp, 'cnn-cpu')]);
    expect(cpu.code, cpu.stderr).toBe(0);
    const gpu = await run([...args, '--device', 'webgpu', '--out', join(tmp, 'cnn-gpu')]);
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(Math.abs(lossOf(gpu.stdout) - lossOf(cpu.stdout))).toBeLessThan(1e-3 * lossOf(cpu.stdout));
    expect(Math.abs(accuracyOf(gpu.stdout) - accuracyOf(cpu.stdout))).toBeLessThanOrEqual(100 / 16 + 1e-9);
  }, 600_000);
});
