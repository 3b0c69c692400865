// Builds a safetensors file: 8-byte little-endian header length, the JSON header padded with spaces to
// 8-byte alignment, then the tensors' bytes back to back.
import type { DType, TypedArray } from '../dtype';
import { numelOf } from '../shape';
import { ITEM_SIZE, TO_SAFETENSORS } from './dtypes';
import { encodeValues } from './tensor-bytes';
import { toHalfBytes } from './half';

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Row-major values, as `dataAsync()` returns them. */
  readonly values: TypedArray;
  /** Store a floating point tensor as F16 or BF16 (rounded to nearest even), loaded back as float32. */
  readonly storeAs?: 'float16' | 'bfloat16';
}

const size = (t: TensorToWrite): number => (t.storeAs ? 2 : ITEM_SIZE[t.dtype]);


/**
 * The bytes of a safetensors file. Tensors are laid out widest item first (stable otherwise), so every
 * tensor starts aligned to its item size without padding, which the spec does not allow; the header lists
 * them in that order.
 */
export function writeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> | null, where: string): Uint8Array {
  const ordered = [...tensors].sort((a, b) => size(b) - size(a));
  const parts: string[] = [];
  if (metadata !== null) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const seen = new Set<string>(['__metadata__']);
  for (const t of ordered) {
    if (seen.has(t.name)) throw new Error(`${where}: two tensors are named ${JSON.stringify(t.name)} (or a tensor is named __metadata__)`);
    seen.add(t.name);
    if (t.values.length !== numelOf(t.shape)) throw new Error(`${where}: tensor ${JSON.stringify(t.name)} has ${t.values.length} values for shape [${t.shape.join(', ')}]`);
    const bytes = t.storeAs ? toHalfBytes(t.values, t.storeAs) : encodeValues(t.values, t.dtype, t.name, where);
    const info = { dtype: t.storeAs ? (t.storeAs === 'float16' ? 'F16' : 'BF16') : TO_SAFETENSORS[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    // Written key by key: JSON.stringify of an object would move integer-like names ("0", "1") first.
    parts.push(`${JSON.stringify(t.name)}:${JSON.stringify(info)}`);
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
