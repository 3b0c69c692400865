// Type names the op signatures use (the binder knows them too: signature/types.ts).
import type { Tensor } from '../tensor';

/** One dim, several, or null for all of them. */
export type Dims = number | readonly number[] | null;
/** One size for every spatial dim, or one per dim (convolution and pooling). */
export type IntOrList = number | readonly number[];
/** Nested arrays of one-element tensors (torch.tensor stacks them on their device, without a read). */
export type NestedTensors = Tensor | readonly NestedTensors[];
