// PNG decoding for files that may be hostile. Everything the file declares is checked before it is
// trusted: the chunk layout and CRCs, IHDR's sizes and bit depth against the color type, the pixel
// count against a limit (Pillow's decompression-bomb rule) before anything is allocated, and the image
// data, which is inflated with a bound and must be exactly as long as the header says. The pixels are
// those Pillow 9.4 gives (checked against its decodes: scripts/png_fixtures.py).
//
// Written here rather than taken from a library: pngjs 7 returns uninitialised memory for truncated
// image data; fast-png 8 decodes interlaced images of 1, 2 or 4 bits wrong, returns zeros for missing
// rows and inflates without a bound. The inflating itself is zlib's (src/io/inflate.ts).
import { crc32 } from '../io/checksums';
import { InflateBoundError, inflateBounded } from '../io/inflate';
import { joinBytes } from '../io/join-bytes';
import type { Decoded, ImageMode } from './png';

/** Pillow's limit, 2 x Image.MAX_IMAGE_PIXELS (1024 * 1024 * 1024 // 4 // 3): above it Pillow refuses to decode. */
export const DEFAULT_MAX_PIXELS = 178_956_970;

/** A reason the file cannot be decoded (the caller adds the API and the file's name). */
class PngFormatError extends Error {}
/** The image is larger than the pixel limit. */
class PngLimitError extends Error {}

