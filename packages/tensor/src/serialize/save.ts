// torch.save and its in-memory forms: the tensors of an object tree go to safetensors tensors, the tree
// itself (with everything that is not a tensor) to the metadata as JSON.
import type { TypedArray } from '../dtype';
import { encodeTree } from './structure';
import { writeSafetensors } from './write';
import { FORMAT_KEY, STRUCTURE_KEY, STRUCTURE_VERSION } from './metadata-keys';
import { toPath, writeFileAtomic } from './node-io';
import type { Json } from './structure';

function build(root: Json, tensors: ReturnType<typeof encodeTree>['tensors'], values: readonly TypedArray[], where: string): Uint8Array {
  const metadata = { [FORMAT_KEY]: 'pt', [STRUCTURE_KEY]: JSON.stringify({ version: STRUCTURE_VERSION, root }) };
  const toWrite = tensors.map(({ name, tensor }, i) => ({ name, dtype: tensor.dtype, shape: tensor.shape, values: values[i]! }));
  return writeSafetensors(toWrite, metadata, where);
}

async function bytesOf(obj: unknown, where: string): Promise<Uint8Array> {
  const { root, tensors } = encodeTree(obj, where);
  // All reads are issued at once, so they see the tensors as they are now, before any later write.
  const values = await Promise.all(tensors.map(({ tensor }) => tensor.dataAsync()));
  return build(root, tensors, values, where);
}

/**
 * The bytes of a safetensors file holding `obj` (a tensor, a state dict, a checkpoint object, a module),
 * tensors from any device. For browsers, or to store the file elsewhere; `torch.save` writes it to disk.
 */
export function saveBytes(obj: unknown): Promise<Uint8Array> {
  return bytesOf(obj, 'torch.saveBytes');
}

/** `saveBytes` without waiting, for tensors on a device that reads synchronously (the CPU). */
export function saveBytesSync(obj: unknown): Uint8Array {
  const where = 'torch.saveBytesSync';
  const { root, tensors } = encodeTree(obj, where);
  return build(root, tensors, tensors.map(({ tensor }) => tensor.dataSync()), where);
}

/**
 * torch.save(obj, path): writes `obj` as a safetensors file, atomically (a temp file beside it, fsync,
 * rename), so a failure at any point leaves the previous file as it was. Node only.
 */
export async function save(obj: unknown, path: string | URL): Promise<void> {
  const bytes = await bytesOf(obj, 'torch.save');
  const file = toPath(path, 'torch.save');
  try {
    await writeFileAtomic(file, bytes);
  } catch (e) {
    throw new Error(`torch.save: could not write ${JSON.stringify(file)}: ${(e as Error).message}`, { cause: e });
  }
}
