// Reductions over any dims. Many outputs with short reductions: one thread per output, looping over
// the reduced elements. Long reductions: one workgroup per output, each thread striding over the
// reduced elements, then a tree in workgroup memory. Sums and products of bool or integers accumulate
// in the output dtype (int64 checked for overflow), floats in float32; max/min propagate NaN;
// argmax/argmin keep the first index of the extreme value, a NaN counting as the maximum.
import type { DType, ReduceOp, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, unravelWgsl, Words } from '../layout';
import { CAST_WGSL, F2L_WGSL, cast } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { int64Range } from '../dtypes';

const WG = 64;

function accDType(op: ReduceOp, x: DType, out: DType): DType {
  if (op === 'sum' || op === 'prod') return out;
  if (op === 'all' || op === 'any') return 'bool';
  return x;
}

/** WGSL pieces for an accumulator (value `a`, index `ai`) absorbing element e at index k. */
function ops(op: ReduceOp, acc: DType): { init: string; step: string; combine: string } {
  const lane = laneOf(acc);
  const float = lane === 'f32';
  const long = acc === 'int64';
  switch (op) {
    case 'sum': {
      const add = (x: string, y: string) => (long ? `l_add(${x}, ${y})` : acc === 'bool' ? `(${x} | ${y})` : acc === 'uint8' ? `((${x} + ${y}) & 255u)` : `${x} + ${y}`);
      return { init: `${lane}(0)`, step: `a = ${add('a', 'e')};`, combine: `a = ${add('a', 'b')};` };
    }
    case 'prod': {
      const mul = (x: string, y: string) => (long ? `l_mul(${x}, ${y})` : acc === 'bool' ? `(${x} & ${y})` : acc === 'uint8' ? `((${x} * ${y}) & 255u)` : `${x} * ${y}`);
      return { init: `${lane}(1)`, step: `a = ${mul('a', 'e')};`, combine: `a = ${mul('a', 'b')};` };
    }
    case 'max':
    case 'min': {
      const cmp = op === 'max' ? '>' : '<';
      if (float) {
        const init = op === 'max' ? '-inf_f32()' : 'inf_f32()';
        const take = (y: string) => `if (!is_nan(a) && (is_nan(${y}) || ${y} ${cmp} a)) { a = ${y}; }`;
        return { init, step: take('e'), combine: take('b') };
      }
      const init = lane === 'i32' ? (op === 'max' ? 'I32_MIN' : '2147483647') : op === 'max' ? '0u' : '4294967295u';
      return { init, step: `a = ${op}(a, e);`, combine: `a = ${op}(a, b);` };
    }
    case 'all':
      return { init: '1u', step: 'a = a & e;', combine: 'a = a & b;' };
    case 'any':
      return { init: '0u', step: 'a = a | e;', combine: 'a = a | b;' };
    case 'argmax':
    case 'argmin': {
      const cmp = op === 'argmax' ? '>' : '<';
      // (a, ai) against (y, yi): NaN wins (first NaN), then the strict extreme, ties to the lower index
      const better = float
        ? (y: string, yi: string) =>
            `(ai < 0) || (!is_nan(a) && (is_nan(${y}) || ${y} ${cmp} a)) || (${yi} < ai && ((is_nan(a) && is_nan(${y})) || ${y} == a))`
        : (y: string, yi: string) => `(ai < 0) || ${y} ${cmp} a || (${y} == a && ${yi} < ai)`;
      return {
        init: `${lane}(0)`,
        step: `if (${better('e', 'k')}) { a = e; ai = k; }`,
        combine: `if (bi >= 0 && (${better('b', 'bi')})) { a = b; ai = bi; }`,
      };
    }
  }
}

