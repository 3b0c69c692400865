// Adam's one-loop host path (contiguous CPU tensors) against its op-by-op path (a transposed, non-contiguous
// parameter takes it): the same bits after many steps, for every option, in float32 and float64.
import { describe, expect, it } from 'vitest';
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import '@x/autograd';
import { Adam, AdamW } from '../src/index';

const OPTIONS: { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; maximize?: boolean }[] = [
  { lr: 0.01 },
  { lr: 0.02, betas: [0.85, 0.99], eps: 1e-6, weightDecay: 0.05, amsgrad: true, maximize: true },
  { lr: 0.03, betas: [0, 0], weightDecay: 1 },
];

describe("Adam's host loop gives the op-by-op path's bits", () => {
  for (const Cls of [Adam, AdamW]) {
    for (const dtype of ['float32', 'float64'] as const) {
      OPTIONS.forEach((options, k) => {
        it(`${Cls.name} ${dtype} options #${k}`, () => {
          torch.manualSeed(k);
          const init = torch.randn([6, 5], { dtype });
          const contiguous = init.clone().requiresGrad_();
          const transposed = init.t().contiguous().t().requiresGrad_(); // same values, strides [1, 6]
          expect(transposed.isContiguous()).toBe(false);
          const a = new Cls([contiguous], options);
          const b = new Cls([transposed], options);
          for (let step = 0; step < 25; step++) {
            const g = torch.randn([6, 5], { dtype }).mul(step % 3 === 0 ? 1e-3 : 10);
            contiguous.grad = g.clone();
            transposed.grad = g.t().contiguous().t();
            a.step();
            b.step();
          }
          expect(contiguous.tolistSync()).toEqual(transposed.tolistSync());
          const [sa, sb] = [a.stateDict().state[0]!, b.stateDict().state[0]!] as Record<string, torch.Tensor | number>[];
          for (const key of Object.keys(sa!)) {
            const [x, y] = [sa![key], sb![key]];
            if (torch.isTensor(x)) expect(x.tolistSync(), key).toEqual((y as torch.Tensor).tolistSync());
            else expect(x, key).toBe(y);
          }
        });
      });
    }
  }
});
