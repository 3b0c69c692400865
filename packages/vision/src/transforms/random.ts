// Random draws for transforms, made as torchvision makes them (torch.rand / torch.randint on the
// global generator, or `generator`). Drawn on the CPU and read synchronously: parameters are scalars.
import * as torch from '@x/tensor';

function opts(generator?: torch.Generator): torch.RandomOptions {
  return generator === undefined ? { device: 'cpu' } : { generator, device: 'cpu' };
}

/** torch.empty(1).uniform_(lo, hi).item() */
export function uniform(lo: number, hi: number, generator?: torch.Generator): number {
  return lo + Number(torch.rand([1], opts(generator)).itemSync()) * (hi - lo);
}

/** torch.randint(lo, hi + 1, [1]).item() */
export function randomInt(lo: number, hi: number, generator?: torch.Generator): number {
  return Number(torch.randint(lo, hi + 1, [1], opts(generator)).itemSync());
}

/** torch.rand(1) < p */
export function coin(p: number, generator?: torch.Generator): boolean {
  return Number(torch.rand([1], opts(generator)).itemSync()) < p;
}

/** torch.randperm(n).tolist() */
export function permutation(n: number, generator?: torch.Generator): number[] {
  return Array.from(torch.randperm(n, opts(generator)).dataSync(), Number);
}
