// A backend with the contract of an asynchronous device (as WebGPU's): kernels only enqueue work,
// nothing can be read synchronously, host memory is never exposed, and a kernel never throws: a data
// error it finds goes to the device's error flag, which the next read or sync rejects with. It runs a
// synchronous backend's kernels when a read flushes the queue. Suites run on it to prove that the code
// above the Backend interface (ops, gradient rules) never needs a synchronous read.
import type { Backend, BackendCaps, TensorRef } from '@x/tensor';

/** A TensorRef's fields as they are now (a Tensor's storage cannot be read once it is disposed). */
function snapshot(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null || !('storage' in arg) || !('strides' in arg)) return arg;
  const r = arg as TensorRef;
  return { storage: r.storage, dtype: r.dtype, shape: r.shape, strides: r.strides, offset: r.offset };
}

export function deferredBackend(device: string, base: Backend): Backend & { pending(): number } {
  if (!base.caps.syncRead || !base.readSync) throw new Error(`deferredBackend: the base backend '${base.device}' must read synchronously`);
  const readSync = base.readSync.bind(base);
  const queue: (() => void)[] = [];
  let error: Error | null = null;
  const record = (e: unknown) => {
    error ??= e instanceof Error ? e : new Error(String(e));
  };
  const flush = () => {
    while (queue.length) {
      try {
        queue.shift()!();
      } catch (e) {
        record(e);
      }
    }
  };
  /** Flushes, then throws (and clears) the recorded error, if any. */
  const settle = () => {
    flush();
    const e = error;
    error = null;
    if (e !== null) throw e;
  };
  // A kernel captures its operands when it is called, as a GPU binds buffers when it encodes a
  // dispatch: the tensors may be disposed (and their storages freed, in queue order) right after.
  const later =
    <A extends unknown[]>(kernel: (...args: A) => void) =>
    (...args: A) => {
      const bound = args.map(snapshot) as A;
      queue.push(() => kernel(...bound));
    };
  const relabel = <S extends { device: string }>(s: S): S => Object.assign(s, { device });
  const caps: BackendCaps = { ...base.caps, syncRead: false, hostShared: false, collectsGarbage: false };
  return {
    device,
    caps,
    allocate: (dtype, n, init) => relabel(base.allocate(dtype, n, init)),
    upload: (data, dtype) => relabel(base.upload(data, dtype)),
    // In queue order: kernels queued before the dispose still use the storage.
    dispose: later((s) => base.dispose(s)),
    read: async (ref) => {
      await Promise.resolve();
      settle();
      return readSync(ref);
    },
    check: later((flag: TensorRef, make: (value?: number) => Error, values?: TensorRef): void => {
      const i = readSync(flag).findIndex((v) => v !== 0);
      if (i >= 0) record(make(values ? readSync(values)[i] : undefined));
    }),
    flush,
    sync: async () => {
      await Promise.resolve();
      settle();
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
