// Children, parameters, buffers and state-dict keys keep insertion order for every name, integer-like
// ones included ('1' after 'fc'), as PyTorch's OrderedDicts (scripts/module_order_fixtures.py builds
// the same modules by the same steps); Sequential/ModuleList append, insert, pop and addModule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

interface OrderCase {
  children: string[];
  parameters: string[];
  buffers: string[];
  state_dict: string[];
  repr: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/module-order.json', import.meta.url), 'utf8')) as { cases: Record<string, OrderCase> };

class Mixed extends nn.Module {
  fc = new nn.Linear(2, 2);
  head: nn.Linear;
  constructor() {
    super();
    this.addModule('1', new nn.ReLU());
    this.registerBuffer('0', torch.zeros(1));
    this.registerParameter('2', new nn.Parameter(torch.zeros(3)));
    this.head = new nn.Linear(2, 1);
  }
}

/**
 * A state dict is a plain object, and JS lists a plain object's integer-like keys ('0', '2': a
 * parameter or buffer named so on the root module) before the others; every other key, and every
 * name list (namedParameters...), keeps PyTorch's order.
 */
const asPlainObjectLists = (keys: string[]) => Object.keys(Object.fromEntries(keys.map((k) => [k, 0])));

const scenarios: Record<string, () => nn.Module> = {
  sequential_ordered_dict: () => new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(2, 3)], ['1', new nn.ReLU()], ['0', new nn.Linear(3, 1)]])),
  sequential_add_module_then_append: () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3));
    seq.addModule('act', new nn.Tanh());
    return seq.append(new nn.Linear(3, 1));
  },
  mixed_registrations: () => new Mixed(),
  module_dict_integer_keys: () => new nn.ModuleDict(new Map<string, nn.Module>([['b', new nn.Linear(1, 1)], ['10', new nn.Linear(1, 2)], ['2', new nn.Identity()]])),
  sequential_insert_append: () => new nn.Sequential(new nn.Linear(1, 2), new nn.ReLU(), new nn.Linear(2, 3)).insert(1, new nn.Tanh()).append(new nn.Sigmoid()),
  sequential_pop: () => {
    const seq = new nn.Sequential(new nn.Linear(1, 2), new nn.ReLU(), new nn.Linear(2, 3), new nn.Tanh());
    seq.pop(1);
    return seq;
  },
  module_list_extend_insert: () => new nn.ModuleList([new nn.Linear(1, 1)]).extend([new nn.ReLU(), new nn.Linear(1, 2)]).insert(0, new nn.Tanh()),
};

describe('insertion order of every name, against PyTorch 1.13', () => {
  it('covers the fixture', () => expect(Object.keys(scenarios).sort()).toEqual(Object.keys(fixture.cases).sort()));
  for (const [name, build] of Object.entries(scenarios)) {
    it(name, () => {
      const m = build();
      const want = fixture.cases[name]!;
      expect(m.namedChildren().map(([n]) => n), 'children').toEqual(want.children);
      expect(m.namedParameters().map(([n]) => n), 'parameters').toEqual(want.parameters);
      expect(m.namedBuffers().map(([n]) => n), 'buffers').toEqual(want.buffers);
      expect(Object.keys(m.stateDict()), 'state dict').toEqual(asPlainObjectLists(want.state_dict));
      expect(m.toString(), 'print').toBe(want.repr);
    });
  }

  it('a saved whole model loads back with the same order', async () => {
    const m = new Mixed();
    const loaded = torch.loadBytes<nn.Module>(await torch.saveBytes(m), { modules: { Mixed } });
    expect(loaded.namedParameters().map(([n]) => n)).toEqual(fixture.cases['mixed_registrations']!.parameters);
    expect(loaded.namedChildren().map(([n]) => n)).toEqual(fixture.cases['mixed_registrations']!.children);
    expect(loaded.toString()).toBe(m.toString());
  });

  it('positions index a Sequential of named children, and bad positions say the length', () => {
    const relu = new nn.ReLU();
    const seq = new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(1, 1)], ['act', relu]]));
    expect(seq.at(1)).toBe(relu);
    expect(seq.at(-1)).toBe(relu);
    expect(() => seq.at(2)).toThrow('Sequential.at: index 2 is out of range for length 2');
    expect(() => seq.insert(3, new nn.ReLU())).toThrow('Sequential.insert: index 3 is out of range for length 2');
  });

  it('addModule refuses names that are not free, as PyTorch', () => {
    const m = new nn.Linear(1, 1);
    expect(() => m.addModule('forward', new nn.ReLU())).toThrow("addModule: attribute 'forward' already exists in Linear (a method); pick another name");
    expect(() => m.addModule('inFeatures', new nn.ReLU())).toThrow("attribute 'inFeatures' already exists in Linear (a number)");
    expect(() => m.addModule('a.b', new nn.ReLU())).toThrow("name must be a non-empty string without '.'");
    expect(() => m.addModule('x', {} as nn.Module)).toThrow("addModule: Object is not a Module subclass (child 'x' of Linear)");
    expect(() => m.registerParameter('weight', null)).not.toThrow();
  });
});
