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

export function matmul(rt: GpuRuntime, a: TensorRef, b: TensorRef, out: TensorRef): void {
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
  w.push(M, N, K, B, site, 0, 0, 0);
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
  const wgsl = () => `${CAST_WGSL}
${F2L_WGSL}
${MATH_WGSL}
${long ? errorDecl() : ''}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read> b1: array<${lane}>;
${same ? '' : `@group(0) @binding(2) var<storage, read> b2: array<${lane}>;`}
var<workgroup> As: array<${lane}, 1024>;
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
        if (gm < M && gn < N) { b0[q2 + i32(gm) * som + i32(gn) * son] = acc[i][j] ${fin}; }
      }
    }
  }
${long ? '  if (ovf != 0u) { report(u(4u), 0); }' : ''}
}`;
  const buffers = same ? [bufferOf(out, 'matmul'), bufferOf(A, 'matmul')] : [bufferOf(out, 'matmul'), bufferOf(A, 'matmul'), bufferOf(Bm, 'matmul')];
  rt.dispatch({
    key: `matmul:${t}:${bd}:${same}`,
    wgsl,
    buffers,
    access: same ? ['rw', 'read'] : ['rw', 'read', 'read'],
    uniforms: words,
    errors: long,
    workgroups: [Math.ceil(N / 64), Math.ceil(M / 64), Math.min(B, 65535)],
  });
  if (A !== a) release(rt, A);
  if (Bm !== b) release(rt, Bm);
}