function fail(reason: string): never {
  throw new PngFormatError(reason);
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const SAMPLES: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const COLOR_NAMES: Readonly<Record<number, string>> = { 0: 'gray', 2: 'RGB', 3: 'palette', 4: 'gray+alpha', 6: 'RGBA' };
/** Adam7's passes: first column, first row, column step, row step. */
const ADAM7: readonly (readonly [number, number, number, number])[] = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
const NO_INTERLACE: typeof ADAM7 = [[0, 0, 1, 1]];
const MAX_U31 = 2 ** 31 - 1;

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

interface Chunks {
  header: Header;
  /** RGB triples, for color type 3. */
  palette: Uint8Array | null;
  /** tRNS: alpha per palette entry (type 3), or the transparent sample values (types 0 and 2). */
  transparency: number[] | null;
  /** The IDAT chunks' data, joined: one zlib stream. */
  imageData: Uint8Array;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function describe(h: Header): string {
  return `${h.width}x${h.height} ${h.depth}-bit ${COLOR_NAMES[h.colorType]}${h.interlaced ? ' interlaced' : ''} image`;
}

function parseHeader(data: Uint8Array, maxPixels: number): Header {
  if (data.length !== 13) fail(`the IHDR chunk holds ${data.length} bytes, expected 13`);
  const width = u32(data, 0);
  const height = u32(data, 4);
  const [depth, colorType, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
  for (const [what, v] of [['width', width], ['height', height]] as const) {
    if (v === 0 || v > MAX_U31) fail(`its ${what} is ${v} (PNG allows 1 to 2^31 - 1)`);
  }
  const depths = DEPTHS[colorType];
  if (depths === undefined) fail(`unknown color type ${colorType} (PNG has 0, 2, 3, 4 and 6)`);
  if (!depths.includes(depth)) fail(`bit depth ${depth} is not allowed for color type ${colorType} (${COLOR_NAMES[colorType]}: ${depths.join(', ')})`);
  if (compression !== 0) fail(`unknown compression method ${compression} (PNG has only 0, deflate)`);
  if (filter !== 0) fail(`unknown filter method ${filter} (PNG has only 0)`);
  if (interlace > 1) fail(`unknown interlace method ${interlace} (PNG has 0, none, and 1, Adam7)`);
  if (width * height > maxPixels) {
    throw new PngLimitError(`is ${width}x${height} (${width * height} pixels), above the limit of ${maxPixels} pixels (Pillow's decompression-bomb limit)`);
  }
  return { width, height, depth, colorType, interlaced: interlace === 1 };
}

function parseTransparency(data: Uint8Array, h: Header, palette: Uint8Array | null): number[] {
  switch (h.colorType) {
    case 0:
      if (data.length !== 2) fail(`the tRNS chunk of a gray image holds ${data.length} bytes, expected 2`);
      return [(data[0]! << 8) | data[1]!];
    case 2:
      if (data.length !== 6) fail(`the tRNS chunk of an RGB image holds ${data.length} bytes, expected 6`);
      return [0, 2, 4].map((k) => (data[k]! << 8) | data[k + 1]!);
    case 3:
      if (palette === null) fail('the tRNS chunk comes before the PLTE chunk');
      if (data.length > palette.length / 3) fail(`the tRNS chunk has ${data.length} alpha values for ${palette.length / 3} palette entries`);
      return Array.from(data);
    default:
      return fail(`a tRNS chunk is not allowed in a ${COLOR_NAMES[h.colorType]} image (it has an alpha channel)`);
  }
}

/** Walks the chunks: layout, CRCs, order; keeps what decoding needs. Ancillary chunks are skipped. */
function readChunks(b: Uint8Array, maxPixels: number): Chunks {
  if (b.length < 8 || SIGNATURE.some((v, i) => b[i] !== v)) fail('it does not start with the PNG signature');
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let transparency: number[] | null = null;
  const idat: Uint8Array[] = [];
  let idatState: 'before' | 'in' | 'after' = 'before';
  let pos = 8;
  for (;;) {
    if (pos + 12 > b.length) fail(`it ends at byte ${b.length}, before its IEND chunk`);
    const length = u32(b, pos);
    if (![4, 5, 6, 7].every((k) => isLetter(b[pos + k]!))) fail(`the bytes at ${pos + 4} are not a chunk type`);
    const type = String.fromCharCode(b[pos + 4]!, b[pos + 5]!, b[pos + 6]!, b[pos + 7]!);
    if (length > MAX_U31) fail(`the ${type} chunk at byte ${pos} declares ${length} bytes (PNG allows at most 2^31 - 1)`);
    const end = pos + 8 + length;
    if (end + 4 > b.length) fail(`the ${type} chunk at byte ${pos} declares ${length} bytes, past the end of the file (${b.length} bytes)`);
    if (crc32(b.subarray(pos + 4, end)) !== u32(b, end)) fail(`the ${type} chunk at byte ${pos} fails its CRC check`);
    const data = b.subarray(pos + 8, end);
    pos = end + 4;
    if (header === null && type !== 'IHDR') fail(`its first chunk is ${type}, expected IHDR`);
    if (idatState === 'in' && type !== 'IDAT') idatState = 'after';
    switch (type) {
      case 'IHDR':
        if (header !== null) fail('it has two IHDR chunks');
        header = parseHeader(data, maxPixels);
        break;
      case 'PLTE':
        // Only palette images use it (elsewhere it is a suggestion for displays, ignored as Pillow does).
        if (header!.colorType !== 3) break;
        if (palette !== null) fail('it has two PLTE chunks');
        if (idatState !== 'before') fail('its PLTE chunk comes after the image data');
        if (data.length === 0 || data.length % 3 !== 0 || data.length > 768) fail(`its PLTE chunk holds ${data.length} bytes, expected 3 to 768 in multiples of 3`);
        palette = data;
        break;
      case 'tRNS':
        if (transparency !== null) fail('it has two tRNS chunks');
        if (idatState !== 'before') fail('its tRNS chunk comes after the image data');
        transparency = parseTransparency(data, header!, palette);
        break;
      case 'IDAT':
        if (idatState === 'after') fail('its IDAT chunks are not consecutive');
        idatState = 'in';
        idat.push(data);
        break;
      case 'IEND':
        if (header!.colorType === 3 && palette === null) fail('it is a palette image without a PLTE chunk');
        if (idat.length === 0) fail('it has no IDAT chunk (no image data)');
        return { header: header!, palette, transparency, imageData: idat.length === 1 ? idat[0]! : joinBytes(idat) };
      default:
        // An unknown critical chunk (upper-case first letter) changes how the image must be read.
        if (type.charCodeAt(0) < 97) fail(`it has an unknown critical chunk ${type}`);
    }
  }
}

function bitsPerPixel(h: Header): number {
  return SAMPLES[h.colorType]! * h.depth;
}

/** The passes with pixels: [x0, y0, dx, dy, columns, rows]. */
function passes(h: Header): [number, number, number, number, number, number][] {
  const out: [number, number, number, number, number, number][] = [];
  for (const [x0, y0, dx, dy] of h.interlaced ? ADAM7 : NO_INTERLACE) {
    const cols = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0;
    const rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    if (cols > 0 && rows > 0) out.push([x0, y0, dx, dy, cols, rows]);
  }
  return out;
}

/** Bytes of the inflated image data the header asks for: each row is a filter byte and its pixels. */
function expectedLength(h: Header): number {
  let n = 0;
  for (const [, , , , cols, rows] of passes(h)) n += rows * (1 + Math.ceil((cols * bitsPerPixel(h)) / 8));
  return n;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes a row's filter in place; `prev` is the row above in the same pass (null for the first). */
function unfilter(type: number, row: Uint8Array, prev: Uint8Array | null, bpp: number, where: () => string): void {
  const n = row.length;
  switch (type) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = row[i]! + row[i - bpp]!;
      return;
    case 2:
      if (prev !== null) for (let i = 0; i < n; i++) row[i] = row[i]! + prev[i]!;
      return;
    case 3:
      for (let i = 0; i < n; i++) row[i] = row[i]! + (((i >= bpp ? row[i - bpp]! : 0) + (prev !== null ? prev[i]! : 0)) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev !== null ? prev[i]! : 0;
        const c = i >= bpp && prev !== null ? prev[i - bpp]! : 0;
        row[i] = row[i]! + paeth(a, b, c);
      }
      return;
    default:
      fail(`${where()} has filter type ${type} (PNG has 0 to 4)`);
  }
}

/** Output channels before dropping an alpha that tRNS may not use: gray and RGB with a key get one. */
function outputChannels(c: Chunks): number {
  const { colorType } = c.header;
  if (colorType === 3) return c.transparency !== null ? 4 : 3;
  return SAMPLES[colorType]! + ((colorType === 0 || colorType === 2) && c.transparency !== null ? 1 : 0);
}

/**
 * Writes one unfiltered row of a pass into `out` (outC bytes a pixel): samples of 16 bits keep their
 * high byte (Pillow's rule), gray of 1, 2 or 4 bits is scaled to 0..255, palette indices become their
 * entry, and a tRNS key (compared at the file's full bit depth) gives alpha 0.
 */
function writeRow(c: Chunks, out: Uint8Array, outC: number, row: Uint8Array, y: number, x0: number, dx: number, cols: number): void {
  const { width, depth, colorType } = c.header;
  const s = SAMPLES[colorType]!;
  const base = y * width;
  if (depth === 8 && colorType !== 3 && outC === s && dx === 1) {
    out.set(row.subarray(0, cols * s), (base + x0) * outC);
    return;
  }
  const key = colorType === 0 || colorType === 2 ? c.transparency : null;
  const mask = (1 << Math.min(depth, 8)) - 1;
  for (let i = 0; i < cols; i++) {
    const x = x0 + i * dx;
    const o = (base + x) * outC;
    if (depth < 8 || colorType === 3) {
      const bit = i * depth;
      const v = depth === 8 ? row[i]! : (row[bit >> 3]! >> (8 - depth - (bit & 7))) & mask;
      if (colorType === 3) {
        const entries = c.palette!.length / 3;
        if (v >= entries) fail(`pixel (${x}, ${y}) uses palette index ${v}, but the PLTE chunk has ${entries} entries`);
        out[o] = c.palette![3 * v]!;
        out[o + 1] = c.palette![3 * v + 1]!;
        out[o + 2] = c.palette![3 * v + 2]!;
        if (outC === 4) out[o + 3] = v < c.transparency!.length ? c.transparency![v]! : 255;
      } else {
        out[o] = v * (255 / mask);
        if (key !== null) out[o + 1] = v === key[0] ? 0 : 255;
      }
      continue;
    }
    let keyed = key !== null;
    for (let k = 0; k < s; k++) {
      const at = depth === 8 ? i * s + k : 2 * (i * s + k);
      out[o + k] = row[at]!;
      if (keyed) keyed = (depth === 8 ? row[at]! : (row[at]! << 8) | row[at + 1]!) === key![k];
    }
    if (key !== null) out[o + s] = keyed ? 0 : 255;
  }
}

const MODES: Readonly<Record<number, ImageMode>> = { 1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA' };

/** Drops the alpha channel a tRNS chunk added when no pixel uses it (palette: RGB, as before). */
function withoutUnusedAlpha(data: Uint8Array, c: number): { data: Uint8Array; channels: number } {
  for (let i = c - 1; i < data.length; i += c) if (data[i] !== 255) return { data, channels: c };
  const n = data.length / c;
  const out = new Uint8Array(n * (c - 1));
  for (let i = 0; i < n; i++) for (let k = 0; k < c - 1; k++) out[i * (c - 1) + k] = data[i * c + k]!;
  return { data: out, channels: c - 1 };
}

function decode(bytes: Uint8Array, maxPixels: number): Decoded {
  const chunks = readChunks(bytes, maxPixels);
  const h = chunks.header;
  const expected = expectedLength(h);
  let raw: Uint8Array;
  try {
    raw = inflateBounded(chunks.imageData, 'zlib', expected);
  } catch (e) {
    if (e instanceof InflateBoundError) fail(`its image data inflates to more than the ${expected} bytes a ${describe(h)} needs`);
    fail(`its image data cannot be inflated: ${(e as Error).message}`);
  }
  if (raw.length !== expected) fail(`its image data inflates to ${raw.length} bytes, but a ${describe(h)} needs ${expected}`);
  const outC = outputChannels(chunks);
  const out = new Uint8Array(h.width * h.height * outC);
  const bpp = Math.max(1, bitsPerPixel(h) >> 3);
  let at = 0;
  for (const [x0, y0, dx, dy, cols, rows] of passes(h)) {
    const rowBytes = Math.ceil((cols * bitsPerPixel(h)) / 8);
    let prev: Uint8Array | null = null;
    for (let j = 0; j < rows; j++) {
      const row = raw.subarray(at + 1, at + 1 + rowBytes);
      unfilter(raw[at]!, row, prev, bpp, () => `row ${j}${h.interlaced ? ` of interlace pass ${ADAM7.findIndex(([a, b]) => a === x0 && b === y0) + 1}` : ''}`);
      writeRow(chunks, out, outC, row, y0 + j * dy, x0, dx, cols);
      prev = row;
      at += 1 + rowBytes;
    }
  }
  const keyed = chunks.transparency !== null && h.colorType !== 4 && h.colorType !== 6;
  const { data, channels } = keyed ? withoutUnusedAlpha(out, outC) : { data: out, channels: outC };
  return { data, width: h.width, height: h.height, mode: MODES[channels]! };
}

/**
 * Decodes PNG bytes to 8-bit pixels. `api` and `name` start every error ("Image.open: cannot decode
 * 'a.png' as PNG: ..."); an image of more than `maxPixels` pixels is refused before anything is allocated.
 */
export function decodePng(bytes: Uint8Array, name: string, api: string, maxPixels: number): Decoded {
  try {
    return decode(bytes, maxPixels);
  } catch (e) {
    if (e instanceof PngLimitError) {
      throw new Error(`${api}: ${name} ${e.message}; if you trust the file, raise the limit: Image.open(path, { maxPixels }) or Image.maxPixels = n`);
    }
    if (e instanceof PngFormatError) throw new Error(`${api}: cannot decode ${name} as PNG: ${e.message} (the file is truncated, corrupted or not a PNG)`);
    throw e;
  }
}
