// A lost device is reported, not a hang: reads reject naming the loss, and ready() opens a new device.
// (Its own file: vitest runs each file in its own process, so the other files keep their device.)
import { describe, expect, it } from 'vitest';
import './setup';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { webgpu } from '../src/index';

describe('a lost device', () => {
  it('rejects reads with the loss and comes back with ready()', async () => {
    const x = torch.ones(4, { device: 'webgpu' });
    expect(await x.sum().item()).toBe(4);
    webgpu.device.destroy();
    await expect(x.add(1).dataAsync()).rejects.toThrow(/the device was lost/);
    await expect(torch.sync('webgpu')).rejects.toThrow(/the device was lost/);
    expect(webgpu.isReady).toBe(false);
    expect(torch.isAvailable('webgpu')).toBe(false);
    expect(torch.backendInfo('webgpu').reason).toMatch(/^the device was lost \(.*\); `await webgpu.ready\(\)` opens a new one$/);
    await webgpu.ready();
    expect(webgpu.isReady).toBe(true);
    expect(torch.isAvailable('webgpu')).toBe(true);
    expect(await torch.ones(3, { device: 'webgpu' }).sum().item()).toBe(3);
  });
});
