#!/usr/bin/env python3
"""A tiny CIFAR-10-style archive for test/cifar.test.ts: cifar-10-batches-py/{data_batch_1, data_batch_2,
test_batch, batches.meta} in a tar.gz, pickled three ways (protocol 2 and 4 by Python 3, and the
Python 2 cPickle protocol-2 form of the real files, written opcode by opcode and checked to load as
torchvision loads it), plus what torchvision's CIFAR10 reads from it (the md5s, data and labels).

    /usr/bin/python3 packages/vision/scripts/cifar_fixtures.py
"""
import gzip
import hashlib
import io
import json
import os
import pickle
import struct
import tarfile

import numpy as np
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures')
rng = np.random.default_rng(10)
CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


def py2_pickle(batch_label, labels, data):
    """The bytes Python 2's cPickle.dump(d, f, 2) writes for CIFAR's batch dict (str keys, str data)."""
    out = bytearray(b'\x80\x02}q\x01(')
    s = lambda b: (b'U' + bytes([len(b)]) + b) if len(b) < 256 else (b'T' + struct.pack('<I', len(b)) + b)  # noqa: E731
    out += s(b'batch_label') + s(batch_label.encode())
    out += s(b'labels') + b']q\x02(' + b''.join(b'K' + bytes([v]) for v in labels) + b'e'
    n = data.shape[0]
    out += s(b'data') + b'cnumpy.core.multiarray\n_reconstruct\nq\x03cnumpy\nndarray\nq\x04K\x00\x85U\x01b\x87R'
    out += b'(K\x01M' + struct.pack('<H', n) + b'M\x00\x0c\x86cnumpy\ndtype\nq\x05U\x02u1K\x00K\x01\x87R'
    out += b'(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89' + s(data.tobytes()) + b'tb'
    out += s(b'filenames') + b'](' + b''.join(s(('img_%d.png' % i).encode()) for i in range(n)) + b'e'
    out += b'u.'
    return bytes(out)


def batch(label, n):
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = [int(v) for v in rng.integers(0, 10, size=n)]
    return label, labels, data


def main():
    b1, b2, tb = batch('training batch 1 of 2', 3), batch('training batch 2 of 2', 2), batch('testing batch 1 of 1', 2)
    files = {
        'data_batch_1': pickle.dumps({'batch_label': b1[0], 'labels': b1[1], 'data': b1[2]}, protocol=2),
        'data_batch_2': pickle.dumps({'batch_label': b2[0], 'labels': b2[1], 'data': b2[2]}, protocol=4),
        'test_batch': py2_pickle(*tb),
        'batches.meta': pickle.dumps({'num_cases_per_batch': 3, 'label_names': CLASSES, 'num_vis': 3072}, protocol=2),
    }
    loaded = pickle.loads(files['test_batch'], encoding='latin1')
    assert loaded['labels'] == tb[1] and np.array_equal(loaded['data'], tb[2]), 'the Python 2 form does not load back'
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo('cifar-10-batches-py/' + name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    archive = gzip.compress(buf.getvalue(), mtime=0)  # no timestamp: the same bytes on every run
    with open(os.path.join(OUT, 'cifar10-tiny.tar.gz'), 'wb') as f:
        f.write(archive)
    md5 = lambda b: hashlib.md5(b).hexdigest()  # noqa: E731
    # what torchvision's CIFAR10 reads (its class attributes pointed at this archive)
    import tempfile
    from torchvision.datasets import CIFAR10
    with tempfile.TemporaryDirectory() as root:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root)
        CIFAR10.train_list = [['data_batch_1', md5(files['data_batch_1'])], ['data_batch_2', md5(files['data_batch_2'])]]
        CIFAR10.test_list = [['test_batch', md5(files['test_batch'])]]
        CIFAR10.meta = {'filename': 'batches.meta', 'key': 'label_names', 'md5': md5(files['batches.meta'])}
        splits = {}
        for train in (True, False):
            ds = CIFAR10(root, train=train)
            splits['train' if train else 'test'] = {'targets': ds.targets, 'data': ds.data.flatten().tolist(), 'classes': ds.classes}
    spec = {
        'tgzMd5': md5(archive), 'trainList': CIFAR10.train_list, 'testList': CIFAR10.test_list, 'meta': CIFAR10.meta,
        'torchvision': torchvision.__version__, 'splits': splits,
    }
    with open(os.path.join(OUT, 'cifar10-tiny.json'), 'w') as f:
        json.dump(spec, f)
        f.write('\n')
    print('wrote cifar10-tiny.tar.gz (%d bytes) and cifar10-tiny.json' % len(archive))


if __name__ == '__main__':
    main()
