#!/usr/bin/env python3
"""torchvision 0.14's io.read_image on PNGs of every color type (made with Pillow), in each
ImageReadMode, for test/io.test.ts: the PNG bytes and the uint8 CHW tensors torchvision gives.

    /usr/bin/python3 packages/vision/scripts/io_fixtures.py   # python3-torchvision, python3-pil
"""
import base64
import io
import json
import os
import tempfile

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision.io import ImageReadMode, read_image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'io.json')
rng = np.random.default_rng(5)
H, W = 5, 7


def png(img, **kw):
    buf = io.BytesIO()
    img.save(buf, format='PNG', **kw)
    return buf.getvalue()


def pixels(c):
    a = rng.integers(0, 256, size=(H, W, c), dtype=np.uint8)
    a[0, :3] = a[0, :3, :1]  # a few gray pixels among colors (libpng's gray shortcut)
    return a


def images():
    out = {}
    out['L'] = png(Image.fromarray(pixels(1)[:, :, 0], 'L'))
    out['LA'] = png(Image.fromarray(pixels(2), 'LA'))
    out['RGB'] = png(Image.fromarray(pixels(3), 'RGB'))
    out['RGBA'] = png(Image.fromarray(pixels(4), 'RGBA'))
    p = Image.fromarray(rng.integers(0, 6, size=(H, W), dtype=np.uint8), 'P')
    p.putpalette([int(v) for v in rng.integers(0, 256, size=6 * 3)])
    out['P'] = png(p)
    return out


def main():
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in images().items():
            path = os.path.join(tmp, name + '.png')
            with open(path, 'wb') as f:
                f.write(data)
            outputs = {}
            for mode in ['UNCHANGED', 'GRAY', 'GRAY_ALPHA', 'RGB', 'RGB_ALPHA']:
                t = read_image(path, getattr(ImageReadMode, mode))
                outputs[mode] = {'shape': list(t.shape), 'data': t.flatten().tolist()}
            cases.append({'name': name, 'png': base64.b64encode(data).decode(), 'outputs': outputs})
    with open(OUT, 'w') as f:
        json.dump({'torchvision': torchvision.__version__, 'cases': cases}, f)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), os.path.normpath(OUT)))


if __name__ == '__main__':
    main()
