// PyTorch's DataLoader `timeout`: how long to wait for a batch before giving up, in seconds (0: forever).

/** `p`, or PyTorch's "DataLoader timed out after N seconds" once `seconds` have passed (0: no limit). */
export async function withTimeout<T>(p: Promise<T>, seconds: number, waitingFor: () => string): Promise<T> {
  if (seconds === 0) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`DataLoader timed out after ${seconds} seconds waiting for ${waitingFor()}: a getItem (or iterator) that never resolves, or a stuck worker; fix the dataset or raise the timeout option`));
    }, seconds * 1000);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** PyTorch's check of the option. */
export function checkTimeout(timeout: unknown): number {
  if (typeof timeout !== 'number' || !(timeout >= 0) || timeout === Infinity) {
    throw new RangeError(`DataLoader: timeout option should be non-negative (seconds; 0 waits forever), got ${String(timeout)}`);
  }
  return timeout;
}
