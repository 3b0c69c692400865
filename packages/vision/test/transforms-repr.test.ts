// String(transform) is torchvision 0.14's repr (printed by torchvision 0.14.1 for the same arguments),
// so a printed pipeline reads as in PyTorch; Compose nests its transforms one per line.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import { transforms as T } from '../src/index';

describe('String(transform)', () => {
  it("is torchvision's repr for each transform", () => {
    const cases: [unknown, string][] = [
      [T.ToTensor(), 'ToTensor()'],
      [T.Normalize([0.5], [0.5]), 'Normalize(mean=[0.5], std=[0.5])'],
      [T.Resize([28, 28]), 'Resize(size=[28, 28], interpolation=bilinear, max_size=None, antialias=None)'],
      [T.Resize(32), 'Resize(size=32, interpolation=bilinear, max_size=None, antialias=None)'],
      [T.CenterCrop(28), 'CenterCrop(size=(28, 28))'],
      [T.CenterCrop([28, 20]), 'CenterCrop(size=[28, 20])'],
      [T.Pad(2), 'Pad(padding=2, fill=0, padding_mode=constant)'],
      [T.Pad([1, 2], { fill: 3, paddingMode: 'edge' }), 'Pad(padding=[1, 2], fill=3, padding_mode=edge)'],
      [T.RandomCrop(32, { padding: 4 }), 'RandomCrop(size=(32, 32), padding=4)'],
      [T.RandomCrop(32), 'RandomCrop(size=(32, 32), padding=None)'],
      [T.RandomHorizontalFlip(), 'RandomHorizontalFlip(p=0.5)'],
      [T.RandomVerticalFlip(0.3), 'RandomVerticalFlip(p=0.3)'],
      [T.Grayscale(), 'Grayscale(num_output_channels=1)'],
      [T.Grayscale(3), 'Grayscale(num_output_channels=3)'],
      [T.RandomResizedCrop(224), 'RandomResizedCrop(size=(224, 224), scale=(0.08, 1.0), ratio=(0.75, 1.3333), interpolation=bilinear), antialias=None)'],
      [T.RandomRotation(10), 'RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0)'],
      [T.ColorJitter(0.2), 'ColorJitter(brightness=[0.8, 1.2], contrast=None, saturation=None, hue=None)'],
      [T.ColorJitter(0.2, 0.3, 0.4, 0.1), 'ColorJitter(brightness=[0.8, 1.2], contrast=[0.7, 1.3], saturation=[0.6, 1.4], hue=[-0.1, 0.1])'],
      [T.Lambda((x: unknown) => x), 'Lambda()'],
      [T.ToPILImage(), 'ToPILImage()'],
    ];
    for (const [t, repr] of cases) expect(String(t)).toBe(repr);
  });

  it('prints Compose one transform per line, nested ones as torchvision does', () => {
    expect(String(T.Compose([T.Resize([28, 28]), T.ToTensor(), T.Normalize([0.5], [0.5])]))).toBe(
      'Compose(\n    Resize(size=[28, 28], interpolation=bilinear, max_size=None, antialias=None)\n    ToTensor()\n    Normalize(mean=[0.5], std=[0.5])\n)',
    );
    expect(String(T.Compose([T.Compose([T.ToTensor()]), T.RandomHorizontalFlip()]))).toBe('Compose(\n    Compose(\n    ToTensor()\n)\n    RandomHorizontalFlip(p=0.5)\n)');
    expect(`${T.Compose([T.ToTensor()])}`).toBe('Compose(\n    ToTensor()\n)');
  });
});
