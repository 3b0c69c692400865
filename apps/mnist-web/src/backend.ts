// Which device the page computes on: WebGPU when this browser has it (navigator.gpu and an adapter),
// else the CPU backend, with a note saying why. `?backend=cpu` in the URL asks for the CPU.
// @x/backend-webgpu is loaded only when navigator.gpu exists (its own chunk of the bundle).
import '@x/backend-cpu';

export interface BackendChoice {
  device: 'webgpu' | 'cpu';
  /** What to show: the backend and, on WebGPU, the adapter. */
  label: string;
  /** The adapter's name on WebGPU, else null. */
  adapter: string | null;
  /** Why the page is not on WebGPU, or null when it is (or when the CPU was asked for). */
  fallback: Fallback | null;
}

export interface Fallback {
  /** One sentence, shown. */
  note: string;
  /** The backend's error, behind a disclosure. */
  detail?: string;
}

const CPU_LABEL = 'the CPU (@x/backend-cpu)';

const cpu = (fallback: Fallback | null): BackendChoice => ({ device: 'cpu', label: CPU_LABEL, adapter: null, fallback });

export async function chooseBackend(params: URLSearchParams): Promise<BackendChoice> {
  if (params.get('backend') === 'cpu') return cpu(null);
  if ((navigator as { gpu?: unknown }).gpu === undefined) {
    return cpu({
      note: window.isSecureContext
        ? 'This browser has no WebGPU (navigator.gpu is missing), so the page runs on the CPU backend.'
        : 'WebGPU needs a secure page (https, or http://localhost), so this page runs on the CPU backend.',
    });
  }
  try {
    const { webgpu } = await import('@x/backend-webgpu');
    const info = await webgpu.ready();
    return { device: 'webgpu', label: `WebGPU (@x/backend-webgpu) on ${info.name}`, adapter: info.name, fallback: null };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const note = /no WebGPU adapter/.test(detail)
      ? 'This browser has WebGPU but offers no adapter (GPU), so the page runs on the CPU backend.'
      : 'WebGPU did not start, so the page runs on the CPU backend.';
    return cpu({ note, detail });
  }
}
