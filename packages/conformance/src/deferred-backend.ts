// A backend with the contract of an asynchronous device (as WebGPU's): kernels only enqueue work,
// nothing can be read synchronously, host memory is never exposed, and a kernel never throws: a data
// error it finds goes to the device's error flag, which the next read or sync rejects with. It runs a
// synchronous backend's kernels when a read flushes the queue. Suites run on it to prove that the code
// above the Backend interface (ops, gradient rules) never needs a synchronous read.
//
// Options make it stricter, as a GPU is (see `strictDevice`): dtypes it refuses, int64 held in 32
// bits, aliased operands bound as WebGPU binds them, 'uninit' memory full of garbage, counters of
// what the front end asks of it, and fused kernels.
import type { Backend, BackendCaps, DType, DTypeSupport, FusedKernels, Storage, TensorRef } from '@x/tensor';

// The devices the tests register under these names, named for the types as a third-party backend names
// its own (declaration merging); the shipped packages accept only 'cpu' and 'webgpu'.
declare module '@x/tensor' {
  interface DeviceNames {
    [testDevice: `deferred${string}` | `strict${string}`]: true;
  }
}

export interface DeferredOptions {
  /** dtypes the device cannot hold ('unsupported' in its caps), e.g. ['float64'] as WebGPU. */
  refuse?: readonly DType[];
  /** int64 held in 32 bits ('emulated'): an upload or a kernel result outside [-2^31, 2^31 - 1] is an error. */
  int64As32?: boolean;
  /**
   * Aliased operands bound as WebGPU binds them: an output may share its storage with an input only
   * in an elementwise kernel (fill, copy, unary, binary, where, clamp) and only as the very same view;
   * anything else is an error on the device's flag (the front end must not ask for it).
   */
  strictAliasing?: boolean;
  /** 'uninit' allocations are filled with garbage (NaN, 0x5A...), so an op that reads memory it did not write shows. */
  poisonUninit?: boolean;
  /**
   * Fused kernels of the base backend (e.g. `cpuBackend.fused`): each runs once the queue before it
   * has run (the base's kernels are synchronous), and counts as one kernel when it takes its operands.
   */
  fused?: FusedKernels;
}

/** What the front end asked of the device since the last reset. */
export interface DeviceCounts {
  allocations: number;
  uploads: number;
  reads: number;
  kernels: number;
  fused: number;
  checks: number;
  disposes: number;
}

export type DeferredBackend = Backend & {
  /** Queued kernels not yet run. */
  pending(): number;
  counts(): DeviceCounts;
  resetCounts(): void;
};

/** A TensorRef's fields as they are now (a Tensor's storage cannot be read once it is disposed). */
function snapshot(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null) return arg;
  if ('storage' in arg && 'strides' in arg) {
    const r = arg as TensorRef;
    return { storage: r.storage, dtype: r.dtype, shape: r.shape, strides: r.strides, offset: r.offset };
  }
  return arg;
}

const isRef = (x: unknown): x is TensorRef => typeof x === 'object' && x !== null && 'storage' in x && 'strides' in x;
const sameView = (a: TensorRef, b: TensorRef) =>
  a.offset === b.offset && a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i] && (s === 1 || a.strides[i] === b.strides[i]));

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Which arguments each kernel writes (the rest it reads). */
const OUTPUTS: Record<string, readonly number[]> = {
  fill: [0], copy: [1], unary: [2], binary: [3], where: [3], clamp: [3], reduce: [3], scan: [3], matmul: [2],
  gather: [3], scatter: [0], sort: [3, 4], conv2d: [4], conv2dBackwardInput: [3], conv2dBackwardWeight: [3, 4],
  maxPool2d: [2, 3], maxPool2dBackward: [3],
};
const ELEMENTWISE = new Set(['fill', 'copy', 'unary', 'binary', 'where', 'clamp']);
type KernelName = keyof typeof OUTPUTS;

