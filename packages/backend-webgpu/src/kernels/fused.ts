// Fused kernels for composite ops (the contract's FusedKernels): one dispatch instead of a chain.
//   softmax / logSoftmax and their gradient: one workgroup per row (max, sum of exp, write);
//   cross-entropy: one workgroup per sample (log-sum-exp minus the target logit, times its weight);
//   linear: the matmul tiles with the bias add and ReLU fused into the store;
//   Adam/AdamW and SGD-momentum: one thread per element updating the parameter and its state in place,
//   operation for operation as PyTorch 1.13's single-tensor update (each result rounded to float32).
// Each returns false (the front end composes the op instead) for operands it does not handle.
import type { AdamStep, FusedKernels, SgdStep, TensorRef } from '@x/tensor';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, isContiguousRef, numel, unravelWgsl, Words } from '../layout';
import { CAST_WGSL } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { F2L_WGSL } from '../wgsl/cast';
import { matmul } from './matmul';

const WG = 64;

const f32Bits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;

/** The rows of `dim` for views sharing a shape: walk of the other dims, and each view's stride along dim. */
function rows(shape: readonly number[], dim: number, refs: readonly TensorRef[], w: Words): { dims: number; shapeAt: number; at: number[]; n: number; count: number } {
  const drop = <T>(a: readonly T[]) => a.filter((_, i) => i !== dim);
  const walk = coalesce(drop(shape), refs.map((r) => drop(r.strides)));
  const n = shape[dim] ?? 1;
  const shapeAt = w.push(...walk.shape);
  const at = refs.map((r, k) => w.push(r.offset, ...walk.strides[k]!));
  w.push(...refs.map((r) => r.strides[dim] ?? 0));
  return { dims: walk.shape.length, shapeAt, at, n, count: numel(shape) / Math.max(n, 1) };
}

/** A workgroup tree over `sa` combining with `op` ('max' or '+'); leaves the result in sa[0]. */
const tree = (op: 'max' | '+') => `
  workgroupBarrier();
  for (var s: u32 = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { ${op === 'max' ? 'sa[lid] = nanmax(sa[lid], sa[lid + s]);' : 'sa[lid] = sa[lid] + sa[lid + s];'} }
    workgroupBarrier();
  }`;

const ROW_MAIN = `var<workgroup> sa: array<f32, ${WG}>;
fn nanmax(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan_f32(); } return max(a, b); }
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= u(0u)) { return; }
  let n = u(1u);`;

function softmax(rt: GpuRuntime, x: TensorRef, dim: number, log: boolean, out: TensorRef): boolean {
  if (x.dtype !== 'float32' || out.dtype !== 'float32' || x.storage === out.storage) return false;
  const w = new Words();
  w.push(0, 0, 0, 0);
  const r = rows(x.shape, dim, [x, out], w);
  if (r.count * r.n === 0) return true;
  const words = w.finish();
  words[0] = r.count;
  words[1] = r.n;
  const sx = `ui(${r.at[1]! + 1 + r.dims}u)`;
  const so = `ui(${r.at[1]! + 2 + r.dims}u)`;
  rt.dispatch({
    key: `softmax:${log}:${r.dims}`,
    wgsl: () => `${CAST_WGSL}
${MATH_WGSL}
${F2L_WGSL}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<f32>;
@group(0) @binding(1) var<storage, read_write> b1: array<f32>;
${ROW_MAIN}
${unravelWgsl(r.dims, r.shapeAt, r.at, 'row', 'q')}
  let sx = ${sx}; let so = ${so};
  var m = -inf_f32();
  for (var k = lid; k < n; k += ${WG}u) { m = nanmax(m, b0[q0 + i32(k) * sx]); }
  sa[lid] = m;
  ${tree('max')}
  m = sa[0];
  workgroupBarrier();
  var t = 0.0;
  for (var k = lid; k < n; k += ${WG}u) { t = t + m_exp(b0[q0 + i32(k) * sx] - m); }
  sa[lid] = t;
  ${tree('+')}
  t = sa[0];
  let lse = m_log(t);
  for (var k = lid; k < n; k += ${WG}u) {
    let d = b0[q0 + i32(k) * sx] - m;
    b1[q1 + i32(k) * so] = ${log ? 'd - lse' : 'm_exp(d) / t'};
  }
}`,
    buffers: [bufferOf(x, 'softmax'), bufferOf(out, 'softmax')],
    access: ['read', 'rw'],
    uniforms: words,
    workgroups: r.count,
  });
  return true;
}

