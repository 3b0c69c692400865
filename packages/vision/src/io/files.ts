// Reading the files behind Image.open, readIdxFile and ImageFolder: only regular files (after following
// links), opened without blocking (a FIFO would otherwise wait for a writer forever) and read up to the
// size they had when opened, so /dev/zero, a pipe or a growing file cannot make a read go on forever.
// Every error names the API and the file. Paths may be Buffers (names that are not UTF-8).
import type { Stats } from 'node:fs';
import { requireNode } from './node-builtin';

type Fs = typeof import('node:fs');
export type FilePath = string | Buffer;

/** A path for messages: quoted, bytes that are not UTF-8 shown as \xNN. */
export function showPath(path: FilePath): string {
  if (typeof path === 'string') return `'${path}'`;
  let s = '';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(path);
  if (!text.includes('\uFFFD')) return `'${text}'`;
  for (const b of path) s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return `'${s}'`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The error for a failed open, in words, with Node's code at the end. */
function openError(fs: Fs, api: string, path: FilePath, e: unknown): Error {
  const code = (e as { code?: string }).code;
  const where = showPath(path);
  let what: string;
  if (code === 'ENOENT') {
    const link = fs.lstatSync(path as string, { throwIfNoEntry: false });
    what = link?.isSymbolicLink() ? `${where} is a symbolic link to a file that does not exist` : `no such file ${where}`;
  } else if (code === 'EACCES' || code === 'EPERM') what = `no permission to read ${where}`;
  else if (code === 'ELOOP') what = `${where} is a loop of symbolic links`;
  else if (code === 'ENOTDIR') what = `${where}: a part of the path is not a directory`;
  else what = `cannot open ${where}: ${(e as Error).message}`;
  return new Error(`${api}: ${what}${code ? ` (${code})` : ''}`, { cause: e });
}

function notRegular(api: string, path: FilePath, st: Stats): Error {
  return new Error(`${api}: ${showPath(path)} is ${kindOf(st)}, not a regular file; pass the path of a file`);
}

/** O_RDONLY | O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (no-op for files). */
function readFlags(fs: Fs): number {
  return fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
}

/** A regular file opened for reading, with its size when opened. */
export interface OpenFile {
  readonly size: number;
  /** `length` bytes from `position`; an error if the file has fewer (it shrank meanwhile). */
  read(position: number, length: number): Uint8Array;
  close(): void;
}

/** Opens a regular file for synchronous reads (readIdxFile). */
export function openRegularFileSync(path: FilePath, api: string): OpenFile {
  const fs = requireNode<Fs>('node:fs', api);
  let fd: number;
  try {
    fd = fs.openSync(path, readFlags(fs));
  } catch (e) {
    throw openError(fs, api, path, e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw notRegular(api, path, st);
    return {
      size: st.size,
      read(position, length) {
        const out = new Uint8Array(length);
        let at = 0;
        while (at < length) {
          const n = fs.readSync(fd, out, at, length - at, position + at);
          if (n === 0) throw new Error(`${api}: ${showPath(path)} became shorter while being read (${position + at} of ${st.size} bytes)`);
          at += n;
        }
        return out;
      },
      close: () => fs.closeSync(fd),
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** The whole content of a regular file, read synchronously. */
export function readRegularFileSync(path: FilePath, api: string): Uint8Array {
  const f = openRegularFileSync(path, api);
  try {
    return f.read(0, f.size);
  } finally {
    f.close();
  }
}

/** The whole content of a regular file (Image.open, ImageFolder.getItem). */
export async function readRegularFile(path: FilePath, api: string): Promise<Uint8Array> {
  const fs = requireNode<Fs>('node:fs', api);
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await fs.promises.open(path, readFlags(fs));
  } catch (e) {
    throw openError(fs, api, path, e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notRegular(api, path, st);
    const out = new Uint8Array(st.size);
    let at = 0;
    while (at < st.size) {
      const { bytesRead } = await handle.read(out, at, st.size - at, at);
      if (bytesRead === 0) throw new Error(`${api}: ${showPath(path)} became shorter while being read (${at} of ${st.size} bytes)`);
      at += bytesRead;
    }
    return out;
  } finally {
    await handle.close();
  }
}
