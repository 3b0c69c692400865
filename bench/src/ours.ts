// The @x side: inputs wrap copies of the shared data (so no side can alias another's buffers);
// each run computes the op and reads the result back with dataSync(), as the tfjs side does.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import type { Case } from './cases';
import type { Side } from './harness';

export interface Prepared extends Side<Float32Array> {
  dispose(): void;
}

export function prepareOurs(c: Case): Prepared {
  const xs = c.inputs.map((i) => torch.fromArray(i.data.slice(), i.shape));
  return {
    activate: async () => undefined,
    run: () => c.ours(xs).dataSync() as Float32Array,
    dispose: () => undefined, // plain typed arrays: the GC frees them
  };
}
