// Inclusive scans along one dim: one thread per row (every other index), accumulating in the output
// dtype in order, as the CPU backend does (int64 checked for overflow).
import type { ScanOp, TensorRef } from '@x/tensor';
import { int64Range, laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, THREAD_ID, unravelWgsl, Words } from '../layout';
import { CAST_WGSL, F2L_WGSL, cast } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { copyToFresh, release } from './materialize';

const WG = 64;

export function scan(rt: GpuRuntime, op: ScanOp, x: TensorRef, dim: number, out: TensorRef): void {
  const total = numel(out.shape);
  if (total === 0) return;
  const src = x.storage === out.storage ? copyToFresh(rt, x, op) : x;
  const n = x.shape[dim] ?? 1;
  const drop = <T>(a: readonly T[]) => a.filter((_, i) => i !== dim);
  const rows = coalesce(drop(x.shape), [drop(src.strides), drop(out.strides)]);
  const t = out.dtype;
  const long = t === 'int64';
  const lane = laneOf(t);
  const w = new Words();
  const site = long ? rt.errorSite(() => int64Range(op, 'accumulated in a kernel')) : 0;
  w.push(total / n, n, site, 0, src.strides[dim] ?? 0, out.strides[dim] ?? 0, 0, 0);
  const shapeAt = w.push(...rows.shape);
  const xAt = w.push(src.offset, ...rows.strides[0]!);
  const oAt = w.push(out.offset, ...rows.strides[1]!);
  const words = w.finish();
  const dims = rows.shape.length;
  const sum = op === 'cumsum';
  const stepExpr = long ? (sum ? 'l_add(a, e)' : 'l_mul(a, e)') : t === 'bool' ? (sum ? 'a | e' : 'a & e') : t === 'uint8' ? `(a ${sum ? '+' : '*'} e) & 255u` : `a ${sum ? '+' : '*'} e`;
  rt.dispatch({
    key: `scan:${op}:${src.dtype}:${t}:${dims}`,
    wgsl: () => `${CAST_WGSL}
${F2L_WGSL}
${MATH_WGSL}
${long ? errorDecl() : ''}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read> b1: array<${laneOf(src.dtype)}>;
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
${unravelWgsl(dims, shapeAt, [xAt, oAt])}
  var a: ${lane} = ${lane}(${sum ? 0 : 1});
  let sx = ui(4u); let so = ui(5u);
  for (var k: u32 = 0u; k < u(1u); k++) {
    let e = ${cast('b1[o0 + i32(k) * sx]', src.dtype, t)};
    a = ${stepExpr};
    b0[o1 + i32(k) * so] = a;
  }
${long ? '  if (ovf != 0u) { report(u(2u), 0); }' : ''}
}`,
    buffers: [bufferOf(out, op), bufferOf(src, op)],
    access: ['rw', 'read'],
    uniforms: words,
    errors: long,
    workgroups: Math.ceil(total / n / WG),
  });
  if (src !== x) release(rt, src);
}
