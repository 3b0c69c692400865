// torch.load of PyTorch's checkpoint format (the zip archive torch.save has written since 1.6:
// <name>/data.pkl, <name>/data/<key> storages, <name>/byteorder, <name>/version): the pickle is read by
// our safe unpickler with torch-globals.ts's allowlist, storages become @x storages (shared by every
// tensor that views them, so views and tied weights stay shared), and the result is the saved structure:
// dicts as plain objects, lists and tuples as arrays, tensors as tensors.
import type { TypedArray } from '../../dtype';
import { getBackend } from '../../registry';
import { Tensor } from '../../tensor';
import { MAX_DIMS, quote } from '../header';
import { PyGlobal, unpickle, type PickleValues, type UnpickleHooks } from '../pickle/unpickle';
import { byteSwapped, decodeStored, LOADED_DTYPE, STORED_ITEM_SIZE, type StoredDType } from '../stored-dtypes';
import { CALLABLES, DTYPE_GLOBALS, STORAGE_CLASSES, TENSOR_CLASSES, UNSUPPORTED } from './torch-globals';
import { readZip } from './zip-read';

/** What a persistent id names: one storage of the file, not yet read. */
export class StorageRef {
  constructor(readonly key: string, readonly stored: StoredDType, readonly numel: number) {}
}

/** Reads a storage's values (the caller checks its size), as a typed array of its loaded dtype. */
export type StorageReader = (ref: StorageRef) => TypedArray;

function describe(x: unknown): string {
  if (x === null) return 'None';
  if (x instanceof PyGlobal) return x.path;
  if (Array.isArray(x)) return `a sequence of ${x.length}`;
  return typeof x === 'object' ? 'an object' : `${typeof x} ${quote(String(x))}`;
}

/**
 * The hooks that turn a checkpoint's pickle into @x values. `read` supplies each storage's values the
 * first time a tensor needs them; `fail` throws with the caller's context.
 */
