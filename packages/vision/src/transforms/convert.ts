// ToTensor / ToPILImage: images (or uint8 HWC tensors) to CHW float32 in [0, 1], and back.
import * as torch from '@x/tensor';
import { Image } from '../image/image';

/**
 * Image, or uint8 [H, W, C] / [H, W] tensor → float32 [C, H, W] in [0, 1] (divided by 255). A
 * floating tensor is taken as already CHW and passes through, as torchvision leaves non-uint8 arrays unscaled.
 */
export function ToTensor(): (x: Image | torch.Tensor) => torch.Tensor {
  // The intermediates (the uint8 copy, the float copy) are freed at once: a DataLoader calls this for
  // every sample, and on the CPU their memory would otherwise wait for the garbage collector.
  return (x) => torch.tidy(() => {
    let hwc: torch.Tensor;
    if (x instanceof Image) hwc = x.toTensor();
    else if (torch.isTensor(x) && x.dtype === 'uint8') hwc = x.ndim === 2 ? x.unsqueeze(-1) : x;
    else if (torch.isTensor(x) && torch.isFloating(x.dtype)) return x;
    else throw new TypeError(`ToTensor: expected an Image or a uint8 [H, W, C] tensor, got ${torch.isTensor(x) ? `dtype ${x.dtype}` : typeof x}`);
    if (hwc.ndim !== 3) throw new RangeError(`ToTensor: expected a [H, W, C] tensor, got shape ${torch.formatShape(hwc.shape)}`);
    return hwc.permute(2, 0, 1).to('float32').div(255).contiguous();
  });
}

/**
 * CHW tensor (floating in [0, 1], ×255 and truncated; or uint8) → Image, as torchvision's ToPILImage.
 * Reads the tensor synchronously (CPU tensors only).
 */
export function ToPILImage(): (x: torch.Tensor | Image) => Image {
  return (x) => {
    if (x instanceof Image) return x;
    if (!torch.isTensor(x)) throw new TypeError(`ToPILImage: expected a tensor, got ${typeof x}`);
    if (x.ndim !== 2 && x.ndim !== 3) throw new RangeError(`ToPILImage: expected a 2-D or 3-D (CHW) tensor, got shape ${torch.formatShape(x.shape)}`);
    const chw = x.ndim === 2 ? x.unsqueeze(0) : x;
    const u8 = torch.isFloating(chw.dtype) ? chw.mul(255).to('uint8') : chw.to('uint8');
    return Image.fromTensor(u8.permute(1, 2, 0));
  };
}
