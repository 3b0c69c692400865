import type { Tensor } from '@x/tensor';
export declare class HeavyDataset {
  constructor(size: number);
  readonly size: number;
  get length(): number;
  getItem(i: number): [Tensor, number];
}
