// One WebGPU device and the queue discipline every kernel goes through: commands are recorded into one
// command encoder (one compute pass while only dispatches follow each other) and submitted together at
// flush() — at the end of optimizer.step, at a read, or when a batch grows large. Pipelines are cached
// per shader text and binding layout; each dispatch's shapes and strides go into a slice of one
// uniform arena written once per submit.
import { ERROR_WGSL, ErrorSites } from './errors';
import { GpuBufferPool } from './pool';

/** Binding numbers fixed for every shader: storage operands take 0.., the error words 30, the uniforms 31. */
export const ERR_BINDING = 30;
export const UNIFORM_BINDING = 31;

export const STORAGE_USAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST
const MAP_READ = 0x1;
const COPY_DST = 0x8;
const UNIFORM = 0x40;

/** Dispatches recorded before a submit is forced (keeps the GPU busy while the host records more). */
const MAX_BATCH = 256;
const ARENA_BYTES = 64 * 1024;
const UNIFORM_ALIGN = 256;

export type Access = 'read' | 'rw';

export interface DispatchSpec {
  /** Cache key of the shader (its text is built only on a cache miss). */
  key: string;
  wgsl: () => string;
  /** Storage operands in binding order (an aliased operand appears once, 'rw' if written). */
  buffers: readonly GPUBuffer[];
  access: readonly Access[];
  /** Words bound as `U` (binding 31); the shader declares `struct Meta { w: array<vec4<u32>, N> }`. */
  uniforms?: Uint32Array;
  /** Binds the error words (binding 30). */
  errors?: boolean;
  /** Workgroups to launch: a count (spread over x and y when above the per-dimension limit), or a 3-D grid. */
  workgroups: number | readonly [number, number, number];
}

export interface RuntimeStats {
  submits: number;
  dispatches: number;
  pipelines: number;
  uploads: number;
  reads: number;
}

/** The prelude every shader gets: the uniform words and the workgroup's linear id. */
export function uniformDecl(words: number): string {
  return `struct Meta { w: array<vec4<u32>, ${Math.max(1, Math.ceil(words / 4))}> }
@group(0) @binding(${UNIFORM_BINDING}) var<uniform> U: Meta;
fn u(i: u32) -> u32 { return U.w[i / 4u][i % 4u]; }
fn ui(i: u32) -> i32 { return bitcast<i32>(U.w[i / 4u][i % 4u]); }
fn uf(i: u32) -> f32 { return bitcast<f32>(U.w[i / 4u][i % 4u]); }`;
}

export function errorDecl(): string {
  return `@group(0) @binding(${ERR_BINDING}) var<storage, read_write> err: array<atomic<u32>, 4>;\n${ERROR_WGSL}`;
}

export class GpuRuntime {
  readonly queue: GPUQueue;
  readonly pool: GpuBufferPool;
  readonly errors = new ErrorSites();
  readonly stats: RuntimeStats = { submits: 0, dispatches: 0, pipelines: 0, uploads: 0, reads: 0 };
  /** The device was lost: every later read rejects with this. */
  failure: Error | null = null;
  /** A WebGPU validation error (a bug of this backend): the next read rejects with it, once. */
  private invalid: Error | null = null;
  private readonly lost: Promise<never>;
  private readonly errWords: GPUBuffer;
  /** A few words kernels use between two dispatches (the check's first position). */
  readonly scratch: GPUBuffer;
  private readonly arena: GPUBuffer;
  private readonly arenaHost = new Uint8Array(ARENA_BYTES);
  private arenaUsed = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private batched = 0;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, GPUPipelineLayout>();
  private readonly staging = new Map<number, GPUBuffer[]>();
  private readonly maxPerDim: number;

