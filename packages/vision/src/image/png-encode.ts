// PNG encoding, 8 bits a channel: the signature, IHDR, one zlib-compressed IDAT and IEND. Each row
// takes the filter (none, sub, up, average, Paeth) with the smallest sum of absolute values, libpng's
// default heuristic. Deflate is fflate's, which @x/vision already uses to inflate.
import { zlibSync } from 'fflate';
import { crc32 } from '../io/checksums';
import { joinBytes } from '../io/join-bytes';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const COLOR_TYPE: Readonly<Record<number, number>> = { 1: 0, 2: 4, 3: 2, 4: 6 }; // gray, gray+alpha, RGB, RGBA

export interface PngInput {
  width: number;
  height: number;
  /** Interleaved 8-bit samples, rows top to bottom: width * height * channels bytes. */
  data: Uint8Array;
  channels: 1 | 2 | 3 | 4;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The filtered scanlines (a filter-type byte, then the row) that IDAT compresses. */
function filterRows(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * stride, (y + 1) * stride);
    const prev = y === 0 ? zeros : data.subarray((y - 1) * stride, y * stride);
    let bestType = 0;
    let bestCost = Infinity;
    for (let type = 0; type <= 4; type++) {
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const predictor = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (row[i]! - predictor) & 0xff;
        candidate[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
        best.set(candidate);
      }
    }
    out[y * (stride + 1)] = bestType;
    out.set(best, y * (stride + 1) + 1);
  }
  return out;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** The PNG file of an 8-bit image; `level` is zlib's compression level (0-9). */
export function encodePngBytes(image: PngInput, level = 6): Uint8Array {
  const { width, height, data, channels } = image;
  if (data.length !== width * height * channels) {
    throw new RangeError(`encodePng: expected ${width * height * channels} bytes for ${width}x${height} with ${channels} channels, got ${data.length}`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE[channels]!;
  // compression, filter and interlace methods: 0
  const idat = zlibSync(filterRows(data, width, height, channels), { level: level as 6 });
  return joinBytes([Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
