// The life of tensor memory. Every Tensor holds one reference to its storage (a view, `detach()` and
// `.data` share their base's storage and hold one each); the storage goes back to its device
// (`backend.dispose`) when the last of them is disposed: by `t.dispose()`, by the `torch.tidy` that
// created it, or, for a tensor nobody disposed, by the garbage collector (a FinalizationRegistry:
// the safety net, which runs at the collector's pace, on devices that need it; on the CPU the
// collector frees the memory itself). A disposed tensor keeps its shape and dtype but refuses every
// use with `tensor was disposed`.
//
// The state lives on globalThis so that an ESM and a CJS copy of @x/tensor share one set of counts.
import type { Storage } from '../backend';
import type { DType } from '../dtype';
import { formatShape } from '../shape';
import { getBackend } from '../registry';

const ITEM_BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1 };

/**
 * One storage's bookkeeping: how many live tensors use it. It is also what the finalizer holds for
 * each of them (so it must not reference a tensor); it holds the storage itself only on devices that
 * need `dispose` for garbage-collected tensors (caps.collectsGarbage false).
 */
interface StorageRecord {
  readonly device: string;
  readonly bytes: number;
  /** For the finalizer: null where the garbage collector frees the storage by itself. */
  readonly storage: Storage | null;
  refs: number;
}

export interface DeviceCounts {
  /** Live tensors (views included). */
  tensors: number;
  /** Live storages (a view shares its base's). */
  storages: number;
  /** Bytes of the live storages, as their dtype lays them out (a device may use more: see its own fields). */
  bytes: number;
}

/** Something tensors are collected into while it is open: a torch.tidy scope. */
export interface Scope {
  readonly tensors: TrackedTensor[];
  readonly parent: Scope | null;
}

/** What the bookkeeping needs of a tensor (the Tensor class implements it). */
export interface TrackedTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  _kept: boolean;
  /** The storage's record while the tensor is live; null once disposed. */
  _memory: StorageRecord | null;
  /** What the safety net watches for this tensor (referenced by the tensor alone); null once disposed. */
  _life: Life | null;
}

/** An empty object whose collection tells the safety net that its tensor was collected. */
export type Life = Record<string, never>;

interface ScopeStorage {
  getStore(): Scope | undefined;
  run<R>(store: Scope | undefined, fn: () => R): R;
}

interface MemoryState {
  readonly records: WeakMap<Storage, StorageRecord>;
  readonly counts: Map<string, DeviceCounts>;
  readonly finalizer: FinalizationRegistry<StorageRecord> | null;
  /** Node's AsyncLocalStorage: the tidy scope follows async code. Null in browsers (a global stack instead). */
  readonly scopes: ScopeStorage | null;
  /** The innermost scope where there is no AsyncLocalStorage. */
  stack: Scope | null;
  /** How many tidy scopes are open anywhere: when 0, creating a tensor skips the scope lookup. */
  open: number;
}

const KEY = Symbol.for('@x/tensor.memory');

function loadScopeStorage(): ScopeStorage | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.('node:async_hooks') as { AsyncLocalStorage?: new () => ScopeStorage } | undefined;
  return hooks?.AsyncLocalStorage ? new hooks.AsyncLocalStorage() : null;
}

function state(): MemoryState {
  const g = globalThis as unknown as Record<symbol, MemoryState | undefined>;
  return (g[KEY] ??= {
    records: new WeakMap(),
    counts: new Map(),
    finalizer: typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(collected) : null,
    scopes: loadScopeStorage(),
    stack: null,
    open: 0,
  });
}

function countsOf(device: string): DeviceCounts {
  const counts = state().counts;
  let c = counts.get(device);
  if (c === undefined) counts.set(device, (c = { tensors: 0, storages: 0, bytes: 0 }));
  return c;
}

/** Drops one tensor's reference; the last one frees the storage on its device (when there is one to free). */
function release(r: StorageRecord, storage: Storage | null): void {
  const c = countsOf(r.device);
  c.tensors--;
  if (--r.refs > 0) return;
  c.storages--;
  c.bytes -= r.bytes;
  if (storage !== null) {
    state().records.delete(storage);
    getBackend(r.device).dispose(storage);
  }
}

