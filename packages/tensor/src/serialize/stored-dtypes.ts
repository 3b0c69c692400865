// The element types a file may store (PyTorch's storages, safetensors' codes) and how each loads into an @x
// dtype: half types widen to float32, int8/int16 to int32 (exactly), the rest load as themselves.
import type { DType, TypedArray } from '../dtype';
import { bfloat16ToFloat32, float16ToFloat32 } from './half';
import { decodeValues } from './tensor-bytes';

export type StoredDType = DType | 'float16' | 'bfloat16' | 'int16' | 'int8';

export const STORED_ITEM_SIZE: Readonly<Record<StoredDType, number>> = {
  float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1, float16: 2, bfloat16: 2, int16: 2, int8: 1,
};

/** The @x dtype a stored type loads as. */
export const LOADED_DTYPE: Readonly<Record<StoredDType, DType>> = {
  float32: 'float32', float64: 'float64', int32: 'int32', int64: 'int64', uint8: 'uint8', bool: 'bool',
  float16: 'float32', bfloat16: 'float32', int16: 'int32', int8: 'int32',
};

/** A copy of `bytes` with every item of `size` bytes reversed (big-endian to little-endian). */
export function byteSwapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]!;
  return out;
}

/**
 * The values of `bytes` (little-endian items of `stored`, exactly numel * itemsize of them) as a fresh
 * typed array of the loaded dtype's array type.
 */
export function decodeStored(bytes: Uint8Array, stored: StoredDType, name: string, where: string): TypedArray {
  const n = bytes.length / STORED_ITEM_SIZE[stored];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (stored) {
    case 'float16':
    case 'bfloat16': {
      const bits = new Uint16Array(n);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true);
      return stored === 'float16' ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
    }
    case 'int16': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true);
      return out;
    }
    case 'int8':
      return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    default:
      return decodeValues(bytes, stored, name, where);
  }
}
