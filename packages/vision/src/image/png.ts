// PNG decoding/encoding through pngjs. pngjs hands back every color type as 8-bit RGBA; we keep the
// channels the file's color type has. 16-bit samples are scaled to 8 bits by pngjs as
// round(v * 255 / 65535) (PIL instead opens 16-bit gray as mode 'I;16': we stay with 8-bit modes).
import { PNG, type PNGWithMetadata } from 'pngjs';

export type ImageMode = 'L' | 'LA' | 'RGB' | 'RGBA';

export const CHANNELS: Readonly<Record<ImageMode, number>> = { L: 1, LA: 2, RGB: 3, RGBA: 4 };

export interface Decoded {
  data: Uint8Array;
  width: number;
  height: number;
  mode: ImageMode;
}

/** The mode a PNG color type decodes to; palette images are RGB, or RGBA when a tRNS entry is used. */
function modeOf(png: PNGWithMetadata, rgba: Uint8Array): ImageMode {
  if (png.palette) {
    for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return 'RGBA';
    return 'RGB';
  }
  switch (png.colorType) {
    case 0: return 'L';
    case 4: return 'LA';
    case 6: return 'RGBA';
    default: return 'RGB';
  }
}

export function decodePng(bytes: Uint8Array, name: string): Decoded {
  let png: PNGWithMetadata;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`Image.open: cannot decode ${name} as PNG: ${why} (the file is truncated, corrupted or not a PNG)`);
  }
  const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  const mode = modeOf(png, rgba);
  const c = CHANNELS[mode];
  const n = png.width * png.height;
  const data = new Uint8Array(n * c);
  // Gray PNGs come back with R = G = B = gray, so channel 0 is the gray value.
  const pick = mode === 'L' ? [0] : mode === 'LA' ? [0, 3] : mode === 'RGB' ? [0, 1, 2] : [0, 1, 2, 3];
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) data[i * c + k] = rgba[i * 4 + pick[k]!]!;
  return { data, width: png.width, height: png.height, mode };
}

const COLOR_TYPE: Readonly<Record<ImageMode, 0 | 2 | 4 | 6>> = { L: 0, LA: 4, RGB: 2, RGBA: 6 };

/** 8-bit PNG bytes of `mode` (the color type matches the mode). */
export function encodePng(img: Decoded): Uint8Array {
  const { width, height, mode, data } = img;
  const c = CHANNELS[mode];
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const o = i * 4;
    if (c <= 2) {
      const g = data[i * c]!;
      rgba[o] = g; rgba[o + 1] = g; rgba[o + 2] = g; rgba[o + 3] = c === 2 ? data[i * c + 1]! : 255;
    } else {
      rgba[o] = data[i * c]!; rgba[o + 1] = data[i * c + 1]!; rgba[o + 2] = data[i * c + 2]!; rgba[o + 3] = c === 4 ? data[i * c + 3]! : 255;
    }
  }
  const png = new PNG({ width, height });
  png.data = rgba;
  const out = PNG.sync.write(png, { colorType: COLOR_TYPE[mode], inputColorType: 6, inputHasAlpha: true, bitDepth: 8 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
