// 2-D convolution and its gradients, computed directly (no im2col buffer):
//   forward: one thread per output element sums its window over the group's input channels;
//   input gradient: one thread per input element gathers the (output, kernel offset) pairs that read
//     it (a gather formulation: no atomics, deterministic);
//   weight/bias gradients: one workgroup per weight element (or per bias) sums over samples and
//     positions with a tree in workgroup memory.
// Operands are read through their strides; outputs are the fresh contiguous tensors of the contract.
import type { ConvGeometry, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { numel, Words } from '../layout';
import { CAST_WGSL } from '../wgsl/cast';

const WG = 64;

interface Geo {
  N: number; C: number; H: number; W: number; Cout: number; kh: number; kw: number; OH: number; OW: number; G: number; Cg: number; Mg: number;
}

function geo(x: { shape: readonly number[] }, weight: { shape: readonly number[] }, out: { shape: readonly number[] }, g: ConvGeometry): Geo {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [Cout, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const [, , OH, OW] = out.shape as [number, number, number, number];
  return { N, C, H, W, Cout, kh, kw, OH, OW, G: g.groups, Cg, Mg: Cout / g.groups };
}

/** Uniform words: sizes 0..11, geometry 12..19, then offset+strides of each operand (5 words each, from 20). */
function words(d: Geo, g: ConvGeometry, refs: readonly (TensorRef | null)[], extra: number[] = []): Uint32Array {
  const w = new Words();
  w.push(d.N, d.C, d.H, d.W, d.Cout, d.kh, d.kw, d.OH, d.OW, d.G, d.Cg, d.Mg);
  w.push(g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], 0, 0);
  for (const r of refs) w.push(r ? r.offset : 0, ...(r ? r.strides : [0, 0, 0, 0]));
  w.push(...extra);
  return w.finish();
}

const HEAD = `let N = u(0u); let C = u(1u); let H = i32(u(2u)); let W = i32(u(3u)); let Cout = u(4u); let KH = u(5u); let KW = u(6u);
  let OH = i32(u(7u)); let OW = i32(u(8u)); let Cg = u(10u); let Mg = u(11u);
  let sh = i32(u(12u)); let sw = i32(u(13u)); let ph = i32(u(14u)); let pw = i32(u(15u)); let dh = i32(u(16u)); let dw = i32(u(17u));`;
/** offset and strides of operand k as WGSL values o{k}, s{k}_0..3 */
const operand = (k: number) => {
  const b = 20 + 5 * k;
  return `let o${k} = ui(${b}u); let s${k}_0 = ui(${b + 1}u); let s${k}_1 = ui(${b + 2}u); let s${k}_2 = ui(${b + 3}u); let s${k}_3 = ui(${b + 4}u);`;
};

const decl = (bindings: readonly [string, 'read' | 'rw'][], n: number) =>
  `${CAST_WGSL}\n${uniformDecl(n)}\n` +
  bindings.map(([lane, a], b) => `@group(0) @binding(${b}) var<storage, ${a === 'rw' ? 'read_write' : 'read'}> b${b}: array<${lane}>;`).join('\n');

const threadMain = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${WG}u + lid;`;

function distinct(rt: GpuRuntime, refs: readonly TensorRef[], op: string): void {
  const bufs = refs.map((r) => bufferOf(r, op));
  if (new Set(bufs).size !== bufs.length) throw new Error(`${op}: operands must not share memory on 'webgpu'`);
  void rt;
}

export function conv2d(rt: GpuRuntime, x: TensorRef, weight: TensorRef, bias: TensorRef | null, g: ConvGeometry, out: TensorRef): void {
  const d = geo(x, weight, out, g);
  const total = numel(out.shape);
  if (total === 0) return;
  distinct(rt, bias ? [out, x, weight, bias] : [out, x, weight], 'conv2d');
  const lane = laneOf(out.dtype);
  const u = words(d, g, [out, x, weight, null], bias ? [bias.offset, bias.strides[0]!] : []);
  const biasAt = 40;
  rt.dispatch({
    key: `conv2d:${out.dtype}:${bias !== null}`,
    wgsl: () => `${decl([[lane, 'rw'], [lane, 'read'], [lane, 'read'], ...(bias ? [[lane, 'read'] as [string, 'read']] : [])], u.length)}
${threadMain}
  ${HEAD}
  if (i >= N * Cout * u32(OH * OW)) { return; }
  ${operand(0)} ${operand(1)} ${operand(2)}
  let ow = i32(i % u32(OW)); let oh = i32((i / u32(OW)) % u32(OH)); let co = (i / u32(OH * OW)) % Cout; let n = i / (u32(OH * OW) * Cout);
  let grp = co / Mg;
  var acc = ${lane}(0);
  for (var ci: u32 = 0u; ci < Cg; ci++) {
    let xc = o1 + i32(n) * s1_0 + i32(grp * Cg + ci) * s1_1;
    let wc = o2 + i32(co) * s2_0 + i32(ci) * s2_1;
    for (var ki: u32 = 0u; ki < KH; ki++) {
      let ih = oh * sh - ph + i32(ki) * dh;
      if (ih < 0 || ih >= H) { continue; }
      for (var kj: u32 = 0u; kj < KW; kj++) {
        let iw = ow * sw - pw + i32(kj) * dw;
        if (iw < 0 || iw >= W) { continue; }
        acc = acc + b1[xc + ih * s1_2 + iw * s1_3] * b2[wc + i32(ki) * s2_2 + i32(kj) * s2_3];
      }
    }
  }
  ${bias ? `acc = acc + b3[ui(${biasAt}u) + i32(co) * ui(${biasAt + 1}u)];` : ''}
  b0[o0 + i32(n) * s0_0 + i32(co) * s0_1 + oh * s0_2 + ow * s0_3] = acc;
}`,
    buffers: [out, x, weight, ...(bias ? [bias] : [])].map((r) => bufferOf(r, 'conv2d')),
    access: bias ? ['rw', 'read', 'read', 'read'] : ['rw', 'read', 'read'],
    uniforms: u,
    workgroups: Math.ceil(total / WG),
  });
}

export function conv2dBackwardInput(rt: GpuRuntime, gradOut: TensorRef, weight: TensorRef, g: ConvGeometry, gradInput: TensorRef): void {
  const d = geo(gradInput, weight, gradOut, g);
  const total = numel(gradInput.shape);
  if (total === 0) return;
  distinct(rt, [gradInput, gradOut, weight], 'conv2dBackwardInput');
  const lane = laneOf(gradInput.dtype);
  const u = words(d, g, [gradInput, gradOut, weight]);
  rt.dispatch({
    key: `conv2dBackwardInput:${lane}`,
    wgsl: () => `${decl([[lane, 'rw'], [lane, 'read'], [lane, 'read']], u.length)}
