// Hand-built PNG files for tests: any IHDR, any chunk list, CRCs computed (or not).
import { deflateSync } from 'node:zlib';
import { crc32 } from '../src/io/checksums';
import { joinBytes } from '../src/io/join-bytes';

export const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function chunk(type: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function ihdr(width: number, height: number, depth = 8, colorType = 0, interlace = 0): Uint8Array {
  const d = new Uint8Array(13);
  const view = new DataView(d.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  d.set([depth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', d);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return joinBytes(parts);
}

/** A PNG of the given chunks (between the signature and IEND). */
export function png(...chunks: Uint8Array[]): Uint8Array {
  return concat(SIGNATURE, ...chunks, chunk('IEND'));
}

/** An IDAT chunk holding `raw` (filter bytes and pixels) deflated. */
export function idat(raw: Uint8Array): Uint8Array {
  return chunk('IDAT', deflateSync(raw));
}
