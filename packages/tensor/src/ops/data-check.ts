// Checks of values that live on the device (an index within bounds, a probability within [0, 1]).
// A device that reads synchronously (the CPU) checks at once and the op throws; any other device
// records the check in its queue (`backend.check`), and its next read, item() or torch.sync()
// rejects with the error, naming the op. The same check thus runs on every device.
import { getBackend } from '../registry';
import type { Tensor } from '../tensor';

/**
 * Fails with `error(v)` when any element of the bool tensor `bad` is true, v being the element of
 * `values` (same shape as bad, when given) at the first such position.
 */
export function checkData(bad: Tensor, error: (value?: number) => Error, values?: Tensor): void {
  if (bad.numel() === 0) return;
  getBackend(bad.device).check(bad, error, values);
}
