// The safetensors dtype codes @x reads and writes, and their sizes in bytes.
import type { DType } from '../dtype';
import type { StoredDType } from './stored-dtypes';

export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'I64' | 'U8' | 'BOOL';

export const TO_SAFETENSORS: Readonly<Record<DType, SafetensorsDType>> = {
  float32: 'F32', float64: 'F64', int32: 'I32', int64: 'I64', uint8: 'U8', bool: 'BOOL',
};

export const FROM_SAFETENSORS: Readonly<Record<SafetensorsDType, DType>> = {
  F32: 'float32', F64: 'float64', I32: 'int32', I64: 'int64', U8: 'uint8', BOOL: 'bool',
};

export const ITEM_SIZE: Readonly<Record<DType, number>> = {
  float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1,
};

/** Codes @x reads into a wider dtype (half types to float32, small ints to int32) and writes on request. */
export const WIDENED_SAFETENSORS: Readonly<Record<string, 'float16' | 'bfloat16' | 'int8' | 'int16'>> = {
  F16: 'float16', BF16: 'bfloat16', I8: 'int8', I16: 'int16',
};

/** Codes the format defines that @x has no dtype for: named in the error so the fix is clear. */
export const OTHER_SAFETENSORS_DTYPES: ReadonlySet<string> = new Set([
  'U16', 'U32', 'U64', 'F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'C64',
]);

/** The element type a code stores (F16 is float16, loaded as float32), or null for codes @x cannot read. */
export function safetensorsDType(code: unknown): StoredDType | null {
  if (typeof code !== 'string') return null;
  if (Object.prototype.hasOwnProperty.call(FROM_SAFETENSORS, code)) return FROM_SAFETENSORS[code as SafetensorsDType];
  return Object.prototype.hasOwnProperty.call(WIDENED_SAFETENSORS, code) ? WIDENED_SAFETENSORS[code]! : null;
}

/** Whether this machine stores numbers little-endian (then typed arrays can be copied byte for byte). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
