// Reads the entries of a zip archive held in memory, as PyTorch's torch.save writes them: stored (not
// compressed) entries, zip64 where sizes need it. Entries are views of the input (nothing is copied or
// inflated, so a hostile archive cannot make us allocate more than it holds); every offset and size is
// checked against the bytes present, and each entry's CRC-32 against its data.
import { crc32 } from './crc32';

export interface ZipEntry {
  readonly name: string;
  /** The entry's bytes: a view of the archive. */
  readonly data: Uint8Array;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Far above any checkpoint's entry count (one per storage), and it bounds the directory's work. */
export const MAX_ENTRIES = 1_000_000;
const MAX_NAME = 4096;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The entries of `bytes` by name, in directory order. `fail` throws with the caller's context. */
export function readZip(bytes: Uint8Array, fail: (msg: string) => never): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => {
    const value = u32(at) + u32(at + 4) * 2 ** 32;
    if (u32(at + 4) >= 2 ** 21) fail(`a zip64 size or offset (${value}) is beyond any file this reader can hold: the archive is corrupted`);
    return value;
  };
  const n = bytes.length;

  // The end-of-central-directory record: 22 bytes plus a comment of at most 65535, at the very end.
  let eocd = -1;
  for (let at = n - 22; at >= Math.max(0, n - 22 - 65535); at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === n) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no end of central directory: the zip archive is truncated or not a zip archive');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const record = u64(eocd - 20 + 8);
    if (record + 56 > eocd - 20 || u32(record) !== ZIP64_EOCD) fail('the zip64 end of central directory is missing or misplaced: the archive is corrupted');
    count = u64(record + 32);
    cdSize = u64(record + 40);
    cdOffset = u64(record + 48);
  }
  if (count > MAX_ENTRIES) fail(`the archive declares ${count} entries (at most ${MAX_ENTRIES} are read): not a PyTorch checkpoint`);
  if (cdOffset + cdSize > eocd) fail(`the central directory (${cdSize} bytes at ${cdOffset}) runs past its end record: the archive is truncated or corrupted`);

  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || u32(at) !== CENTRAL) fail(`central directory entry ${i} of ${count} is missing: the archive is truncated or corrupted`);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let packed = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
    let local = u32(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) fail(`central directory entry ${i} runs past the directory: the archive is corrupted`);
    if (nameLength > MAX_NAME) fail(`an entry name of ${nameLength} bytes: the archive is corrupted`);
    let name = '';
    try {
      name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    } catch {
      fail(`entry ${i}'s name is not valid UTF-8: the archive is corrupted`);
    }
    // zip64 extra field: the 32-bit fields set to 0xffffffff are given as 64-bit values, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(e), len = u16(e + 2);
      if (e + 4 + len > at + 46 + nameLength + extraLength) fail(`entry ${JSON.stringify(name)} has a malformed extra field: the archive is corrupted`);
      if (id === 0x0001) {
        let f = e + 4;
        const take = (): number => {
          if (f + 8 > e + 4 + len) fail(`entry ${JSON.stringify(name)} has a short zip64 field: the archive is corrupted`);
          const v = u64(f);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (packed === 0xffffffff) packed = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    if (method !== 0) {
      fail(`entry ${JSON.stringify(name)} is compressed (method ${method}); PyTorch's checkpoints store entries uncompressed, and only those are read: resave it with torch.save`);
    }
    if (packed !== size) fail(`entry ${JSON.stringify(name)} is stored with ${packed} bytes but declares ${size}: the archive is corrupted`);
    if (local + 30 > n || u32(local) !== LOCAL) fail(`entry ${JSON.stringify(name)}'s local header (at ${local}) is missing: the archive is truncated or corrupted`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + size > cdOffset) fail(`entry ${JSON.stringify(name)} (${size} bytes at ${start}) runs past the file's data: the archive is truncated or corrupted`);
    const data = bytes.subarray(start, start + size);
    if (crc32(data) !== crc) fail(`entry ${JSON.stringify(name)} fails its CRC-32 check: the archive is corrupted`);
    if (entries.has(name)) fail(`the archive holds two entries named ${JSON.stringify(name)}: it is corrupted`);
    entries.set(name, { name, data });
    at = next;
  }
  return entries;
}
