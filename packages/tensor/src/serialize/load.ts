// torch.load and loadBytes: validate the file, make its tensors on the requested device, and rebuild the
// saved tree (or, for a plain safetensors file, a { name: Tensor } object in file order).
import type { TypedArray } from '../dtype';
import { getBackend } from '../registry';
import { Tensor } from '../tensor';
import { checkHeaderLength, parseSafetensors, quote, type SafetensorsFile } from './header';
import { decodeStored } from './stored-dtypes';
import { decodeTree } from './structure';
import { STRUCTURE_KEY, STRUCTURE_VERSION } from './metadata-keys';
import type { ClassLike, LoadOptions, ReviveContext } from './protocol';
import { readFileBytes, toPath } from './node-io';
import { isZip } from './pt/zip-read';
import { loadZipCheckpoint } from './pt/load-pt';
import { isLegacyCheckpoint, loadLegacyCheckpoint } from './pt/load-legacy';

/** The source of the bytes in messages: a path, or null for loadBytes. */
type Source = string | null;

function asBytes(bytes: unknown, where: string): Uint8Array {
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  // A plain view also of a Node Buffer (whose slice() shares memory rather than copying).
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes instanceof Promise) throw new TypeError(`${where}: got a Promise; await it first (await torch.saveBytes(obj) returns the bytes)`);
  throw new TypeError(`${where}: expected the file's bytes (a Uint8Array or an ArrayBuffer), got ${bytes === null ? 'null' : typeof bytes}`);
}

function checkOptions(options: unknown, where: string): LoadOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object such as { device: 'cpu', modules: { SimpleNN } }`);
  const { device, modules } = options as LoadOptions;
  if (device !== undefined && typeof device !== 'string') throw new TypeError(`${where}: options.device must be a device string such as 'cpu'`);
  if (modules !== undefined && (modules === null || typeof modules !== 'object')) {
    throw new TypeError(`${where}: options.modules must be an object of classes, e.g. { modules: { SimpleNN } }`);
  }
  return options as LoadOptions;
}

function tensorsOf(file: SafetensorsFile, bytes: Uint8Array, device: string, where: string): Map<string, Tensor> {
  const backend = getBackend(device);
  const out = new Map<string, Tensor>();
  for (const e of file.entries) {
    if (backend.caps.dtypes[e.dtype] === 'unsupported') {
      throw new TypeError(`${where}: tensor ${quote(e.name)} is ${e.dtype}, which device '${device}' cannot hold; load it on the CPU ({ device: 'cpu' }) and convert it`);
    }
    const values: TypedArray = decodeStored(bytes.subarray(file.dataStart + e.begin, file.dataStart + e.end), e.stored, e.name, where);
    // The array is fresh and ours: a CPU backend can wrap it instead of copying it again.
    const storage = backend.caps.hostShared && backend.wrap ? backend.wrap(values, e.dtype) : backend.upload(values, e.dtype);
    out.set(e.name, new Tensor(storage, e.shape));
  }
  return out;
}

function missingClass(name: string, source: Source): Error {
  const entry = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `${JSON.stringify(name)}: YourClass`;
  const literal = source === null ? '' : `'${source.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const call = source === null ? `torch.loadBytes(bytes, { modules: { ${entry} } })` : `torch.load(${literal}, { modules: { ${entry} } })`;
  const what = source === null ? 'torch.loadBytes: the bytes contain' : `torch.load: ${source} contains`;
  return new Error(`${what} a module of class ${quote(name).replace(/^"|"$/g, "'")}; pass the class: ${call}`);
}

