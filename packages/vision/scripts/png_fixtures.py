"""PNG fixtures for @x/vision's decoder, with Pillow 9.4 (Debian's python3-pil) as the reference decode.

Writes, under packages/vision/test/fixtures/png/:
  images/*.png      valid images: every color type and bit depth, interlaced or not, every filter type,
                    palettes and tRNS (keys too), image data split over several IDAT chunks, and files
                    written by Pillow's own encoder;
  reference.json    for each image, the mode, size and pixels @x should decode (base64, row-major HWC);
  fuzz-corpus.bin   seeded, structure-aware mutants of those images (u32 big-endian length, bytes, ...);
  fuzz-reference.json  for each mutant, what the reference made of it: an error, or mode, size and
                    the sha256 of the pixels.

The reference is Pillow's decode turned into @x's modes (L, LA, RGB, RGBA; palette images RGB, or RGBA
when a pixel is transparent; gray and RGB images with a tRNS key LA and RGBA when a pixel matches it).
Three things Pillow 9.4 does that the PNG spec does not, where the reference follows the spec instead:
16-bit gray opens as mode I and clips to 255 in convert('L') (the reference takes the high byte, as
Pillow does for every other 16-bit type); a tRNS key of a 1, 2 or 4-bit gray image is compared with the
scaled sample, and a 16-bit RGB key with the high bytes, so they never match (the reference compares
the file's samples, read with pypng, python3-png). Run: /usr/bin/python3 packages/vision/scripts/png_fixtures.py
"""
import base64
import hashlib
import io
import json
import os
import random
import struct
import zlib

import warnings

import numpy as np
import png as pypng
from PIL import Image

warnings.simplefilter('ignore', Image.DecompressionBombWarning)

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'png')
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    body = kind + data
    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b''.join(struct.pack('>H', v) for v in samples)
    out, acc, nbits = bytearray(), 0, 0
    for v in samples:
        acc = (acc << depth) | v
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prev, bpp):
    out = bytearray([kind])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev is not None else 0
        c = prev[i - bpp] if prev is not None and i >= bpp else 0
        pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind]
        out.append((x - pred) & 0xFF)
    return bytes(out)


