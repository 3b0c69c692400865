// How each dtype lives in GPU memory: every element takes one 32-bit lane. float32 and int32 are
// native; int64 is emulated in an i32 lane (its range is checked on upload and by overflow-prone
// kernels); uint8 and bool are emulated in u32 lanes (0..255, 0/1); float64 has no WGSL type.
import type { BackendCaps, DType, TypedArray } from '@x/tensor';

/** The WGSL scalar type of a storage lane. */
export type Lane = 'f32' | 'i32' | 'u32';

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export function laneOf(dtype: DType): Lane {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
    case 'int64':
      return 'i32';
    case 'uint8':
    case 'bool':
      return 'u32';
    case 'float64':
      throw unsupported(dtype, 'a kernel');
  }
}

export function unsupported(dtype: DType, op: string): TypeError {
  return new TypeError(
    `${op}: dtype ${dtype} is not supported on device 'webgpu' (WGSL has no 64-bit floats); convert the tensor with .to('float32') or run the op on 'cpu' (.to('cpu'))`,
  );
}

export const caps: BackendCaps = Object.freeze({
  syncRead: false,
  hostShared: false,
  dtypes: Object.freeze({ float32: 'native', int32: 'native', int64: 'emulated', uint8: 'emulated', bool: 'emulated', float64: 'unsupported' }),
  int64Range: Object.freeze([INT32_MIN, INT32_MAX] as const),
  // GPU buffers are not freed by the JS garbage collector: the safety net disposes forgotten storages
  collectsGarbage: false,
});

/** The 32-bit lanes of `data` (already of dtype's array type), ready to upload; int64 values are range-checked. */
export function toLanes(data: TypedArray, dtype: DType, op = 'upload'): Float32Array | Int32Array | Uint32Array {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array ? data : Float32Array.from(data);
    case 'int32':
      return data instanceof Int32Array ? data : Int32Array.from(data);
    case 'int64': {
      const out = new Int32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const v = data[i]!;
        if (!(v >= INT32_MIN && v <= INT32_MAX)) throw int64Range(op, v);
        out[i] = v;
      }
      return out;
    }
    case 'uint8':
    case 'bool':
      return Uint32Array.from(data);
    case 'float64':
      throw unsupported(dtype, op);
  }
}

export function int64Range(op: string, value: number | string): RangeError {
  return new RangeError(
    `${op}: int64 value ${value} does not fit on device 'webgpu', which holds int64 in 32 bits ([${INT32_MIN}, ${INT32_MAX}]); keep such values on 'cpu' or use float32`,
  );
}

/** The values of `lanes` (raw 32-bit words read back) as dtype's typed array. */
export function fromLanes(buffer: ArrayBuffer, byteOffset: number, length: number, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer.slice(byteOffset, byteOffset + length * 4));
    case 'int32':
      return new Int32Array(buffer.slice(byteOffset, byteOffset + length * 4));
    case 'int64':
      return Float64Array.from(new Int32Array(buffer, byteOffset, length));
    case 'uint8':
    case 'bool':
      return Uint8Array.from(new Uint32Array(buffer, byteOffset, length));
    case 'float64':
      throw unsupported(dtype, 'read');
  }
}
