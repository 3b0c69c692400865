// torch.save and its in-memory forms: the tensors of an object tree go to safetensors tensors, the tree
// itself (with everything that is not a tensor) to the metadata as JSON.
import type { TypedArray } from '../dtype';
import { encodeTree } from './structure';
import { writeSafetensors } from './write';
import { FORMAT_KEY, STRUCTURE_KEY, STRUCTURE_VERSION } from './metadata-keys';
import { toPath, writeFileAtomic } from './node-io';
import type { Json } from './structure';
import { buildPt, picklePt, storageTensor } from './pt/save-pt';

/** Options of torch.save / saveBytes: the file format, and half precision for float tensors. */
export interface SaveOptions {
  /**
   * 'safetensors' (the default for saveBytes, and for save to any path but these) or 'pt': PyTorch's own
   * format, which Python's torch.load reads (the default for save to a .pt, .pth, .ckpt, .tar or .bin path).
   */
  format?: 'safetensors' | 'pt';
  /** Store float32/float64 tensors as float16 or bfloat16 (half the bytes; they load back as float32). */
  floatsAs?: 'float16' | 'bfloat16';
}

const PT_EXTENSIONS = /\.(pt|pth|ckpt|tar|bin)$/i;

function checkSaveOptions(options: unknown, where: string): SaveOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object such as { format: 'pt' }`);
  const { format, floatsAs, ...rest } = options as SaveOptions;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`${where}: unknown option ${JSON.stringify(unknown[0])} (the options are format and floatsAs)`);
  if (format !== undefined && format !== 'safetensors' && format !== 'pt') throw new TypeError(`${where}: options.format must be 'safetensors' or 'pt', got ${JSON.stringify(format)}`);
  if (floatsAs !== undefined && floatsAs !== 'float16' && floatsAs !== 'bfloat16') throw new TypeError(`${where}: options.floatsAs must be 'float16' or 'bfloat16', got ${JSON.stringify(floatsAs)}`);
  return options as SaveOptions;
}

function build(root: Json, tensors: ReturnType<typeof encodeTree>['tensors'], values: readonly TypedArray[], floatsAs: SaveOptions['floatsAs'], where: string): Uint8Array {
  const metadata = { [FORMAT_KEY]: 'pt', [STRUCTURE_KEY]: JSON.stringify({ version: STRUCTURE_VERSION, root }) };
  const toWrite = tensors.map(({ name, tensor }, i) => ({
    name, dtype: tensor.dtype, shape: tensor.shape, values: values[i]!,
    storeAs: floatsAs !== undefined && (tensor.dtype === 'float32' || tensor.dtype === 'float64') ? floatsAs : undefined,
  }));
  return writeSafetensors(toWrite, metadata, where);
}

async function bytesOf(obj: unknown, options: SaveOptions, where: string): Promise<Uint8Array> {
  if (options.format === 'pt') {
    const { pickle, storages } = picklePt(obj, options.floatsAs, where);
    const values = await Promise.all(storages.map((s) => storageTensor(s).dataAsync()));
    return buildPt(pickle, storages, values, options.floatsAs, where);
  }
  const { root, tensors } = encodeTree(obj, where);
  // All reads are issued at once, so they see the tensors as they are now, before any later write.
  const values = await Promise.all(tensors.map(({ tensor }) => tensor.dataAsync()));
  return build(root, tensors, values, options.floatsAs, where);
}

/**
 * The bytes of a safetensors file holding `obj` (a tensor, a state dict, a checkpoint object, a module),
 * tensors from any device. For browsers, or to store the file elsewhere; `torch.save` writes it to disk.
 */
export function saveBytes(obj: unknown, options?: SaveOptions): Promise<Uint8Array> {
  return bytesOf(obj, checkSaveOptions(options, 'torch.saveBytes'), 'torch.saveBytes');
}

/** `saveBytes` without waiting, for tensors on a device that reads synchronously (the CPU). */
export function saveBytesSync(obj: unknown, options?: SaveOptions): Uint8Array {
  const where = 'torch.saveBytesSync';
  const opts = checkSaveOptions(options, where);
  if (opts.format === 'pt') {
    const { pickle, storages } = picklePt(obj, opts.floatsAs, where);
    return buildPt(pickle, storages, storages.map((s) => storageTensor(s).dataSync()), opts.floatsAs, where);
  }
  const { root, tensors } = encodeTree(obj, where);
  return build(root, tensors, tensors.map(({ tensor }) => tensor.dataSync()), opts.floatsAs, where);
}

/**
 * torch.save(obj, path, options?): writes `obj` as a safetensors file (or PyTorch's format, for a .pt/.pth path or
 * `{ format: 'pt' }`), atomically (a temp file beside it, fsync,
 * rename), so a failure at any point leaves the previous file as it was. Node only.
 */
export async function save(obj: unknown, path: string | URL, options?: SaveOptions): Promise<void> {
  const file = toPath(path, 'torch.save');
  const opts = checkSaveOptions(options, 'torch.save');
  const bytes = await bytesOf(obj, { ...opts, format: opts.format ?? (PT_EXTENSIONS.test(file) ? 'pt' : 'safetensors') }, 'torch.save');
  try {
    await writeFileAtomic(file, bytes);
  } catch (e) {
    throw new Error(`torch.save: could not write ${JSON.stringify(file)}: ${(e as Error).message}`, { cause: e });
  }
}