def encode(width, height, color, depth, pixels, interlace=False, palette=None, trns=None, filters=(0, 1, 2, 3, 4), idat_parts=1):
    """A PNG of `pixels` (rows of samples) with our own writer: any filter, interlace and chunking."""
    s = SAMPLES[color]
    bpp = max(1, s * depth // 8)
    raw = bytearray()
    k = 0
    for x0, y0, dx, dy in (ADAM7 if interlace else [(0, 0, 1, 1)]):
        cols = len(range(x0, width, dx))
        prev = None
        for y in range(y0, height, dy):
            if cols == 0:
                break
            samples = [pixels[y][x * s + c] for x in range(x0, width, dx) for c in range(s)]
            row = pack_row(samples, depth)
            raw += filter_row(filters[k % len(filters)], row, prev, bpp)
            prev = row
            k += 1
    z = zlib.compress(bytes(raw), 9)
    ihdr = struct.pack('>IIBBBBB', width, height, depth, color, 0, 0, 1 if interlace else 0)
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr)
    if palette is not None:
        out += chunk(b'PLTE', bytes(v for rgb in palette for v in rgb))
    if trns is not None:
        out += chunk(b'tRNS', trns)
    step = max(1, -(-len(z) // idat_parts))
    for i in range(0, len(z), step):
        out += chunk(b'IDAT', z[i:i + step])
    return out + chunk(b'IEND', b'')


def ihdr_of(data):
    """IHDR's fields: width, height, depth, color type, compression, filter, interlace."""
    ihdr = next(d for k, d in split_chunks(data) if k == b'IHDR')
    return struct.unpack('>IIBBBBB', ihdr[:13])


def keyed_alpha(data):
    """Alpha from a tRNS key, from pypng's decode of the file's own samples (None without a key)."""
    r = pypng.Reader(bytes=data)
    r.preamble()
    if r.color_type not in (0, 2) or r.transparent is None:
        return None
    _, _, rows, _ = r.asDirect()
    s = SAMPLES[r.color_type] + 1
    return np.array([list(row) for row in rows], dtype=np.int64).reshape(r.height, r.width, s)[:, :, -1] != 0


def reference(data):
    """(mode, width, height, pixels) as @x should decode `data`, or raises if Pillow refuses it."""
    im = Image.open(io.BytesIO(data))
    im.load()
    color = ihdr_of(data)[3]
    if im.mode == 'I':
        gray = (np.array(im).astype(np.int64) >> 8).astype(np.uint8)[:, :, None]
    elif im.mode in ('1', 'L', 'LA', 'RGB', 'RGBA', 'P'):
        target = {0: 'L', 2: 'RGB', 4: 'LA', 6: 'RGBA', 3: 'RGBA' if 'transparency' in im.info else 'RGB'}[color]
        gray = np.array(im.convert(target))
        if gray.ndim == 2:
            gray = gray[:, :, None]
    else:
        raise ValueError(f'unexpected Pillow mode {im.mode}')
    pixels = gray
    if color in (0, 2) and 'transparency' in im.info:
        alpha = keyed_alpha(data)
        if alpha is not None and not alpha.all():
            pixels = np.concatenate([pixels, np.where(alpha, 255, 0).astype(np.uint8)[:, :, None]], axis=2)
    if color == 3 and pixels.shape[2] == 4 and (pixels[:, :, 3] == 255).all():
        pixels = pixels[:, :, :3]
    mode = {1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA'}[pixels.shape[2]]
    return mode, im.width, im.height, np.ascontiguousarray(pixels, dtype=np.uint8).tobytes()


def random_pixels(rng, width, height, color, depth, entries=None):
    top = (entries - 1) if color == 3 else (1 << depth) - 1
    return [[rng.randint(0, top) for _ in range(width * SAMPLES[color])] for _ in range(height)]


def base_images(rng):
    images = {}
    combos = [(0, d) for d in (1, 2, 4, 8, 16)] + [(2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)]
    for color, depth in combos:
        for interlace in (False, True):
            for width, height in ((7, 5), (1, 1), (3, 10)) if interlace else ((7, 5), (13, 2)):
                entries = min(1 << depth, 6) if color == 3 else None
                palette = [(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)) for _ in range(entries)] if entries else None
                px = random_pixels(rng, width, height, color, depth, entries)
                name = f'c{color}-d{depth}-{width}x{height}{"-adam7" if interlace else ""}'
                images[name] = encode(width, height, color, depth, px, interlace, palette, idat_parts=1 + (width * height) % 3)
    # tRNS: palette alphas (fewer entries than the palette), all-opaque tRNS, and keys for gray and RGB.
    pal = [(10, 20, 30), (200, 100, 50), (0, 255, 0), (9, 9, 9)]
    images['palette-trns'] = encode(4, 2, 3, 8, [[0, 1, 2, 3], [3, 2, 1, 0]], palette=pal, trns=bytes([0, 128]))
    images['palette-trns-opaque'] = encode(4, 2, 3, 2, [[0, 1, 2, 3], [3, 2, 1, 0]], palette=pal, trns=bytes([255, 255]))
    images['gray8-key'] = encode(4, 2, 0, 8, [[7, 8, 9, 7], [0, 7, 255, 1]], trns=struct.pack('>H', 7))
    images['gray8-key-unused'] = encode(3, 1, 0, 8, [[1, 2, 3]], trns=struct.pack('>H', 7))
    images['gray2-key'] = encode(4, 2, 0, 2, [[0, 1, 2, 3], [2, 2, 0, 1]], trns=struct.pack('>H', 2), interlace=True)
    images['gray1-key'] = encode(9, 1, 0, 1, [[0, 1, 0, 1, 1, 0, 0, 1, 1]], trns=struct.pack('>H', 1))
    images['gray16-key'] = encode(3, 1, 0, 16, [[0x1234, 0x12FF, 0xFFFF]], trns=struct.pack('>H', 0x1234))
    images['rgb8-key'] = encode(3, 1, 2, 8, [[1, 2, 3, 1, 2, 4, 1, 2, 3]], trns=struct.pack('>HHH', 1, 2, 3))
    images['rgb16-key'] = encode(2, 1, 2, 16, [[0x1234, 0x5678, 0x9ABC, 0x12FF, 0x56FF, 0x9AFF]], trns=struct.pack('>HHH', 0x1234, 0x5678, 0x9ABC))
    # Files from Pillow's encoder (its own filter choices and chunking).
    for mode in ('1', 'L', 'LA', 'RGB', 'RGBA', 'P', 'I;16'):
        arr = np.array([[rng.randint(0, 255) for _ in range(11 * 6 * 4)]], dtype=np.uint8).reshape(6, 11, 4)
        im = Image.fromarray(arr, 'RGBA').convert('RGB' if mode in ('P', 'I;16') else mode)
        if mode == 'P':
            im = im.quantize(7)
        if mode == 'I;16':
            im = Image.fromarray((np.array(im.convert('L')).astype(np.uint16) * 257 + 3), 'I;16')
        b = io.BytesIO()
        im.save(b, 'PNG', **({'transparency': 3} if mode == 'P' else {}))
        images[f'pillow-{mode.replace(";", "")}'] = b.getvalue()
    return images


# ---------------------------------------------------------------------------------------------------
# Mutants: each starts from a base image and applies one to three structure-aware mutations; CRCs are
# recomputed for most of them so that the decoder's deeper checks (not only the CRC) are reached.

def split_chunks(data):
    out, pos = [], 8
    while pos + 12 <= len(data):
        n = struct.unpack('>I', data[pos:pos + 4])[0]
        out.append([data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]])
        pos += 12 + n
    return out


def join_chunks(chunks):
    return b'\x89PNG\r\n\x1a\n' + b''.join(chunk(k, d) for k, d in chunks)


def mutate_image_data(rng, chunks):
    idats = [d for k, d in chunks if k == b'IDAT']
    try:
        raw = bytearray(zlib.decompress(b''.join(idats)))
    except zlib.error:
        return chunks
    op = rng.randrange(6)
    if op == 0 and raw:
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif op == 1 and raw:
        del raw[rng.randrange(len(raw)):]
    elif op == 2:
        raw += bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
    elif op == 3 and raw:
        raw[rng.randrange(len(raw))] = rng.choice([5, 6, 255, 0, 1, 2, 3, 4])
    elif op == 4 and raw:
        cut = rng.randrange(len(raw))
        del raw[cut:cut + rng.randint(1, 8)]
    z = zlib.compress(bytes(raw), rng.choice([0, 1, 9]))
    if op == 5:
        z = z[:rng.randrange(len(z) + 1)]
    rest = [c for c in chunks if c[0] != b'IDAT']
    at = next((i for i, c in enumerate(rest) if c[0] == b'IEND'), len(rest))
    return rest[:at] + [[b'IDAT', z]] + rest[at:]


def mutate(rng, data):
    chunks = split_chunks(data)
    fix_crc = rng.random() < 0.85
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        ihdr_at = next((i for i, c in enumerate(chunks) if c[0] == b'IHDR' and len(c[1]) >= 13), None)
        if op == 0 and ihdr_at is not None:  # IHDR fields
            ihdr = bytearray(chunks[ihdr_at][1])
            field = rng.randrange(7)
            if field < 2:
                ihdr[4 * field:4 * field + 4] = struct.pack('>I', rng.choice([0, 1, 2, 3, 5, 8, 17, 100, 1000, 70000, 2 ** 31, 2 ** 32 - 1]))
            else:
                ihdr[6 + field] = rng.choice([0, 1, 2, 3, 4, 6, 7, 8, 16, 255])
            chunks[ihdr_at][1] = bytes(ihdr)
        elif op in (1, 2):
            chunks = mutate_image_data(rng, chunks)
        elif op == 3 and len(chunks) > 1:  # drop a chunk
            del chunks[rng.randrange(len(chunks))]
        elif op == 4:  # duplicate or move a chunk
            c = rng.choice(chunks)
            chunks.insert(rng.randrange(len(chunks) + 1), [c[0], c[1]])
        elif op == 5:  # a new chunk: ancillary, critical unknown, or a stray tRNS / PLTE
            kind = rng.choice([b'tEXt', b'zzZz', b'ABCD', b'tRNS', b'PLTE', b'IEND', b'IHDR'])
            chunks.insert(rng.randrange(1, len(chunks) + 1), [kind, bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 2, 6, 13, 30])))])
        elif op == 6:  # change bytes of some chunk's data
            c = rng.choice(chunks)
            d = bytearray(c[1])
            if d:
                d[rng.randrange(len(d))] = rng.randrange(256)
            c[1] = bytes(d)
        elif op == 7:  # split the image data over more IDAT chunks, or put a chunk between them
            idat = [i for i, c in enumerate(chunks) if c[0] == b'IDAT']
            if idat:
                i = idat[0]
                d = chunks[i][1]
                cut = rng.randrange(len(d) + 1)
                chunks[i:i + 1] = [[b'IDAT', d[:cut]], [b'tEXt', b'k\x00v'] if rng.random() < 0.3 else [b'IDAT', d[cut:cut]], [b'IDAT', d[cut:]]]
        elif op == 8:  # zlib stream bytes (the compressed data itself)
            idat = [c for c in chunks if c[0] == b'IDAT']
            if idat and idat[0][1]:
                d = bytearray(idat[0][1])
                d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
                idat[0][1] = bytes(d)
        else:  # truncate the file
            out = join_chunks(chunks)
            return out[:rng.randrange(len(out))]
    out = join_chunks(chunks)
    if not fix_crc:
        b = bytearray(out)
        b[rng.randrange(8, len(b))] ^= 1 << rng.randrange(8)
        out = bytes(b)
    return out


