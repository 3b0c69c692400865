// gather, and scatter in a gather formulation: each output element loops over the index entries
// that share its other coordinates and applies, in index order, those that point at it. No atomics:
// scatter-add on floats is deterministic and sums in the CPU backend's order (so gives its bits); the
// cost is index.shape[dim] reads per output element. Indices out of range go to the error flag.
import type { Operand, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { numel, THREAD_ID, unravelWgsl, Words } from '../layout';
import { CAST_WGSL, F2L_WGSL, cast, scalarBits, uniformAs } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { copyToFresh, release } from './materialize';
import { WG } from './elementwise';

const outOfBounds = (op: string, dim: number, size: number) => (v: number) =>
  new RangeError(`${op}: index ${v} is out of bounds for dimension ${dim} with size ${size}`);

export function gather(rt: GpuRuntime, x: TensorRef, dim: number, index: TensorRef, out: TensorRef): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const X = x.storage === out.storage ? copyToFresh(rt, x, 'gather') : x;
  const size = X.shape[dim]!;
  const w = new Words();
  const site = rt.errorSite(outOfBounds('gather', dim, size));
  w.push(n, site, size, X.strides[dim]!);
  const nd = out.shape.length;
  const shapeAt = w.push(...out.shape);
  const at = [out, index, { offset: X.offset, strides: X.strides.map((s, d) => (d === dim ? 0 : s)) }].map((r) => w.push(r.offset, ...r.strides));
  const words = w.finish();
  const bufs = [bufferOf(out, 'gather'), bufferOf(index, 'gather'), bufferOf(X, 'gather')];
  const sameIdx = bufs[1] === bufs[2];
  rt.dispatch({
    key: `gather:${X.dtype}:${out.dtype}:${nd}:${sameIdx}`,
    wgsl: () => `${CAST_WGSL}
${F2L_WGSL}
${errorDecl()}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${laneOf(out.dtype)}>;
@group(0) @binding(1) var<storage, read> b1: array<i32>;
${sameIdx ? '' : `@group(0) @binding(2) var<storage, read> b2: array<${laneOf(X.dtype)}>;`}
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
${unravelWgsl(nd, shapeAt, at)}
  let j = b1[o1];
  if (j < 0 || j >= ui(2u)) { report(u(1u), j); return; }
  let v = ${sameIdx ? 'b1' : 'b2'}[o2 + j * ui(3u)];
  b0[o0] = ${cast('v', X.dtype, out.dtype)};
  if (ovf != 0u) { report(u(1u), j); }
}`,
    buffers: sameIdx ? bufs.slice(0, 2) : bufs,
    access: sameIdx ? ['rw', 'read'] : ['rw', 'read', 'read'],
    uniforms: words,
    errors: true,
    workgroups: Math.ceil(n / WG),
  });
  if (X !== x) release(rt, X);
}

export function scatter(rt: GpuRuntime, out: TensorRef, dim: number, index: TensorRef, src: Operand, reduce: 'none' | 'add' | 'multiply'): void {
  const n = numel(out.shape);
  if (n === 0 || numel(index.shape) === 0) return;
  const S = typeof src !== 'number' && src.storage === out.storage ? copyToFresh(rt, src, 'scatter') : src;
  const nd = out.shape.length;
  const size = out.shape[dim]!;
  const t = out.dtype;
  const lane = laneOf(t);
  const w = new Words();
  const site = rt.errorSite(outOfBounds('scatter', dim, size));
  const scalar = typeof S === 'number';
  w.push(n, site, size, index.shape[dim]!, index.strides[dim]!, scalar ? 0 : S.strides[dim]!, scalar ? scalarBits(S, t) : 0, dim);
  const shapeAt = w.push(...out.shape);
  const idxShapeAt = w.push(...index.shape);
  const zeroDim = (r: { offset: number; strides: readonly number[] }) => ({ offset: r.offset, strides: r.strides.map((s, d) => (d === dim ? 0 : s)) });
  const at = [out, zeroDim(index), scalar ? { offset: 0, strides: out.shape.map(() => 0) } : zeroDim(S)].map((r) => w.push(r.offset, ...r.strides));
  const words = w.finish();
  const bufs = [bufferOf(out, 'scatter'), bufferOf(index, 'scatter')];
  if (!scalar) bufs.push(bufferOf(S, 'scatter'));
  const srcBinding = scalar ? -1 : bufs[2] === bufs[1] ? 1 : 2;
  const buffers = srcBinding === 2 ? bufs : bufs.slice(0, 2);
  const srcT = scalar ? t : S.dtype;
  const load = scalar ? uniformAs(6, t) : `b${srcBinding}[o2 + k * ui(5u)]`;
  const long = t === 'int64';
  const apply =
    reduce === 'none' ? 'acc = v;'
    : reduce === 'add' ? (long ? 'acc = l_add(acc, v);' : t === 'bool' ? 'acc = acc | v;' : t === 'uint8' ? 'acc = (acc + v) & 255u;' : 'acc = acc + v;')
    : long ? 'acc = l_mul(acc, v);' : t === 'bool' ? 'acc = acc & v;' : t === 'uint8' ? 'acc = (acc * v) & 255u;' : 'acc = acc * v;';
  rt.dispatch({
    key: `scatter:${reduce}:${srcT}:${t}:${nd}:${srcBinding}`,
    wgsl: () => `${CAST_WGSL}
${F2L_WGSL}
${MATH_WGSL}
${errorDecl()}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read> b1: array<i32>;
${srcBinding === 2 ? `@group(0) @binding(2) var<storage, read> b2: array<${laneOf(srcT)}>;` : ''}
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
  var c: array<u32, ${Math.max(nd, 1)}>;
  var r = i;
  for (var d: i32 = ${nd - 1}; d >= 0; d--) { let s = u(${shapeAt}u + u32(d)); c[d] = r % s; r = r / s; }
  let dim = u(7u);
  for (var d: u32 = 0u; d < ${nd}u; d++) { if (d != dim && c[d] >= u(${idxShapeAt}u + d)) { return; } }
${unravelWgsl(nd, shapeAt, at)}
  let p = i32(c[dim]);
  var acc = b0[o0];
  var hit = false;
  for (var k: i32 = 0; k < i32(u(3u)); k++) {
    let j = b1[o1 + k * ui(4u)];
    if (p == 0 && (j < 0 || j >= ui(2u))) { report(u(1u), j); }
    if (j == p) {
      let v = ${cast(load, srcT, t)};
      ${apply}
      hit = true;
    }
  }
  if (hit) { b0[o0] = acc; }
  if (ovf != 0u) { report(u(1u), 0); }
}`,
    buffers,
    access: srcBinding === 2 ? ['rw', 'read', 'read'] : ['rw', 'read'],
    uniforms: words,
    errors: true,
    workgroups: Math.ceil(n / WG),
  });
  if (S !== src && typeof S !== 'number') release(rt, S);
}
