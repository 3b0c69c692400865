// IDX files (the MNIST family's format): a big-endian header (0, 0, type code, number of dims),
// one uint32 per dim, then the data. Files may be gzipped (detected by the gzip magic bytes).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** What an IDX file holds: its dims and its uint8 data (a view into the file's bytes). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** 0x08 is the IDX type code for unsigned bytes, the only type the MNIST family uses. */
const UINT8 = 0x08;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses IDX bytes. `expectedDims` (1 for labels, magic 0x0801; 3 for images, 0x0803) is checked,
 * so a labels file passed as images fails with a clear error rather than garbage.
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims?: number): IdxArray {
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`IDX: cannot gunzip ${file} (truncated or corrupted gzip file): ${(e as Error).message}; delete it and download it again`);
    }
  }
  if (bytes.length < 4) {
    throw new Error(`IDX: ${file} is truncated: expected at least a 4-byte header, got ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2]!;
  const ndim = bytes[3]!;
  const want = expectedDims === undefined ? '' : ` (expected 0x${(0x0800 + expectedDims).toString(16).padStart(8, '0')})`;
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== UINT8 || ndim === 0 || (expectedDims !== undefined && ndim !== expectedDims)) {
    const kind = expectedDims === 3 ? 'images ' : expectedDims === 1 ? 'labels ' : '';
    throw new Error(`IDX: wrong magic number 0x${magic.toString(16).padStart(8, '0')} in ${file}${want}: not a uint8 IDX ${kind}file`);
  }
  const headerSize = 4 + 4 * ndim;
  if (bytes.length < headerSize) {
    throw new Error(`IDX: ${file} is truncated: its header needs ${headerSize} bytes, got ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d));
  const expected = headerSize + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new Error(`IDX: ${file} is truncated: dims [${dims.join(', ')}] need ${expected} bytes, got ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new Error(`IDX: size mismatch in ${file}: dims [${dims.join(', ')}] need ${expected} bytes, got ${bytes.length}`);
  }
  // A plain Uint8Array view (not a Buffer) so torch.fromArray can wrap it without a copy.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerSize, expected - headerSize) };
}

/** Reads and parses an IDX file, gzipped or raw. */
export function readIdxFile(file: string, expectedDims?: number): IdxArray {
  return parseIdx(readFileSync(file), file, expectedDims);
}

/** Encodes uint8 data as IDX bytes (for tests and tools); the inverse of parseIdx. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = UINT8;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
