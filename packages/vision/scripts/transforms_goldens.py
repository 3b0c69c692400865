"""Golden outputs of torchvision's deterministic transforms on tensors.

Run with Debian's torchvision (apt-get install -y python3-torchvision):
    /usr/bin/python3 scripts/transforms_goldens.py
Writes test/fixtures/transforms_goldens.json (committed).
"""
import json
import os
import torch
import torchvision
import torchvision.transforms as T

torch.manual_seed(0)
f = torch.rand(3, 7, 9)  # float CHW in [0, 1)
u = torch.randint(0, 256, (3, 7, 9), dtype=torch.uint8)

def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": t.flatten().tolist()}

cases = []
def case(name, fn, x, **meta):
    cases.append({"name": name, "input": "float" if x is f else "uint8", "out": enc(fn(x)), **meta})

for x in (f, u):
    case("resize_bilinear_4x5", T.Resize([4, 5]), x, op="Resize", size=[4, 5], interpolation="bilinear")
    case("resize_bilinear_11x13", T.Resize([11, 13]), x, op="Resize", size=[11, 13], interpolation="bilinear")
    case("resize_bilinear_short5", T.Resize(5), x, op="Resize", size=5, interpolation="bilinear")
    case("resize_bilinear_aa_4x5", T.Resize([4, 5], antialias=True), x, op="Resize", size=[4, 5], interpolation="bilinear", antialias=True)
    case("resize_bilinear_aa_3x13", T.Resize([3, 13], antialias=True), x, op="Resize", size=[3, 13], interpolation="bilinear", antialias=True)
    case("resize_nearest_4x5", T.Resize([4, 5], interpolation=T.InterpolationMode.NEAREST), x, op="Resize", size=[4, 5], interpolation="nearest")
    case("resize_nearest_11x13", T.Resize([11, 13], interpolation=T.InterpolationMode.NEAREST), x, op="Resize", size=[11, 13], interpolation="nearest")
    case("centercrop_4x5", T.CenterCrop([4, 5]), x, op="CenterCrop", size=[4, 5])
    case("centercrop_10x12", T.CenterCrop([10, 12]), x, op="CenterCrop", size=[10, 12])
    for mode in ("constant", "edge", "reflect", "symmetric"):
        case("pad_" + mode, T.Pad([1, 2, 3, 2], fill=0.5 if x is f else 7, padding_mode=mode), x,
             op="Pad", padding=[1, 2, 3, 2], fill=0.5 if x is f else 7, paddingMode=mode)
    case("grayscale_1", T.Grayscale(1), x, op="Grayscale", channels=1)
    case("grayscale_3", T.Grayscale(3), x, op="Grayscale", channels=3)
    case("hflip", T.RandomHorizontalFlip(1.0), x, op="RandomHorizontalFlip")
    case("vflip", T.RandomVerticalFlip(1.0), x, op="RandomVerticalFlip")
for x in (f, u):
    for interp, mode in (("nearest", T.InterpolationMode.NEAREST), ("bilinear", T.InterpolationMode.BILINEAR)):
        for angle in (30.0, -90.0):
            case("rotate_%s_%g" % (interp, angle), T.RandomRotation((angle, angle), interpolation=mode, fill=0.25 if x is f else 9), x,
                 op="RandomRotation", angle=angle, interpolation=interp, fill=0.25 if x is f else 9)
for x in (f, u):
    for name, kw in (("brightness", dict(brightness=(1.3, 1.3))), ("contrast", dict(contrast=(0.6, 0.6))),
                     ("saturation", dict(saturation=(1.7, 1.7))), ("hue", dict(hue=(0.2, 0.2))), ("hue_neg", dict(hue=(-0.35, -0.35)))):
        case("colorjitter_" + name, T.ColorJitter(**kw), x, op="ColorJitter", **{k: list(v) for k, v in kw.items()})
case("normalize", T.Normalize([0.5, 0.4, 0.3], [0.2, 0.25, 0.5]), f, op="Normalize", mean=[0.5, 0.4, 0.3], std=[0.2, 0.25, 0.5])

hwc = u.permute(1, 2, 0).contiguous()
to_tensor = {"input": enc(hwc), "out": enc(T.ToTensor()(hwc.numpy()))}

# ToTensor, and ToTensor then Normalize (per-channel and one-value mean/std), on PIL images of each mode,
# every byte value 0..255 in each channel (the Image fast paths)
from PIL import Image
to_tensor_images = []
for mode, c, (w, h) in (("L", 1, (16, 16)), ("LA", 2, (8, 32)), ("RGB", 3, (32, 8)), ("RGBA", 4, (16, 16))):
    data = bytes((7 * i + 3 * (i // 256)) % 256 for i in range(w * h * c))
    img = Image.frombytes(mode, (w, h), data)
    mean, std = [0.1307, 0.456, 0.406, 0.5][:c], [0.3081, 0.224, 0.225, 0.25][:c]
    normalized = T.Compose([T.ToTensor(), T.Normalize(mean, std)])(img)
    normalized_one = T.Compose([T.ToTensor(), T.Normalize([0.1307], [0.3081])])(img)
    to_tensor_images.append({"mode": mode, "width": w, "height": h, "data": list(data), "out": enc(T.ToTensor()(img)),
                             "mean": mean, "std": std, "normalized": enc(normalized), "normalizedOne": enc(normalized_one)})

out = {"torchvision": torchvision.__version__, "float": enc(f), "uint8": enc(u), "cases": cases, "toTensor": to_tensor,
       "toTensorImages": to_tensor_images}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "transforms_goldens.json")
with open(path, "w") as fh:
    json.dump(out, fh)
print("wrote", path, len(cases), "cases")
