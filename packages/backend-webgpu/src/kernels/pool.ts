// Max pooling with PyTorch's CPU rules (the window clipped to the input, scanned row-major, a larger
// value or any NaN takes over) and its gradient in a gather formulation: each input element visits
// the windows that can hold it, in output order, and sums the gradients whose index is its own.
import type { PoolGeometry, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { numel, Words } from '../layout';
import { CAST_WGSL } from '../wgsl/cast';

const WG = 64;

function words(x4: readonly number[], o4: readonly number[], g: PoolGeometry, refs: readonly TensorRef[]): Uint32Array {
  const w = new Words();
  w.push(...x4, ...o4); // N C H W, N C OH OW: 0..7
  w.push(g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1]); // 8..15
  for (const r of refs) w.push(r.offset, ...r.strides); // 16 + 5k
  return w.finish();
}

const HEAD = `let N = u(0u); let C = u(1u); let H = i32(u(2u)); let W = i32(u(3u)); let OH = i32(u(6u)); let OW = i32(u(7u));
  let KH = i32(u(8u)); let KW = i32(u(9u)); let sh = i32(u(10u)); let sw = i32(u(11u)); let ph = i32(u(12u)); let pw = i32(u(13u)); let dh = i32(u(14u)); let dw = i32(u(15u));`;
const operand = (k: number) => {
  const b = 16 + 5 * k;
  return `let o${k} = ui(${b}u); let s${k}_0 = ui(${b + 1}u); let s${k}_1 = ui(${b + 2}u); let s${k}_2 = ui(${b + 3}u); let s${k}_3 = ui(${b + 4}u);`;
};
const threadMain = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * ${WG}u + lid;`;

export function maxPool2d(rt: GpuRuntime, x: TensorRef, g: PoolGeometry, values: TensorRef, indices: TensorRef): void {
  const total = numel(values.shape);
  if (total === 0) return;
  const lane = laneOf(x.dtype);
  const u = words(x.shape, values.shape, g, [values, indices, x]);
  rt.dispatch({
    key: `maxPool2d:${lane}`,
    wgsl: () => `${CAST_WGSL}
${uniformDecl(u.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read_write> b1: array<i32>;
@group(0) @binding(2) var<storage, read> b2: array<${lane}>;
${threadMain}
  ${HEAD}
  if (i >= N * C * u32(OH * OW)) { return; }
  ${operand(0)} ${operand(1)} ${operand(2)}
  let ow = i32(i % u32(OW)); let oh = i32((i / u32(OW)) % u32(OH)); let c = (i / u32(OH * OW)) % C; let n = i / (u32(OH * OW) * C);
  var h0 = oh * sh - ph; let h1 = min(h0 + (KH - 1) * dh + 1, H);
  while (h0 < 0) { h0 += dh; }
  var w0 = ow * sw - pw; let w1 = min(w0 + (KW - 1) * dw + 1, W);
  while (w0 < 0) { w0 += dw; }
  let base = o2 + i32(n) * s2_0 + i32(c) * s2_1;
  var best = -inf_f32();
  var at = h0 * W + w0;
  for (var ih = h0; ih < h1; ih += dh) {
    for (var iw = w0; iw < w1; iw += dw) {
      let v = b2[base + ih * s2_2 + iw * s2_3];
      if (v > best || is_nan(v)) { best = v; at = ih * W + iw; }
    }
  }
  b0[o0 + i32(n) * s0_0 + i32(c) * s0_1 + oh * s0_2 + ow * s0_3] = best;
  b1[o1 + i32(n) * s1_0 + i32(c) * s1_1 + oh * s1_2 + ow * s1_3] = at;
}`,
    buffers: [values, indices, x].map((r) => bufferOf(r, 'maxPool2d')),
    access: ['rw', 'rw', 'read'],
    uniforms: u,
    workgroups: Math.ceil(total / WG),
  });
}

export function maxPool2dBackward(rt: GpuRuntime, gradOut: TensorRef, indices: TensorRef, g: PoolGeometry, gradInput: TensorRef): void {
  const total = numel(gradInput.shape);
  if (total === 0 || numel(gradOut.shape) === 0) return;
  const lane = laneOf(gradInput.dtype);
  const u = words(gradInput.shape, gradOut.shape, g, [gradInput, gradOut, indices]);
  rt.dispatch({
    key: `maxPool2dBackward:${lane}`,
    wgsl: () => `${CAST_WGSL}
${uniformDecl(u.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read> b1: array<${lane}>;
@group(0) @binding(2) var<storage, read> b2: array<i32>;
${threadMain}
  ${HEAD}
  if (i >= N * C * u32(H * W)) { return; }
  ${operand(0)} ${operand(1)} ${operand(2)}
  let iw = i32(i % u32(W)); let ih = i32((i / u32(W)) % u32(H)); let c = (i / u32(H * W)) % C; let n = i / (u32(H * W) * C);
  let me = ih * W + iw;
  var acc = ${lane}(0);
  // kernel rows from the last to the first visit output rows in increasing order (the CPU's summation order)
  for (var ki = KH - 1; ki >= 0; ki--) {
    let th = ih + ph - ki * dh;
    if (th < 0 || th % sh != 0) { continue; }
    let oh = th / sh;
    if (oh >= OH) { continue; }
    for (var kj = KW - 1; kj >= 0; kj--) {
      let tw = iw + pw - kj * dw;
      if (tw < 0 || tw % sw != 0) { continue; }
      let ow = tw / sw;
      if (ow >= OW) { continue; }
      if (b2[o2 + i32(n) * s2_0 + i32(c) * s2_1 + oh * s2_2 + ow * s2_3] == me) {
        acc = acc + b1[o1 + i32(n) * s1_0 + i32(c) * s1_1 + oh * s1_2 + ow * s1_3];
      }
    }
  }
  let at = o0 + i32(n) * s0_0 + i32(c) * s0_1 + ih * s0_2 + iw * s0_3;
  b0[at] = b0[at] + acc;
}`,
    buffers: [gradInput, gradOut, indices].map((r) => bufferOf(r, 'maxPool2dBackward')),
    access: ['rw', 'read', 'read'],
    uniforms: u,
    workgroups: Math.ceil(total / WG),
  });
}
