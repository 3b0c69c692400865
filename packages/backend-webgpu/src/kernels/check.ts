// The contract's data check: when the queued work reaches it, any true element of the bool view
// `flag` records `error` in the device's error flag (the first recorded wins; the next read rejects).
import type { TensorRef } from '@x/tensor';
import { laneOf } from '../dtypes';
import { errorDecl, uniformDecl, type GpuRuntime } from '../runtime';
import { bufferOf } from '../storage';
import { coalesce, numel, THREAD_ID, unravelWgsl, Words } from '../layout';
import { cast } from '../wgsl/cast';
import { CAST_WGSL } from '../wgsl/cast';
import { WG } from './elementwise';

export function check(rt: GpuRuntime, flag: TensorRef, error: () => Error): void {
  const n = numel(flag.shape);
  if (n === 0) return;
  const walk = coalesce(flag.shape, [flag.strides]);
  const w = new Words();
  const site = rt.errorSite(() => error());
  w.push(n, site, 0, 0);
  const shapeAt = w.push(...walk.shape);
  const at = w.push(flag.offset, ...walk.strides[0]!);
  const words = w.finish();
  const dims = walk.shape.length;
  const lane = laneOf(flag.dtype);
  rt.dispatch({
    key: `check:${dims}:${flag.dtype}`,
    wgsl: () => `${CAST_WGSL}
${errorDecl()}
${uniformDecl(words.length)}
@group(0) @binding(0) var<storage, read> b0: array<${lane}>;
${THREAD_ID(WG)}
  if (i >= u(0u)) { return; }
${unravelWgsl(dims, shapeAt, [at])}
  if (${cast('b0[o0]', flag.dtype, 'bool')} != 0u) { report(u(1u), i32(i)); }
}`,
    buffers: [bufferOf(flag, 'check')],
    access: ['read'],
    uniforms: words,
    errors: true,
    workgroups: Math.ceil(n / WG),
  });
}
