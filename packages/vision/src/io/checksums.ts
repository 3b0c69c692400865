// CRC-32 (PNG chunks, gzip trailers: @x/tensor's, which its zip reader uses too) and Adler-32 (zlib
// trailers), as the PNG and zlib specs define them.
export { crc32 } from '@x/tensor';

/** Adler-32 of `bytes`. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before b may pass 2^32 (zlib's NMAX).
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
