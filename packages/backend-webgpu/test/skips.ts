// Every conformance case that does not run on 'webgpu', with its reason. The goal is none; the
// conformance runner fails when a prefix matches no case, so this list cannot go stale.
const dataDependentErrors =
  'index bounds are checked when the kernel runs: the error comes at the next read and names the kernel (gather), not indexSelect, until the front end checks indices through backend.check';

export const CONFORMANCE_SKIPS: Record<string, string> = {
  'indexSelect/out-of-range': dataDependentErrors,
  'indexSelect/error/out-of-range': dataDependentErrors,
};
