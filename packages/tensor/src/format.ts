// Renders a tensor exactly as PyTorch's repr()/str() does (torch/_tensor_str.py, default print options).
// Kept as a pure function of (values, shape, dtype) so it needs no Tensor and can be tested against goldens.

import { isFloating, type DType } from './dtype';

export interface FormatOptions {
  device?: string;
  requiresGrad?: boolean;
  gradFn?: string | null;
}

// PyTorch's default print options.
const PRECISION = 4;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 80;

/** values: row-major (C-order) logical values of the tensor (length = product of shape; bool as 0/1). */
export function formatTensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
  opts: FormatOptions = {},
): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const numel = shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  if (opts.device && opts.device !== 'cpu') suffixes.push(`device='${opts.device}'`);

  let body: string;
  if (numel === 0) {
    // Nothing to infer the dtype from, so every dtype but the default float32 is named.
    if (shape.length !== 1) suffixes.push(`size=${pyTuple(shape)}`);
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    if (dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool') suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(values, shape, dtype, indent);
  }

  if (opts.gradFn) suffixes.push(`grad_fn=<${opts.gradFn}>`);
  else if (opts.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** _add_suffixes: each suffix goes on the current line unless it would pass the linewidth. */
function addSuffixes(str: string, suffixes: string[], indent: number): string {
  // PyTorch's own arithmetic, off by one as it is (+1, and rfind's -1 when there is no newline).
  let lastLineLen = str.length - str.lastIndexOf('\n') + 1;
  let out = str;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      out += ',\n' + ' '.repeat(indent) + s;
      lastLineLen = indent + s.length;
    } else {
      out += ', ' + s;
      lastLineLen += s.length + 2;
    }
  }
  return out + ')';
}

/** _tensor_str for a non-empty tensor. */
function tensorStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType, indent: number): string {
  const ndim = shape.length;
  const summarize = shape.reduce((a, b) => a * b, 1) > THRESHOLD;
  // float32 values are formatted from their float32 value, whatever array they came in.
  const at = dtype === 'float32' ? (i: number) => Math.fround(values[i]) : (i: number) => values[i];

  const strides = new Array<number>(ndim);
  for (let d = ndim - 1, s = 1; d >= 0; s *= shape[d], d--) strides[d] = s;
  // The indices printed along a dimension: all of them, or the edge items around an ellipsis.
  const shown = (n: number): number[] =>
    summarize && n > 2 * EDGEITEMS
      ? [...range(EDGEITEMS), ...range(EDGEITEMS).map((i) => n - EDGEITEMS + i)]
      : range(n);
  const elided = (n: number) => summarize && n > 2 * EDGEITEMS;

  // The formatter sees only the printed values (get_summarized_data), so hidden ones don't set widths.
  const printed: number[] = [];
  const collect = (offset: number, d: number): void => {
    if (d === ndim) printed.push(at(offset));
    else for (const i of shown(shape[d])) collect(offset + i * strides[d], d + 1);
  };
  collect(0, 0);
  const fmt = makeFormatter(printed, dtype);

  const render = (offset: number, d: number, ind: number): string => {
    if (d === ndim) return fmt.format(at(offset)); // 0-d tensor
    const n = shape[d];
    if (d === ndim - 1) {
      // _vector_str: wrap elements to fit the linewidth; ' ...' counts as an element.
      const data = shown(n).map((i) => fmt.format(at(offset + i * strides[d])));
      if (elided(n)) data.splice(EDGEITEMS, 0, ' ...');
      const perLine = Math.max(1, Math.floor((LINEWIDTH - ind) / (fmt.width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
      return '[' + lines.join(',\n' + ' '.repeat(ind + 1)) + ']';
    }
    const slices = shown(n).map((i) => render(offset + i * strides[d], d + 1, ind + 1));
    if (elided(n)) slices.splice(EDGEITEMS, 0, '...');
    // One blank line between 2-d blocks, two between 3-d blocks, ...
    return '[' + slices.join(',' + '\n'.repeat(ndim - d - 1) + ' '.repeat(ind + 1)) + ']';
  };
  return render(0, 0, indent);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Formatter {
  width: number;
  format(v: number): string;
}

/** _Formatter: picks int/fixed/sci mode and the common column width from the printed values. */
function makeFormatter(vals: readonly number[], dtype: DType): Formatter {
  if (!isFloating(dtype)) {
    const str = dtype === 'bool' ? (v: number) => (v ? 'True' : 'False') : intStr;
    const width = Math.max(1, ...vals.map((v) => str(v).length));
    return { width, format: (v) => str(v).padStart(width) };
  }

  // Mode and width come from the nonzero finite values only.
  const nz = vals.filter((v) => Number.isFinite(v) && v !== 0);
  let intMode = true;
  let sciMode = false;
  let width = 1;
  if (nz.length > 0) {
    const abs = nz.map(Math.abs);
    const max = abs.reduce((a, b) => Math.max(a, b));
    const min = abs.reduce((a, b) => Math.min(a, b));
    intMode = nz.every((v) => v === Math.ceil(v));
    sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    const str = sciMode ? sciStr : intMode ? (v: number) => fixedStr(v, 0) + '.' : (v: number) => fixedStr(v, PRECISION);
    for (const v of nz) width = Math.max(width, str(v).length);
  }
  const format = (v: number): string => {
    let s: string;
    if (sciMode) s = sciStr(v);
    else if (intMode) s = fixedStr(v, 0) + (Number.isFinite(v) ? '.' : ''); // '1.' marks a float; not 'nan.'
    else s = fixedStr(v, PRECISION);
    return s.padStart(width);
  };
  return { width, format };
}

/** Python's str(int): exact even past 2^53 (int64 lives in a Float64Array), unlike String(2 ** 62). */
function intStr(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

/** Python's '{:.Nf}'. */
function fixedStr(v: number, digits: number): string {
  return pyNumber(v, (x) => x.toFixed(digits), isFixedTie(v, digits));
}

/** Python's '{:.4e}': like toExponential, but with at least two exponent digits (1.0000e+00). */
function sciStr(v: number): string {
  const s = pyNumber(v, (x) => x.toExponential(PRECISION), isSciTie(v));
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * Python's float formatting from JS's: 'nan'/'inf' spellings, the sign of -0, and ties. Both round the
 * exact binary value correctly, but an exact tie goes away from zero in JS and to even in Python.
 */
function pyNumber(v: number, js: (x: number) => string, tie: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-' + js(0);
  const up = js(v);
  if (!tie) return up;
  // Nudged an ulp or two toward zero, v rounds to the other candidate; keep whichever ends in an even digit.
  const down = js(v * (1 - 2 ** -52));
  const mantissa = down.split('e')[0];
  return Number(mantissa[mantissa.length - 1]) % 2 === 0 ? down : up;
}

/** At 4 decimals a tie is an odd multiple of 0.00005 that is exactly binary: an odd multiple of 1/32. */
function isFixedTie(v: number, digits: number): boolean {
  return digits === PRECISION && Number.isInteger(v * 32) && !Number.isInteger(v * 16);
}

/**
 * A tie at 5 significant digits has exactly 6, the last a 5: n * 10^e with 5^-e dividing n < 10^6, so
 * e >= -8 and v is a multiple of 2^-8 below 1e21, whose decimal expansion toFixed(8) gives exactly.
 */
function isSciTie(v: number): boolean {
  if (!Number.isInteger(v * 256) || Math.abs(v) >= 1e21) return false;
  const digits = v.toFixed(8).replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length === PRECISION + 2 && digits.endsWith('5');
}
