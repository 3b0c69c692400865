import '@x/backend-cpu';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as torch from '@x/tensor';
import { Image, transforms } from '../src/index';

const rgb = Image.fromData(Uint8Array.from({ length: 4 * 6 * 3 }, (_, i) => (i * 11) % 256), 6, 4, 'RGB');
const chw = () => torch.arange(2 * 5 * 7, { dtype: 'float32' }).div(70).reshape(2, 5, 7);

describe('conversion', () => {
  it('ToTensor turns an image into float32 CHW in [0, 1], ToPILImage turns it back', () => {
    const t = transforms.ToTensor()(rgb);
    expect(t.shape).toEqual([3, 4, 6]);
    expect(t.dtype).toBe('float32');
    expect(Number((t.at(1, 0, 0)).itemSync())).toBeCloseTo(11 / 255, 6);
    const back = transforms.ToPILImage()(t.add(1e-4));
    expect([...back.data]).toEqual([...rgb.data]);
  });
  it('Compose chains and Lambda wraps', () => {
    const t = transforms.Compose<Image, torch.Tensor>([transforms.ToTensor(), transforms.Lambda((x: torch.Tensor) => x.mul(2))]);
    expect(Number((t(rgb).amax() as torch.Tensor).itemSync())).toBeLessThanOrEqual(2);
    expect(() => transforms.Lambda(3 as unknown as () => void)).toThrow(/expected a function/);
  });
  it('Normalize: inplace writes into its input; errors read like torchvision', () => {
    const x = chw();
    const y = transforms.Normalize([0.5, 0.5], [0.5, 0.5], { inplace: true })(x);
    expect(y).toBe(x);
    expect(Number(x.at(0, 0, 0).itemSync())).toBeCloseTo(-1, 6);
    expect(() => transforms.Normalize([0], [0])).toThrow(/division by zero/);
    expect(() => transforms.Normalize([0], [1])(torch.zeros([1, 2, 2], { dtype: 'uint8' }))).toThrow(/float tensor/);
  });
});

describe('transforms on images return images', () => {
  const cases: [string, (x: Image) => Image, number, number][] = [
    ['Resize', transforms.Resize([2, 3]), 2, 3],
    ['Resize shorter side', transforms.Resize(2, { interpolation: 'nearest' }), 2, 3],
    ['CenterCrop', transforms.CenterCrop(2), 2, 2],
    ['Pad', transforms.Pad(1, { paddingMode: 'reflect' }), 6, 8],
    ['RandomCrop', transforms.RandomCrop([3, 3], { padding: 2 }), 3, 3],
    ['RandomResizedCrop', transforms.RandomResizedCrop(5), 5, 5],
    ['RandomRotation', transforms.RandomRotation(45), 4, 6],
    ['ColorJitter', transforms.ColorJitter(0.4, 0.4, 0.4, 0.1), 4, 6],
    ['Grayscale', transforms.Grayscale(), 4, 6],
  ];
  for (const [name, t, h, w] of cases) {
    it(name, () => {
      const out = t(rgb);
      expect(out).toBeInstanceOf(Image);
      expect([out.height, out.width]).toEqual([h, w]);
      expect(out.mode).toBe(name === 'Grayscale' ? 'L' : 'RGB');
    });
  }
  it('an image transform agrees with the tensor transform', () => {
    const viaImage = transforms.ToTensor()(transforms.Resize([3, 4])(rgb));
    const viaTensor = transforms.Resize([3, 4])(rgb.toTensor().permute(2, 0, 1)).to('float32').div(255);
    expect(viaImage.allclose(viaTensor)).toBe(true);
  });
});

describe('random transforms', () => {
  const runs = (t: (x: torch.Tensor) => torch.Tensor, x: torch.Tensor) => Array.from({ length: 5 }, () => t(x));
  const random: [string, (x: torch.Tensor) => torch.Tensor][] = [
    ['RandomCrop', transforms.RandomCrop(3, { padding: 1, paddingMode: 'symmetric' })],
    ['RandomResizedCrop', transforms.RandomResizedCrop([4, 4])],
    ['RandomHorizontalFlip', transforms.RandomHorizontalFlip()],
    ['RandomVerticalFlip', transforms.RandomVerticalFlip()],
    ['RandomRotation', transforms.RandomRotation(90, { interpolation: 'bilinear', fill: [0.5, 1] })],
    ['ColorJitter', transforms.ColorJitter(0.5, 0.5)],
  ];
  for (const [name, t] of random) {
    it(`${name} is reproducible under manualSeed`, () => {
      torch.manualSeed(7);
      const a = runs(t, chw());
      torch.manualSeed(7);
      const b = runs(t, chw());
      a.forEach((y, i) => expect(y.equal(b[i]!)).toBe(true));
    });
  }
  it('RandomHorizontalFlip flips about p of the time', () => {
    torch.manualSeed(0);
    const t = transforms.RandomHorizontalFlip(0.3);
    const x = chw();
    let flipped = 0;
    for (let i = 0; i < 400; i++) if (!t(x).equal(x)) flipped++;
    expect(flipped / 400).toBeGreaterThan(0.24);
    expect(flipped / 400).toBeLessThan(0.36);
  });
  it('RandomCrop covers every offset uniformly; padIfNeeded pads small images', () => {
    torch.manualSeed(1);
    const x = torch.arange(5, { dtype: 'float32' }).view(1, 1, 5);
    const counts = [0, 0, 0];
    const t = transforms.RandomCrop([1, 3]);
    for (let i = 0; i < 300; i++) counts[Number(t(x).at(0, 0, 0).itemSync())]! += 1;
    counts.forEach((c) => expect(c).toBeGreaterThan(70));
    expect(transforms.RandomCrop([3, 8], { padIfNeeded: true })(x).shape).toEqual([1, 3, 8]);
    expect(() => transforms.RandomCrop([3, 8])(x)).toThrow(/larger than input image size/);
  });
  it('RandomRotation angles stay within the range', () => {
    torch.manualSeed(3);
    const x = torch.ones([1, 9, 9]);
    // A 0-degree-range rotation is the identity; 90 maps the square onto itself.
    expect(transforms.RandomRotation([0, 0])(x).equal(x)).toBe(true);
    expect(transforms.RandomRotation([90, 90])(x).equal(x)).toBe(true);
    expect(() => transforms.RandomRotation(-1)).toThrow(/must be positive/);
  });
  it('a generator option draws from that generator', () => {
    const g1 = new torch.Generator().manualSeed(5);
    const g2 = new torch.Generator().manualSeed(5);
    const a = transforms.RandomResizedCrop(3, { generator: g1 })(chw());
    const b = transforms.RandomResizedCrop(3, { generator: g2 })(chw());
    expect(a.equal(b)).toBe(true);
  });
});

describe('Compose is typed by its transforms', () => {
  it('an Image pipeline ending in Normalize gives a Tensor, with no cast', () => {
    const t = transforms.Compose([transforms.Resize([2, 3]), transforms.ToTensor(), transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    expectTypeOf(t).parameter(0).toEqualTypeOf<Image | torch.Tensor>();
    const x = t(Image.fromData(new Uint8Array(4 * 5 * 3).fill(255), 5, 4, 'RGB'));
    expectTypeOf(x).toEqualTypeOf<torch.Tensor>();
    expect(x.shape).toEqual([3, 2, 3]);
    expect(x.max().itemSync()).toBe(1);
  });
});
