// Issue 9: a malformed saved module is refused with a clear error before anything is rebuilt (no
// internals leaking, no field hiding a method, no layer without its parameters); nn.Conv2d(1, 4, 0).
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as nn from '../src/index';
import { REQUIRED_FIELDS } from '../src/module-serialize';

type Json = { [k: string]: unknown };

/** The bytes of `model` saved, with its structure (the metadata's JSON) edited by `edit`. */
async function edited(model: nn.Module, edit: (state: Json) => void): Promise<Uint8Array> {
  const bytes = await torch.saveBytes(model);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as { __metadata__: Record<string, string> };
  const structure = JSON.parse(header.__metadata__['x.structure']!) as { root: { $state: Json } };
  edit(structure.root.$state);
  header.__metadata__['x.structure'] = JSON.stringify(structure);
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

const fields = (s: Json) => s.fields as [string, Json][];
const PREFIX = /^torch\.loadBytes: could not rebuild the saved "module" object: the saved module of class 'Linear' is invalid: /;

describe('a malformed saved module is refused before it is rebuilt', () => {
  const cases: [string, (s: Json) => void, RegExp][] = [
    ['fields that are not a list (was ".for is not iterable")', (s) => { s.fields = 5; }, /fields is number, expected an array of \[name, field\] pairs$/],
    ['a parameter without its tensor (was "shape is not iterable")', (s) => { fields(s)[0]![1] = { kind: 'parameter', tensor: null, requiresGrad: true }; }, /parameter 'inFeatures' holds null, expected a tensor$|parameter '\w+' holds null/],
    ['a field that hides a method (forward = 5)', (s) => { fields(s).push(['forward', { kind: 'value', value: 5 }]); }, /field 'forward' would hide the method of the same name of the class$/],
    ['a layer without its weight', (s) => { s.fields = fields(s).filter(([k]) => k !== 'weight'); }, /a Linear needs its parameter 'weight' \(a parameter, or null where the layer allows it\), which the file does not hold$/],
    ['a field of an unknown kind', (s) => { fields(s)[0]![1] = { kind: 'code' }; }, /field '\w+' has kind string, expected 'parameter' or 'value'$/],
    ['a value a module cannot hold', (s) => { fields(s)[0]![1] = { kind: 'value', value: { a: 1 } }; }, /field '\w+' holds an object, which a saved module cannot hold$/],
    ['a buffer that is not a field', (s) => { s.buffers = [['ghost', true]]; }, /buffer 'ghost' is not a field holding a tensor or null$/],
    ['an internal field name', (s) => { fields(s).push(['_buffers', { kind: 'value', value: 1 }]); }, /field '_buffers' is not a name a module field can have$/],
    ['training that is not a boolean', (s) => { s.training = 'yes'; }, /training is string, expected a boolean$/],
  ];
  for (const [what, edit, message] of cases) {
    it(what, async () => {
      const bytes = await edited(new nn.Linear(3, 2), edit);
      let error: Error | null = null;
      try {
        torch.loadBytes(bytes);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(PREFIX);
      expect(error?.message).toMatch(message);
    });
  }

  it('an unedited file still loads; a layer saved with bias=False keeps its null bias', async () => {
    const m = torch.loadBytes(await edited(new nn.Linear(3, 2, { bias: false }), () => undefined)) as nn.Linear;
    expect(m.bias).toBeNull();
    expect(m.weight.shape).toEqual([2, 3]);
  });

  it('REQUIRED_FIELDS matches fresh built-in layers', () => {
    const fresh: Record<string, nn.Module> = {
      Linear: new nn.Linear(2, 3), Conv1d: new nn.Conv1d(1, 2, 3), Conv2d: new nn.Conv2d(1, 2, 3), Embedding: new nn.Embedding(4, 2),
      LayerNorm: new nn.LayerNorm([3]), BatchNorm1d: new nn.BatchNorm1d(3), BatchNorm2d: new nn.BatchNorm2d(3),
    };
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(REQUIRED_FIELDS).sort());
    for (const [name, m] of Object.entries(fresh)) {
      const params = m.namedParameters('', false).map(([k]) => k);
      const buffers = m.namedBuffers('', false).map(([k]) => k);
      const want = REQUIRED_FIELDS[name]!;
      expect([name, want.filter(([, kind]) => kind === 'parameter').map(([k]) => k)]).toEqual([name, params]);
      expect([name, want.filter(([, kind]) => kind === 'buffer').map(([k]) => k)]).toEqual([name, buffers]);
    }
  });
});

describe('nn.Conv2d(1, 4, 0)', () => {
  it("is built as PyTorch builds it (its init is a no-op on a zero-element weight); forward gives PyTorch's error", () => {
    const m = new nn.Conv2d(1, 4, 0);
    expect(m.weight.shape).toEqual([4, 1, 0, 0]);
    expect(() => m.forward(torch.zeros([1, 1, 3, 3]))).toThrow(/^Conv2d: kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0$/);
    expect(() => new nn.Conv1d(1, 4, 0).forward(torch.zeros([1, 1, 3]))).toThrow(/^Conv1d: kernel size should be greater than zero, but got kernel_width: 0$/);
  });
});