export function torchHooks(device: string, read: StorageReader, fail: (msg: string) => never, values: PickleValues): UnpickleHooks {
  const backend = getBackend(device);
  const storages = new Map<string, { ref: StorageRef; storage: Tensor['storage'] }>();
  const { isTuple, isDict } = values;

  const int = (x: unknown, what: string): number => {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) fail(`${what} is ${describe(x)}, expected a non-negative integer`);
    return x as number;
  };
  const ints = (x: unknown, what: string): number[] => {
    if (!Array.isArray(x)) fail(`${what} is ${describe(x)}, expected a tuple of integers`);
    if ((x as unknown[]).length > MAX_DIMS) fail(`${what} has ${(x as unknown[]).length} dimensions (at most ${MAX_DIMS} are supported)`);
    return (x as unknown[]).map((v, i) => int(v, `${what}[${i}]`));
  };

  const storageOf = (ref: StorageRef): Tensor['storage'] => {
    const known = storages.get(ref.key);
    if (known !== undefined) {
      if (known.ref.stored !== ref.stored || known.ref.numel !== ref.numel) {
        fail(`storage ${quote(ref.key)} is named as ${ref.stored} of ${ref.numel} elements and as ${known.ref.stored} of ${known.ref.numel}: the file is corrupted`);
      }
      return known.storage;
    }
    const dtype = LOADED_DTYPE[ref.stored];
    if (backend.caps.dtypes[dtype] === 'unsupported') fail(`storage ${quote(ref.key)} is ${dtype}, which device '${device}' cannot hold; load it on the CPU ({ device: 'cpu' }) and convert it`);
    const values = read(ref);
    const storage = backend.caps.hostShared && backend.wrap ? backend.wrap(values, dtype) : backend.upload(values, dtype);
    storages.set(ref.key, { ref, storage });
    return storage;
  };

  const rebuildTensor = (args: unknown[], fn: string): Tensor => {
    const [ref, offsetArg, sizeArg, strideArg] = args;
    if (!(ref instanceof StorageRef)) fail(`${fn} got ${describe(ref)} where a storage belongs`);
    const r = ref as StorageRef;
    const offset = int(offsetArg, `${fn}'s storage offset`);
    const size = ints(sizeArg, `${fn}'s size`);
    const stride = ints(strideArg, `${fn}'s stride`);
    if (stride.length !== size.length) fail(`${fn}: size [${size.join(', ')}] and stride [${stride.join(', ')}] differ in length`);
    let numel = 1, last = offset;
    for (let d = 0; d < size.length; d++) {
      numel *= size[d]!;
      last += (size[d]! - 1) * stride[d]!;
    }
    if (!Number.isSafeInteger(numel) || !Number.isSafeInteger(last)) fail(`${fn}: size [${size.join(', ')}] is too large`);
    if (numel > 0 && last >= r.numel) {
      fail(`a tensor of size [${size.join(', ')}], stride [${stride.join(', ')}] at offset ${offset} reaches element ${last} of storage ${quote(r.key)}, which has ${r.numel}: the file is corrupted`);
    }
    return new Tensor(storageOf(r), size, stride, offset, LOADED_DTYPE[r.stored]);
  };

  const requiresGrad = (t: unknown, flag: unknown, fn: string): Tensor => {
    if (!(t instanceof Tensor)) fail(`${fn} got ${describe(t)} where a tensor belongs`);
    if (flag === true) (t as Tensor).requiresGrad_(true);
    return t as Tensor;
  };

  const call = (path: string, args: unknown[]): unknown => {
    switch (path) {
      case 'torch._utils._rebuild_tensor_v2': {
        const t = rebuildTensor(args, '_rebuild_tensor_v2');
        return args[4] === true ? t.requiresGrad_(true) : t;
      }
      case 'torch._utils._rebuild_tensor':
        return rebuildTensor(args, '_rebuild_tensor');
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state':
      case 'torch.nn.parameter.Parameter':
        return requiresGrad(args[0], args.length > 1 ? args[1] : true, path);
      case 'torch._tensor._rebuild_from_type_v2': {
        const [fn, type, inner] = args;
        if (!(fn instanceof PyGlobal) || !CALLABLES.has(fn.path)) fail(`_rebuild_from_type_v2 with ${describe(fn)}`);
        if (!(type instanceof PyGlobal) || !['torch.Tensor', 'torch.nn.parameter.Parameter'].includes(type.path)) {
          fail(`a tensor of the subclass ${describe(type)}, which only its Python class can rebuild; save plain tensors (t.as_subclass(torch.Tensor))`);
        }
        if (!Array.isArray(inner)) fail('_rebuild_from_type_v2 without its arguments');
        return call((fn as PyGlobal).path, inner as unknown[]);
      }
      case 'collections.OrderedDict': {
        const d = values.dict();
        const items = args[0];
        if (items !== undefined && items !== null) {
          if (!Array.isArray(items)) fail(`OrderedDict of ${describe(items)}`);
          for (const pair of items as unknown[]) {
            if (!Array.isArray(pair) || pair.length !== 2 || (typeof pair[0] !== 'string' && typeof pair[0] !== 'number')) fail('OrderedDict of items that are not (str, value) pairs');
            Object.defineProperty(d, String((pair as unknown[])[0]), { value: (pair as unknown[])[1], enumerable: true, writable: true, configurable: true });
          }
        }
        return d;
      }
      case 'torch.Size': {
        const dims = args[0] ?? [];
        return ints(dims, 'torch.Size');
      }
      case 'torch.device': {
        if (typeof args[0] !== 'string') fail(`torch.device(${describe(args[0])})`);
        return args.length > 1 && typeof args[1] === 'number' ? `${args[0] as string}:${args[1]}` : args[0];
      }
      case 'torch.serialization._get_layout':
        return `layout ${String(args[0])}`;
      case '_codecs.encode': {
        // Python 3 bytes in a protocol 2 pickle: _codecs.encode(text, 'latin1')
        const [text, codec] = args;
        if (typeof text !== 'string' || codec !== 'latin1') fail(`_codecs.encode(${describe(text)}, ${describe(codec)})`);
        return Uint8Array.from(text as string, (c) => c.charCodeAt(0) & 0xff);
      }
      default:
        return fail(`the pickle calls ${path}, which loading data does not allow`);
    }
  };

  return {
    global(module, name) {
      const path = `${module}.${name}`;
      if (module === 'torch' && Object.prototype.hasOwnProperty.call(DTYPE_GLOBALS, name)) return DTYPE_GLOBALS[name];
      if (CALLABLES.has(path) || (module === 'torch' && (Object.prototype.hasOwnProperty.call(STORAGE_CLASSES, name) || TENSOR_CLASSES.has(name))) || path === 'torch.Tensor') {
        return new PyGlobal(module, name);
      }
      if (Object.prototype.hasOwnProperty.call(UNSUPPORTED, path)) fail(`the file holds a tensor @x cannot load (${path}): ${UNSUPPORTED[path]}`);
      return fail(
        `the file's pickle names the global ${quote(path)}, which loading data does not allow (only what PyTorch's ` +
          `weights_only=True allows: tensors, parameters, state dicts and plain containers). A whole model saved with ` +
          `torch.save(model)? Save model.state_dict() in Python instead, and load that into the model here`,
      );
    },
    reduce(func, args) {
      if (!(func instanceof PyGlobal) || !CALLABLES.has(func.path)) fail(`the pickle calls ${describe(func)}, which loading data does not allow`);
      return call((func as PyGlobal).path, args);
    },
    newobj(cls, args) {
      if (!(cls instanceof PyGlobal) || !['torch.nn.parameter.Parameter', 'collections.OrderedDict'].includes(cls.path)) {
        fail(`the pickle creates an object of ${describe(cls)}, which loading data does not allow`);
      }
      return call((cls as PyGlobal).path, args);
    },
    build(inst, state) {
      // An OrderedDict's attributes (a state dict's _metadata): kept out of the loaded data.
      if (isDict(inst) && (state === null || isDict(state) || isTuple(state))) return inst;
      if (inst instanceof Tensor && (state === null || (isDict(state) && Object.keys(state as object).length === 0))) return inst;
      return fail(`the pickle sets the state of ${describe(inst)}, which loading data does not allow`);
    },
    persistentLoad(pid) {
      if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) fail(`persistent id ${describe(pid)}: only storages can be loaded`);
      const [, type, key, , numel] = pid as unknown[];
      if (!(type instanceof PyGlobal) || !Object.prototype.hasOwnProperty.call(STORAGE_CLASSES, type.name)) fail(`a storage of type ${describe(type)}`);
      const stored = STORAGE_CLASSES[(type as PyGlobal).name];
      if (stored === null || stored === undefined) fail(`storage ${quote(String(key))} is a ${(type as PyGlobal).name}, a type @x cannot hold; convert it in Python first (e.g. t.real, t.dequantize())`);
      if (typeof key !== 'string' && typeof key !== 'number') fail(`a storage key of ${describe(key)}`);
      return new StorageRef(String(key), stored!, int(numel, `storage ${quote(String(key))}'s size`));
    },
  };
}

