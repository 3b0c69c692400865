// The contract's data check: when the queued work reaches it, if any element of the bool view `flag`
// is true, the device records error(v) in its error flag (the first recorded wins; the next read
// rejects), v being the element of `values` at the first true position in row-major order. Two
// dispatches: every true element offers its position to a scratch word (atomicMax of n - i keeps the
// first), then one thread reads the value there and reports it (its 32 bits; the host decodes them).
import type { DType, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, THREAD_ID, unravelWgsl, Words } from '../layout';
import { cast } from '../wgsl/cast';
import { CAST_WGSL } from '../wgsl/cast';
import { WG } from './elementwise';

function decode(bits: number, dtype: DType): number {
  if (laneOf(dtype) === 'f32') return new Float32Array(Int32Array.of(bits).buffer)[0]!;
  return laneOf(dtype) === 'u32' ? bits >>> 0 : bits;
}

export function check(rt: GpuRuntime, flag: TensorRef, error: (value?: number) => Error, values?: TensorRef): void {
  const n = numel(flag.shape);
  if (n === 0) return;
  const walk = coalesce(flag.shape, [flag.strides]);
  const w = new Words();
  const site = rt.errorSite((bits) => (values ? error(decode(bits, values.dtype)) : error()));
  w.push(n, site, 0, 0);
  const shapeAt = w.push(...walk.shape);
  const at = w.push(flag.offset, ...walk.strides[0]!);
  const words = w.finish();
  const dims = walk.shape.length;
  const scratch = rt.scratch;
  rt.clear(scratch);
  rt.dispatch({
    key: `check:${dims}:${flag.dtype}`,
    wgsl: () => `${CAST_WGSL}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<${laneOf(flag.dtype)}>;
@group(0) @binding(1) var<storage, read_write> first: array<atomic<u32>, 4>;
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
${unravelWgsl(dims, shapeAt, [at])}
  if (${cast('b0[o0]', flag.dtype, 'bool')} != 0u) { atomicMax(&first[0], u(0u) - i); }
}`,
    buffers: [bufferOf(flag, 'check'), scratch],
    access: ['read', 'rw'],
    uniforms: words,
    workgroups: Math.ceil(n / WG),
  });
  // the value at the first true position (of `values`, walked in flag's row-major order), or 0
  const vw = new Words();
  vw.push(n, site, 0, 0);
  const vShapeAt = vw.push(...(values ? values.shape : []));
  const vAt = vw.push(values ? values.offset : 0, ...(values ? values.strides : []));
  const vWords = vw.finish();
  const vd = values ? values.shape.length : 0;
  const lane = values ? laneOf(values.dtype) : 'i32';
  rt.dispatch({
    key: `check-report:${vd}:${values ? values.dtype : ''}`,
    wgsl: () => `${CAST_WGSL}
${errorDecl()}
${uniformDecl(vWords.length)}
@group(0) @binding(0) var<storage, read> first: array<u32, 4>;
${values ? `@group(0) @binding(1) var<storage, read> b1: array<${lane}>;` : ''}
@compute @workgroup_size(1)
fn main() {
  let s = first[0];
  if (s == 0u) { return; }
  let i = u(0u) - s;
${values ? unravelWgsl(vd, vShapeAt, [vAt]) : ''}
  report(u(1u), ${values ? `bitcast<i32>(b1[o0])` : '0'});
}`,
    buffers: values ? [scratch, bufferOf(values, 'check')] : [scratch],
    access: values ? ['read', 'read'] : ['read'],
    uniforms: vWords,
    errors: true,
    workgroups: 1,
  });
}
