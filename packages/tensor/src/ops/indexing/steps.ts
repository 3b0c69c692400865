// Ops whose work depends on a few values read back from the device (how many elements a mask
// selects, whether an index is in range) are written once, as generators that yield the 0-d tensors
// they need to read; the sync driver reads them on the spot (CPU), the async one awaits them.
import { canReadSync } from '../../caps';
import type { Tensor } from '../../tensor';

export type Steps<T> = Generator<readonly Tensor[], T, number[]>;

export { canReadSync };

/** Runs `steps` synchronously; `needsAsync` is the error for a device that cannot read synchronously. */
export function runSync<T>(device: string, steps: Steps<T>, needsAsync: () => string): T {
  let r = steps.next([]);
  while (!r.done) {
    const wanted = r.value;
    if (wanted.length > 0 && !canReadSync(device)) throw new Error(needsAsync());
    r = steps.next(wanted.map((t) => Number(t.itemSync())));
  }
  return r.value;
}

export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let r = steps.next([]);
  while (!r.done) {
    const values = await Promise.all(r.value.map(async (t) => Number(await t.item())));
    r = steps.next(values);
  }
  return r.value;
}

/** Runs several step sequences side by side, batching their reads into one round trip each time. */
export function* allSteps<T>(list: readonly Steps<T>[]): Steps<T[]> {
  const results = new Array<T>(list.length);
  let pending = list.map((g, i) => ({ i, g, r: g.next([]) }));
  for (;;) {
    for (const p of pending) if (p.r.done) results[p.i] = p.r.value;
    pending = pending.filter((p) => !p.r.done);
    if (pending.length === 0) return results;
    const wanted = pending.flatMap((p) => (p.r.done ? [] : p.r.value));
    const values = yield wanted;
    let k = 0;
    for (const p of pending) {
      const n = p.r.done ? 0 : p.r.value.length;
      p.r = p.g.next(values.slice(k, k + n));
      k += n;
    }
  }
}
