// Train in PyTorch, run here: the MNIST MLP's and CNN's state dicts saved by PyTorch 1.13's torch.save load
// into the same models here and give PyTorch's logits (fixtures: packages/tensor/scripts/pt_goldens.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

const dir = new URL('../../tensor/test/fixtures/pt/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, { logits: string; keys: string[] }> & { x: string };

function decode(b64: string, shape: number[]): torch.Tensor {
  const bytes = Buffer.from(b64, 'base64');
  return torch.fromArray(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), shape);
}

class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 128);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor) {
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x.view(x.shape[0]!, -1))));
  }
}

class ConvNet extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
  );
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor) {
    const f = this.features.forward(x) as torch.Tensor;
    return this.fc2.forward(this.relu.forward(this.fc1.forward(f.view(x.shape[0]!, -1))));
  }
}

describe('PyTorch-trained models predict the same here', () => {
  const x = decode(expected.x, [2, 1, 28, 28]);
  for (const [name, make] of [['mlp', () => new SimpleNN()], ['cnn', () => new ConvNet()]] as const) {
    it(`${name}.pth: loadStateDict(torch.load(...)), then PyTorch's logits`, async () => {
      const model = make();
      const sd = await torch.load(new URL(`${name}.pth`, dir));
      expect(Object.keys(sd)).toEqual(expected[name]!.keys);
      model.loadStateDict(sd);
      model.eval();
      const logits = torch.noGrad(() => model.forward(x) as torch.Tensor);
      const want = decode(expected[name]!.logits, [2, 10]);
      expect(logits.sub(want).abs().max().itemSync()).toBeLessThan(1e-5);
      expect(logits.argmax(1).tolistSync()).toEqual(want.argmax(1).tolistSync());
    });
  }
});

describe('loadStateDict takes what a PyTorch state dict holds', () => {
  interface Enc { shape: number[]; values: number[] }
  const e = expected as unknown as { batchnorm_eval: { x: Enc; y: Enc }; batchnorm_non_strict: { missing: string[]; unexpected: string[] } };
  const model = (): nn.Module => new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));

  it('buffers and num_batches_tracked: a BatchNorm model predicts as PyTorch\'s', async () => {
    const m = model();
    const sd = await torch.load(new URL('batchnorm.pth', dir));
    expect(m.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect((m.stateDict()['1.num_batches_tracked'] as torch.Tensor).itemSync()).toBe((sd['1.num_batches_tracked'] as torch.Tensor).itemSync());
    m.eval();
    const y = torch.noGrad(() => m.forward(torch.tensor(e.batchnorm_eval.x.values).reshape(e.batchnorm_eval.x.shape)) as torch.Tensor);
    const want = torch.tensor(e.batchnorm_eval.y.values).reshape(e.batchnorm_eval.y.shape);
    expect(y.sub(want).abs().max().itemSync()).toBeLessThan(1e-6);
  });

  it('strict reporting of missing and unexpected keys, as PyTorch\'s load_state_dict', async () => {
    const sd = await torch.load(new URL('batchnorm.pth', dir));
    delete sd['1.num_batches_tracked'];
    delete sd['0.bias'];
    sd['extra.weight'] = torch.zeros(1);
    const { missing, unexpected } = e.batchnorm_non_strict;
    expect(model().loadStateDict(sd, { strict: false })).toEqual({ missingKeys: missing, unexpectedKeys: unexpected });
    expect(() => model().loadStateDict(sd)).toThrow(
      `Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}.\n\tUnexpected key(s) in state_dict: "extra.weight".`,
    );
  });
});