${threadMain}
  ${HEAD}
  if (i >= N * C * u32(H * W)) { return; }
  ${operand(0)} ${operand(1)} ${operand(2)}
  let iw = i32(i % u32(W)); let ih = i32((i / u32(W)) % u32(H)); let c = (i / u32(H * W)) % C; let n = i / (u32(H * W) * C);
  let grp = c / Cg; let ci = c % Cg;
  var acc = ${lane}(0);
  for (var m: u32 = 0u; m < Mg; m++) {
    let co = grp * Mg + m;
    let gc = o1 + i32(n) * s1_0 + i32(co) * s1_1;
    let wc = o2 + i32(co) * s2_0 + i32(ci) * s2_1;
    for (var ki: u32 = 0u; ki < KH; ki++) {
      let th = ih + ph - i32(ki) * dh;
      if (th < 0 || th % sh != 0) { continue; }
      let oh = th / sh;
      if (oh >= OH) { continue; }
      for (var kj: u32 = 0u; kj < KW; kj++) {
        let tw = iw + pw - i32(kj) * dw;
        if (tw < 0 || tw % sw != 0) { continue; }
        let ow = tw / sw;
        if (ow >= OW) { continue; }
        acc = acc + b1[gc + oh * s1_2 + ow * s1_3] * b2[wc + i32(ki) * s2_2 + i32(kj) * s2_3];
      }
    }
  }
  let at = o0 + i32(n) * s0_0 + i32(c) * s0_1 + ih * s0_2 + iw * s0_3;
  b0[at] = b0[at] + acc;
}`,
    buffers: [gradInput, gradOut, weight].map((r) => bufferOf(r, 'conv2dBackwardInput')),
    access: ['rw', 'read', 'read'],
    uniforms: u,
    workgroups: Math.ceil(total / WG),
  });
}

export function conv2dBackwardWeight(rt: GpuRuntime, x: TensorRef, gradOut: TensorRef, g: ConvGeometry, gradWeight: TensorRef, gradBias: TensorRef | null): void {
  const d = geo(x, gradWeight, gradOut, g);
  distinct(rt, gradBias ? [gradWeight, x, gradOut, gradBias] : [gradWeight, x, gradOut], 'conv2dBackwardWeight');
  const lane = laneOf(gradWeight.dtype);
  const nw = numel(gradWeight.shape);
  const u = words(d, g, [gradWeight, x, gradOut]);
  const reduceTail = (target: string) => `
  sa[lid] = acc;
  workgroupBarrier();
  for (var s: u32 = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sa[lid] = sa[lid] + sa[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { ${target} = sa[0]; }
}`;
  const wgMain = `var<workgroup> sa: array<${lane}, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let e = wid.x + wid.y * nwg.x;`;
  if (nw > 0 && d.N * d.OH * d.OW > 0) {
    rt.dispatch({
      key: `conv2dBackwardWeight:${lane}`,
      wgsl: () => `${decl([[lane, 'rw'], [lane, 'read'], [lane, 'read']], u.length)}
${wgMain}
  ${HEAD}
  if (e >= Cout * Cg * KH * KW) { return; }
  ${operand(0)} ${operand(1)} ${operand(2)}
  let kj = e % KW; let ki = (e / KW) % KH; let ci = (e / (KW * KH)) % Cg; let co = e / (KW * KH * Cg);
  let c = (co / Mg) * Cg + ci;
  let P = N * u32(OH * OW);
  var acc = ${lane}(0);
  for (var p: u32 = lid; p < P; p += ${WG}u) {
    let ow = i32(p % u32(OW)); let oh = i32((p / u32(OW)) % u32(OH)); let n = p / u32(OH * OW);
    let ih = oh * sh - ph + i32(ki) * dh; let iw = ow * sw - pw + i32(kj) * dw;
    if (ih < 0 || ih >= H || iw < 0 || iw >= W) { continue; }
    acc = acc + b1[o1 + i32(n) * s1_0 + i32(c) * s1_1 + ih * s1_2 + iw * s1_3] * b2[o2 + i32(n) * s2_0 + i32(co) * s2_1 + oh * s2_2 + ow * s2_3];
  }
  ${reduceTail('b0[o0 + i32(co) * s0_0 + i32(ci) * s0_1 + i32(ki) * s0_2 + i32(kj) * s0_3]')}`,
      buffers: [gradWeight, x, gradOut].map((r) => bufferOf(r, 'conv2dBackwardWeight')),
      access: ['rw', 'read', 'read'],
      uniforms: u,
      workgroups: nw,
    });
  }
  if (gradBias !== null && d.Cout > 0 && d.N * d.OH * d.OW > 0) {
    const ub = words(d, g, [null, null, gradOut], [gradBias.offset, gradBias.strides[0]!]);
    rt.dispatch({
      key: `conv2dBackwardBias:${lane}`,
      wgsl: () => `${decl([[lane, 'rw'], [lane, 'read']], ub.length)}
${wgMain}
  ${HEAD}
  if (e >= Cout) { return; }
  ${operand(2)}
  let P = N * u32(OH * OW);
  var acc = ${lane}(0);
  for (var p: u32 = lid; p < P; p += ${WG}u) {
    let ow = i32(p % u32(OW)); let oh = i32((p / u32(OW)) % u32(OH)); let n = p / u32(OH * OW);
    acc = acc + b1[o2 + i32(n) * s2_0 + i32(e) * s2_1 + oh * s2_2 + ow * s2_3];
  }
  ${reduceTail('b0[ui(35u) + i32(e) * ui(36u)]')}`,
      buffers: [gradBias, gradOut].map((r) => bufferOf(r, 'conv2dBackwardWeight')),
      access: ['rw', 'read'],
      uniforms: ub,
      workgroups: d.Cout,
    });
  }
}
