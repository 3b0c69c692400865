// The device's error flag. Kernels cannot throw: a data error they find (an index out of range, an
// int64 result beyond 32 bits, an integer division by zero) or a failed `check` is recorded in a small
// GPU buffer, [~code, value]: each recording site gets a code from a counter, in queue order, and the
// shader keeps the largest ~code (atomicMax), that is the first site in queue order. The next read or
// sync copies the words out with its data, clears them, and rejects with the site's error.
//
// WGSL for the shaders that report: bind `err` and call report(code, value).

export const ERROR_WGSL = /* wgsl */ `
fn report(code: u32, value: i32) {
  let old = atomicMax(&err[0], ~code);
  if (old < ~code) { atomicStore(&err[1], bitcast<u32>(value)); }
}`;

export type ErrorFactory = (value: number) => Error;

export class ErrorSites {
  private next = 1;
  private readonly sites = new Map<number, ErrorFactory>();

  /** A code for a new site; its error is made from the value the shader reports (an index, say). */
  add(factory: ErrorFactory): number {
    const code = this.next++;
    this.sites.set(code, factory);
    return code;
  }

  /** The error of the first site (largest ~code) recorded in `words`, or null; forgets sites up to `upTo`. */
  take(words: Uint32Array, upTo: number): Error | null {
    const code = words[0] === 0 ? 0 : ~words[0]! >>> 0;
    const factory = code === 0 ? undefined : this.sites.get(code);
    for (const k of this.sites.keys()) if (k <= upTo) this.sites.delete(k);
    if (code === 0) return null;
    const value = words[1]! | 0;
    return factory ? factory(value) : new Error(`webgpu: a kernel reported error code ${code} (value ${value})`);
  }

  /** The last code handed out. */
  get last(): number {
    return this.next - 1;
  }
}