/**
 * The safety net: a tensor the garbage collector took without dispose(). Only on devices whose memory
 * the collector does not free by itself (caps.collectsGarbage false, a GPU): on the CPU the collector
 * frees the memory directly, and watching every tensor would cost more than it saves (V8 keeps each
 * watched registration until the event loop turns, so a synchronous training loop would grow).
 */
function collected(r: StorageRecord): void {
  release(r, r.storage);
}

/** Called by the Tensor constructor: one more reference to `storage`, a finalizer, and the open tidy scope. */
export function track(t: TrackedTensor, storage: Storage): void {
  reference(t, storage);
  const s = state();
  if (s.open > 0) currentScope()?.tensors.push(t);
}

/** out= resized `t` past its storage: it drops `old` and holds `storage` instead (same tidy scope, same keep flag). */
export function moveStorage(t: TrackedTensor, old: Storage, storage: Storage): void {
  if (disposeTensor(t, old)) reference(t, storage);
}

/** One more reference to `storage`, held by t, and the safety net's watch on t. */
function reference(t: TrackedTensor, storage: Storage): void {
  const s = state();
  let r = s.records.get(storage);
  const c = countsOf(storage.device);
  if (r === undefined) {
    const watched = !getBackend(storage.device).caps.collectsGarbage;
    r = { device: storage.device, bytes: storage.length * ITEM_BYTES[storage.dtype], storage: watched ? storage : null, refs: 0 };
    s.records.set(storage, r);
  }
  if (r.refs === 0) {
    // New, or revived: a storage whose tensors were all garbage-collected got a new tensor.
    c.storages++;
    c.bytes += r.bytes;
  }
  r.refs++;
  c.tensors++;
  t._memory = r;
  if (r.storage !== null && s.finalizer !== null) {
    // The finalizer watches a small token only the tensor references, not the tensor: V8's young-generation
    // collector keeps a watched object alive, and a watched tensor would keep its storage alive with it.
    const life: Life = {};
    t._life = life;
    s.finalizer.register(life, r, life);
  }
}

/** Frees t's reference to `storage` now (t.dispose()); false when it was already disposed. */
export function disposeTensor(t: TrackedTensor, storage: Storage): boolean {
  const r = t._memory;
  if (r === null) return false;
  t._memory = null;
  if (t._life !== null) state().finalizer?.unregister(t._life);
  t._life = null;
  release(r, storage);
  return true;
}

export function disposedError(t: { shape: readonly number[]; dtype: DType }, device: string | null): Error {
  const where = device === null ? '' : ` on '${device}'`;
  return new Error(
    `tensor was disposed: this ${formatShape(t.shape)} ${t.dtype} tensor${where} was freed by dispose() or torch.tidy() and cannot be used; ` +
      'return it from the tidy function or keep it with torch.keep(t)',
  );
}

export function currentScope(): Scope | null {
  const s = state();
  return s.scopes ? (s.scopes.getStore() ?? null) : s.stack;
}

/** Runs fn with a new innermost scope (sync or async fn); `close` runs when fn returns or its promise settles. */
export function withScope<R>(fn: () => R, close: (scope: Scope, result: R | undefined, failed: boolean) => void): R {
  const s = state();
  const scope: Scope = { tensors: [], parent: currentScope() };
  s.open++;
  const finish = (result: R | undefined, failed: boolean) => {
    s.open--;
    if (!s.scopes) s.stack = scope.parent;
    close(scope, result, failed);
  };
  let result: R;
  try {
    if (s.scopes) result = s.scopes.run(scope, fn);
    else {
      s.stack = scope;
      result = fn();
    }
  } catch (e) {
    finish(undefined, true);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        finish(value as R, false);
        return value;
      },
      (e: unknown) => {
        finish(undefined, true);
        throw e;
      },
    ) as R;
  }
  finish(result, false);
  return result;
}

/** Live tensors, storages and bytes on each device with any (or on `device`). */
export function liveCounts(): Map<string, DeviceCounts> {
  return state().counts;
}

/** The live tensors on `device` right now (the leak check's measure). */
export function liveTensors(device: string): number {
  return state().counts.get(device)?.tensors ?? 0;
}
