// The dtypes @x supports, their storage arrays, and their categories (bool < integer < floating).

/** A tensor's element type: PyTorch's dtypes by name (`'float32'` is torch.float32 / torch.float). */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bool';

/** Every dtype, in PyTorch's promotion order. */
export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'];

/** int64 is held in a Float64Array: exact for integers within ±2^53 (see the README). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The typed-array class of a dtype's storage. */
export type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

/** The typed-array class that holds each dtype (bool as Uint8Array, int64 as Float64Array). */
export const ARRAY_TYPE: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: Float64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

const ELEMENT_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1 };

/** Bytes per element, as PyTorch's element_size() (int64 counts 8, whatever holds it here). */
export function elementSize(d: DType): number {
  return ELEMENT_SIZE[d];
}

export const DEFAULT_FLOAT: DType = 'float32';
export const DEFAULT_INT: DType = 'int64';

/** Whether `d` is a floating-point dtype (PyTorch's `dtype.is_floating_point`). */
export function isFloating(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** Whether `d` is an integer dtype (bool too with includeBool). */
export function isIntegral(d: DType, includeBool = false): boolean {
  return d === 'int32' || d === 'int64' || d === 'uint8' || (includeBool && d === 'bool');
}

/** 0 bool, 1 integer, 2 floating: the category order used by type promotion. */
export function category(d: DType): 0 | 1 | 2 {
  return d === 'bool' ? 0 : isFloating(d) ? 2 : 1;
}

const ALIASES: Record<string, DType> = {
  float32: 'float32', float: 'float32', float64: 'float64', double: 'float64',
  int32: 'int32', int: 'int32', int64: 'int64', long: 'int64', uint8: 'uint8', bool: 'bool',
};

/** Accepts PyTorch's names (also 'torch.float32', 'long', 'double'); anything else is a clear error. */
export function parseDType(name: unknown, op = 'dtype'): DType {
  if (typeof name === 'string') {
    const key = name.startsWith('torch.') ? name.slice(6) : name;
    const d = ALIASES[key];
    if (d) return d;
  }
  throw new TypeError(
    `${op}: unknown dtype ${JSON.stringify(name)}; expected one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`,
  );
}

/**
 * The value a number becomes when stored in a tensor of dtype `d` (PyTorch's cast: truncation toward
 * zero). NaN and ±Inf into an integer dtype are undefined in PyTorch; x86 gives INT_MIN, and so do we.
 */
export function castScalar(v: number, d: DType): number {
  switch (d) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'bool':
      return v !== 0 ? 1 : 0; // NaN is true, as in PyTorch
    case 'int64':
      return Number.isFinite(v) ? Math.trunc(v) || 0 : -(2 ** 63);
    case 'int32':
      return Number.isFinite(v) ? Math.trunc(v) | 0 : -(2 ** 31);
    case 'uint8':
      return Number.isFinite(v) ? Math.trunc(v) & 255 : 0;
  }
}


/** PyTorch's printed name, e.g. torch.float32. */
export function torchName(d: DType): string {
  return `torch.${d}`;
}
