// A CPU storage: a typed array (int64 in a Float64Array, bool in a Uint8Array).
import { ARRAY_TYPE, type DType, type Storage, type TypedArray } from '@x/tensor';

export class CpuStorage implements Storage {
  readonly device = 'cpu';
  version = 0;
  constructor(
    readonly dtype: DType,
    readonly data: TypedArray,
  ) {}
  get length(): number {
    return this.data.length;
  }
}

export function allocateCpu(dtype: DType, length: number): CpuStorage {
  return new CpuStorage(dtype, new ARRAY_TYPE[dtype](length));
}

export function dataOf(storage: Storage): TypedArray {
  if (!(storage instanceof CpuStorage)) {
    const data = (storage as { data?: unknown }).data;
    if (storage.device === 'cpu' && ArrayBuffer.isView(data)) return data as TypedArray;
    throw new Error(`cpu backend: got a storage from device '${storage.device}'; move the tensor with .to('cpu') first`);
  }
  return storage.data;
}