export function deferredBackend(device: string, base: Backend, options: DeferredOptions = {}): DeferredBackend {
  if (!base.caps.syncRead || !base.readSync) throw new Error(`deferredBackend: the base backend '${base.device}' must read synchronously`);
  const readSync = base.readSync.bind(base);
  const queue: (() => void)[] = [];
  let error: Error | null = null;
  const counts: DeviceCounts = { allocations: 0, uploads: 0, reads: 0, kernels: 0, fused: 0, checks: 0, disposes: 0 };
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

  const dtypes = { ...base.caps.dtypes } as Record<DType, DTypeSupport>;
  for (const d of options.refuse ?? []) dtypes[d] = 'unsupported';
  if (options.int64As32) dtypes.int64 = 'emulated';
  const caps: BackendCaps = {
    ...base.caps,
    syncRead: false,
    hostShared: false,
    collectsGarbage: false,
    dtypes,
    int64Range: options.int64As32 ? [INT32_MIN, INT32_MAX] : base.caps.int64Range,
  };
  const refuse = (dtype: DType, what: string) => {
    if (dtypes[dtype] === 'unsupported') throw new TypeError(`${device}: ${what} of dtype ${dtype}, which this device cannot hold`);
  };
  const checkInt64 = (values: ArrayLike<number>, what: string) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < INT32_MIN || v > INT32_MAX) {
        throw new RangeError(`${what}: int64 value ${v} does not fit device '${device}', which holds int64 in 32 bits ([${INT32_MIN}, ${INT32_MAX}]); compute it on the CPU`);
      }
    }
  };

  const checkAliasing = (name: KernelName, args: readonly unknown[]) => {
    const outs = OUTPUTS[name]!.map((i) => args[i]).filter(isRef);
    const ins = args.filter((a, i) => isRef(a) && !OUTPUTS[name]!.includes(i)) as TensorRef[];
    for (const out of outs) {
      for (const input of ins) {
        if (input.storage !== out.storage) continue;
        if (ELEMENTWISE.has(name) && sameView(input, out)) continue;
        throw new Error(`${device}: kernel '${name}' reads and writes one storage through different views (out [${out.shape.join(', ')}] at ${out.offset}, input [${input.shape.join(', ')}] at ${input.offset}); a GPU binds such a buffer once: the front end must copy first`);
      }
    }
  };

  const kernel =
    <A extends unknown[]>(name: KernelName, run: (...args: A) => void) =>
    (...args: A) => {
      counts.kernels++;
      const bound = args.map(snapshot) as A;
      queue.push(() => {
        if (options.strictAliasing) checkAliasing(name, bound);
        run(...bound);
        if (options.int64As32) {
          for (const i of OUTPUTS[name]!) {
            const out = bound[i];
            if (isRef(out) && out.dtype === 'int64') checkInt64(readSync(out), `${device}: kernel '${name}'`);
          }
        }
      });
    };

  const relabel = <S extends { device: string }>(s: S): S => Object.assign(s, { device });
  const POISON: Record<DType, number> = { float32: NaN, float64: NaN, int32: 0x5a5a5a5a, int64: 0x5a5a5a5a, uint8: 0xa5, bool: 0xa5 };

  const backend: DeferredBackend = {
    device,
    caps,
    allocate: (dtype, n, init) => {
      refuse(dtype, 'allocate');
      counts.allocations++;
      const s = relabel(base.allocate(dtype, n, init));
      if (init === 'uninit' && options.poisonUninit && n > 0) {
        const ref = { storage: s, dtype, shape: [n], strides: [1], offset: 0 };
        base.fill(ref, POISON[dtype]);
      }
      return s;
    },
    upload: (data, dtype) => {
      refuse(dtype, 'upload');
      if (dtype === 'int64' && options.int64As32) checkInt64(data, `${device}: upload`);
      counts.uploads++;
      return relabel(base.upload(data, dtype));
    },
    // In queue order: kernels queued before the dispose still use the storage.
    dispose: (s: Storage) => {
      counts.disposes++;
      queue.push(() => base.dispose(s));
    },
    read: async (ref) => {
      counts.reads++;
      await Promise.resolve();
      settle();
      return readSync(ref);
    },
    check: (flag, make, values) => {
      counts.checks++;
      const bound = snapshot(flag) as TensorRef;
      const boundValues = values === undefined ? undefined : (snapshot(values) as TensorRef);
      queue.push(() => {
        const i = readSync(bound).findIndex((v) => v !== 0);
        if (i >= 0) record(make(boundValues ? readSync(boundValues)[i] : undefined));
      });
    },
    flush,
    sync: async () => {
      counts.reads++;
      await Promise.resolve();
      settle();
    },
    memory: () => ({ pooledBytes: base.memory?.().pooledBytes ?? 0, queued: queue.length }),
    fill: kernel('fill', base.fill),
    copy: kernel('copy', base.copy),
    unary: kernel('unary', base.unary),
    binary: kernel('binary', base.binary),
    where: kernel('where', base.where),
    clamp: kernel('clamp', base.clamp),
    reduce: kernel('reduce', base.reduce),
    scan: kernel('scan', base.scan),
    matmul: kernel('matmul', base.matmul),
    gather: kernel('gather', base.gather),
    scatter: kernel('scatter', base.scatter),
    sort: kernel('sort', base.sort),
    conv2d: kernel('conv2d', base.conv2d),
    conv2dBackwardInput: kernel('conv2dBackwardInput', base.conv2dBackwardInput),
    conv2dBackwardWeight: kernel('conv2dBackwardWeight', base.conv2dBackwardWeight),
    maxPool2d: kernel('maxPool2d', base.maxPool2d),
    maxPool2dBackward: kernel('maxPool2dBackward', base.maxPool2dBackward),
    pending: () => queue.length,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      for (const k of Object.keys(counts) as (keyof DeviceCounts)[]) counts[k] = 0;
    },
  };
  if (options.fused) {
    const fused: Record<string, (...args: unknown[]) => boolean> = {};
    for (const [name, run] of Object.entries(options.fused) as [string, (...args: unknown[]) => boolean][]) {
      fused[name] = (...args: unknown[]) => {
        flush();
        try {
          if (!run(...args)) return false;
        } catch (e) {
          record(e); // a kernel never throws on this device: the error goes to the flag
        }
        counts.kernels++;
        counts.fused++;
        return true;
      };
    }
    (backend as { fused?: FusedKernels }).fused = fused as FusedKernels;
  }
  return backend;
}

/**
 * The stricter test device the suites run on, as a GPU is: refuses float64, holds int64 in 32 bits
 * with a range check, binds aliased operands strictly, fills uninitialised memory with garbage,
 * counts what it is asked, and never throws from a kernel.
 */
export function strictDevice(device: string, base: Backend, options: DeferredOptions = {}): DeferredBackend {
  return deferredBackend(device, base, { refuse: ['float64'], int64As32: true, strictAliasing: true, poisonUninit: true, ...options });
}
