// torch.save in PyTorch's format (the zip archive of torch.save since 1.6, pickle protocol 2), so Python's
// torch.load(path, weights_only=True) reads it: tensors as torch._utils._rebuild_tensor_v2 of their
// storage (written whole, so views of one storage stay views of one storage in PyTorch), plain objects as
// dicts, arrays as lists, numbers as ints or floats.
import type { DType, TypedArray } from '../../dtype';
import { isTensor, Tensor } from '../../tensor';
import type { Storage } from '../../backend';
import { toHalfBytes } from '../half';
import { quote } from '../header';
import { PickleWriter } from '../pickle/pickle-write';
import { isSerializable } from '../protocol';
import { encodeValues } from '../tensor-bytes';
import { writeZip } from './zip-write';

/** How floating point tensors are stored: as themselves, or rounded to a half type (half the bytes). */
export type FloatsAs = 'float16' | 'bfloat16' | undefined;

const STORAGE_CLASS: Readonly<Record<DType, string>> = {
  float32: 'FloatStorage', float64: 'DoubleStorage', int32: 'IntStorage', int64: 'LongStorage', uint8: 'ByteStorage', bool: 'BoolStorage',
};
const HALF_CLASS = { float16: 'HalfStorage', bfloat16: 'BFloat16Storage' } as const;
const MAX_DEPTH = 1000;

interface StorageToWrite {
  readonly key: string;
  readonly storage: Storage;
  readonly dtype: DType;
}

/** The pickle of `obj` and the storages it names, in the order met. */
export function picklePt(obj: unknown, floatsAs: FloatsAs, where: string): { pickle: Uint8Array; storages: StorageToWrite[] } {
  const w = new PickleWriter();
  const storages = new Map<Storage, StorageToWrite>();
  const ancestors = new Set<object>();
  const fail = (msg: string): never => {
    throw new TypeError(`${where}: ${msg}`);
  };
  const at = (path: readonly string[]): string => (path.length === 0 ? 'the top level' : path.map((p) => `[${quote(p)}]`).join(''));

  const tensor = (t: Tensor): void => {
    if (w.fetch(t)) return; // the same tensor again: the same object in Python
    let s = storages.get(t.storage);
    if (s === undefined) storages.set(t.storage, (s = { key: String(storages.size), storage: t.storage, dtype: t.dtype }));
    const half = floatsAs !== undefined && (t.dtype === 'float32' || t.dtype === 'float64');
    w.global('torch._utils', '_rebuild_tensor_v2').mark();
    w.mark().string('storage').global('torch', half ? HALF_CLASS[floatsAs!] : STORAGE_CLASS[t.dtype]).string(s.key).string('cpu').int(t.storage.length).tuple().binpersid();
    w.int(t.offset);
    w.mark();
    for (const d of t.shape) w.int(d);
    w.tuple().mark();
    for (const d of t.strides) w.int(d);
    w.tuple();
    w.bool(t.requiresGrad);
    w.global('collections', 'OrderedDict').emptyTuple().reduce(); // backward hooks: none
    w.tuple().reduce();
    w.memoize(t);
  };

  const key = (k: string): void => {
    // Integer keys (an optimizer state's parameter ids) are Python ints, as PyTorch wrote them.
    if (/^(0|-?[1-9]\d{0,14})$/.test(k)) w.int(Number(k));
    else w.string(k);
  };

  const value = (v: unknown, path: readonly string[], depth: number): void => {
    if (depth > MAX_DEPTH) fail(`the object is nested more than ${MAX_DEPTH} levels deep at ${at(path)}`);
    switch (typeof v) {
      case 'undefined': w.none(); return;
      case 'boolean': w.bool(v); return;
      case 'string': w.string(v); return;
      case 'bigint': w.int(v); return;
      case 'number':
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) w.int(v);
        else w.float(v);
        return;
      case 'function':
      case 'symbol':
        fail(`can't save a ${typeof v} at ${at(path)}; a .pth file holds tensors, numbers, strings, booleans, null, arrays and plain objects`);
    }
    if (v === null) { w.none(); return; }
    if (isTensor(v)) { tensor(v); return; }
    const o = v as object;
    if (ancestors.has(o)) fail(`the object contains itself (a circular reference) at ${at(path)}`);
    if (isSerializable(o)) fail(`can't save the ${o.constructor?.name ?? 'object'} at ${at(path)} in PyTorch's format (PyTorch would need its Python class); save its stateDict(), or save to a .safetensors file`);
    ancestors.add(o);
    try {
      if (Array.isArray(o)) {
        w.emptyList();
        if (o.length > 0) {
          w.mark();
          o.forEach((x, i) => value(x, [...path, String(i)], depth + 1));
          w.appends();
        }
        return;
      }
      const proto = Object.getPrototypeOf(o);
      if (proto !== Object.prototype && proto !== null) {
        const kind = ArrayBuffer.isView(o) ? `a ${o.constructor.name} (wrap it in a tensor: torch.tensor(array))` : `an object of class '${o.constructor?.name ?? '?'}'`;
        fail(`can't save ${kind} at ${at(path)}; save a plain object`);
      }
      const keys = Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
      w.emptyDict();
      if (keys.length > 0) {
        w.mark();
        for (const k of keys) {
          key(k);
          value((o as Record<string, unknown>)[k], [...path, k], depth + 1);
        }
        w.setitems();
      }
    } finally {
      ancestors.delete(o);
    }
  };

  if (obj === undefined) fail('nothing to save (the object is undefined)');
  value(obj, [], 0);
  return { pickle: w.finish(), storages: [...storages.values()] };
}

/** The bytes of one storage as PyTorch stores it (little-endian; half types rounded to nearest even). */
function storageBytes(values: TypedArray, dtype: DType, floatsAs: FloatsAs, where: string): Uint8Array {
  if (floatsAs !== undefined && (dtype === 'float32' || dtype === 'float64')) return toHalfBytes(values, floatsAs);
  return encodeValues(values, dtype, 'storage', where);
}

/** The whole storage a tensor views, as a flat tensor (its values are what PyTorch writes). */
export function storageTensor(s: StorageToWrite): Tensor {
  return new Tensor(s.storage, [s.storage.length], [1], 0, s.dtype);
}

/** The archive's bytes, from the pickle and each storage's values (in the order of `storages`). */
export function buildPt(pickle: Uint8Array, storages: readonly StorageToWrite[], values: readonly TypedArray[], floatsAs: FloatsAs, where: string): Uint8Array {
  const prefix = 'archive/';
  const entries = [{ name: `${prefix}data.pkl`, data: pickle }, { name: `${prefix}byteorder`, data: new TextEncoder().encode('little') }];
  storages.forEach((s, i) => entries.push({ name: `${prefix}data/${s.key}`, data: storageBytes(values[i]!, s.dtype, floatsAs, where) }));
  entries.push({ name: `${prefix}version`, data: new TextEncoder().encode('3\n') });
  return writeZip(entries, (msg) => {
    throw new Error(`${where}: ${msg}`);
  });
}
