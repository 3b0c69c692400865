// IDX files (the MNIST family's format): a big-endian header (0, 0, type code, number of dims),
// one uint32 per dim, then the data. Files may be gzipped (detected by the gzip magic bytes). The
// header declares the size of everything: a raw file must have exactly that many bytes (checked before
// the data is read), and a gzipped one is inflated no further than that.
import { InflateBoundError, inflateBounded } from '../io/inflate';
import { openRegularFileSync } from '../io/files';

/** What an IDX file holds: its dims and its uint8 data (a view into the file's bytes). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** 0x08 is the IDX type code for unsigned bytes, the only type the MNIST family uses. */
const UINT8 = 0x08;
/** The largest header: 4 bytes, then a uint32 for each of at most 255 dims. */
const MAX_HEADER = 4 + 4 * 255;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

interface IdxHeader {
  dims: number[];
  headerSize: number;
  /** Header and data: the file's whole length. */
  total: number;
}

/**
 * Reads the header from the first bytes of an (uncompressed) IDX file; `length` is the length of the
 * whole file, when known, for the messages of a file too short to hold its header.
 */
function readHeader(head: Uint8Array, file: string, expectedDims: number | undefined, length = head.length): IdxHeader {
  if (length < 4) {
    throw new Error(`IDX: ${file} is truncated: expected at least a 4-byte header, got ${length} bytes`);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0);
  const type = head[2]!;
  const ndim = head[3]!;
  const want = expectedDims === undefined ? '' : ` (expected 0x${(0x0800 + expectedDims).toString(16).padStart(8, '0')})`;
  if (head[0] !== 0 || head[1] !== 0 || type !== UINT8 || ndim === 0 || (expectedDims !== undefined && ndim !== expectedDims)) {
    const kind = expectedDims === 3 ? 'images ' : expectedDims === 1 ? 'labels ' : '';
    throw new Error(`IDX: wrong magic number 0x${magic.toString(16).padStart(8, '0')} in ${file}${want}: not a uint8 IDX ${kind}file`);
  }
  const headerSize = 4 + 4 * ndim;
  if (head.length < headerSize) {
    throw new Error(`IDX: ${file} is truncated: its header needs ${headerSize} bytes, got ${length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, headerSize, total: headerSize + dims.reduce((a, b) => a * b, 1) };
}

function checkLength(h: IdxHeader, file: string, length: number): void {
  if (length < h.total) {
    throw new Error(`IDX: ${file} is truncated: dims [${h.dims.join(', ')}] need ${h.total} bytes, got ${length}`);
  }
  if (length > h.total) {
    throw new Error(`IDX: size mismatch in ${file}: dims [${h.dims.join(', ')}] need ${h.total} bytes, got ${length}`);
  }
}

/** Inflates a gzipped IDX file no further than its header declares. */
function gunzipIdx(bytes: Uint8Array, file: string, expectedDims: number | undefined): Uint8Array {
  let header: IdxHeader | null = null;
  try {
    return inflateBounded(bytes, 'gzip', {
      headBytes: MAX_HEADER,
      bound: (head) => {
        header = readHeader(head, file, expectedDims);
        return header.total;
      },
    });
  } catch (e) {
    if (e instanceof InflateBoundError) {
      const h = header!;
      throw new Error(`IDX: size mismatch in ${file}: dims [${h.dims.join(', ')}] need ${h.total} bytes, but the gzip data inflates to more; delete it and download it again`);
    }
    if ((e as Error).message.startsWith('IDX:')) throw e;
    throw new Error(`IDX: cannot gunzip ${file} (truncated or corrupted gzip file): ${(e as Error).message}; delete it and download it again`);
  }
}

/**
 * Parses IDX bytes. `expectedDims` (1 for labels, magic 0x0801; 3 for images, 0x0803) is checked,
 * so a labels file passed as images fails with a clear error rather than garbage.
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims?: number): IdxArray {
  if (isGzip(bytes)) bytes = gunzipIdx(bytes, file, expectedDims);
  const h = readHeader(bytes, file, expectedDims);
  checkLength(h, file, bytes.length);
  // A plain Uint8Array view (not a Buffer) so torch.fromArray can wrap it without a copy.
  return { dims: h.dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + h.headerSize, h.total - h.headerSize) };
}

/**
 * Reads and parses an IDX file, gzipped or raw. Only a regular file is read (after following links);
 * a raw file's length is checked against its header before its data is read.
 */
export function readIdxFile(file: string, expectedDims?: number): IdxArray {
  const f = openRegularFileSync(file, 'readIdxFile');
  try {
    const head = f.read(0, Math.min(f.size, MAX_HEADER));
    if (!isGzip(head)) checkLength(readHeader(head, file, expectedDims, f.size), file, f.size);
    return parseIdx(f.read(0, f.size), file, expectedDims);
  } finally {
    f.close();
  }
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
