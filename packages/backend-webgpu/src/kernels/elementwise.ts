// The elementwise engine behind fill, copy, unary, binary, where, clamp and fused chains: one thread
// per output element unravels its index over the (merged) output dims and reads each operand through
// its own offset and strides (0 for a broadcast dim, negative for a flipped input). Storages shared by
// several operands are bound once, read-write when the kernel writes them.
import type { DType, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type Access, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, sameView, THREAD_ID, unravelWgsl, Words } from '../layout';
import { CAST_WGSL, F2L_WGSL, scalarBits, uniformAs } from '../wgsl/cast';
import { copyToFresh, release } from './materialize';

export const WG = 64;

/** An operand: a strided view, or a scalar held in a uniform word as a value of `dtype`'s lane. */
export type EwArg = { ref: TensorRef } | { scalar: number; dtype: DType };

export interface EwKernel {
  /** Names the op in errors and labels. */
  op: string;
  out: TensorRef;
  args: readonly EwArg[];
  /**
   * WGSL of `fn f(x0: L0, x1: L1, ...) -> Lout` where each Lk is its operand's lane type (raw, before
   * any cast) and Lout is out's lane type; may call helpers given in `helpers`.
   */
  fn: string;
  helpers?: string;
  /** The kernel may set the private `ovf` flag (int64 overflow, float -> int64 beyond 32 bits, division by zero). */
  flags?: (value: number) => Error;
}

export function runElementwise(rt: GpuRuntime, k: EwKernel): void {
  const { out } = k;
  const n = numel(out.shape);
  if (n === 0) return;
  const outBuf = bufferOf(out, k.op);
  // An input over out's storage through another view would race with the writes: read a copy.
  const temps: TensorRef[] = [];
  const args = k.args.map((a) => {
    if (!('ref' in a) || a.ref.storage !== out.storage || sameView(a.ref, out)) return a;
    const ref = copyToFresh(rt, a.ref, k.op);
    temps.push(ref);
    return { ref };
  });
  const refs = args.flatMap((a) => ('ref' in a ? [a.ref] : []));
  const walk = coalesce(out.shape, [out.strides, ...refs.map((r) => r.strides)]);
  const dims = walk.shape.length;
  const buffers: GPUBuffer[] = [outBuf];
  const access: Access[] = ['rw'];
  const lanes: string[] = [laneOf(out.dtype)];
  const bindingOf = (ref: TensorRef): number => {
    const b = bufferOf(ref, k.op);
    const at = buffers.indexOf(b);
    if (at >= 0) return at;
    buffers.push(b);
    access.push('read');
    lanes.push(laneOf(ref.dtype));
    return buffers.length - 1;
  };
  const w = new Words();
  w.push(n, 0, 0, 0);
  const site = k.flags ? rt.errorSite(k.flags) : 0;
  w.push(site);
  const shapeAt = w.push(...walk.shape);
  const operandAt = [out, ...refs].map((r, j) => w.push(r.offset, ...walk.strides[j]!));
  const loads: string[] = [];
  let ri = 1;
  for (const a of args) {
    if ('ref' in a) {
      const b = bindingOf(a.ref);
      loads.push(`b${b}[o${ri++}]`);
    } else {
      const at = w.push(scalarBits(a.scalar, a.dtype));
      loads.push(uniformAs(at, a.dtype));
    }
  }
  const words = w.finish();
  const wgsl = () => `${CAST_WGSL}
${F2L_WGSL}
${k.flags ? errorDecl() : ''}
${uniformDecl(words.length)}
${buffers.map((_, b) => `@group(0) @binding(${b}) var<storage, ${access[b] === 'rw' ? 'read_write' : 'read'}> b${b}: array<${lanes[b]}>;`).join('\n')}
${k.helpers ?? ''}
${k.fn}
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
${unravelWgsl(dims, shapeAt, operandAt)}
  b0[o0] = f(${loads.join(', ')});
${k.flags ? '  if (ovf != 0u) { report(u(4u), i32(ovf)); }' : ''}
}`;
  const key = `ew:${k.op}:${dims}:${access.join(',')}:${lanes.join(',')}:${loads.join(',')}:${k.fn}:${k.helpers ?? ''}:${k.flags ? 'f' : ''}`;
  rt.dispatch({ key, wgsl, buffers, access, uniforms: words, errors: k.flags !== undefined, workgroups: Math.ceil(n / WG) });
  for (const t of temps) release(rt, t);
}
