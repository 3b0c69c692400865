// Normalize: (x - mean) / std per channel of a floating [..., C, H, W] tensor.
import * as torch from '@x/tensor';

export function Normalize(mean: readonly number[] | number, std: readonly number[] | number, options: { inplace?: boolean } = {}): (x: torch.Tensor) => torch.Tensor {
  const m = typeof mean === 'number' ? [mean] : [...mean];
  const s = typeof std === 'number' ? [std] : [...std];
  if (s.some((v) => v === 0)) throw new RangeError(`Normalize: std evaluated to zero after conversion to float32, leading to division by zero (std = ${JSON.stringify(s)})`);
  return (x) => {
    if (!torch.isTensor(x)) throw new TypeError('Normalize: expected a tensor image (apply ToTensor() first)');
    if (!torch.isFloating(x.dtype)) throw new TypeError(`Normalize: input tensor should be a float tensor, got ${x.dtype} (apply ToTensor() first)`);
    if (x.ndim < 3) throw new RangeError(`Normalize: expected a tensor image of shape [..., C, H, W], got ${torch.formatShape(x.shape)}`);
    const mt = torch.tensor(m, { dtype: x.dtype, device: x.device }).view(-1, 1, 1);
    const st = torch.tensor(s, { dtype: x.dtype, device: x.device }).view(-1, 1, 1);
    const out = x.sub(mt).div(st);
    if (options.inplace === true) {
      x.set([], out);
      return x;
    }
    return out;
  };
}
