// Importing this package registers device 'cpu' (and makes it the default device).
import { registerBackend } from '@x/tensor';
import { cpuBackend } from './backend';

registerBackend(cpuBackend);

export { cpuBackend };
export { CpuStorage, cpuPool } from './storage';
