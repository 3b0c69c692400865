// The model: apps/mnist's SimpleNN (the seed's MLP), its weights loaded from the static asset
// model.safetensors that `torch.save(model.stateDict(), ...)` wrote, or trained in the page.
import * as torch from '@x/tensor';
import { SimpleNN } from '@x/mnist-demo/models';

export { SimpleNN };

/** The shipped weights: fetched, then read with torch.loadBytes (torch.load reads files, in Node). */
export async function loadShipped(device: torch.Device): Promise<SimpleNN> {
  const url = new URL('model.safetensors', document.baseURI);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url.pathname}: HTTP ${response.status}`);
  const model = new SimpleNN();
  model.loadStateDict(torch.loadBytes(new Uint8Array(await response.arrayBuffer())));
  model.to(device);
  model.eval();
  return model;
}

/** The ten class probabilities for one 28×28 image (ink 0..1, row-major). */
export async function probabilities(model: SimpleNN, image: Float32Array, device: torch.Device): Promise<number[]> {
  const probs = torch.tidy(() =>
    torch.noGrad(() => model.forward(torch.fromArray(image, [1, 1, 28, 28]).to(device)).softmax(1)),
  );
  try {
    return Array.from(await probs.dataAsync());
  } finally {
    probs.dispose();
  }
}