function softmaxBackward(rt: GpuRuntime, y: TensorRef, grad: TensorRef, dim: number, log: boolean, gradInput: TensorRef): boolean {
  if (y.dtype !== 'float32' || grad.dtype !== 'float32' || gradInput.dtype !== 'float32') return false;
  const bufs = [bufferOf(y, 'softmaxBackward'), bufferOf(grad, 'softmaxBackward'), bufferOf(gradInput, 'softmaxBackward')];
  if (bufs[2] === bufs[0] || bufs[2] === bufs[1]) return false;
  const same = bufs[0] === bufs[1];
  const w = new Words();
  w.push(0, 0, 0, 0);
  const r = rows(y.shape, dim, [y, grad, gradInput], w);
  if (r.count * r.n === 0) return true;
  const words = w.finish();
  words[0] = r.count;
  words[1] = r.n;
  const base = r.at[2]! + 1 + r.dims;
  const g = same ? 'b0' : 'b1';
  const gi = same ? 'b1' : 'b2';
  rt.dispatch({
    key: `softmaxBackward:${log}:${r.dims}:${same}`,
    wgsl: () => `${CAST_WGSL}
${MATH_WGSL}
${F2L_WGSL}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<f32>;
${same ? '' : '@group(0) @binding(1) var<storage, read> b1: array<f32>;'}
@group(0) @binding(${same ? 1 : 2}) var<storage, read_write> ${gi}: array<f32>;
${ROW_MAIN}
${unravelWgsl(r.dims, r.shapeAt, r.at, 'row', 'q')}
  let sy = ui(${base}u); let sg = ui(${base + 1}u); let so = ui(${base + 2}u);
  var t = 0.0;
  for (var k = lid; k < n; k += ${WG}u) { t = t + ${log ? `${g}[q1 + i32(k) * sg]` : `${g}[q1 + i32(k) * sg] * b0[q0 + i32(k) * sy]`}; }
  sa[lid] = t;
  ${tree('+')}
  t = sa[0];
  for (var k = lid; k < n; k += ${WG}u) {
    let yv = b0[q0 + i32(k) * sy]; let gv = ${g}[q1 + i32(k) * sg];
    ${gi}[q2 + i32(k) * so] = ${log ? 'gv - m_exp(yv) * t' : 'yv * (gv - t)'};
  }
}`,
    buffers: same ? [bufs[0]!, bufs[2]!] : bufs,
    access: same ? ['read', 'rw'] : ['read', 'read', 'rw'],
    uniforms: words,
    workgroups: r.count,
  });
  return true;
}

