// The kernels' heap and forgotten tensors: the garbage collector cannot free a heap block, so the
// backend's safety net returns the blocks (64 KiB and more) of storages it collected; a heap at its
// limit is visible (torch.memory('cpu').offHeapAllocs / offHeapOperands, and one warning).
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as torch from '@x/tensor';
import { cpuPool } from '../src/index';

const limit = cpuPool.heapLimitBytes;
afterAll(() => {
  cpuPool.heapLimitBytes = limit;
});

describe('the heap', () => {
  it('gets back the blocks of tensors garbage-collected without dispose', async () => {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const x = torch.ones(1 << 16); // 256 KiB
    x.add(1).dispose(); // warm: the result's block now waits in its free list
    const before = torch.memory('cpu');
    (() => {
      for (let i = 0; i < 20; i++) x.add(i); // 20 results nobody disposes
    })();
    expect(torch.memory('cpu').heapLiveBytes! - before.heapLiveBytes!).toBe(20 * 262144);
    for (let i = 0; i < 20 && torch.memory('cpu').heapLiveBytes! > before.heapLiveBytes!; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    const after = torch.memory('cpu');
    expect(after.heapLiveBytes).toBe(before.heapLiveBytes);
    expect(after.reclaimedBlocks! - before.reclaimedBlocks!).toBe(20);
    // and the blocks serve again: no fresh memory for the next 20
    const kept = Array.from({ length: 20 }, (_, i) => x.add(i));
    expect(torch.memory('cpu').heapBytes).toBe(after.heapBytes);
    expect(kept[19]!.sum().itemSync()).toBe(20 * 65536);
    torch.dispose([kept, x]);
  });

  it('at its limit is counted and warned about once, and its tensors still compute', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const before = torch.memory('cpu');
    cpuPool.heapLimitBytes = 0;
    const a = torch.ones(1000).mul(3);
    const b = a.add(1);
    cpuPool.heapLimitBytes = limit;
    const after = torch.memory('cpu');
    expect(after.offHeapAllocs! - before.offHeapAllocs!).toBe(3); // ones, a, b
    expect(after.offHeapOperands!).toBeGreaterThan(before.offHeapOperands!);
    expect(b.sum().itemSync()).toBe(4000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^@x\/backend-cpu: the kernels' heap is at its limit \(0 MiB, .* MiB held by live tensors\) and cannot serve 4000 bytes: new tensors use plain arrays and the slower TypeScript kernels\. Free tensors/);
    warn.mockRestore();
    torch.dispose([a, b]);
  });
});
