// Batched matrix product tiled in workgroup memory: each 16x16 workgroup computes a 64x64 tile of out,
// 4x4 per thread, stepping through K 16 at a time. Operands are read through their strides, so a
// transposed operand (x.T, weight in linear) needs no copy; batch dims (broadcast ones with stride 0)
// are walked per z workgroup.
import type { TensorRef } from '@x/tensor';
import { int64Range, laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, unravelWgsl, Words } from '../layout';
import { CAST_WGSL, F2L_WGSL } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { copyToFresh, release } from './materialize';

/** A fused epilogue: a bias [N] added to every row, then ReLU (the fused linear kernel). */
export interface MatmulEpilogue {
  bias: TensorRef | null;
  relu: boolean;
}

export function matmul(rt: GpuRuntime, a: TensorRef, b: TensorRef, out: TensorRef, epilogue: MatmulEpilogue = { bias: null, relu: false }): void {
  const nd = out.shape.length;
  const M = out.shape[nd - 2]!;
  const N = out.shape[nd - 1]!;
  const K = a.shape[nd - 1]!;
  const B = numel(out.shape.slice(0, -2));
  if (M * N * B === 0) return;
  const A = a.storage === out.storage ? copyToFresh(rt, a, 'matmul') : a;
  const Bm = b.storage === out.storage ? copyToFresh(rt, b, 'matmul') : b;
  const batch = coalesce(out.shape.slice(0, -2), [A.strides.slice(0, -2), Bm.strides.slice(0, -2), out.strides.slice(0, -2)]);
  const t = out.dtype;
  const lane = laneOf(t);
  const long = t === 'int64';
  const w = new Words();
  const site = long ? rt.errorSite(() => int64Range('matmul', 'accumulated in a kernel')) : 0;
  const { bias, relu } = epilogue;
  w.push(M, N, K, B, site, bias ? bias.offset : 0, bias ? bias.strides[0]! : 0, 0);
  w.push(A.strides[nd - 2]!, A.strides[nd - 1]!, Bm.strides[nd - 2]!, Bm.strides[nd - 1]!, out.strides[nd - 2]!, out.strides[nd - 1]!, 0, 0);
  const shapeAt = w.push(...batch.shape);
  const at = [A, Bm, out].map((r, k) => w.push(r.offset, ...batch.strides[k]!));
  const words = w.finish();
  const bd = batch.shape.length;
  const same = bufferOf(A, 'matmul') === bufferOf(Bm, 'matmul');
  const zero = `${lane}(0)`;
  const mac = long ? 'l_add(acc[i][j], l_mul(av[i], bv[j]))' : t === 'bool' ? 'acc[i][j] | (av[i] & bv[j])' : 'acc[i][j] + av[i] * bv[j]';
  const fin = t === 'uint8' ? '& 255u' : '';
  const bRead = same ? 'b1' : 'b2';
  const biasBinding = same ? 2 : 3;
  // Workgroup-memory tiles suit GPUs; a software implementation (SwiftShader, lavapipe) pays for every
  // barrier, so there each thread reads its 4x4 block's operands directly.
  const tiled = !rt.software;
  const tile = tiled ? 64 : 32;
  const tiledMain = () => `var<workgroup> As: array<${lane}, 1024>;
var<workgroup> Bs: array<${lane}, 1024>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) tid: u32) {
  let M = u(0u); let N = u(1u); let K = u(2u); let B = u(3u);
  let sam = ui(8u); let sak = ui(9u); let sbk = ui(10u); let sbn = ui(11u); let som = ui(12u); let son = ui(13u);
  let m0 = wid.y * 64u; let n0 = wid.x * 64u;
  for (var bi: u32 = wid.z; bi < B; bi += nwg.z) {
${unravelWgsl(bd, shapeAt, at, 'bi', 'q')}
    var acc: array<array<${lane}, 4>, 4>;
    for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = ${zero}; } }
    for (var k0: u32 = 0u; k0 < K; k0 += 16u) {
      for (var s: u32 = 0u; s < 4u; s++) {
        let idx = tid + s * 256u;
        let am = m0 + idx / 16u; let ak = k0 + idx % 16u;
        var va = ${zero};
        if (am < M && ak < K) { va = b1[q0 + i32(am) * sam + i32(ak) * sak]; }
        As[idx] = va;
        let bk = k0 + idx / 64u; let bn = n0 + idx % 64u;
        var vb = ${zero};
        if (bk < K && bn < N) { vb = ${bRead}[q1 + i32(bk) * sbk + i32(bn) * sbn]; }
        Bs[idx] = vb;
      }
      workgroupBarrier();
      for (var k: u32 = 0u; k < 16u; k++) {
        var av: array<${lane}, 4>; var bv: array<${lane}, 4>;
        for (var i = 0u; i < 4u; i++) { av[i] = As[(lid.y * 4u + i) * 16u + k]; }
        for (var j = 0u; j < 4u; j++) { bv[j] = Bs[k * 64u + lid.x * 4u + j]; }
        for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = ${mac}; } }
      }
      workgroupBarrier();
    }
    for (var i = 0u; i < 4u; i++) {
      for (var j = 0u; j < 4u; j++) {
        let gm = m0 + lid.y * 4u + i; let gn = n0 + lid.x * 4u + j;
        if (gm < M && gn < N) { b0[q2 + i32(gm) * som + i32(gn) * son] = epilogue(acc[i][j] ${fin}, gn); }
      }
    }
  }
`;
  const directMain = () => `@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let M = u(0u); let N = u(1u); let K = u(2u); let B = u(3u);
  let sam = ui(8u); let sak = ui(9u); let sbk = ui(10u); let sbn = ui(11u); let som = ui(12u); let son = ui(13u);
  let m0 = wid.y * 32u + lid.y * 4u; let n0 = wid.x * 32u + lid.x * 4u;
  for (var bi: u32 = wid.z; bi < B; bi += nwg.z) {
${unravelWgsl(bd, shapeAt, at, 'bi', 'q')}
    var acc: array<array<${lane}, 4>, 4>;
    for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = ${zero}; } }
    for (var k: u32 = 0u; k < K; k++) {
      var av: array<${lane}, 4>; var bv: array<${lane}, 4>;
      for (var i = 0u; i < 4u; i++) { av[i] = ${zero}; if (m0 + i < M) { av[i] = b1[q0 + i32(m0 + i) * sam + i32(k) * sak]; } }
      for (var j = 0u; j < 4u; j++) { bv[j] = ${zero}; if (n0 + j < N) { bv[j] = ${bRead}[q1 + i32(k) * sbk + i32(n0 + j) * sbn]; } }
      for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = ${mac}; } }
    }
    for (var i = 0u; i < 4u; i++) {
      for (var j = 0u; j < 4u; j++) {
        let gm = m0 + i; let gn = n0 + j;
        if (gm < M && gn < N) { b0[q2 + i32(gm) * som + i32(gn) * son] = epilogue(acc[i][j] ${fin}, gn); }
      }
    }
  }
`;
  const wgsl = () => `${CAST_WGSL}
${F2L_WGSL}
${MATH_WGSL}
${long ? errorDecl() : ''}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read> b1: array<${lane}>;
${same ? '' : `@group(0) @binding(2) var<storage, read> b2: array<${lane}>;`}
${bias ? `@group(0) @binding(${biasBinding}) var<storage, read> b${biasBinding}: array<${lane}>;` : ''}
fn epilogue(x: ${lane}, n: u32) -> ${lane} {
  var v = x;
  ${bias ? `v = v + b${biasBinding}[ui(5u) + i32(n) * ui(6u)];` : ''}
  ${relu ? 'v = select(v, 0.0, v <= 0.0);' : ''}
  return v;
}
${tiled ? tiledMain() : directMain()}${long ? '  if (ovf != 0u) { report(u(4u), 0); }' : ''}
}`;
  const buffers = same ? [bufferOf(out, 'matmul'), bufferOf(A, 'matmul')] : [bufferOf(out, 'matmul'), bufferOf(A, 'matmul'), bufferOf(Bm, 'matmul')];
  if (bias) buffers.push(bufferOf(bias, 'linear'));
  rt.dispatch({
    key: `matmul:${t}:${bd}:${same}:${tiled}:${bias !== null}:${relu}`,
    wgsl,
    buffers,
    access: buffers.map((_, k) => (k === 0 ? 'rw' : 'read')),
    uniforms: words,
    errors: long,
    workgroups: [Math.ceil(N / tile), Math.ceil(M / tile), Math.min(B, 65535)],
  });
  if (A !== a) release(rt, A);
  if (Bm !== b) release(rt, Bm);
}
