// The contract's counter-based random stream on the device: Philox4x32-10 (the host generator's and
// PyTorch CUDA's), one thread per 128-bit block: element i of `out` takes word i mod 4 of block
// counter + floor(i / 4) under `key` (see RandomRequest). uniform: low + (high - low) * ((w >>> 8) * 2^-24)
// in float32, kept below high; normal: Box-Muller on word pairs; bits: the word itself.
import type { RandomRequest, TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { isContiguousRef, numel, Words } from '../layout';
import { CAST_WGSL } from '../wgsl/cast';
import { MATH_WGSL } from '../wgsl/math';
import { F2L_WGSL } from '../wgsl/cast';

const WG = 64;

export const PHILOX_WGSL = /* wgsl */ `
fn mulhilo(a: u32, b: u32) -> vec2u {
  let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let hl = ah * bl; let lh = al * bh;
  let mid = (ll >> 16u) + (hl & 0xffffu) + (lh & 0xffffu);
  return vec2u(ah * bh + (hl >> 16u) + (lh >> 16u) + (mid >> 16u), a * b);
}
fn philox(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter; var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2u(0x9e3779b9u, 0xbb67ae85u); }
    let p0 = mulhilo(0xd2511f53u, c.x);
    let p1 = mulhilo(0xcd9e8d57u, c.z);
    c = vec4u(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c;
}
// a 128-bit counter plus a 32-bit block index, with carries
fn add128(c: vec4u, j: u32) -> vec4u {
  let x = c.x + j;
  var carry = select(0u, 1u, x < c.x);
  let y = c.y + carry; carry = select(0u, 1u, carry == 1u && y == 0u);
  let z = c.z + carry; carry = select(0u, 1u, carry == 1u && z == 0u);
  return vec4u(x, y, z, c.w + carry);
}`;

/** The largest float32 strictly below x (finite x), as the host generator keeps uniform values below high. */
function float32Below(x: number): number {
  const f = Math.fround(x);
  if (f < x) return f;
  if (f === 0) return -(2 ** -149);
  const bits = new Uint32Array(Float32Array.of(f).buffer);
  bits[0] = f > 0 ? bits[0]! - 1 : bits[0]! + 1;
  return new Float32Array(bits.buffer)[0]!;
}

export function random(rt: GpuRuntime, req: RandomRequest, out: TensorRef): void {
  const n = numel(out.shape);
  if (n === 0) return;
  if (!isContiguousRef(out)) throw new Error(`random: device 'webgpu' fills contiguous tensors only (got strides [${out.strides.join(', ')}])`);
  const lane = laneOf(out.dtype);
  if (req.kind !== 'bits' && lane !== 'f32') throw new TypeError(`random: ${req.kind} values need a float tensor, got ${out.dtype}`);
  const w = new Words();
  const f = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;
  const top = Math.max(float32Below(req.b), Math.fround(req.a));
  w.push(n, out.offset, req.key[0], req.key[1], ...req.counter, f(req.a), f(req.b - req.a), f(req.b), f(top), f(req.a), f(req.b));
  const words = w.finish();
  const value =
    req.kind === 'bits'
      ? (k: number) => (lane === 'i32' ? `bitcast<i32>(r[${k}])` : out.dtype === 'bool' ? `(r[${k}] & 1u)` : `(r[${k}] & 255u)`)
      : req.kind === 'uniform'
        ? (k: number) => `uni(r[${k}])`
        : (k: number) => `nrm[${k}]`;
  rt.dispatch({
    key: `random:${req.kind}:${out.dtype}`,
    wgsl: () => `${CAST_WGSL}
${MATH_WGSL}
${F2L_WGSL}
${PHILOX_WGSL}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read_write> b0: array<${lane}>;
fn uni(word: u32) -> f32 {
  let v = uf(8u) + uf(9u) * (f32(word >> 8u) * 5.9604644775390625e-8);
  if (v < uf(10u)) { return v; }
  return uf(11u);
}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let j = (wid.x + wid.y * nwg.x) * ${WG}u + lid;
  let n = u(0u);
  if (j * 4u >= n) { return; }
  let r = philox(add128(vec4u(u(4u), u(5u), u(6u), u(7u)), j), vec2u(u(2u), u(3u)));
  ${
    req.kind === 'normal'
      ? `var nrm: array<f32, 4>;
  for (var p = 0u; p < 2u; p++) {
    let u1 = 1.0 - f32(r[2u * p] >> 8u) * 5.9604644775390625e-8;
    let u2 = f32(r[2u * p + 1u] >> 8u) * 5.9604644775390625e-8;
    let rad = sqrt(-2.0 * m_log(u1));
    let sc = m_sincos(6.283185307179586 * u2);
    nrm[2u * p] = uf(12u) + uf(13u) * (rad * sc.y);
    nrm[2u * p + 1u] = uf(12u) + uf(13u) * (rad * sc.x);
  }`
      : ''
  }
  let base = i32(u(1u)) + i32(j * 4u);
  for (var k = 0u; k < 4u; k++) {
    if (j * 4u + k < n) {
      switch k {
        case 0u: { b0[base] = ${value(0)}; }
        case 1u: { b0[base + 1] = ${value(1)}; }
        case 2u: { b0[base + 2] = ${value(2)}; }
        default: { b0[base + 3] = ${value(3)}; }
      }
    }
  }
}`,
    buffers: [bufferOf(out, 'random')],
    access: ['rw'],
    uniforms: words,
    workgroups: Math.ceil(n / 4 / WG),
  });
}
