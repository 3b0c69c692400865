// A backend with the contract of an asynchronous device (as WebGPU's): kernels only enqueue work,
// nothing can be read synchronously, and host memory is never exposed. It runs a synchronous
// backend's kernels when a read flushes the queue. Suites run on it to prove that the code above
// the Backend interface (ops, gradient rules) never needs a synchronous read.
import type { Backend } from '@x/tensor';

export function deferredBackend(device: string, base: Backend): Backend & { pending(): number } {
  if (!base.readSync) throw new Error(`deferredBackend: the base backend '${base.device}' must read synchronously`);
  const readSync = base.readSync.bind(base);
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
    supportsDType: (d) => base.supportsDType(d),
    allocate: (dtype, n) => relabel(base.allocate(dtype, n)),
    upload: (data, dtype) => relabel(base.upload(data, dtype)),
    read: async (ref) => {
      await Promise.resolve();
      flush();
      return readSync(ref);
    },
    fill: later(base.fill),
    copy: later(base.copy),
    unary: later(base.unary),
    binary: later(base.binary),
    where: later(base.where),
    clamp: later(base.clamp),
    reduce: later(base.reduce),
    scan: later(base.scan),
    matmul: later(base.matmul),
    gather: later(base.gather),
    scatter: later(base.scatter),
    sort: later(base.sort),
    conv2d: later(base.conv2d),
    conv2dBackwardInput: later(base.conv2dBackwardInput),
    conv2dBackwardWeight: later(base.conv2dBackwardWeight),
    maxPool2d: later(base.maxPool2d),
    maxPool2dBackward: later(base.maxPool2dBackward),
    pending: () => queue.length,
  };
}
