// F.pad: `pad` lists (before, after) pairs from the last dim backwards. Constant padding fills a new
// tensor and copies the input into its middle (negative amounts crop); reflect, replicate and
// circular read the input through an index per padded dim (indexSelect, any backend). Recorded as
// one 'pad' op, whose gradient is a pad again (constant) or a scatter-add through the same indices.
import { recordOp } from '../../autograd-hook';
import { noGrad } from '../../grad-mode';
import { getBackend } from '../../registry';
import { formatShape } from '../../shape';
import type { Tensor } from '../../tensor';
import { full, tensor } from '../creation';
import { indexSelect } from '../indexing';
import { narrow } from '../views';
import { notImplemented } from './args';

/** torch.nn.functional.pad's `mode`: `'constant'`, `'reflect'`, `'replicate'` or `'circular'`. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** pad's options: `mode` and `value`. */
export interface PadOptions {
  /** Default 'constant'. */
  mode?: PadMode;
  /** The fill of constant padding (default 0); other modes take none. */
  value?: number | null;
}

/** One padded dim: amounts before and after (negative crops). */
export interface PadStep {
  readonly dim: number;
  readonly before: number;
  readonly after: number;
}

const MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** The pairs of `pad` as steps, last dim first. */
function stepsOf(x: Tensor, pad: readonly number[]): PadStep[] {
  return Array.from({ length: pad.length / 2 }, (_, i) => ({ dim: x.ndim - 1 - i, before: pad[2 * i]!, after: pad[2 * i + 1]! }));
}

export function pad(input: Tensor, padding: readonly number[], options: PadOptions = {}): Tensor {
  const mode = options.mode ?? 'constant';
  if (!MODES.includes(mode)) throw new RangeError(`pad: Unrecognised padding mode ${String(mode)} (use 'constant', 'reflect', 'replicate' or 'circular')`);
  if (!Array.isArray(padding) || padding.some((p) => !Number.isInteger(p))) throw new TypeError(`pad: expected pad to be a list of ints, got ${String(padding)}`);
  if (padding.length % 2 !== 0) throw new RangeError(`pad: Padding length must be divisible by 2, but got pad=[${padding.join(', ')}]`);
  if (padding.length > input.ndim * 2) {
    throw new RangeError(`pad: Padding length too large: pad=[${padding.join(', ')}] pads ${padding.length / 2} dims of an input of size ${formatShape(input.shape)}`);
  }
  const steps = stepsOf(input, padding);
  const out = noGrad(() => (mode === 'constant' ? constantPad(input, steps, options.value ?? 0) : indexedPad(input, steps, mode, options.value)));
  recordOp('pad', [input], [out.result], { mode, pad: [...padding], steps, indices: out.indices });
  return out.result;
}

function constantPad(x: Tensor, steps: readonly PadStep[], value: number): { result: Tensor; indices: Tensor[] } {
  const shape = [...x.shape];
  for (const s of steps) {
    const size = x.shape[s.dim]! + s.before + s.after;
    if (size < 0) {
      throw new RangeError(`pad: The input size ${x.shape[s.dim]}, plus negative padding ${s.before} and ${s.after} resulted in a negative output size, which is invalid. Check dimension ${s.dim} of your input (size ${formatShape(x.shape)}).`);
    }
    shape[s.dim] = size;
  }
  const result = full(shape, value, { dtype: x.dtype, device: x.device });
  // the kept part of x and where it lands
  let src = x;
  let dst = result;
  for (const s of steps) {
    const start = Math.max(0, -s.before);
    const length = x.shape[s.dim]! - start - Math.max(0, -s.after);
    if (length <= 0) return { result, indices: [] };
    src = narrow(src, s.dim, start, length);
    dst = narrow(dst, s.dim, Math.max(0, s.before), length);
  }
  if (src.numel() > 0) getBackend(x.device).copy(src, dst);
  return { result, indices: [] };
}

/** Where output position i of a dim of size n padded by (before, after) reads, for each non-constant mode. */
function sourceIndex(mode: PadMode, i: number, n: number, before: number, after: number): number {
  if (mode === 'circular') {
    // PyTorch crops negative amounts first, then wraps around what is left
    const start = Math.max(0, -before);
    const m = n - start - Math.max(0, -after);
    return start + ((((i - Math.max(0, before)) % m) + m) % m);
  }
  const j = i - before;
  if (mode === 'replicate') return Math.min(Math.max(j, 0), n - 1);
  // reflect: mirror about the first and last elements, which are not repeated
  if (j < 0) return -j;
  return j >= n ? 2 * (n - 1) - j : j;
}

function indexedPad(x: Tensor, steps: readonly PadStep[], mode: PadMode, value: number | null | undefined): { result: Tensor; indices: Tensor[] } {
  if (value !== undefined && value !== null && value !== 0) throw new RangeError(`pad: Padding mode "${mode}" doesn't take in value argument (got value=${value})`);
  const k = steps.length;
  if (!((k === 1 && (x.ndim === 2 || x.ndim === 3)) || (k === 2 && (x.ndim === 3 || x.ndim === 4)) || (k === 3 && (x.ndim === 4 || x.ndim === 5)))) {
    throw new RangeError(
      `pad: Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now (mode '${mode}' pads the last ${k} dims of an input of size ${formatShape(x.shape)}; ` +
        `pad the last 1 dim of a 2-D/3-D input, 2 of a 3-D/4-D one or 3 of a 4-D/5-D one)`,
    );
  }
  if (mode === 'circular' && x.ndim !== k + 2) {
    throw new RangeError(`pad: Invalid padding size, expected ${2 * (x.ndim - 2)} but got ${2 * k}: circular padding of the last ${k} dims needs a batched ${k + 2}-D input, got ${formatShape(x.shape)}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') notImplemented('pad', `${mode === 'reflect' ? 'reflection' : mode === 'replicate' ? 'replication' : 'circular'}_pad${k}d`, x.dtype, x.shape);
  const indices: Tensor[] = [];
  let result = x;
  for (const s of steps) {
    const n = x.shape[s.dim]!;
    const size = n + s.before + s.after;
    checkIndexedStep(mode, s, n, size, x);
    const index = Array.from({ length: size }, (_, i) => sourceIndex(mode, i, n, s.before, s.after));
    const t = tensor(index, { dtype: 'int64', device: x.device });
    indices.push(t);
    result = indexSelect(result, s.dim, t);
  }
  return { result, indices };
}

function checkIndexedStep(mode: PadMode, s: PadStep, n: number, size: number, x: Tensor): void {
  const where = `at dimension ${s.dim} of input ${formatShape(x.shape)}`;
  if (n === 0) throw new RangeError(`pad: ${mode} padding needs non-empty dims to pad, but dimension ${s.dim} of input ${formatShape(x.shape)} is empty`);
  if (mode === 'reflect' && (s.before >= n || s.after >= n)) {
    throw new RangeError(`pad: Padding size should be less than the corresponding input dimension, but got: padding (${s.before}, ${s.after}) ${where}`);
  }
  if (mode === 'circular') {
    if (s.before > n || s.after > n) throw new RangeError(`pad: Padding value causes wrapping around more than once: padding (${s.before}, ${s.after}) ${where}`);
    if (size <= 0) throw new RangeError(`pad: Negative padding value is resulting in an empty dimension: padding (${s.before}, ${s.after}) ${where}`);
  }
  if (size < 1) throw new RangeError(`pad: input (size ${n}) is too small. Calculated output size: ${size}: padding (${s.before}, ${s.after}) ${where}`);
}
