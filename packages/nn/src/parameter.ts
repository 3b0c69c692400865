// Parameter: a tensor that a Module registers as learnable (requires grad by default).
import { bindArgs, defineSignature, empty, keep, Tensor } from '@x/tensor';

const PARAMETER = defineSignature('nn.Parameter(data: Tensor | null = null, requiresGrad: boolean = true)', {
  doc: 'A tensor that a Module registers as learnable (shares data\'s storage).',
});

const PARAMETER_BRAND = Symbol.for('@x/nn.Parameter');

/** A tensor that is a module's learnable weight: requires grad and is listed by `parameters()` (PyTorch's `nn.Parameter`). */
export class Parameter extends Tensor {
  /** Wraps `data` (sharing its storage) as a leaf that requires grad: `new nn.Parameter(t)`, `new nn.Parameter(t, { requiresGrad: false })`. */
  constructor(data?: Tensor | null, requiresGrad?: boolean);
  constructor(data: Tensor | null, options: { requiresGrad?: boolean });
  constructor(options: { data?: Tensor | null; requiresGrad?: boolean });
  constructor(...args: unknown[]) {
    const a = bindArgs<{ data: Tensor | null; requiresGrad: boolean }>(PARAMETER, args);
    const data = a.data ?? empty([0]);
    super(data.storage, data.shape, data.strides, data.offset, data.dtype);
    // A module owns its parameters across steps: a torch.tidy around their creation does not free them.
    keep(this);
    if (a.requiresGrad) this.requiresGrad_(true);
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
