// Node file I/O for torch.save / torch.load. Node's modules come from process.getBuiltinModule (as in
// grad-mode.ts), not an import, so a browser bundle of @x/tensor never tries to resolve them; there,
// saveBytes / loadBytes are the way in and out.
import type { FileHandle } from 'node:fs/promises';

type FsPromises = typeof import('node:fs/promises');
type Path = typeof import('node:path');

function builtin<T>(id: string, op: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id) as T | undefined;
  if (mod === undefined) {
    throw new Error(`${op}: needs Node's file system (Node >= 20.16); elsewhere use torch.saveBytes(obj) / torch.loadBytes(bytes)`);
  }
  return mod;
}

/** The few calls of node:fs/promises used here; tests pass a failing stand-in. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<Pick<FileHandle, 'write' | 'sync' | 'close'>>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
  realpath(path: string): Promise<string>;
}

export function toPath(path: string | URL, op: string): string {
  if (typeof path === 'string') return path;
  if (path instanceof URL) return builtin<typeof import('node:url')>('node:url', op).fileURLToPath(path);
  throw new TypeError(`${op}: expected a file path (a string or a file: URL), got ${path === null ? 'null' : typeof path}`);
}

/**
 * Writes `data` to `target` so that `target` is at every moment either its old content or the whole new
 * one: a temp file in the same directory (so rename stays on one file system), fsync, rename over the
 * target. On any error the temp file is removed and the old file is untouched.
 */
export async function writeFileAtomic(target: string, data: Uint8Array, fs?: AtomicWriteFs): Promise<void> {
  const io = fs ?? (builtin<FsPromises>('node:fs/promises', 'torch.save') as unknown as AtomicWriteFs);
  const { dirname, basename, join } = builtin<Path>('node:path', 'torch.save');
  // Write through a symlink to the file it names (as a plain write would), keeping the file's mode.
  const real = await io.realpath(target).catch(() => target);
  const mode = await io.stat(real).then((s) => s.mode & 0o777, () => 0o666);
  const temp = join(dirname(real), `.${basename(real)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let handle: Pick<FileHandle, 'write' | 'sync' | 'close'> | null = null;
  try {
    handle = await io.open(temp, 'wx', mode);
    for (let at = 0; at < data.length; ) {
      const { bytesWritten } = await handle.write(data, at, data.length - at, at);
      if (bytesWritten <= 0) throw new Error(`wrote no bytes at offset ${at} of ${data.length}`);
      at += bytesWritten;
    }
    await handle.sync();
    const h = handle;
    handle = null;
    await h.close();
    await io.rename(temp, real);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await io.unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(real));
}

/** Makes the rename itself durable; not possible everywhere (Windows), so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const h = await builtin<FsPromises>('node:fs/promises', 'torch.save').open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // the data itself is already synced; only the directory entry's durability is at stake
  }
}

export function readFileBytes(path: string): Promise<Uint8Array> {
  return builtin<FsPromises>('node:fs/promises', 'torch.load').readFile(path);
}
