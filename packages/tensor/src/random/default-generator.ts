// The process-wide default generators, like PyTorch's default CPU generator and its per-device ones (used
// by torch.rand & co. when no generator is given): one for the CPU (PyTorch's CPU stream) and one per
// other device (Philox), made on first use. manualSeed seeds them all, and those made later.
//
// They live on globalThis under Symbol.for keys, so the CJS and the ESM copy of this library, when
// both are loaded in one process, share one stream: torch.manual_seed through either copy seeds
// both. The two copies have different Generator classes, so a stored object is recognized with
// isGenerator (a Symbol.for brand) and only its public methods are called.
import type { Device } from '../device';
import { Generator, isGenerator, type RngState } from './generator';
import { nondeterministicSeed, toSeed } from './seed';

const KEY = Symbol.for('@x/tensor.defaultGenerator');
const DEVICES_KEY = Symbol.for('@x/tensor.deviceGenerators');

interface DeviceGenerators {
  readonly byDevice: Map<string, Generator>;
  /** The last manualSeed, which generators made later start from (as PyTorch queues CUDA's seeding). */
  seed: bigint | null;
}

function slot(): Record<symbol, unknown> {
  return globalThis as unknown as Record<symbol, unknown>;
}

function define(key: symbol, value: unknown): void {
  Object.defineProperty(globalThis, key, { value, writable: true, configurable: true, enumerable: false });
}

function deviceGenerators(): DeviceGenerators {
  const existing = slot()[DEVICES_KEY] as DeviceGenerators | undefined;
  if (existing !== undefined && existing.byDevice instanceof Map) return existing;
  const made: DeviceGenerators = { byDevice: new Map(), seed: null };
  define(DEVICES_KEY, made);
  return made;
}

/**
 * The default generator of `device` (default 'cpu', torch.default_generator): created on first use from a
 * non-deterministic seed (or the last manualSeed), as in PyTorch.
 */
export function defaultGenerator(device = 'cpu'): Generator {
  if (device === 'cpu') {
    const existing = slot()[KEY];
    if (isGenerator(existing)) return existing;
    const gen = new Generator(nondeterministicSeed());
    define(KEY, gen);
    return gen;
  }
  const devices = deviceGenerators();
  let gen = devices.byDevice.get(device);
  if (gen === undefined || !isGenerator(gen)) {
    gen = new Generator({ device: device as Device, seed: devices.seed ?? nondeterministicSeed() });
    devices.byDevice.set(device, gen);
  }
  return gen;
}

/** Seeds the default generator of every device and returns the CPU's (torch.manual_seed). */
export function manualSeed(seed: number | bigint): Generator {
  const s = toSeed(seed, 'manualSeed');
  const devices = deviceGenerators();
  devices.seed = s;
  for (const gen of devices.byDevice.values()) gen.manualSeed(s);
  return defaultGenerator().manualSeed(s);
}

/** Re-seeds the default CPU generator non-deterministically and returns the seed (torch.seed). */
export function seed(): number {
  return defaultGenerator().seed();
}

/** The default CPU generator's initial seed (torch.initial_seed). */
export function initialSeed(): bigint {
  return defaultGenerator().initialSeed();
}

/** The default CPU generator's state (torch.get_rng_state): PyTorch's 5056 bytes, as a Uint8Array. */
export function getRngState(): Uint8Array {
  return defaultGenerator().getState();
}

/** Restores the default CPU generator's state (torch.set_rng_state): from getRngState() or PyTorch's tensor. */
export function setRngState(state: RngState): void {
  defaultGenerator().setState(state);
}