function crossEntropy(rt: GpuRuntime, logits: TensorRef, target: TensorRef, weight: TensorRef | null, ignoreIndex: number, out: TensorRef): boolean {
  if (logits.dtype !== 'float32' || out.dtype !== 'float32' || target.dtype !== 'int64' || logits.shape.length !== 2) return false;
  if (weight !== null && weight.dtype !== 'float32') return false;
  const [N, C] = logits.shape as [number, number];
  if (N === 0) return true;
  const w = new Words();
  const site = rt.errorSite((v) => new RangeError(`crossEntropy: Target ${v} is out of bounds (${C} classes)`));
  w.push(N, C, site, ignoreIndex | 0);
  w.push(logits.offset, logits.strides[0]!, logits.strides[1]!, target.offset, target.strides[0] ?? 0, out.offset, out.strides[0] ?? 0, weight ? weight.offset : 0, weight ? weight.strides[0]! : 0);
  const words = w.finish();
  const buffers = [bufferOf(logits, 'crossEntropy'), bufferOf(target, 'crossEntropy'), bufferOf(out, 'crossEntropy')];
  if (weight) buffers.push(bufferOf(weight, 'crossEntropy'));
  if (new Set(buffers).size !== buffers.length) return false;
  rt.dispatch({
    key: `crossEntropy:${weight !== null}`,
    wgsl: () => `${CAST_WGSL}
${MATH_WGSL}
${F2L_WGSL}
${errorDecl()}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<f32>;
@group(0) @binding(1) var<storage, read> b1: array<i32>;
@group(0) @binding(2) var<storage, read_write> b2: array<f32>;
${weight ? '@group(0) @binding(3) var<storage, read> b3: array<f32>;' : ''}
${ROW_MAIN}
  let base = ui(4u) + i32(row) * ui(5u); let sc = ui(6u);
  var m = -inf_f32();
  for (var k = lid; k < n; k += ${WG}u) { m = nanmax(m, b0[base + i32(k) * sc]); }
  sa[lid] = m;
  ${tree('max')}
  m = sa[0];
  workgroupBarrier();
  var t = 0.0;
  for (var k = lid; k < n; k += ${WG}u) { t = t + m_exp(b0[base + i32(k) * sc] - m); }
  sa[lid] = t;
  ${tree('+')}
  if (lid == 0u) {
    let tg = b1[ui(7u) + i32(row) * ui(8u)];
    var loss = 0.0;
    if (tg != ui(3u)) {
      if (tg < 0 || tg >= i32(n)) { report(u(2u), tg); }
      else {
        loss = m + m_log(sa[0]) - b0[base + tg * sc];
        ${weight ? 'loss = loss * b3[ui(11u) + tg * ui(12u)];' : ''}
      }
    }
    b2[ui(9u) + i32(row) * ui(10u)] = loss;
  }
}`,
    buffers,
    access: weight ? ['read', 'read', 'rw', 'read'] : ['read', 'read', 'rw'],
    uniforms: words,
    errors: true,
    workgroups: N,
  });
  return true;
}

function linear(rt: GpuRuntime, x: TensorRef, weight: TensorRef, bias: TensorRef | null, relu: boolean, out: TensorRef): boolean {
  if (x.dtype !== 'float32' || weight.dtype !== 'float32' || out.dtype !== 'float32' || x.shape.length !== 2 || weight.shape.length !== 2) return false;
  if (bias !== null && (bias.dtype !== 'float32' || bias.shape.length !== 1)) return false;
  // weight [N, K] read as its transpose [K, N] through strides: no copy
  const wt: TensorRef = { storage: weight.storage, dtype: weight.dtype, offset: weight.offset, shape: [weight.shape[1]!, weight.shape[0]!], strides: [weight.strides[1]!, weight.strides[0]!] };
  matmul(rt, x, wt, out, { bias, relu });
  return true;
}

const contiguous = (refs: readonly (TensorRef | null)[]) => refs.every((r) => r === null || (r.dtype === 'float32' && isContiguousRef(r)));

/** One thread per element over contiguous float32 operands (param first, read-write ones before read-only). */
function elementUpdate(rt: GpuRuntime, key: string, n: number, rw: readonly TensorRef[], ro: readonly TensorRef[], scalars: readonly number[], body: string): void {
  const w = new Words();
  w.push(n, 0, 0, 0);
  const offAt = w.push(...[...rw, ...ro].map((r) => r.offset));
  const scAt = w.push(...scalars.map(f32Bits));
  const words = w.finish();
  const names = [...rw, ...ro].map((_, k) => `b${k}`);
  let src = body;
  names.forEach((b, k) => (src = src.replaceAll(`$${k}`, `${b}[ui(${offAt + k}u) + i32(i)]`)));
  scalars.forEach((_, k) => (src = src.replaceAll(`#${k}#`, `uf(${scAt + k}u)`)));
  rt.dispatch({
    key: `${key}:${src}`,
    wgsl: () => `${CAST_WGSL}
${uniformDecl(words.length)}
${names.map((b, k) => `@group(0) @binding(${k}) var<storage, ${k < rw.length ? 'read_write' : 'read'}> ${b}: array<f32>;`).join('\n')}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${WG}u + lid;
  if (i >= u(0u)) { return; }
  ${src}
}`,
    buffers: [...rw, ...ro].map((r) => bufferOf(r, key)),
    access: [...rw.map(() => 'rw' as const), ...ro.map(() => 'read' as const)],
    uniforms: words,
    workgroups: Math.ceil(n / WG),
  });
}

