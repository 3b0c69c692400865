// float16 and bfloat16 <-> numbers, exactly: @x has no half dtype (see the README), so half tensors load
// widened to float32 (every half value is a float32 value) and are written by rounding float32 values to
// nearest, ties to even, as PyTorch's .half() and .bfloat16() do (NaN stays NaN, overflow goes to
// infinity, subnormals are kept).

let halfTable: Float32Array | null = null;

/** The float32 value of every float16 bit pattern (256 KB, made on first use: decoding is then a lookup). */
function table(): Float32Array {
  if (halfTable !== null) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    t[h] = exp === 0 ? sign * mant * 2 ** -24 : exp === 31 ? (mant === 0 ? sign * Infinity : NaN) : sign * (1024 + mant) * 2 ** (exp - 25);
  }
  return (halfTable = t);
}

/** float16 bit patterns (little-endian pairs of bytes) to float32 values. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const t = table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
  return out;
}

/** bfloat16 bit patterns to float32 values: the top half of a float32. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bits[i]! << 16;
  return new Float32Array(out.buffer);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round half to even of a non-negative double. */
function roundEven(x: number): number {
  const f = Math.floor(x), d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** The float16 bit pattern nearest a float32 value (ties to even). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = f32[0]!;
  const sign = (u32[0]! >>> 16) & 0x8000;
  if (Number.isNaN(x)) return sign | 0x7e00;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // halfway between 65504 and 2^16 rounds to even: infinity
  if (a < 2 ** -14) return sign | roundEven(a * 2 ** 24); // subnormal (1024 is the smallest normal's pattern)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // log2 can round up just below a power of two
  if (2 ** (e + 1) <= a) e++;
  let m = roundEven(a * 2 ** (10 - e)) - 1024;
  if (m === 1024) { m = 0; e++; }
  return sign | ((e + 15) << 10) | m;
}

/** The bfloat16 bit pattern nearest a float32 value (ties to even; NaN becomes the quiet NaN 0x7fc0). */
export function bfloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  if (Number.isNaN(f32[0])) return 0x7fc0;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Values as float16 or bfloat16 bit patterns. */
export function toHalfBits(values: ArrayLike<number>, kind: 'float16' | 'bfloat16'): Uint16Array {
  const out = new Uint16Array(values.length);
  const convert = kind === 'float16' ? float16Bits : bfloat16Bits;
  for (let i = 0; i < values.length; i++) out[i] = convert(values[i]!);
  return out;
}

/** Values as little-endian float16 or bfloat16 bytes, as files store them. */
export function toHalfBytes(values: ArrayLike<number>, kind: 'float16' | 'bfloat16'): Uint8Array {
  const bits = toHalfBits(values, kind);
  const out = new Uint8Array(bits.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < bits.length; i++) view.setUint16(2 * i, bits[i]!, true);
  return out;
}
