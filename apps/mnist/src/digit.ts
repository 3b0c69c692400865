// Writes a 28x28 grayscale image tensor, scaled up, as a PNG (through @x/vision's Image, which uses pngjs).
import type * as torch from '@x/tensor';
import { Image } from '@x/vision';

export async function saveDigit(image: torch.Tensor, path: string, scale = 10): Promise<void> {
  // image: float32 [1, 28, 28] in [0, 1] (ToTensor's output), read on the CPU.
  const src = image.dataSync() as Float32Array;
  const [h, w] = [image.shape[1]!, image.shape[2]!];
  const out = new Uint8Array(h * scale * w * scale);
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      out[y * w * scale + x] = Math.round(src[Math.floor(y / scale) * w + Math.floor(x / scale)]! * 255);
    }
  }
  await Image.fromData(out, w * scale, h * scale, 'L').save(path);
}
