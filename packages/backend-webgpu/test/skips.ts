// Every conformance case that does not run on 'webgpu', with its reason. The goal is none; the
// conformance runner fails when a prefix matches no case, so this list cannot go stale.
export const CONFORMANCE_SKIPS: Record<string, string> = {};
