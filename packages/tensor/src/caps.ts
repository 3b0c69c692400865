// What a device can do, asked in one place: the front end reads a backend's `caps` through these
// helpers instead of probing for methods (`readSync`, `typedArray`) or comparing device names.
import type { BackendCaps, DTypeSupport } from './backend';
import type { DType } from './dtype';
import { getBackend } from './registry';

/** What the backend of `device` can do (sync reads, dtypes, kernels). */
export function capsOf(device: string): BackendCaps {
  return getBackend(device).caps;
}

/** Whether `device` can be read without awaiting (the CPU): sync reads, and data checks at the op. */
export function canReadSync(device: string): boolean {
  return getBackend(device).caps.syncRead;
}

/** Whether `device` holds `dtype` natively, emulated, or not at all. */
export function dtypeSupport(device: string, dtype: DType): DTypeSupport {
  return getBackend(device).caps.dtypes[dtype];
}

/** Throws the one error for a dtype the device cannot hold, naming dtype, op, device and the fix. */
export function requireDType(op: string, dtype: DType, device: string): void {
  if (getBackend(device).caps.dtypes[dtype] !== 'unsupported') return;
  const alternative = dtype === 'float64' ? 'float32' : dtype === 'int64' ? 'int32' : 'float32';
  throw new TypeError(
    `${op}: dtype ${dtype} is not supported on device '${device}'; convert the tensor (e.g. .to('${alternative}')) or run the op on 'cpu' (.to('cpu'))`,
  );
}

/**
 * The float dtype for values the front end stages on its own (allclose's differences, randint's
 * host values, collated plain numbers): float64 where the device holds it, else float32.
 */
export function stagingFloat(device: string): 'float64' | 'float32' {
  return getBackend(device).caps.dtypes.float64 === 'unsupported' ? 'float32' : 'float64';
}