function distinctStorages(refs: readonly (TensorRef | null)[]): boolean {
  const s = refs.filter((r): r is TensorRef => r !== null).map((r) => r.storage);
  return new Set(s).size === s.length;
}

function adam(rt: GpuRuntime, s: AdamStep): boolean {
  const refs = [s.param, s.expAvg, s.expAvgSq, s.maxExpAvgSq, s.grad];
  if (!contiguous(refs) || !distinctStorages(refs)) return false;
  const n = numel(s.param.shape);
  if (n === 0) return true;
  const rw = s.maxExpAvgSq ? [s.param, s.expAvg, s.expAvgSq, s.maxExpAvgSq] : [s.param, s.expAvg, s.expAvgSq];
  const grad = `$${rw.length}`;
  // #0# 1 - lr*wd, #1# wd, #2# beta1, #3# 1 - beta1, #4# beta2, #5# 1 - beta2, #6# bc2sqrt, #7# eps, #8# -stepSize
  const lines = [
    `var g = ${s.maximize ? `-${grad}` : grad};`,
    'var p = $0;',
    s.decoupled ? 'p = p * #0#;' : s.weightDecay !== 0 ? 'g = g + #1# * p;' : '',
    'let m = $1 * #2# + #3# * g;',
    'let v = $2 * #4# + (g * #5#) * g;',
    '$1 = m; $2 = v;',
    s.maxExpAvgSq ? 'let mx = max($3, v); $3 = mx;' : '',
    `let denom = sqrt(${s.maxExpAvgSq ? 'mx' : 'v'}) / #6# + #7#;`,
    '$0 = p + (m * #8#) / denom;',
  ];
  const scalars = [1 - s.lr * s.weightDecay, s.weightDecay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.biasCorrection2Sqrt, s.eps, -s.stepSize];
  elementUpdate(rt, 'adam', n, rw, [s.grad], scalars, lines.filter(Boolean).join('\n  '));
  return true;
}

function sgd(rt: GpuRuntime, s: SgdStep): boolean {
  const refs = [s.param, s.momentumBuffer, s.grad];
  if (!contiguous(refs) || !distinctStorages(refs)) return false;
  const n = numel(s.param.shape);
  if (n === 0) return true;
  // #0# wd, #1# momentum, #2# 1 - dampening, #3# -lr
  const lines = [
    `var d = ${s.maximize ? '-$2' : '$2'};`,
    s.weightDecay !== 0 ? 'd = d + #0# * $0;' : '',
    'let buf = $1 * #1# + #2# * d;',
    '$1 = buf;',
    s.nesterov ? 'd = d + #1# * buf;' : 'd = buf;',
    '$0 = $0 + #3# * d;',
  ];
  elementUpdate(rt, 'sgd', n, [s.param, s.momentumBuffer], [s.grad], [s.weightDecay, s.momentum, 1 - s.dampening, -s.lr], lines.filter(Boolean).join('\n  '));
  return true;
}

export function fusedKernels(rt: () => GpuRuntime): FusedKernels {
  return {
    softmax: (x, dim, log, out) => softmax(rt(), x, dim, log, out),
    softmaxBackward: (y, grad, dim, log, gradInput) => softmaxBackward(rt(), y, grad, dim, log, gradInput),
    crossEntropy: (logits, target, weight, ignoreIndex, out) => crossEntropy(rt(), logits, target, weight, ignoreIndex, out),
    linear: (x, weight, bias, relu, out) => linear(rt(), x, weight, bias, relu, out),
    adam: (step) => adam(rt(), step),
    sgd: (step) => sgd(rt(), step),
  };
}