function contextFor(options: LoadOptions, device: string, source: Source): ReviveContext {
  const modules = options.modules ?? {};
  return {
    device,
    modules,
    options,
    source: source ?? 'bytes',
    moduleClass(name: string): ClassLike {
      if (typeof name !== 'string') throw new Error(`${source === null ? 'torch.loadBytes' : `torch.load: ${source}`}: the saved structure is invalid: a module's class name is ${typeof name}`);
      // By key, then by the class's own name: in a minified bundle a class without a static name is saved
      // under its minified name, which the same bundle's class still has.
      const cls = Object.prototype.hasOwnProperty.call(modules, name)
        ? modules[name]
        : Object.values(modules).find((c) => typeof c === 'function' && c.name === name);
      if (cls === undefined) throw missingClass(name, source);
      if (typeof cls !== 'function') throw new TypeError(`${source === null ? 'torch.loadBytes' : 'torch.load'}: options.modules.${name} must be a class, got ${typeof cls}`);
      return cls;
    },
  };
}

function loadFrom(input: unknown, options: unknown, op: string, source: Source): unknown {
  const where = source === null ? op : `${op}: ${source}`;
  const opts = checkOptions(options, op);
  const bytes = asBytes(input, where);
  const device = opts.device ?? 'cpu';
  // PyTorch's own format (torch.save since 1.6 writes a zip archive), read without running its pickle.
  if (isZip(bytes)) return loadZipCheckpoint(bytes, device, where);
  if (isLegacyCheckpoint(bytes)) return loadLegacyCheckpoint(bytes, device, where);
  const file = parseSafetensors(bytes, where);
  const tensors = tensorsOf(file, bytes, device, where);
  const structure = file.metadata?.[STRUCTURE_KEY];
  if (structure === undefined) {
    // A plain safetensors file (e.g. from Python): its tensors by name, in file order.
    const out: Record<string, Tensor> = {};
    for (const [name, t] of tensors) Object.defineProperty(out, name, { value: t, enumerable: true, writable: true, configurable: true });
    return out;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(structure);
  } catch (e) {
    throw new Error(`${where}: the metadata ${quote(STRUCTURE_KEY)} is not valid JSON (${(e as Error).message}): the file is corrupted`);
  }
  const { version, root } = (parsed ?? {}) as { version?: unknown; root?: unknown };
  if (typeof version !== 'number' || !('root' in ((parsed as object) ?? {}))) {
    throw new Error(`${where}: the metadata ${quote(STRUCTURE_KEY)} must be {"version": ${STRUCTURE_VERSION}, "root": ...}: the file is corrupted`);
  }
  if (version !== STRUCTURE_VERSION) {
    throw new Error(`${where}: the file was saved with structure version ${version}; this version of @x/tensor reads version ${STRUCTURE_VERSION}: update @x/tensor`);
  }
  return decodeTree(root, tensors, contextFor(opts, device, source), where);
}

/**
 * Reads a safetensors file from memory (browsers too): what `saveBytes` / `torch.save` wrote, rebuilt,
 * or for any other safetensors file a `{ name: Tensor }` object in file order. Tensors go to
 * `options.device` (default 'cpu'); `options.modules` names the user classes of saved modules.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- like torch.load, the result is whatever was saved
export function loadBytes<T = any>(bytes: Uint8Array | ArrayBuffer, options?: LoadOptions): T {
  return loadFrom(bytes, options, 'torch.loadBytes', null) as T;
}

/** torch.load(path, options?): reads a file written by torch.save (or any safetensors file). Node only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- like torch.load, the result is whatever was saved
export async function load<T = any>(path: string | URL, options?: LoadOptions): Promise<T> {
  const file = toPath(path, 'torch.load');
  let bytes: Uint8Array;
  try {
    // A safetensors header length (the first 8 bytes) is checked before the rest of the file is read;
    // PyTorch's formats start otherwise and are bounded as they are read.
    bytes = await readFileBytes(file, (head, size) => {
      if (!isZip(head) && !isLegacyCheckpoint(head)) checkHeaderLength(head, size, `torch.load: ${file}`);
    });
  } catch (e) {
    if ((e as Error).message.startsWith('torch.load: ')) throw e;
    throw new Error(`torch.load: could not read ${JSON.stringify(file)}: ${(e as Error).message}`, { cause: e });
  }
  return loadFrom(bytes, options, 'torch.load', file) as T;
}
