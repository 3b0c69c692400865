// Gradients on a device with an asynchronous device's contract: proves that the gradient rules
// never read tensor data synchronously, so they will run unchanged on WebGPU.
import { cpuBackend } from '@x/backend-cpu';
import '../src/index';
import { registerBackend } from '@x/tensor';
import { deferredBackend, runConformance } from '@x/conformance';

registerBackend(deferredBackend('deferred', cpuBackend));

const dataDependentErrors = 'index bounds are checked when the kernel runs, so the error comes at the next read';
runConformance({
  device: 'deferred',
  grads: true,
  skip: {
    'indexSelect/out-of-range': dataDependentErrors,
    'at/index-tensor-out-of-range': dataDependentErrors,
    'indexSelect/error/out-of-range': dataDependentErrors,
  },
});
