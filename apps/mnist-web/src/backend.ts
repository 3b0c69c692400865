// Which device the page computes on: WebGPU when this browser has it (navigator.gpu and an adapter),
// else the CPU backend, with a note saying why. `?backend=cpu` in the URL asks for the CPU.
import '@x/backend-cpu';

export interface BackendChoice {
  device: 'webgpu' | 'cpu';
  /** What to show: the backend and, on WebGPU, the adapter. */
  label: string;
  /** Why the page is not on WebGPU, or null when it is (or when the CPU was asked for). */
  fallback: string | null;
}

const CPU_LABEL = 'the CPU (@x/backend-cpu)';

export async function chooseBackend(params: URLSearchParams): Promise<BackendChoice> {
  if (params.get('backend') === 'cpu') return { device: 'cpu', label: CPU_LABEL, fallback: null };
  return {
    device: 'cpu',
    label: CPU_LABEL,
    fallback: 'This build of the page has no WebGPU backend yet (@x/backend-webgpu), so it runs on the CPU backend.',
  };
}
