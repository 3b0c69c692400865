// The prediction image: the test digit, scaled up, with the predicted and true labels beside it (the
// seed shows it with matplotlib's title). Laid out as SVG and rendered to PNG by resvg (WebAssembly,
// no native build), with DejaVu Sans from npm so the text renders on machines without fonts.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type * as torch from '@x/tensor';
import { Image } from '@x/vision';

const require = createRequire(import.meta.url);
let ready: Promise<Uint8Array> | undefined;

/** Loads resvg's WebAssembly once per process; returns the font. */
function renderer(): Promise<Uint8Array> {
  ready ??= (async () => {
    await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return new Uint8Array(await readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));
  })();
  return ready;
}

/** The 28x28 digit as a PNG data URI, each pixel a scale x scale block (crisp at any viewer zoom). */
function digitPng(image: torch.Tensor, scale: number): string {
  // image: float32 [1, 28, 28] in [0, 1] (ToTensor's output), read on the CPU.
  const src = image.dataSync() as Float32Array;
  const [h, w] = [image.shape[1]!, image.shape[2]!];
  const out = new Uint8Array(h * scale * w * scale);
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) out[y * w * scale + x] = Math.round(src[Math.floor(y / scale) * w + Math.floor(x / scale)]! * 255);
  }
  return `data:image/png;base64,${Buffer.from(Image.fromData(out, w * scale, h * scale, 'L').toPng()).toString('base64')}`;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Writes the digit with "predicted" and "true" beside it (class names, e.g. "7 - seven"), as a PNG. */
export async function savePrediction(image: torch.Tensor, predicted: string, truth: string, path: string): Promise<void> {
  const font = await renderer();
  const side = 280;
  const colour = predicted === truth ? '#2a7d2a' : '#c0392b';
  const label = (y: number, title: string, value: string, fill: string) =>
    `<text x="${side + 24}" y="${y}" font-size="18" fill="#666">${title}</text>` +
    `<text x="${side + 24}" y="${y + 34}" font-size="28" fill="${fill}">${escape(value)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side + 240}" height="${side}" font-family="DejaVu Sans">
  <rect width="100%" height="100%" fill="white"/>
  <image href="${digitPng(image, side / image.shape[2]!)}" width="${side}" height="${side}"/>
  ${label(95, 'predicted', predicted, colour)}
  ${label(175, 'true', truth, '#222')}
</svg>`;
  const rendered = new Resvg(svg, { font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans' } });
  const png = rendered.render();
  await writeFile(path, png.asPng());
  png.free();
  rendered.free();
}
