"""ImageFolder fixture: a small synthetic tree and what torchvision 0.14 makes of it.

Builds the tree described by SPEC in a temporary folder, runs torchvision's DatasetFolder (ImageFolder's
find_classes and make_dataset, with extensions ('.png',), the files @x/vision reads) and writes
packages/vision/test/fixtures/image_folder.json: the spec (so the test builds the same tree), and the
classes, class_to_idx and samples (paths relative to the root) torchvision found.

The tree has what separates torchvision's order from a naive one: names that sort differently by code
point than by UTF-16 code unit, a folder's own files next to subfolders whose names sort around '/',
symbolic links to folders (followed), dangling links, a FIFO, and names that are not UTF-8 (written in
the spec as Python shows them, with surrogateescape: byte 0xe9 is '\\udce9').
Run: /usr/bin/python3 packages/vision/scripts/image_folder_fixtures.py (needs python3-torchvision).
"""
import json
import os
import tempfile

from torchvision.datasets import DatasetFolder

# [path relative to the root, kind, link target]; kinds: dir, png, txt, link, fifo.
SPEC = [
    ['b', 'dir'], ['b/a.png', 'png'], ['b/A.png', 'png'], ['b/Z.PNG', 'png'], ['b/_.png', 'png'], ['b/1.png', 'png'],
    ['b/notes.txt', 'txt'], ['b/.png', 'png'],
    ['b/sub', 'dir'], ['b/sub/2.png', 'png'], ['b/sub/deep', 'dir'], ['b/sub/deep/4.png', 'png'],
    ['b/sub-x', 'dir'], ['b/sub-x/3.png', 'png'], ['b/sub.png', 'dir'], ['b/sub.png/5.png', 'png'],
    ['a', 'dir'], ['a/x.PNG', 'png'],
    ['\ufb00', 'dir'], ['\ufb00/f.png', 'png'],
    ['\U0001d49c', 'dir'], ['\U0001d49c/g.png', 'png'],
    ['caf\udce9', 'dir'], ['caf\udce9/h.png', 'png'], ['caf\udce9/\udcff.png', 'png'],
    ['c', 'dir'], ['c/k.png', 'png'], ['c/link-to-sub', 'link', '../b/sub'], ['c/dangling.png', 'link', 'nowhere.png'],
    ['c/fifo.png', 'fifo'], ['c/\udcfe-\u00e9.png', 'png'],
    ['linked-class', 'link', 'b/sub'],
    ['dangling-class', 'link', 'nowhere'],
    ['root-file.png', 'png'], ['\udcfd-root.txt', 'txt'],
    ['empty-named.png', 'dir'], ['empty-named.png/i.png', 'png'],
]


def build(root):
    for entry in SPEC:
        path = os.path.join(os.fsencode(root), os.fsencode(entry[0]))
        kind = entry[1]
        if kind == 'dir':
            os.mkdir(path)
        elif kind == 'link':
            os.symlink(os.fsencode(entry[2]), path)
        elif kind == 'fifo':
            os.mkfifo(path)
        else:
            with open(path, 'wb') as f:
                f.write(b'not read by the constructor')


def main():
    with tempfile.TemporaryDirectory() as root:
        build(root)
        ds = DatasetFolder(root, loader=lambda p: p, extensions=('.png',))
        prefix = root + os.sep
        out = {
            'spec': SPEC,
            'classes': ds.classes,
            'class_to_idx': ds.class_to_idx,
            'samples': [[p[len(prefix):], t] for p, t in ds.samples],
        }
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'image_folder.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f"{len(out['classes'])} classes, {len(out['samples'])} samples")


if __name__ == '__main__':
    main()
