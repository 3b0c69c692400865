// Module discovery, state dicts, modes and printing, with the API.md example.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 128);
  relu = new nn.Identity();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor) {
    x = x.view(x.shape[0]!, -1);
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

describe('Module', () => {
  it('discovers parameters and children in definition order', () => {
    const model = new SimpleNN();
    expect(model.namedParameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(model.parameters().map((p) => p.shape)).toEqual([[128, 784], [128], [10, 128], [10]]);
    expect(model.parameters().every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
    expect(Object.keys(model.stateDict())).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(model.children().length).toBe(3);
    expect(model.forward(torch.zeros(2, 1, 28, 28)).shape).toEqual([2, 10]);
  });

  it('initialises Linear like PyTorch (uniform within ±1/sqrt(fan_in))', () => {
    torch.manualSeed(0);
    const l = new nn.Linear(100, 50);
    expect(l.weight.abs().max().itemSync()).toBeLessThanOrEqual(0.1);
    expect(l.weight.abs().max().itemSync()).toBeGreaterThan(0.09);
    expect(l.bias!.abs().max().itemSync()).toBeLessThanOrEqual(0.1);
  });

  it('prints like PyTorch', () => {
    expect(new SimpleNN().toString()).toBe(
      'SimpleNN(\n  (fc1): Linear(in_features=784, out_features=128, bias=True)\n  (relu): Identity()\n  (fc2): Linear(in_features=128, out_features=10, bias=True)\n)',
    );
    expect(new nn.Sequential(new nn.Linear(2, 3), new nn.Sequential(new nn.Flatten())).toString()).toBe(
      'Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): Sequential(\n    (0): Flatten(start_dim=1, end_dim=-1)\n  )\n)',
    );
  });

  it('train/eval are recursive', () => {
    const model = new SimpleNN();
    model.eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    model.train();
    expect(model.fc1.training).toBe(true);
  });

  it('loadStateDict copies values and reports every problem at once', () => {
    const a = new SimpleNN();
    const b = new SimpleNN();
    b.loadStateDict(a.stateDict());
    expect(b.fc1.weight.equal(a.fc1.weight)).toBe(true);
    expect(b.fc1.weight.storage).not.toBe(a.fc1.weight.storage);
    const sd = a.stateDict();
    delete sd['fc2.bias'];
    sd['extra'] = torch.zeros(1);
    sd['fc1.bias'] = torch.zeros(3);
    expect(() => b.loadStateDict(sd)).toThrow(
      'Error(s) in loading state_dict for SimpleNN:\n\tMissing key(s) in state_dict: "fc2.bias".\n\tUnexpected key(s) in state_dict: "extra".\n\tsize mismatch for fc1.bias: copying a param with shape [3] from checkpoint, the shape in current model is [128].',
    );
    delete sd['fc1.bias'];
    const r = b.loadStateDict({ ...sd, 'fc1.bias': a.fc1.bias!.detach() }, { strict: false });
    expect(r).toEqual({ missingKeys: ['fc2.bias'], unexpectedKeys: ['extra'] });
  });

  it('zeroGrad, Sequential keys, ModuleList and ModuleDict', () => {
    const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.Identity(), new nn.Linear(4, 1));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const y = seq.forward(torch.ones(5, 3)).sum();
    y.backward();
    expect(seq.parameters().every((p) => p.grad !== null)).toBe(true);
    seq.zeroGrad();
    expect(seq.parameters().every((p) => p.grad === null)).toBe(true);
    const list = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 2)]);
    expect(list.length).toBe(2);
    expect(list.parameters().length).toBe(4);
    const dict = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
    expect(Object.keys(dict.stateDict())).toEqual(['a.weight', 'a.bias']);
  });
});
