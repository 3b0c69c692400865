/** The API of `@x/backend-cpu`. @module @x/backend-cpu */
// Importing this package registers device 'cpu' (and makes it the default device).
import { checkRelease, registerBackend } from '@x/tensor';
import { version } from '../package.json';
import { cpuBackend } from './backend';

checkRelease('@x/backend-cpu', version); // refuses an @x/tensor of another release

registerBackend(cpuBackend);

export { cpuBackend };
export { CpuStorage, cpuPool } from './storage';
