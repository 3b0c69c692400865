/** The API of `@x/nn`. @module @x/nn */
// @x/nn: PyTorch's torch.nn for @x. `import * as nn from '@x/nn'`.
// Importing it also teaches torch.save / torch.load to save and rebuild whole modules.
import { checkRelease } from '@x/tensor';
import { version } from '../package.json';
import * as exported from './exports';
import { registerBuiltinModules } from './module-serialize';

checkRelease('@x/nn', version); // refuses an @x/tensor of another release

registerBuiltinModules(exported);

export * from './exports';
