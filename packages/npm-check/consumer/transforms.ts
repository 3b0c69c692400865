// A user's image pipeline, as written against the published packages: a PNG made and decoded in
// memory, torchvision's transforms composed, and the result read back. It runs in Node and, bundled
// and minified by esbuild, in Chromium (where Image.open of a path is the only Node-only part).
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { Image, transforms } from '@x/vision';

export interface TransformsResult {
  size: [number, number];
  shape: number[];
  mean: number;
  pngBytes: number;
}

export async function pipeline(): Promise<TransformsResult> {
  torch.manualSeed(0);
  // An 8x6 RGB gradient, encoded to PNG and decoded again, as a file fetched by a page would be.
  const pixels = new Uint8Array(8 * 6 * 3).map((_, i) => (i * 5) % 256);
  const png = Image.fromData(pixels, 8, 6, 'RGB').toPng();
  const image = await Image.open(png);
  const t = transforms.Compose([
    transforms.Resize([4, 4]),
    transforms.RandomHorizontalFlip(0),
    transforms.ToTensor(),
    transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
  ]);
  const x = t(image); // a Tensor: Compose is typed by its last transform
  return { size: [image.width, image.height], shape: [...x.shape], mean: Number(x.mean().itemSync()), pngBytes: png.length };
}
