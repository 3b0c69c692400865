// ToTensor / ToPILImage: images (or uint8 HWC tensors) to CHW float32 in [0, 1], and back.
import * as torch from '@x/tensor';
import { Image } from '../image/image';
import { markToTensor } from './fusable';

/**
 * Image, or uint8 [H, W, C] / [H, W] tensor → float32 [C, H, W] in [0, 1] (divided by 255). A
 * floating tensor is taken as already CHW and passes through, as torchvision leaves non-uint8 arrays unscaled.
 */
export function ToTensor(): (x: Image | torch.Tensor) => torch.Tensor {
  return markToTensor((x: Image | torch.Tensor) => (x instanceof Image ? imageToChw(x) : tensorToChw(x)));
}

/**
 * A uint8 HWC tensor through the tensor ops. The intermediates (the float copy, the permuted one) are
 * freed at once: a DataLoader calls this for every sample, and on the CPU their memory would otherwise
 * wait for the garbage collector.
 */
function tensorToChw(x: torch.Tensor): torch.Tensor {
  return torch.tidy(() => {
    let hwc: torch.Tensor;
    if (torch.isTensor(x) && x.dtype === 'uint8') hwc = x.ndim === 2 ? x.unsqueeze(-1) : x;
    else if (torch.isTensor(x) && torch.isFloating(x.dtype)) return x;
    else throw new TypeError(`ToTensor: expected an Image or a uint8 [H, W, C] tensor, got ${torch.isTensor(x) ? `dtype ${x.dtype}` : typeof x}`);
    if (hwc.ndim !== 3) throw new RangeError(`ToTensor: expected a [H, W, C] tensor, got shape ${torch.formatShape(hwc.shape)}`);
    return hwc.permute(2, 0, 1).to('float32').div(255).contiguous();
  });
}

/** v / 255 in float32 for each byte v: what PyTorch's uint8 -> float32 cast and div(255) give (one correctly rounded division). */
export const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);
/** Host memory the CHW values are written to before one upload (torch.tensor copies it), kept for images up to 1M values. */
let scratch = new Float32Array(0);
const SCRATCH_MAX = 1 << 20;

/**
 * An image's HWC bytes → float32 [C, H, W] / 255, written on the host in one pass and uploaded once:
 * the values of permute(2, 0, 1).to('float32').div(255).contiguous() (the same division, rounded
 * once to float32) without the four intermediate tensors and kernels per sample. `tables` maps each
 * channel's bytes to its values instead (ToTensor then Normalize, see fused.ts).
 * @internal
 */
export function imageToChw(img: Image, tables?: readonly Float32Array[]): torch.Tensor {
  const { data, width, height } = img;
  const c = img.channels;
  const plane = width * height;
  const n = plane * c;
  if (scratch.length < n && n <= SCRATCH_MAX) scratch = new Float32Array(n);
  const out = n <= SCRATCH_MAX ? scratch : new Float32Array(n);
  for (let k = 0; k < c; k++) {
    const table = tables?.[k] ?? BYTE_TO_UNIT;
    if (c === 1) for (let i = 0; i < n; i++) out[i] = table[data[i]!]!;
    else for (let p = 0, s = k, o = k * plane; p < plane; p++, s += c, o++) out[o] = table[data[s]!]!;
  }
  const flat = torch.tensor(out.subarray(0, n), { dtype: 'float32' });
  const chw = flat.view(c, height, width);
  flat.dispose(); // the view keeps the storage
  return chw;
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