def main():
    rng = random.Random(20240609)
    os.makedirs(os.path.join(OUT, 'images'), exist_ok=True)
    images = base_images(rng)
    ref = {}
    for name, data in sorted(images.items()):
        with open(os.path.join(OUT, 'images', f'{name}.png'), 'wb') as f:
            f.write(data)
        mode, w, h, pixels = reference(data)
        ref[name] = {'mode': mode, 'width': w, 'height': h, 'pixels': base64.b64encode(pixels).decode()}
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(ref, f, indent=0, sort_keys=True)
        f.write('\n')
    names = sorted(images)
    corpus, verdicts = bytearray(), []
    for i in range(2500):
        data = mutate(rng, images[names[i % len(names)]])
        corpus += struct.pack('>I', len(data)) + data
        try:
            mode, w, h, pixels = reference(data)
            verdicts.append({'base': names[i % len(names)], 'mode': mode, 'width': w, 'height': h, 'sha256': hashlib.sha256(pixels).hexdigest()[:32]})
        except Exception as e:  # noqa: BLE001 - any refusal by Pillow is the reference's "error"
            verdicts.append({'base': names[i % len(names)], 'error': f'{type(e).__name__}: {e}'[:120]})
    with open(os.path.join(OUT, 'fuzz-corpus.bin'), 'wb') as f:
        f.write(corpus)
    with open(os.path.join(OUT, 'fuzz-reference.json'), 'w') as f:
        json.dump(verdicts, f, indent=0)
        f.write('\n')
    accepted = sum('sha256' in v for v in verdicts)
    print(f'{len(images)} images, {len(verdicts)} mutants ({accepted} accepted by Pillow), corpus {len(corpus)} bytes')


if __name__ == '__main__':
    main()
