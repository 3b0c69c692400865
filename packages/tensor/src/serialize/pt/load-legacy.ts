// torch.load of PyTorch's legacy format (torch.save before 1.6, or with _use_new_zipfile_serialization=False):
// pickles back to back (a magic number, the protocol version 1001, a dict of system info, the object, the
// list of storage keys), then each storage as an 8-byte little-endian element count and its little-endian
// bytes. The object's pickle comes before the storages' bytes, so its tensors are built over zeroed arrays
// that are filled once the bytes are reached; the arrays' total size is bounded by the file's.
import { ARRAY_TYPE } from '../../dtype';
import type { TypedArray } from '../../dtype';
import { quote } from '../header';
import { unpickle, type PickleValues, type UnpickleHooks } from '../pickle/unpickle';
import { decodeStored, LOADED_DTYPE, STORED_ITEM_SIZE } from '../stored-dtypes';
import { torchHooks, type StorageRef } from './load-pt';

const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

/** Whether `bytes` starts as a legacy checkpoint does: a protocol 2+ pickle of the magic number. */
export function isLegacyCheckpoint(bytes: Uint8Array): boolean {
  // PROTO n, LONG1 10, then the magic's 10 little-endian bytes
  return bytes.length >= 6 && bytes[0] === 0x80 && bytes[2] === 0x8a && bytes[3] === 10 && bytes[4] === 0x6c && bytes[5] === 0xfc;
}

export function loadLegacyCheckpoint(bytes: Uint8Array, device: string, where: string): unknown {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (device !== 'cpu') fail(`a checkpoint in PyTorch's legacy format loads on the CPU only: torch.load(path) and then move what you need with .to('${device}')`);
  /** Hooks for the small pickles around the object's: plain data only. */
  const plain = (what: string) => (): UnpickleHooks => ({
    global: (m, n) => fail(`the ${what} pickle names the global ${quote(`${m}.${n}`)}: the file is corrupted`),
    reduce: () => fail(`the ${what} pickle calls a function: the file is corrupted`),
    newobj: () => fail(`the ${what} pickle creates an object: the file is corrupted`),
    build: () => fail(`the ${what} pickle sets state: the file is corrupted`),
    persistentLoad: () => fail(`the ${what} pickle names a storage: the file is corrupted`),
  });
  let at = 0;
  const next = (what: string, hooks: (values: PickleValues) => UnpickleHooks): unknown => {
    const r = unpickle(bytes, hooks, (msg) => fail(`${what}: ${msg}`), at);
    at = r.end;
    return r.value;
  };
  if (next('the magic number', plain('magic number')) !== MAGIC) fail('not a PyTorch checkpoint (its magic number is wrong)');
  const version = next('the protocol version', plain('protocol version'));
  if (version !== PROTOCOL_VERSION) fail(`the legacy format's protocol version is ${String(version)}; PyTorch writes ${PROTOCOL_VERSION}`);
  next('the system info', plain('system info'));

  const pending = new Map<string, { ref: StorageRef; array: TypedArray }>();
  let declared = 0;
  const read = (ref: StorageRef): TypedArray => {
    declared += ref.numel * STORED_ITEM_SIZE[ref.stored];
    if (declared > bytes.length) fail(`its storages declare ${declared} bytes, more than the file's ${bytes.length}: the file is corrupted`);
    const array = new ARRAY_TYPE[LOADED_DTYPE[ref.stored]](ref.numel) as TypedArray;
    pending.set(ref.key, { ref, array });
    return array;
  };
  const result = next('the object', (values) => torchHooks(device, read, fail, values));
  const keys = next('the storage keys', plain('storage keys'));
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) fail('the storage key list is not a list of strings: the file is corrupted');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys as string[]) {
    const p = pending.get(key);
    if (p === undefined) fail(`storage ${quote(key)} is listed but no tensor uses it: the file is corrupted`);
    if (at + 8 > bytes.length) fail(`storage ${quote(key)} is missing: the file is truncated`);
    const numel = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    if (numel !== p!.ref.numel) fail(`storage ${quote(key)} holds ${numel} elements where ${p!.ref.numel} were declared: the file is corrupted`);
    const size = numel * STORED_ITEM_SIZE[p!.ref.stored];
    if (at + 8 + size > bytes.length) fail(`storage ${quote(key)} runs past the end of the file: the file is truncated`);
    p!.array.set(decodeStored(bytes.subarray(at + 8, at + 8 + size), p!.ref.stored, `storage ${key}`, where));
    at += 8 + size;
    pending.delete(key);
  }
  if (pending.size > 0) fail(`storage ${quote([...pending.keys()][0]!)} has no data in the file: the file is truncated or corrupted`);
  return result;
}
