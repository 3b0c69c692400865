// Normalize: (x - mean) / std per channel of a floating [..., C, H, W] tensor, as torchvision's
// F.normalize: a clone (or x itself with inplace) written with sub_ and div_, so a mean or std with
// more channels than x is an error, not a broadcast to a bigger result.
import * as torch from '@x/tensor';
import { markNormalize } from './fusable';

export function Normalize(mean: readonly number[] | number, std: readonly number[] | number, options: { inplace?: boolean } = {}): (x: torch.Tensor) => torch.Tensor {
  const m = typeof mean === 'number' ? [mean] : [...mean];
  const s = typeof std === 'number' ? [std] : [...std];
  if (s.some((v) => v === 0)) throw new RangeError(`Normalize: std evaluated to zero after conversion to float32, leading to division by zero (std = ${JSON.stringify(s)})`);
  const normalize = (x: torch.Tensor) => {
    if (!torch.isTensor(x)) throw new TypeError('Normalize: expected a tensor image (apply ToTensor() first)');
    if (!torch.isFloating(x.dtype)) throw new TypeError(`Normalize: input tensor should be a float tensor, got ${x.dtype} (apply ToTensor() first)`);
    if (x.ndim < 3) throw new RangeError(`Normalize: expected a tensor image of shape [..., C, H, W], got ${torch.formatShape(x.shape)}`);
    // a std that is not 0 as a number may be 0 in x's dtype (1e-50 in float32)
    if (x.dtype === 'float32' && s.some((v) => Math.fround(v) === 0)) {
      throw new RangeError(`Normalize: std evaluated to zero after conversion to float32, leading to division by zero (std = ${JSON.stringify(s)})`);
    }
    const out = options.inplace === true ? x : x.clone();
    const mt = torch.tensor(m, { dtype: x.dtype, device: x.device }).view(-1, 1, 1);
    const st = torch.tensor(s, { dtype: x.dtype, device: x.device }).view(-1, 1, 1);
    return out.sub_(mt).div_(st);
  };
  return markNormalize(normalize, { mean: m, std: s });
}
