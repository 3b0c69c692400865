// torch.save / torch.load with modules, state dicts and checkpoints (API.md's "Saving and loading").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as optim from '@x/optim';
import * as nn from '../src/index';

class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 32);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(32, 10);
  override forward(x: torch.Tensor) {
    x = x.view(x.shape[0]!, -1);
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'x-nn-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trainSteps(model: SimpleNN, optimizer: optim.Optimizer, x: torch.Tensor, y: torch.Tensor, steps: number): number[] {
  const criterion = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    losses.push(loss.itemSync() as number);
  }
  return losses;
}

describe('saving and loading', () => {
  torch.manualSeed(0);
  const x = torch.rand(8, 1, 28, 28);
  const y = torch.randint(0, 10, [8]);

  it('state dict: save -> load -> same predictions', async () => {
    const model = new SimpleNN();
    const path = join(dir, 'model.safetensors');
    await torch.save(model.stateDict(), path);
    const fresh = new SimpleNN();
    fresh.loadStateDict(await torch.load(path));
    expect(torch.noGrad(() => fresh.forward(x)).equal(torch.noGrad(() => model.forward(x)))).toBe(true);
  });

  it('whole module: torch.save(model) and torch.load(path, { modules: { SimpleNN } })', async () => {
    const model = new SimpleNN();
    model.eval();
    const path = join(dir, 'whole.safetensors');
    await torch.save(model, path);
    const loaded = (await torch.load(path, { modules: { SimpleNN } })) as SimpleNN;
    expect(loaded).toBeInstanceOf(SimpleNN);
    expect(loaded.training).toBe(false);
    expect(loaded.toString()).toBe(model.toString());
    expect(loaded.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(torch.noGrad(() => loaded.forward(x)).equal(torch.noGrad(() => model.forward(x)))).toBe(true);
    await expect(torch.load(path)).rejects.toThrow(/module of class 'SimpleNN'.*\{ modules: \{ SimpleNN \} \}/);
  });

  it('class names in minified bundles: a static name wins, and a minified name is found among `modules`', () => {
    // What a minifier makes of `class Net extends nn.Module`: a class named 'a'.
    const a = class extends nn.Module {
      fc = new nn.Linear(2, 1);
      override forward(x: torch.Tensor) { return this.fc.forward(x); }
    };
    expect(a.name).toBe('a');
    const loaded = torch.loadBytes(torch.saveBytesSync(new a()), { modules: { Net: a } });
    expect(loaded).toBeInstanceOf(a);
    // With a static name (the documented way), prints and files carry the real name whatever the minifier does.
    const b = class extends nn.Module {
      static override readonly name = 'Net';
      fc = new nn.Linear(2, 1);
      override forward(x: torch.Tensor) { return this.fc.forward(x); }
    };
    const net = new b();
    expect(String(net)).toBe('Net(\n  (fc): Linear(in_features=2, out_features=1, bias=True)\n)');
    expect(() => torch.loadBytes(torch.saveBytesSync(net))).toThrow("torch.loadBytes: the bytes contain a module of class 'Net'; pass the class: torch.loadBytes(bytes, { modules: { Net } })");
    expect(torch.loadBytes(torch.saveBytesSync(net), { modules: { Net: b } })).toBeInstanceOf(b);
  });

  it('a checkpoint resumes training identically', async () => {
    torch.manualSeed(1);
    const straight = new SimpleNN();
    const resumed = new SimpleNN();
    resumed.loadStateDict(straight.stateDict());
    const optA = new optim.Adam(straight.parameters(), { lr: 1e-3 });
    const expected = trainSteps(straight, optA, x, y, 6);

    const optB = new optim.Adam(resumed.parameters(), { lr: 1e-3 });
    const first = trainSteps(resumed, optB, x, y, 3);
    const path = join(dir, 'checkpoint.safetensors');
    await torch.save({ epoch: 3, model: resumed.stateDict(), optimizer: optB.stateDict(), loss: first[2] }, path);

    const ckpt = await torch.load(path);
    const model = new SimpleNN();
    model.loadStateDict(ckpt.model);
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    optimizer.loadStateDict(ckpt.optimizer);
    expect(ckpt.epoch).toBe(3);
    expect(ckpt.loss).toBe(first[2]);
    const rest = trainSteps(model, optimizer, x, y, 3);
    expect([...first, ...rest]).toEqual(expected);
  });
});
