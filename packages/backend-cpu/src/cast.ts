// Converting JS numbers into a dtype's stored value. Typed-array stores already do most of it
// (float32 rounding, int32/uint8 wrap-around); int64 (in a Float64Array) and bool need help.
import type { DType } from '@x/tensor';

export type Convert = ((v: number) => number) | null;

/** null when a plain typed-array store already converts correctly. */
export function storeConverter(dtype: DType): Convert {
  switch (dtype) {
    case 'int64':
      return (v) => (Number.isFinite(v) ? Math.trunc(v) || 0 : -(2 ** 63));
    case 'bool':
      return (v) => (v !== 0 ? 1 : 0);
    default:
      return null;
  }
}

/** Converts a value read from any dtype into the compute dtype, as PyTorch casts inputs first. */
export function computeConverter(from: DType, compute: DType): Convert {
  if (from === compute) return null;
  switch (compute) {
    case 'float32':
      return Math.fround;
    case 'float64':
      return null;
    case 'int64':
      return from === 'float32' || from === 'float64' ? (v) => (Number.isFinite(v) ? Math.trunc(v) || 0 : -(2 ** 63)) : null;
    case 'int32':
      return (v) => (Number.isFinite(v) ? v | 0 : -(2 ** 31));
    case 'uint8':
      return (v) => (Number.isFinite(v) ? Math.trunc(v) & 255 : 0);
    case 'bool':
      return (v) => (v !== 0 ? 1 : 0);
  }
}
