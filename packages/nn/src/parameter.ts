// Parameter: a tensor that a Module registers as learnable (requires grad by default).
import { keep, Tensor } from '@x/tensor';

const PARAMETER_BRAND = Symbol.for('@x/nn.Parameter');

export class Parameter extends Tensor {
  /** Wraps `data` (sharing its storage) as a leaf that requires grad. */
  constructor(data: Tensor, requiresGrad = true) {
    super(data.storage, data.shape, data.strides, data.offset, data.dtype);
    // A module owns its parameters across steps: a torch.tidy around their creation does not free them.
    keep(this);
    if (requiresGrad) this.requiresGrad_(true);
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
Object.defineProperty(Parameter.prototype, PARAMETER_BRAND, { value: true });

/** instanceof that also recognises a Parameter from another copy of this package. */
export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter || (typeof x === 'object' && x !== null && (x as { [PARAMETER_BRAND]?: true })[PARAMETER_BRAND] === true);
}
