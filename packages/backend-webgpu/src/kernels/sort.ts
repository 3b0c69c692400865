// Stable sort along one dim by ranking: each element counts the elements of its row that come before
// it (smaller, or equal at a lower position; NaN is the largest value) and writes itself and its
// index at that rank. Fully parallel and stable by construction, O(n^2) per row: fine for the rows of
// topk, median and unique at tensor-library sizes; rows are read in tiles of workgroup memory.
import type { TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, unravelWgsl, Words } from '../layout';
import { CAST_WGSL } from '../wgsl/cast';
import { copyToFresh, release } from './materialize';

const WG = 64;

export function sort(rt: GpuRuntime, input: TensorRef, dim: number, descending: boolean, values: TensorRef, indices: TensorRef): void {
  const total = numel(input.shape);
  if (total === 0) return;
  const x = input.storage === values.storage || input.storage === indices.storage ? copyToFresh(rt, input, 'sort') : input;
  const n = x.shape[dim] ?? 1;
  const drop = <T>(a: readonly T[]) => a.filter((_, i) => i !== dim);
  const rows = coalesce(drop(x.shape), [drop(x.strides), drop(values.strides), drop(indices.strides)]);
  const w = new Words();
  w.push(n, x.strides[dim] ?? 0, values.strides[dim] ?? 0, indices.strides[dim] ?? 0, total / n, 0, 0, 0);
  const shapeAt = w.push(...rows.shape);
  const at = [x, values, indices].map((r, k) => w.push(r.offset, ...rows.strides[k]!));
  const words = w.finish();
  const lane = laneOf(x.dtype);
  const float = lane === 'f32';
  const dims = rows.shape.length;
  // before(a, ia, b, ib): does (a, ia) sort before (b, ib)?
  const lt = float ? (p: string, q: string) => `(!is_nan(${p}) && (is_nan(${q}) || ${p} < ${q}))` : (p: string, q: string) => `(${p} < ${q})`;
  const eq = float ? (p: string, q: string) => `((is_nan(${p}) && is_nan(${q})) || ${p} == ${q})` : (p: string, q: string) => `(${p} == ${q})`;
  const first = descending ? lt('b', 'a') : lt('a', 'b');
  const rowsCount = total / n;
  rt.dispatch({
    key: `sort:${x.dtype}:${dims}:${descending}`,
    wgsl: () => `${CAST_WGSL}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<${lane}>;
@group(0) @binding(1) var<storage, read_write> b1: array<${lane}>;
@group(0) @binding(2) var<storage, read_write> b2: array<i32>;
var<workgroup> tile: array<${lane}, ${WG}>;
fn before(a: ${lane}, ia: u32, b: ${lane}, ib: u32) -> bool { return ${first} || (${eq('a', 'b')} && ia < ib); }
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let n = u(0u);
  let chunks = (n + ${WG - 1}u) / ${WG}u;
  let g = wid.x + wid.y * nwg.x;
  let row = g / chunks;
  if (row >= u(4u)) { return; }
  let k = (g % chunks) * ${WG}u + lid;
${unravelWgsl(dims, shapeAt, at, 'row', 'q')}
  let sx = ui(1u);
  var mine: ${lane};
  if (k < n) { mine = b0[q0 + i32(k) * sx]; }
  var rank = 0u;
  for (var t0: u32 = 0u; t0 < n; t0 += ${WG}u) {
    if (t0 + lid < n) { tile[lid] = b0[q0 + i32(t0 + lid) * sx]; }
    workgroupBarrier();
    let m = min(${WG}u, n - t0);
    if (k < n) { for (var j: u32 = 0u; j < m; j++) { if (before(tile[j], t0 + j, mine, k)) { rank++; } } }
    workgroupBarrier();
  }
  if (k < n) {
    b1[q1 + i32(rank) * ui(2u)] = mine;
    b2[q2 + i32(rank) * ui(3u)] = i32(k);
  }
}`,
    buffers: [bufferOf(x, 'sort'), bufferOf(values, 'sort'), bufferOf(indices, 'sort')],
    access: ['read', 'rw', 'rw'],
    uniforms: words,
    workgroups: rowsCount * Math.ceil(n / WG),
  });
  if (x !== input) release(rt, x);
}
