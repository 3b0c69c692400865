// PNG codec of Image: decoding in png-decode.ts (hostile files), encoding in png-encode.ts (pure JS, so
// browsers too). Images are 8 bits a channel in the modes below.
import { encodePngBytes } from './png-encode';

export { decodePng, DEFAULT_MAX_PIXELS } from './png-decode';

/** A pixel format, PIL's names: `'L'` (gray), `'LA'`, `'RGB'`, `'RGBA'`. */
export type ImageMode = 'L' | 'LA' | 'RGB' | 'RGBA';

export const CHANNELS: Readonly<Record<ImageMode, number>> = { L: 1, LA: 2, RGB: 3, RGBA: 4 };

export interface Decoded {
  data: Uint8Array;
  width: number;
  height: number;
  mode: ImageMode;
}

/** 8-bit PNG bytes of `mode` (the color type matches the mode: gray, gray+alpha, RGB, RGBA). */
export function encodePng(img: Decoded): Uint8Array {
  return encodePngBytes({ width: img.width, height: img.height, data: img.data, channels: CHANNELS[img.mode] as 1 | 2 | 3 | 4 });
}
