// The device names the types accept. A misspelt or foreign name ('cuda:0', 'gpu') fails to type-check
// instead of failing at run time; a backend package that registers another name adds it here by
// declaration merging, so its users' code type-checks too. DeviceNames is declared in index.ts, the
// module users augment (an augmentation does not reach an interface re-exported from another file).
import type { DeviceNames } from './index';

/** A device name: `'cpu'`, `'webgpu'`, or one a backend added to DeviceNames (PyTorch's `device='cuda'` becomes `'webgpu'`). */
export type Device = keyof DeviceNames & string;
