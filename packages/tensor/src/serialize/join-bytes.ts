// Byte arrays one after another in a new array: the pickle writer's chunks here, and @x/vision's PNG
// chunks (encoder) and IDAT chunks (decoder).

/** The byte arrays one after another in a new array. @internal */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
