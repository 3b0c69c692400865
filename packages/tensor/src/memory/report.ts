// torch.memory(): what each device holds right now.
import type { DeviceMemory } from '../backend';
import { getBackend, registeredDevices } from '../registry';
import { liveCounts, type DeviceCounts } from './lifecycle';

/**
 * A device's memory: live tensors, storages and their bytes, plus what the device reports (its pool...).
 * On a device whose memory the garbage collector frees by itself (caps.collectsGarbage: the CPU), a
 * tensor dropped without dispose() is freed by the collector but stays in these counts, as in tfjs's
 * `tf.memory()`: use torch.tidy/dispose to keep them flat. On other devices (a GPU) the safety net
 * removes such tensors after garbage collection and frees their memory.
 */
export type MemoryInfo = DeviceCounts & Partial<DeviceMemory>;

/** torch.memory(): `{ cpu: { tensors, storages, bytes, pooledBytes, ... }, ... }` for every registered device; or one device's. */
export function memory(): Record<string, MemoryInfo>;
export function memory(device: string): MemoryInfo;
export function memory(device?: string): Record<string, MemoryInfo> | MemoryInfo {
  const one = (d: string): MemoryInfo => {
    const counts = liveCounts().get(d) ?? { tensors: 0, storages: 0, bytes: 0 };
    return { ...counts, ...(getBackend(d).memory?.() ?? {}) };
  };
  if (device !== undefined) return one(device);
  const out: Record<string, MemoryInfo> = {};
  for (const d of registeredDevices()) out[d] = one(d);
  return out;
}
