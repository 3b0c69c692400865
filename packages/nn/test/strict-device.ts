// The stricter test device for nn's golden suites, as a GPU is: float64 refused, int64 in 32 bits,
// aliased operands bound strictly, garbage in uninitialised memory, and the CPU's fused kernels run in
// queue order. (Leaks are checked per case by the conformance suite; modules keep their tensors here.)
import { cpuBackend } from '@x/backend-cpu';
import * as torch from '@x/tensor';
import { strictDevice } from '@x/conformance';

export const STRICT = 'strict-nn';
torch.registerBackend(strictDevice(STRICT, cpuBackend, { fused: cpuBackend.fused! }));

/** Whether a golden case (any JSON) names float64 anywhere: the strict device cannot hold it. */
export const needsFloat64 = (c: unknown): boolean => JSON.stringify(c).includes('"float64"');
