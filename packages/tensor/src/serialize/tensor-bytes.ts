// Tensor values <-> safetensors bytes (little-endian, row-major). int64 is real int64 in the file; here it
// lives in a Float64Array, so values beyond ±2^53 cannot be held exactly and are refused on load.
import { ARRAY_TYPE, type DType, type TypedArray } from '../dtype';
import { ITEM_SIZE, LITTLE_ENDIAN } from './dtypes';
import { quote } from './header';

const TWO_32 = 2 ** 32;
const TWO_21 = 2 ** 21;
const TWO_63 = 2 ** 63;

/** The values of `bytes` (exactly numel * itemsize of them) as a fresh typed array of dtype's array type. */
export function decodeValues(bytes: Uint8Array, dtype: DType, name: string, where: string): TypedArray {
  const n = bytes.length / ITEM_SIZE[dtype];
  if (dtype === 'int64') return decodeInt64(bytes, n, name, where);
  // new Uint8Array(bytes) copies into a fresh, aligned buffer (a Node Buffer's slice() would not copy).
  const copy = new Uint8Array(bytes);
  if (dtype === 'bool') return copy.map((b) => (b !== 0 ? 1 : 0)); // any nonzero byte is true
  if (dtype === 'uint8') return copy;
  const Ctor = ARRAY_TYPE[dtype];
  if (LITTLE_ENDIAN) return new Ctor(copy.buffer);
  const out = new Ctor(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    out[i] = dtype === 'float32' ? view.getFloat32(i * 4, true) : dtype === 'float64' ? view.getFloat64(i * 8, true) : view.getInt32(i * 4, true);
  }
  return out;
}

function decodeInt64(bytes: Uint8Array, n: number, name: string, where: string): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const low = view.getUint32(i * 8, true);
    const high = view.getInt32(i * 8 + 4, true);
    // Exactly representable iff -2^53 <= value <= 2^53, decided on the halves (the sum could round).
    if (high >= TWO_21 || high < -TWO_21) {
      if (!(high === TWO_21 && low === 0)) {
        const value = (BigInt(high) << 32n) | BigInt(low);
        throw new RangeError(
          `${where}: tensor ${quote(name)} (int64) holds ${value} at flat index ${i}, beyond ±2^53, which @x's int64 ` +
            `(held in a Float64Array) cannot represent exactly; convert it in Python first (e.g. to float64) or keep values within ±2^53`,
        );
      }
    }
    out[i] = high * TWO_32 + low;
  }
  return out;
}

/** Little-endian bytes of `values` (a tensor's row-major values, int64 as a Float64Array). */
export function encodeValues(values: TypedArray, dtype: DType, name: string, where: string): Uint8Array {
  if (dtype === 'int64') return encodeInt64(values, name, where);
  if (LITTLE_ENDIAN || ITEM_SIZE[dtype] === 1) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * ITEM_SIZE[dtype]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float32') view.setFloat32(i * 4, values[i]!, true);
    else if (dtype === 'float64') view.setFloat64(i * 8, values[i]!, true);
    else view.setInt32(i * 4, values[i]!, true);
  }
  return out;
}

function encodeInt64(values: TypedArray, name: string, where: string): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -TWO_63 || v >= TWO_63) {
      throw new RangeError(`${where}: tensor ${quote(name)} (int64) holds ${v} at flat index ${i}, which is not an int64 value`);
    }
    // Both halves are exact: v / 2^32 only shifts the exponent, and v - high * 2^32 is an integer below 2^32.
    const high = Math.floor(v / TWO_32);
    view.setUint32(i * 8, v - high * TWO_32, true);
    view.setInt32(i * 8 + 4, high, true);
  }
  return out;
}
