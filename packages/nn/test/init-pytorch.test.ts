// nn.init and the layers' default initialisation after torch.manualSeed give PyTorch 1.13's CPU values bit
// for bit (fixtures: packages/tensor/scripts/random_goldens.py), as F.dropout drops PyTorch's elements.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

interface Case { name: string; seed: number; values: number[] }
interface ModuleCase { name: string; seed: number; params: Record<string, { shape: number[]; sha256: string; first: number[] }> }
const fixture = JSON.parse(readFileSync(new URL('../../tensor/test/fixtures/random.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  modules: ModuleCase[];
};

function bits(t: torch.Tensor): number[] {
  return Array.from(new Int32Array((t.contiguous().dataSync() as Float32Array).slice().buffer));
}

const inits: Record<string, () => torch.Tensor> = {
  'xavier_uniform_ [64, 32]': () => nn.init.xavierUniform_(torch.empty(64, 32)),
  'xavier_normal_ [64, 32]': () => nn.init.xavierNormal_(torch.empty(64, 32)),
  'kaiming_normal_ [64, 32]': () => nn.init.kaimingNormal_(torch.empty(64, 32)),
  'kaiming_uniform_ [64, 32]': () => nn.init.kaimingUniform_(torch.empty(64, 32)),
  'dropout(ones(20), 0.4)': () => nn.functional.dropout(torch.ones(20), 0.4),
};

const modules: Record<string, () => nn.Module> = {
  'Linear(784, 128)': () => new nn.Linear(784, 128),
  'Linear(128, 10)': () => new nn.Linear(128, 10),
  'Conv2d(1, 32, 3)': () => new nn.Conv2d(1, 32, 3),
  'Conv2d(32, 64, 3)': () => new nn.Conv2d(32, 64, 3),
  'Embedding(1000, 64)': () => new nn.Embedding(1000, 64),
};

describe('initialisation after manualSeed is PyTorch\'s', () => {
  for (const c of fixture.cases.filter((x) => x.name in inits)) {
    it(c.name, () => {
      torch.manualSeed(c.seed);
      expect(bits(inits[c.name]!())).toEqual(c.values);
    });
  }

  for (const m of fixture.modules) {
    it(`${m.name}: every parameter bit for bit`, () => {
      torch.manualSeed(m.seed);
      const state = modules[m.name]!().stateDict();
      expect(Object.keys(state)).toEqual(Object.keys(m.params));
      for (const [name, p] of Object.entries(m.params)) {
        const t = state[name]!;
        expect(t.shape, name).toEqual(p.shape);
        expect(bits(t).slice(0, 5), name).toEqual(p.first);
        expect(createHash('sha256').update(new Uint8Array((t.contiguous().dataSync() as Float32Array).slice().buffer)).digest('hex'), name).toBe(p.sha256);
      }
    });
  }
});