/** The entry prefix of an archive ('model/' for model/data.pkl): the folder of its data.pkl. */
function archivePrefix(names: Iterable<string>, fail: (msg: string) => never): string {
  for (const name of names) {
    if (name === 'data.pkl') return '';
    const slash = name.indexOf('/');
    if (slash > 0 && name.slice(slash + 1) === 'data.pkl') return name.slice(0, slash + 1);
  }
  return fail('the zip archive has no data.pkl: it is not a PyTorch checkpoint (torch.save writes <name>/data.pkl)');
}

/** torch.load of a zip checkpoint held in `bytes`. */
export function loadZipCheckpoint(bytes: Uint8Array, device: string, where: string): unknown {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  const entries = readZip(bytes, fail);
  const prefix = archivePrefix(entries.keys(), fail);
  const order = entries.get(`${prefix}byteorder`);
  const byteorder = order === undefined ? 'little' : new TextDecoder().decode(order.data).trim();
  if (byteorder !== 'little' && byteorder !== 'big') fail(`the archive's byteorder is ${quote(byteorder)}, expected "little" or "big"`);
  const read: StorageReader = (ref) => {
    const entry = entries.get(`${prefix}data/${ref.key}`);
    if (entry === undefined) return fail(`storage ${quote(ref.key)} is missing from the archive (no ${prefix}data/${ref.key}): the file is truncated or corrupted`);
    const size = STORED_ITEM_SIZE[ref.stored];
    if (entry.data.length !== ref.numel * size) {
      fail(`storage ${quote(ref.key)} holds ${entry.data.length} bytes, but ${ref.numel} elements of ${ref.stored} need ${ref.numel * size}: the file is corrupted`);
    }
    const data = byteorder === 'big' && size > 1 ? byteSwapped(entry.data, size) : entry.data;
    return decodeStored(data, ref.stored, `storage ${ref.key}`, where);
  };
  const pickle = entries.get(`${prefix}data.pkl`)!.data;
  return unpickle(pickle, (values) => torchHooks(device, read, fail, values), (msg) => fail(`data.pkl: ${msg}`)).value;
}