  constructor(
    readonly device: GPUDevice,
    /** A CPU implementation of WebGPU (SwiftShader, lavapipe): kernels that rely on workgroup barriers pick other variants. */
    readonly software = false,
  ) {
    this.queue = device.queue;
    this.maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;
    this.pool = new GpuBufferPool((size) => device.createBuffer({ size, usage: STORAGE_USAGE }), 512 * 2 ** 20);
    this.errWords = device.createBuffer({ size: 16, usage: STORAGE_USAGE });
    this.scratch = device.createBuffer({ size: 16, usage: STORAGE_USAGE });
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: UNIFORM | COPY_DST });
    this.lost = device.lost.then((info) => {
      this.failure ??= new Error(
        `webgpu: the device was lost (${info.reason ?? 'unknown'}: ${info.message}); tensors on 'webgpu' are gone: call await webgpu.ready() again and recreate them`,
      );
      throw this.failure;
    });
    this.lost.catch(() => {});
    device.addEventListener?.('uncapturederror', (ev) => {
      const e = (ev as GPUUncapturedErrorEvent).error;
      this.invalid ??= new Error(`webgpu backend: the device refused a command (a bug of @x/backend-webgpu; please report it): ${e.message}`);
    });
  }

  private commandEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  /** The encoder outside any compute pass, for copies and clears. */
  private plainEncoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.commandEncoder();
  }

  private layoutFor(access: readonly Access[], errors: boolean, uniforms: boolean): GPUPipelineLayout {
    const key = `${access.join(',')}|${errors ? 'e' : ''}|${uniforms ? 'u' : ''}`;
    let layout = this.layouts.get(key);
    if (layout) return layout;
    const entries: GPUBindGroupLayoutEntry[] = access.map((a, binding) => ({
      binding,
      visibility: 4, // COMPUTE
      buffer: { type: a === 'rw' ? 'storage' : 'read-only-storage' },
    }));
    if (errors) entries.push({ binding: ERR_BINDING, visibility: 4, buffer: { type: 'storage' } });
    if (uniforms) entries.push({ binding: UNIFORM_BINDING, visibility: 4, buffer: { type: 'uniform' } });
    const group = this.device.createBindGroupLayout({ entries });
    layout = this.device.createPipelineLayout({ bindGroupLayouts: [group] });
    this.layouts.set(key, layout);
    return layout;
  }

  private pipeline(spec: DispatchSpec): GPUComputePipeline {
    const layoutKey = `${spec.access.join(',')}|${spec.errors ? 'e' : ''}|${spec.uniforms ? 'u' : ''}`;
    const key = `${layoutKey}#${spec.key}`;
    let p = this.pipelines.get(key);
    if (p) return p;
    const label = spec.key.slice(0, spec.key.indexOf(':', 4) >>> 0 || 40);
    const module = this.device.createShaderModule({ code: spec.wgsl(), label });
    p = this.device.createComputePipeline({
      label,
      layout: this.layoutFor(spec.access, spec.errors === true, spec.uniforms !== undefined),
      compute: { module, entryPoint: 'main' },
    });
    this.pipelines.set(key, p);
    this.stats.pipelines++;
    return p;
  }

  dispatch(spec: DispatchSpec): void {
    const grid = spec.workgroups;
    if (typeof grid === 'number' ? grid === 0 : grid[0] * grid[1] * grid[2] === 0) return;
    const pipeline = this.pipeline(spec);
    const entries: GPUBindGroupEntry[] = spec.buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    if (spec.errors) entries.push({ binding: ERR_BINDING, resource: { buffer: this.errWords } });
    if (spec.uniforms) {
      const bytes = spec.uniforms.byteLength;
      const size = Math.max(16, Math.ceil(bytes / 16) * 16);
      if (this.arenaUsed + size > ARENA_BYTES) this.flush();
      const offset = this.arenaUsed;
      this.arenaHost.set(new Uint8Array(spec.uniforms.buffer, spec.uniforms.byteOffset, bytes), offset);
      this.arenaUsed = Math.ceil((offset + size) / UNIFORM_ALIGN) * UNIFORM_ALIGN;
      entries.push({ binding: UNIFORM_BINDING, resource: { buffer: this.arena, offset, size } });
    }
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    this.commandEncoder();
    const pass = (this.pass ??= this.encoder!.beginComputePass());
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    if (typeof grid === 'number') {
      let x = grid;
      let y = 1;
      if (x > this.maxPerDim) {
        y = Math.ceil(x / this.maxPerDim);
        x = Math.ceil(x / y);
      }
      pass.dispatchWorkgroups(x, y);
    } else {
      if (grid.some((g) => g > this.maxPerDim)) throw new RangeError(`webgpu: a dispatch of [${grid.join(', ')}] workgroups exceeds the device's ${this.maxPerDim} per dimension`);
      pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    }
    this.stats.dispatches++;
    if (++this.batched >= MAX_BATCH) this.flush();
  }

  /** Zero-fills a buffer (a pooled buffer handed out as 'zeros'), in command order. */
  clear(buffer: GPUBuffer, offset = 0, size?: number): void {
    this.plainEncoder().clearBuffer(buffer, offset, size);
    this.batched++;
  }

  copyBuffer(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number): void {
    if (size === 0) return;
    this.plainEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, size);
    this.batched++;
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    if (this.arenaUsed > 0) this.queue.writeBuffer(this.arena, 0, this.arenaHost, 0, this.arenaUsed);
    this.arenaUsed = 0;
    if (this.encoder) {
      this.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.stats.submits++;
    }
    this.batched = 0;
    this.pool.submitted();
  }

  /** Writes host data into a buffer that no pending command uses (a fresh upload buffer). */
  write(buffer: GPUBuffer, data: ArrayBufferView): void {
    this.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    this.stats.uploads++;
  }

  private takeStaging(bytes: number): GPUBuffer {
    const size = Math.max(256, 2 ** Math.ceil(Math.log2(bytes)));
    return this.staging.get(size)?.pop() ?? this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
  }

  private giveStaging(b: GPUBuffer): void {
    let list = this.staging.get(b.size);
    if (list === undefined) this.staging.set(b.size, (list = []));
    if (list.length < 4) list.push(b);
    else b.destroy();
  }

  /**
   * Waits for the queued work and returns `byteLength` bytes of `buffer` from `byteOffset` (copied
   * through one staging buffer, mapped once), rejecting with the first error recorded since the last
   * read or sync.
   */
  async read(buffer: GPUBuffer | null, byteOffset: number, byteLength: number): Promise<ArrayBuffer> {
    if (this.failure) throw this.failure;
    const staging = this.takeStaging(byteLength + 16);
    if (buffer !== null) this.copyBuffer(buffer, byteOffset, staging, 0, byteLength);
    this.copyBuffer(this.errWords, 0, staging, byteLength, 16);
    this.clear(this.errWords);
    const upTo = this.errors.last;
    this.flush();
    this.stats.reads++;
    await Promise.race([staging.mapAsync(MAP_READ, 0, byteLength + 16), this.lost]);
    const mapped = staging.getMappedRange(0, byteLength + 16);
    const data = mapped.slice(0, byteLength);
    const words = new Uint32Array(mapped.slice(byteLength, byteLength + 16));
    staging.unmap();
    this.giveStaging(staging);
    // a data error is reported once (its words were cleared); a lost device stays lost
    const dataError = this.errors.take(words, upTo);
    const failure = this.failure ?? this.invalid ?? dataError;
    this.invalid = null;
    if (failure) throw failure;
    return data;
  }

  /** A new site that kernels report with report(code, value). */
  errorSite(factory: (value: number) => Error): number {
    return this.errors.add(factory);
  }

  destroy(): void {
    this.flush();
    this.pool.clear();
    for (const list of this.staging.values()) for (const b of list) b.destroy();
    this.staging.clear();
    this.device.destroy();
  }
}
