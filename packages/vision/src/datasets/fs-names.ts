// File names as Python sees them, so ImageFolder lists what torchvision lists in the same order: names
// that are not UTF-8 decode with Python's surrogateescape (byte 0xe9 becomes '\udce9', and back), and
// strings compare by code point (Python's order; JS's `<` compares UTF-16 code units, which puts
// U+10000 and above before U+E000..U+FFFF).

/** Python's os.fsdecode: UTF-8, each byte of an ill-formed sequence as U+DC80..U+DCFF. */
export function fsDecode(name: Uint8Array): string {
  let out = '';
  for (let i = 0; i < name.length; ) {
    const b = name[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    // Well-formed sequences (Unicode table 3-7): the second byte's range depends on the first.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let ok = n > 0 && i + n <= name.length && name[i + 1]! >= lo && name[i + 1]! <= hi;
    for (let k = 2; ok && k < n; k++) ok = name[i + k]! >= 0x80 && name[i + k]! <= 0xbf;
    if (!ok) {
      out += String.fromCharCode(0xdc00 + b);
      i++;
      continue;
    }
    let cp = b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | (name[i + k]! & 0x3f);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

/** Python's os.fsencode: the inverse of fsDecode (a lone U+DC80..U+DCFF is its byte again). */
export function fsEncode(path: string): Buffer {
  if (!/[\udc80-\udcff]/.test(path)) return Buffer.from(path, 'utf8');
  const parts: Buffer[] = [];
  let text = '';
  for (const ch of path) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      parts.push(Buffer.from(text, 'utf8'), Buffer.of(cp - 0xdc00));
      text = '';
    } else text += ch;
  }
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}

/** Python's string order: by code point. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    // Compare whole code points: step back onto a shared high surrogate (the pair differs in its low half).
    const high = a.charCodeAt(i - 1);
    const j = i > 0 && high >= 0xd800 && high <= 0xdbff ? i - 1 : i;
    return a.codePointAt(j)! - b.codePointAt(j)!;
  }
  return a.length - b.length;
}

/** Python's os.path.join for one name (POSIX). */
export function pyJoin(dir: string, name: string): string {
  return dir.endsWith('/') || dir === '' ? dir + name : `${dir}/${name}`;
}
