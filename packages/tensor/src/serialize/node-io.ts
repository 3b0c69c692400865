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
  const prefix = `.${basename(real)}.`;
  const temp = join(dirname(real), `${prefix}${process.pid}.${Math.random().toString(36).slice(2, 10)}${TEMP_SUFFIX}`);
  await removeStaleTemps(dirname(real), prefix);
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

/** torch.save's temp files are `.<target>.<pid>.<random>.x-save.tmp`, beside the target. */
const TEMP_SUFFIX = '.x-save.tmp';

/**
 * Removes the temp files a killed torch.save of the same target left behind: those whose writing
 * process no longer runs (a live pid may be another save in progress, and is left alone).
 */
async function removeStaleTemps(dir: string, prefix: string): Promise<void> {
  const fs = builtin<FsPromises>('node:fs/promises', 'torch.save');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    // A live pid (this process included) may be a save still writing it.
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await fs.unlink(`${dir}/${name}`).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
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

/**
 * The bytes of a regular file for torch.load: anything else (after following links) is refused, a FIFO
 * is opened without blocking, and no more than the file's size is read (so /dev/zero cannot make the
 * read go on forever). `check(head, size)` may refuse the file from its first bytes before the rest is
 * read (safetensors' header length). Errors say what is wrong; the caller names torch.load and the file.
 */
export async function readFileBytes(path: string, check?: (head: Uint8Array, size: number) => void, headBytes = 8): Promise<Uint8Array> {
  const fs = builtin<typeof import('node:fs')>('node:fs', 'torch.load');
  let handle: FileHandle;
  try {
    handle = await fs.promises.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') {
      const link = await fs.promises.lstat(path).catch(() => null);
      throw new Error(link?.isSymbolicLink() ? 'it is a symbolic link to a file that does not exist (ENOENT)' : 'no such file (ENOENT)', { cause: e });
    }
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new Error(`it is ${kind}, not a regular file; pass the path of a file`);
    }
    const out = new Uint8Array(st.size);
    const readTo = async (end: number, from: number) => {
      for (let at = from; at < end; ) {
        const { bytesRead } = await handle.read(out, at, end - at, at);
        if (bytesRead === 0) throw new Error(`the file became shorter while being read (${at} of ${st.size} bytes)`);
        at += bytesRead;
      }
    };
    const head = Math.min(headBytes, st.size);
    await readTo(head, 0);
    check?.(out.subarray(0, head), st.size);
    await readTo(st.size, head);
    return out;
  } finally {
    await handle.close();
  }
}
