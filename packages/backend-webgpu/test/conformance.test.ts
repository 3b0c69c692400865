// The backend-agnostic conformance suite (PyTorch golden fixtures: values, gradients, error
// messages) on the real WebGPU device. Every skip is listed in skips.ts with its reason.
// WEBGPU_FAMILIES=unary,binary runs some families only (while working on kernels).
import './setup';
import '@x/backend-cpu';
import '@x/autograd';
import { runConformance, type Family } from '@x/conformance';
import { CONFORMANCE_SKIPS } from './skips';

const only = process.env.WEBGPU_FAMILIES?.split(',') as Family[] | undefined;
runConformance({ device: 'webgpu', grads: true, skip: CONFORMANCE_SKIPS, ...(only ? { families: only } : {}) });
