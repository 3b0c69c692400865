// The device registry. It lives on globalThis under a Symbol.for key, so that an ESM and a CJS copy
// of @x/tensor loaded in one process (the dual-package hazard) share one set of backends.
import type { Device } from './device';
import type { Backend } from './backend';

interface Registry {
  backends: Map<string, Backend>;
  defaultDevice: string | null;
}

const KEY = Symbol.for('@x/tensor.registry');

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= { backends: new Map(), defaultDevice: null });
}

const KNOWN_PACKAGES: Record<string, string> = { cpu: '@x/backend-cpu', webgpu: '@x/backend-webgpu' };

/** Called by a backend package on import. The first backend registered becomes the default device, 'cpu' always wins. */
export function registerBackend(backend: Backend): void {
  const r = registry();
  r.backends.set(backend.device, backend);
  if (r.defaultDevice === null || backend.device === 'cpu') r.defaultDevice = backend.device;
}

/** The backend registered for `device`; throws naming the package to import when none is. */
export function getBackend(device: string): Backend {
  const b = registry().backends.get(device);
  if (b) return b;
  if (typeof device !== 'string') throw new TypeError(`expected a device string such as 'cpu' or 'webgpu', got ${String(device)}`);
  const pkg = KNOWN_PACKAGES[device];
  throw new Error(
    pkg
      ? `device '${device}' is not registered: import '${pkg}'`
      : `device '${device}' is not registered: unknown device (known: ${Object.keys(KNOWN_PACKAGES).map((d) => `'${d}'`).join(', ')})`,
  );
}

/**
 * Whether `device` can run here: its backend is registered (its package imported) and reports itself
 * usable. The port of `torch.cuda.is_available()`: `torch.isAvailable('webgpu') ? 'webgpu' : 'cpu'`.
 * It also narrows a string read from a command line or a form to a Device.
 */
export function isAvailable(device: string): device is Device {
  if (typeof device !== 'string') throw new TypeError(`isAvailable: expected a device string such as 'cpu' or 'webgpu', got ${String(device)}`);
  const backend = registry().backends.get(device);
  return backend !== undefined && (backend.available?.() ?? true);
}

/** The devices with a registered backend (`['cpu']` after `import '@x/backend-cpu'`). */
export function registeredDevices(): string[] {
  return [...registry().backends.keys()];
}

/** The device tensors are created on when none is given. */
export function defaultDevice(): Device {
  const d = registry().defaultDevice;
  if (d === null) throw new Error(`no device is registered: import '@x/backend-cpu' (or '@x/backend-webgpu')`);
  return d as Device;
}

/** Sets the device tensors are created on when none is given (PyTorch's `torch.set_default_device`). */
export function setDefaultDevice(device: Device): void {
  getBackend(device);
  registry().defaultDevice = device;
}
