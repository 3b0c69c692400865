// Gradients on a device with an asynchronous device's contract: proves that the gradient rules
// never read tensor data synchronously, so they will run unchanged on WebGPU.
import { cpuBackend } from '@x/backend-cpu';
import '../src/index';
import { registerBackend } from '@x/tensor';
import { deferredBackend, runConformance } from '@x/conformance';

registerBackend(deferredBackend('deferred', cpuBackend));

// Index bounds are checked on the device: the error comes at the next read (the suite reads every result).
runConformance({ device: 'deferred', grads: true });
