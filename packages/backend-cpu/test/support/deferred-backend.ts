// A backend with the contract of an asynchronous device (as WebGPU will be): kernels only enqueue
// work, nothing can be read synchronously, and host memory is never exposed. It runs the CPU kernels
// when a read flushes the queue. Used to prove that @x/tensor's front end never needs a sync read.
import type { Backend } from '@x/tensor';
import { cpuBackend } from '../../src/index';

export function deferredBackend(device: string): Backend & { pending(): number } {
  const queue: (() => void)[] = [];
  const flush = () => {
    while (queue.length) queue.shift()!();
  };
  const later =
    <A extends unknown[]>(kernel: (...args: A) => void) =>
    (...args: A) => {
      queue.push(() => kernel(...args));
    };
  const relabel = <S extends { device: string }>(s: S): S => Object.assign(s, { device });
  return {
    device,
    supportsDType: () => true,
    allocate: (dtype, n) => relabel(cpuBackend.allocate(dtype, n)),
    upload: (data, dtype) => relabel(cpuBackend.upload(data, dtype)),
    read: async (ref) => {
      await Promise.resolve();
      flush();
      return cpuBackend.readSync!(ref);
    },
    fill: later(cpuBackend.fill),
    copy: later(cpuBackend.copy),
    unary: later(cpuBackend.unary),
    binary: later(cpuBackend.binary),
    where: later(cpuBackend.where),
    clamp: later(cpuBackend.clamp),
    reduce: later(cpuBackend.reduce),
    scan: later(cpuBackend.scan),
    matmul: later(cpuBackend.matmul),
    gather: later(cpuBackend.gather),
    scatter: later(cpuBackend.scatter),
    sort: later(cpuBackend.sort),
    pending: () => queue.length,
  };
}
