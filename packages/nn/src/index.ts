// @x/nn: PyTorch's torch.nn for @x. `import * as nn from '@x/nn'`.
// Importing it also teaches torch.save / torch.load to save and rebuild whole modules.
import * as exported from './exports';
import { registerBuiltinModules } from './module-serialize';

registerBuiltinModules(exported);

export * from './exports';
