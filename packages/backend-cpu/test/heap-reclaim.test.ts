// The kernels' heap and forgotten tensors: the garbage collector cannot free a heap block, so the
// backend's safety net returns the blocks of storages it collected (watched in batches of one size
// class, heap-watch.ts); a heap at its limit is visible (torch.memory('cpu').offHeapAllocs /
// offHeapOperands, and one warning).
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as torch from '@x/tensor';
import { cpuPool } from '../src/index';

const limit = cpuPool.heapLimitBytes;
afterAll(() => {
  cpuPool.heapLimitBytes = limit;
});

async function collector(): Promise<() => void> {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Collects, and lets the safety net return what earlier tests dropped, so counts below are this test's. */
async function settle(gc: () => void): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the heap', () => {
  it('gets back the blocks of tensors garbage-collected without dispose', async () => {
    const gc = await collector();
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

  it('gets back small blocks too, a batch of one size class at a time', async () => {
    const gc = await collector();
    const x = torch.ones(60); // 240 bytes: the 240-byte class, 64 blocks a batch
    await settle(gc);
    const before = torch.memory('cpu');
    (() => {
      for (let i = 0; i < 1000; i++) x.add(i); // 1,000 results nobody disposes
    })();
    expect(torch.memory('cpu').heapLiveBytes! - before.heapLiveBytes!).toBe(1000 * 240);
    // what may wait: the blocks of the batch still open, and of x's own batch (x lives on)
    const pinned = 2 * 63 * 240;
    for (let i = 0; i < 20 && torch.memory('cpu').heapLiveBytes! - before.heapLiveBytes! > pinned; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    const after = torch.memory('cpu');
    expect(after.heapLiveBytes! - before.heapLiveBytes!).toBeLessThanOrEqual(pinned);
    expect(after.reclaimedBlocks! - before.reclaimedBlocks!).toBeGreaterThanOrEqual(1000 - 2 * 63);
    x.dispose();
  });

  it('does not return a block twice: one disposed before its batch was collected stays with its new owner', async () => {
    const gc = await collector();
    const x = torch.ones(44); // 176 bytes
    await settle(gc);
    const before = torch.memory('cpu');
    const disposedThenReused: torch.Tensor[] = [];
    (() => {
      for (let i = 0; i < 256; i++) {
        const y = x.add(i);
        if (i % 2 === 0) y.dispose(); // half go back by dispose, half are dropped
      }
      // these take the disposed blocks; the safety net must not hand them out again
      for (let i = 0; i < 100; i++) disposedThenReused.push(x.mul(i));
    })();
    for (let i = 0; i < 20 && torch.memory('cpu').heapLiveBytes! - before.heapLiveBytes! > (100 + 2 * 63) * 176; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // the 128 dropped blocks came back, the 100 kept ones did not
    const held = torch.memory('cpu').heapLiveBytes! - before.heapLiveBytes!;
    expect(held).toBeGreaterThanOrEqual(100 * 176);
    expect(held).toBeLessThanOrEqual((100 + 2 * 63) * 176);
    // every kept tensor still owns its block: new tensors of the class land elsewhere
    const fresh = Array.from({ length: 200 }, (_, i) => x.mul(-i));
    disposedThenReused.forEach((t, i) => expect(t.sum().itemSync()).toBe(44 * i));
    torch.dispose([fresh, disposedThenReused, x]);
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
