// Bounded inflation of zlib (PNG image data) and gzip (IDX files) streams: a stream stops as soon as
// its output passes its bound, however large it claims or tries to be, and its checksums (zlib's
// Adler-32, gzip's CRC-32 and length) are verified. In Node the work is done by node:zlib (its
// maxOutputLength; about 4x faster than any JS inflater here), taken from process.getBuiltinModule so
// that a browser bundle never imports it; elsewhere by fflate (pure JS), fed in small slices so that
// one step cannot make more than ~1032 x 4 KiB of output.
import { Gunzip, Unzlib } from 'fflate';
import { adler32, crc32 } from './checksums';
import { nodeBuiltin } from './node-builtin';

/** Compressed bytes fed per step: bounds the output one step can make (deflate expands at most ~1032:1). */
const SLICE = 4096;

/** The largest Buffer Node can make (maxOutputLength may not exceed it). */
const MAX_LENGTH = 2 ** 31 - 1;

/** A stream that inflates to more than `bound` bytes (callers say what the bound was). */
export class InflateBoundError extends Error {
  constructor(readonly bound: number) {
    super(`the data inflates to more than ${bound} bytes`);
  }
}

/** A bound decided from the start of the output (an IDX header says how many bytes follow). */
export interface HeadBound {
  /** Output bytes `bound` needs to see (it gets fewer when the whole stream is shorter). */
  headBytes: number;
  /** The most bytes the whole output may have; may throw to reject the stream at once. */
  bound(head: Uint8Array): number;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    if (at >= length) break;
    const part = c.subarray(0, length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The inflated bytes of `data`, a zlib or gzip stream, refusing to make more than `limit` bytes
 * (a number, or one decided from the first bytes of output). Throws InflateBoundError past the
 * bound, and an Error whose message says what is wrong for a truncated or corrupted stream.
 */
export function inflateBounded(data: Uint8Array, format: 'zlib' | 'gzip', limit: number | HeadBound, engine: 'node' | 'js' = 'node'): Uint8Array {
  const zlib = engine === 'node' ? nodeBuiltin<typeof import('node:zlib')>('node:zlib') : undefined;
  if (zlib === undefined) return inflateJs(data, format, limit);
  const bound = typeof limit === 'number' ? limit : limit.bound(headOf(data, format, limit.headBytes));
  try {
    const out = (format === 'zlib' ? zlib.inflateSync : zlib.gunzipSync)(data, { maxOutputLength: Math.max(1, Math.min(bound, MAX_LENGTH)) });
    if (out.length > bound) throw new InflateBoundError(bound);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    if (e instanceof InflateBoundError || code === 'ERR_BUFFER_TOO_LARGE') throw new InflateBoundError(bound);
    throw new Error(code === 'Z_BUF_ERROR' ? 'the compressed data ends too early (truncated)' : `the compressed data is corrupted (${message})`);
  }
}

/** The first `n` inflated bytes (fewer if the stream is shorter), inflating little more than that. */
function headOf(data: Uint8Array, format: 'zlib' | 'gzip', n: number): Uint8Array {
  const enough = new Error('head read');
  let head: Uint8Array = new Uint8Array(0);
  const bound = (h: Uint8Array): number => {
    head = h;
    if (h.length >= n) throw enough;
    return Infinity;
  };
  try {
    // Small slices: a header needs little data, and a bomb's first slice should not make megabytes.
    inflateJs(data, format, { headBytes: n, bound }, 256);
  } catch (e) {
    if (e !== enough) throw e;
  }
  return head;
}

function inflateJs(data: Uint8Array, format: 'zlib' | 'gzip', limit: number | HeadBound, slice = SLICE): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let bound = typeof limit === 'number' ? limit : null;
  const decide = (head: HeadBound) => {
    bound = head.bound(concat(chunks, Math.min(total, head.headBytes)));
  };
  // What the callback threw (a bound passed, or the bound's own error) goes out as it is.
  let thrown: unknown = null;
  const onData = (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
    try {
      if (bound === null && total >= (limit as HeadBound).headBytes) decide(limit as HeadBound);
      if (bound !== null && total > bound) throw new InflateBoundError(bound);
    } catch (e) {
      thrown = e;
      throw e;
    }
  };
  // gzip members: where each starts in `data` and in the output, to check each member's trailer.
  const members: { input: number; output: number }[] = [{ input: 0, output: 0 }];
  const stream = format === 'zlib' ? new Unzlib(onData) : new Gunzip(onData);
  if (stream instanceof Gunzip) stream.onmember = (offset) => members.push({ input: offset, output: total });
  try {
    if (data.length === 0) stream.push(data, true);
    for (let at = 0; at < data.length; at += slice) stream.push(data.subarray(at, at + slice), at + slice >= data.length);
  } catch (e) {
    if (thrown !== null) throw thrown;
    const why = (e as Error).message;
    throw new Error(why === 'unexpected EOF' ? 'the compressed data ends too early (truncated)' : `the compressed data is corrupted (${why})`);
  }
  if (bound === null) decide(limit as HeadBound);
  if (total > bound!) throw new InflateBoundError(bound!);
  const out = concat(chunks, total);
  if (format === 'zlib') checkAdler(data, out);
  else checkGzipTrailers(data, out, members);
  return out;
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function checkAdler(data: Uint8Array, out: Uint8Array): void {
  const at = data.length - 4;
  const stored = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
  if (adler32(out) !== stored) throw new Error('the compressed data fails its Adler-32 checksum (corrupted, or bytes after the end of the stream)');
}

function checkGzipTrailers(data: Uint8Array, out: Uint8Array, members: readonly { input: number; output: number }[]): void {
  for (let k = 0; k < members.length; k++) {
    const end = k + 1 < members.length ? members[k + 1]!.input : data.length;
    const outEnd = k + 1 < members.length ? members[k + 1]!.output : out.length;
    const part = out.subarray(members[k]!.output, outEnd);
    if (end - 8 < members[k]!.input || crc32(part) !== u32le(data, end - 8) || part.length % 2 ** 32 !== u32le(data, end - 4)) {
      throw new Error('the gzip data fails its CRC-32 or length check (corrupted, or bytes after the end of the stream)');
    }
  }
}
