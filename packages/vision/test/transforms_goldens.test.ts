import '@x/backend-cpu';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import { Image, transforms } from '../src/index';

interface Enc { shape: number[]; dtype: string; values: number[] }
interface Case { name: string; input: 'float' | 'uint8'; out: Enc; op: string; [k: string]: unknown }
const G = JSON.parse(readFileSync(new URL('./fixtures/transforms_goldens.json', import.meta.url), 'utf8')) as {
  float: Enc; uint8: Enc; cases: Case[]; toTensor: { input: Enc; out: Enc };
  toTensorImages: { mode: 'L' | 'LA' | 'RGB' | 'RGBA'; width: number; height: number; data: number[]; out: Enc; mean: number[]; std: number[]; normalized: Enc; normalizedOne: Enc }[];
};

const dec = (e: Enc) => torch.tensor(e.values, { dtype: e.dtype as torch.DType }).reshape(...e.shape);

function build(c: Case): (x: torch.Tensor) => torch.Tensor {
  switch (c.op) {
    case 'Resize': return transforms.Resize(c.size as number | number[], { interpolation: c.interpolation as transforms.Interpolation, antialias: c.antialias === true });
    case 'CenterCrop': return transforms.CenterCrop(c.size as number[]);
    case 'Pad': return transforms.Pad(c.padding as number[], { fill: c.fill as number, paddingMode: c.paddingMode as transforms.PaddingMode });
    case 'Grayscale': return transforms.Grayscale(c.channels as 1 | 3);
    case 'RandomHorizontalFlip': return transforms.RandomHorizontalFlip(1);
    case 'RandomVerticalFlip': return transforms.RandomVerticalFlip(1);
    case 'RandomRotation': return transforms.RandomRotation([c.angle as number, c.angle as number], { interpolation: c.interpolation as 'nearest' | 'bilinear', fill: c.fill as number });
    case 'ColorJitter': {
      const r = (k: string) => c[k] as [number, number] | undefined;
      return transforms.ColorJitter(r('brightness'), r('contrast'), r('saturation'), r('hue'));
    }
    case 'Normalize': return transforms.Normalize(c.mean as number[], c.std as number[]);
    default: throw new Error(`unknown op ${c.op}`);
  }
}

describe('transforms match torchvision 0.14 on tensors', () => {
  for (const c of G.cases) {
    it(`${c.name} (${c.input})`, () => {
      const x = dec(c.input === 'float' ? G.float : G.uint8);
      const y = build(c)(x);
      const want = dec(c.out);
      expect(y.shape).toEqual(want.shape);
      expect(y.dtype).toBe(want.dtype);
      if (torch.isFloating(y.dtype)) {
        // Float resampling/gray weights in float32: equal up to rounding.
        expect(y.allclose(want, { atol: 1e-5, rtol: 1e-5 })).toBe(true);
      } else {
        // uint8 results may differ by 1 where float32 rounding of a .5 value differs.
        const diff = y.to('int32').sub(want.to('int32')).abs().max() as torch.Tensor;
        expect(Number(diff.itemSync())).toBeLessThanOrEqual(c.op === 'Resize' || c.op === 'Grayscale' || c.op === 'RandomRotation' || c.op === 'ColorJitter' ? 1 : 0);
      }
    });
  }

  it('ToTensor: uint8 HWC → float32 CHW / 255', () => {
    const y = transforms.ToTensor()(dec(G.toTensor.input));
    expect(y.shape).toEqual(G.toTensor.out.shape);
    expect(y.dtype).toBe('float32');
    expect(y.allclose(dec(G.toTensor.out), { atol: 1e-7 })).toBe(true);
  });

  for (const g of G.toTensorImages) {
    it(`ToTensor: a PIL '${g.mode}' image → float32 CHW / 255, bit for bit (every byte value)`, () => {
      const image = Image.fromData(Uint8Array.from(g.data), g.width, g.height, g.mode);
      const y = transforms.ToTensor()(image);
      expect(y.shape).toEqual(g.out.shape);
      expect(y.dtype).toBe('float32');
      expect(Array.from(y.dataSync())).toEqual(g.out.values);
      // the same values as the tensor path (uint8 HWC tensor → permute, cast, div)
      const viaTensor = transforms.ToTensor()(image.toTensor());
      expect(Array.from(viaTensor.dataSync())).toEqual(g.out.values);
    });

    it(`Compose([ToTensor(), Normalize(mean, std)]) on a PIL '${g.mode}' image, bit for bit (one pass, and the two transforms apart)`, () => {
      const image = Image.fromData(Uint8Array.from(g.data), g.width, g.height, g.mode);
      for (const [mean, std, want] of [[g.mean, g.std, g.normalized], [[0.1307], [0.3081], g.normalizedOne]] as const) {
        const y = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])(image);
        expect(y.shape).toEqual(want.shape);
        expect(y.dtype).toBe('float32');
        expect(Array.from(y.dataSync())).toEqual(want.values);
        const apart = transforms.Normalize(mean, std)(transforms.ToTensor()(image));
        expect(Array.from(apart.dataSync())).toEqual(want.values);
        // a Lambda between them: no fusion, the same values
        const split = transforms.Compose([transforms.ToTensor(), transforms.Lambda((x: torch.Tensor) => x), transforms.Normalize(mean, std)])(image);
        expect(Array.from(split.dataSync())).toEqual(want.values);
      }
    });
  }

  it('Normalize keeps torchvision\'s errors, also after ToTensor in a Compose', () => {
    const gray = Image.fromData(new Uint8Array(4), 2, 2, 'L');
    // a 3-channel mean on a 1-channel image: sub_ cannot broadcast its output ([1, 2, 2] -> [3, 2, 2])
    const three = transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(() => transforms.Compose([transforms.ToTensor(), three])(gray)).toThrow("output with shape [1, 2, 2] doesn't match the broadcast shape [3, 2, 2]");
    expect(() => three(transforms.ToTensor()(gray))).toThrow("output with shape [1, 2, 2] doesn't match the broadcast shape [3, 2, 2]");
    // a std that is 0 in float32 only (torchvision checks after the conversion to the input's dtype)
    const tiny = transforms.Normalize([0], [1e-50]);
    expect(() => transforms.Compose([transforms.ToTensor(), tiny])(gray)).toThrow('std evaluated to zero after conversion to float32');
    expect(() => tiny(torch.zeros([1, 2, 2]))).toThrow('std evaluated to zero after conversion to float32');
    expect(tiny(torch.ones([1, 2, 2], { dtype: 'float64' })).max().itemSync()).toBe(1e50);
  });
});
