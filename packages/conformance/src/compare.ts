// Comparing an op's result with PyTorch's: dtype and shape exactly, values with torch.testing's defaults.
import { isTensor, type Device, type DType } from '@x/tensor';
import { decodeValue } from './decode';
import { isEncodedTensor, type EncodedTensor, type Expected } from './fixtures';

/** torch.testing.assert_close's default tolerances; integer and bool dtypes compare exactly. */
export const TOLERANCES: Partial<Record<DType, { rtol: number; atol: number }>> = {
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
};

export interface CompareOptions {
  /** The device every result must be on. */
  device: Device;
  /** Distinguish -0 from 0 where PyTorch's result is a zero. */
  signedZeros?: boolean;
}

export class Mismatch extends Error {
  override name = 'Mismatch';
}

const fmtShape = (s: readonly number[]) => `[${s.join(', ')}]`;

function fmtValue(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  return Object.is(v, -0) ? '-0' : String(v);
}

function describeValue(v: unknown): string {
  if (isTensor(v)) return `Tensor(${fmtShape(v.shape)}, ${v.dtype})`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (v === null) return 'null';
  return `${typeof v} ${String(v)}`;
}

function unravel(i: number, shape: readonly number[]): string {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d]!;
    out.unshift(s === 0 ? 0 : i % s);
    i = s === 0 ? 0 : Math.floor(i / s);
  }
  return fmtShape(out);
}

/** Is `actual` close to `expected` for `dtype`? NaN equals NaN; infinities must match in sign. */
export function close(actual: number, expected: number, dtype: DType, signedZeros = false): boolean {
  const tol = TOLERANCES[dtype];
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (Number.isNaN(actual)) return false;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  if (signedZeros && expected === 0 && actual === 0) return Object.is(actual, expected);
  if (!tol) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Values of a typed array as numbers (bool as 0/1; a BigInt64Array would be converted too). */
function toNumbers(data: ArrayLike<number | bigint>): number[] {
  return Array.from(data, (v) => Number(v));
}

export async function compareTensor(actual: unknown, expected: EncodedTensor, where: string, opts: CompareOptions): Promise<void> {
  if (!isTensor(actual)) throw new Mismatch(`${where}: expected a Tensor, got ${describeValue(actual)}`);
  const head = `${where}: expected ${fmtShape(expected.shape)} ${expected.dtype}, got ${fmtShape(actual.shape)} ${actual.dtype}`;
  if (actual.dtype !== expected.dtype) throw new Mismatch(`${head} (dtype differs)`);
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i])) {
    throw new Mismatch(`${head} (shape differs)`);
  }
  if (actual.device !== opts.device) throw new Mismatch(`${where}: result is on device '${actual.device}', expected '${opts.device}'`);
  const got = toNumbers(await actual.dataAsync());
  const want = expected.data.map((v) => Number(decodeValue(v)));
  if (got.length !== want.length) {
    throw new Mismatch(`${head}: dataAsync() returned ${got.length} values for ${want.length} elements`);
  }
  const bad: number[] = [];
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i]!, want[i]!, expected.dtype, opts.signedZeros)) bad.push(i);
  }
  if (bad.length === 0) return;
  const tol = TOLERANCES[expected.dtype];
  const lines = bad.slice(0, 8).map((i) => `  at ${unravel(i, expected.shape)}: got ${fmtValue(got[i]!)}, expected ${fmtValue(want[i]!)}`);
  if (bad.length > 8) lines.push(`  ... ${bad.length - 8} more`);
  const tolText = tol ? `rtol ${tol.rtol}, atol ${tol.atol}` : 'exact';
  let text = `${where}: ${bad.length} of ${want.length} values differ (${expected.dtype}, ${tolText}${opts.signedZeros ? ', signed zeros' : ''})\n${lines.join('\n')}`;
  if (want.length <= 24) {
    text += `\n  got      [${got.map(fmtValue).join(', ')}]\n  expected [${want.map(fmtValue).join(', ')}]`;
  }
  throw new Mismatch(text);
}

/** Compare a result (a Tensor, a list of them, or a JS value) with its expectation. */
export async function compareResult(actual: unknown, expected: Expected, where: string, opts: CompareOptions): Promise<void> {
  if (isEncodedTensor(expected)) return compareTensor(actual, expected, where, opts);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Mismatch(`${where}: expected a list of ${expected.length}, got ${describeValue(actual)}`);
    if (actual.length !== expected.length) {
      throw new Mismatch(`${where}: expected a list of ${expected.length}, got a list of ${actual.length}`);
    }
    for (let i = 0; i < expected.length; i++) await compareResult(actual[i], expected[i]!, `${where}[${i}]`, opts);
    return;
  }
  if (actual !== expected) throw new Mismatch(`${where}: expected ${String(expected)}, got ${describeValue(actual)}`);
}

/** Wait for every tensor in a result (so that errors a device reports late surface here). */
export async function settle(result: unknown): Promise<void> {
  if (isTensor(result)) await result.dataAsync();
  else if (Array.isArray(result)) for (const r of result) await settle(r);
}