export function reduce(rt: GpuRuntime, op: ReduceOp, x: TensorRef, dims: readonly number[], out: TensorRef): void {
  const nOut = numel(out.shape);
  if (nOut === 0) return;
  const keep = x.shape.map((_, d) => !dims.includes(d));
  const kept = coalesce(
    x.shape.filter((_, d) => keep[d]),
    [x.strides.filter((_, d) => keep[d]), out.strides.filter((_, d) => keep[d])],
  );
  const red = coalesce(
    x.shape.filter((_, d) => !keep[d]),
    [x.strides.filter((_, d) => !keep[d])],
  );
  const isArg = op === 'argmax' || op === 'argmin';
  // argmax needs the index along its one dim: keep that dim whole
  if (isArg) {
    const d = dims[0]!;
    red.shape = [x.shape[d] ?? 1];
    red.strides = [[x.strides[d] ?? 0]];
  }
  const R = numel(red.shape);
  const acc = accDType(op, x.dtype, out.dtype);
  const { init, step, combine } = ops(op, acc);
  const lane = laneOf(acc);
  const w = new Words();
  const long = acc === 'int64';
  const site = long ? rt.errorSite(() => int64Range(op, 'accumulated in a kernel')) : 0;
  w.push(nOut, R, site, 0);
  const keptShapeAt = w.push(...kept.shape);
  const xKeptAt = w.push(x.offset, ...kept.strides[0]!);
  const oKeptAt = w.push(out.offset, ...kept.strides[1]!);
  const redShapeAt = w.push(...red.shape);
  const xRedAt = w.push(0, ...red.strides[0]!);
  const words = w.finish();
  const wide = R >= 256;
  const kd = kept.shape.length;
  const rd = red.shape.length;
  const load = `let e = ${cast('b1[xo + r0]', x.dtype, acc)}; let k = i32(r);`;
  const store = `b0[oo] = ${isArg ? cast('ai', 'int64', out.dtype) : cast('a', acc, out.dtype)};`;
  const head = `${CAST_WGSL}
${F2L_WGSL}
${MATH_WGSL}
${long ? errorDecl() : ''}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${laneOf(out.dtype)}>;
@group(0) @binding(1) var<storage, read> b1: array<${laneOf(x.dtype)}>;`;
  const outerIndex = (v: string) => `${unravelWgsl(kd, keptShapeAt, [xKeptAt, oKeptAt], v, 'q')}
  let xo = q0; let oo = q1;`;
  const redLoop = `${unravelWgsl(rd, redShapeAt, [xRedAt], 'r', 'p')}
    let r0 = p0;`;
  const wgsl = wide
    ? () => `${head}
var<workgroup> sa: array<${lane}, ${WG}>;
var<workgroup> si: array<i32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * nwg.x;
  if (o >= u(0u)) { return; }
${outerIndex('o')}
  var a: ${lane} = ${init};
  var ai: i32 = -1;
  for (var r: u32 = lid; r < u(1u); r += ${WG}u) {
${redLoop}
    ${load}
    ${step}
  }
  sa[lid] = a; si[lid] = ai;
  workgroupBarrier();
  for (var s: u32 = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      a = sa[lid]; ai = si[lid];
      let b = sa[lid + s]; let bi = si[lid + s];
      ${combine}
      sa[lid] = a; si[lid] = ai;
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    a = sa[0]; ai = si[0];
    ${store}
  }
${long ? '  if (ovf != 0u) { report(u(2u), 0); }' : ''}
}`
    : () => `${head}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = (wid.x + wid.y * nwg.x) * ${WG}u + lid;
  if (o >= u(0u)) { return; }
${outerIndex('o')}
  var a: ${lane} = ${init};
  var ai: i32 = -1;
  for (var r: u32 = 0u; r < u(1u); r++) {
${redLoop}
    ${load}
    ${step}
  }
  ${store}
${long ? '  if (ovf != 0u) { report(u(2u), 0); }' : ''}
}`;
  const buffers = [bufferOf(out, op), bufferOf(x, op)];
  if (buffers[0] === buffers[1]) throw new Error(`${op}: the output must not share memory with the input on 'webgpu'`);
  rt.dispatch({
    key: `reduce:${op}:${x.dtype}:${out.dtype}:${kd}:${rd}:${wide}`,
    wgsl,
    buffers,
    access: ['rw', 'read'],
    uniforms: words,
    errors: long,
    workgroups: wide ? nOut : Math.ceil(nOut / WG),
  });
}
