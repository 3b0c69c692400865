// A transform-heavy dataset for the DataLoader worker benchmark (plain JS: worker threads import it).
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import { transforms } from '@x/vision';

const augment = transforms.Compose([
  transforms.Resize([64, 64]),
  transforms.RandomRotation(15),
  transforms.ColorJitter(0.4, 0.4, 0.4),
  transforms.Normalize([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]),
]);

export class HeavyDataset {
  constructor(size) {
    this.size = size;
  }
  get length() {
    return this.size;
  }
  getItem(i) {
    const image = torch.rand([3, 96, 96], { generator: new torch.Generator(i) });
    return [augment(image), i % 10];
  }
}
