// Writes a zip archive of stored (uncompressed) entries, as PyTorch's torch.save does: each entry's data
// starts at a multiple of 64 bytes (padding in the local header's extra field, as PyTorch pads), so a
// reader can map storages in place. Archives past 4 GiB would need zip64 and are refused.
import { crc32 } from './crc32';

const ALIGN = 64;

export function writeZip(entries: readonly { name: string; data: Uint8Array }[], fail: (msg: string) => never): Uint8Array {
  const encoder = new TextEncoder();
  const names = entries.map((e) => encoder.encode(e.name));
  // Layout first: local header (30 + name + padding extra), data; then the central directory.
  const offsets: number[] = [];
  const pads: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    offsets.push(at);
    const header = 30 + names[i]!.length;
    let pad = (ALIGN - ((at + header) % ALIGN)) % ALIGN;
    if (pad > 0 && pad < 4) pad += ALIGN; // an extra field needs 4 bytes of its own header
    pads.push(pad);
    at += header + pad + e.data.length;
  });
  const cdStart = at;
  const cdSize = names.reduce((n, name) => n + 46 + name.length, 0);
  const total = cdStart + cdSize + 22;
  if (total >= 2 ** 32 || entries.length >= 65535) fail(`the archive would be ${total} bytes in ${entries.length} entries, beyond what a zip without zip64 holds (4 GiB, 65535 entries)`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const crcs = entries.map((e) => crc32(e.data));
  entries.forEach((e, i) => {
    const o = offsets[i]!, name = names[i]!, pad = pads[i]!;
    view.setUint32(o, 0x04034b50, true);
    view.setUint16(o + 4, 20, true); // version needed
    view.setUint16(o + 8, 0, true); // method: stored
    view.setUint32(o + 14, crcs[i]!, true);
    view.setUint32(o + 18, e.data.length, true);
    view.setUint32(o + 22, e.data.length, true);
    view.setUint16(o + 26, name.length, true);
    view.setUint16(o + 28, pad, true);
    out.set(name, o + 30);
    if (pad > 0) {
      view.setUint16(o + 30 + name.length, 0x4246, true); // 'FB', PyTorch's padding field
      view.setUint16(o + 32 + name.length, pad - 4, true);
    }
    out.set(e.data, o + 30 + name.length + pad);
  });
  let c = cdStart;
  entries.forEach((e, i) => {
    const name = names[i]!;
    view.setUint32(c, 0x02014b50, true);
    view.setUint16(c + 4, 20, true); // version made by
    view.setUint16(c + 6, 20, true); // version needed
    view.setUint32(c + 16, crcs[i]!, true);
    view.setUint32(c + 20, e.data.length, true);
    view.setUint32(c + 24, e.data.length, true);
    view.setUint16(c + 28, name.length, true);
    view.setUint32(c + 42, offsets[i]!, true);
    out.set(name, c + 46);
    c += 46 + name.length;
  });
  view.setUint32(c, 0x06054b50, true);
  view.setUint16(c + 8, entries.length, true);
  view.setUint16(c + 10, entries.length, true);
  view.setUint32(c + 12, cdSize, true);
  view.setUint32(c + 16, cdStart, true);
  return out;
}
