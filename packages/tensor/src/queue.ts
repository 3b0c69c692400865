// A device's work queue from the user's side: torch.sync waits for it (timing, benches), and flush
// submits it without waiting (the optimizer's step and the DataLoader call it).
import { defaultDevice, getBackend, registeredDevices } from './registry';

/** Waits until the device (default: the default device) has run all queued work; rejects with a data error it recorded. */
export function sync(device?: string): Promise<void> {
  return getBackend(device ?? defaultDevice()).sync();
}

/** Submits queued work without waiting, on `device` or on every registered device. */
export function flush(device?: string): void {
  if (device !== undefined) getBackend(device).flush?.();
  else for (const d of registeredDevices()) getBackend(d).flush?.();
}
