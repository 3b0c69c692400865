// Host-side index math shared by the kernels: merging dims that every operand walks contiguously,
// and packing shapes, strides and offsets into uniform words.
import type { TensorRef } from '@x/tensor';

export interface Walk {
  shape: number[];
  /** One stride list per operand (same order as given), over the merged dims. */
  strides: number[][];
}

/** Drops size-1 dims and merges adjacent dims that are contiguous with each other in every operand. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Walk {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * n)) {
      outShape[last] = outShape[last]! * n;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(n);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function isContiguousRef(ref: TensorRef): boolean {
  let expected = 1;
  for (let d = ref.shape.length - 1; d >= 0; d--) {
    if (ref.shape[d] !== 1 && ref.strides[d] !== expected) return false;
    expected *= ref.shape[d]!;
  }
  return true;
}

export function sameView(a: TensorRef, b: TensorRef): boolean {
  return (
    a.storage === b.storage &&
    a.offset === b.offset &&
    a.shape.length === b.shape.length &&
    a.shape.every((s, d) => s === b.shape[d] && (s === 1 || a.strides[d] === b.strides[d]))
  );
}

/** Uniform words, appended in order. */
export class Words {
  private readonly w: number[] = [];
  get length(): number {
    return this.w.length;
  }
  push(...v: number[]): number {
    const at = this.w.length;
    for (const x of v) this.w.push(x);
    return at;
  }
  finish(): Uint32Array {
    const out = new Uint32Array(Math.max(4, Math.ceil(this.w.length / 4) * 4));
    for (let i = 0; i < this.w.length; i++) out[i] = this.w[i]! >>> 0;
    return out;
  }
}

/**
 * WGSL that turns the linear index `i` (over `dims` dims whose sizes are uniform words from `shapeAt`)
 * into offsets o0.. of operands whose offset and strides start at `operandAt[k]` (offset, then strides).
 */
export function unravelWgsl(dims: number, shapeAt: number, operandAt: readonly number[], index = 'i', prefix = 'o'): string {
  const lines = operandAt.map((at, k) => `var ${prefix}${k}: i32 = ui(${at}u);`);
  const rem = `rem_${prefix}`;
  if (dims > 0) lines.push(`var ${rem}: u32 = ${index};`);
  for (let d = dims - 1; d >= 0; d--) {
    lines.push(`{ let n = u(${shapeAt + d}u); let c = i32(${rem} % n); ${rem} = ${rem} / n;`);
    operandAt.forEach((at, k) => lines.push(`  ${prefix}${k} += c * ui(${at + 1 + d}u);`));
    lines.push('}');
  }
  return lines.join('\n');
}

/** The workgroup-linear thread id for a 1-D launch of `size`-thread workgroups over a 2-D grid. */
export const THREAD_ID = (size: number) =>
  `@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${size}u + lid;`;
