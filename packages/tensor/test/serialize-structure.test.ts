// The object tree of torch.save as JSON, without tensors: values, escapes, errors, and the
// [Symbol.for('@x/serialize')] protocol with revivers.
import { describe, expect, it } from 'vitest';
import { decodeTree, encodeTree, MAX_DEPTH } from '../src/serialize/structure';
import { registerReviver, REVIVERS, SERIALIZE, type ReviveContext, type Reviver } from '../src/serialize/protocol';

const context: ReviveContext = {
  device: 'cpu',
  modules: {},
  options: {},
  source: 'bytes',
  moduleClass: (name) => {
    throw new Error(`no class ${name}`);
  },
};
/** Encode, go through a JSON string as in the file, decode. */
function roundTrip(obj: unknown): unknown {
  const { root, tensors } = encodeTree(obj, 'torch.save');
  expect(tensors).toEqual([]);
  return decodeTree(JSON.parse(JSON.stringify(root)), new Map(), context, 'torch.load');
}

describe('the structure of a saved object', () => {
  it('keeps numbers, strings, booleans, null, arrays and nested objects, keys in order', () => {
    const obj = { epoch: 5, loss: 0.123456789, name: 'run-1', done: false, none: null, list: [1, 'a', [true]], nested: { b: 1, a: 2, 0: 'zero' } };
    const back = roundTrip(obj);
    expect(back).toEqual(obj);
    expect(Object.keys((back as typeof obj).nested)).toEqual(Object.keys(obj.nested));
  });

  it('keeps NaN, ±Infinity and -0, which JSON cannot', () => {
    const back = roundTrip([NaN, Infinity, -Infinity, -0, 0]) as number[];
    expect(back[0]).toBeNaN();
    expect(back.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(Object.is(back[4], 0)).toBe(true);
  });

  it('keeps keys that look like its own markers, and "__proto__" as plain data', () => {
    const obj = JSON.parse('{"$tensor": "x", "$number": 1, "inner": {"$type": "module", "$state": 2}, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const back = roundTrip(obj) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['$tensor', '$number', 'inner', '__proto__']);
    expect(back.$tensor).toBe('x');
    expect(back.inner).toEqual({ $type: 'module', $state: 2 });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops undefined from objects and writes null for it in arrays, as JSON.stringify does', () => {
    expect(roundTrip({ a: undefined, b: [undefined, 1] })).toEqual({ b: [null, 1] });
  });

  it('refuses what cannot be saved, naming where it is', () => {
    const cases: [unknown, string][] = [
      [{ a: { f: () => 1 } }, `torch.save: can't save a function at "a.f"`],
      [{ n: 10n }, `torch.save: can't save the bigint 10n at "n"; convert it to a number, a string or an int64 tensor`],
      [{ when: new Date(0) }, `torch.save: can't save an object of class 'Date' at "when"; save a plain object, or give the class a [Symbol.for('@x/serialize')]() method`],
      [{ m: new Map() }, `can't save an object of class 'Map' at "m"`],
      [[new Float32Array(2)], `can't save a Float32Array (wrap it in a tensor: torch.tensor(array)) at "0"`],
      [Symbol('s'), `can't save a symbol at the saved object itself`],
      [undefined, 'torch.save: nothing to save (the object is undefined)'],
    ];
    for (const [obj, message] of cases) expect(() => encodeTree(obj, 'torch.save')).toThrow(message);
  });

  it('refuses a circular reference, but saves an object met twice (as two copies)', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(() => encodeTree(loop, 'torch.save')).toThrow(`torch.save: the object contains itself (a circular reference) at "self.back"`);
    const shared = { x: 1 };
    expect(roundTrip({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('refuses nesting deeper than MAX_DEPTH instead of overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    expect(() => encodeTree(deep, 'torch.save')).toThrow(`nested more than ${MAX_DEPTH} levels deep`);
    const json = JSON.parse('['.repeat(MAX_DEPTH + 5) + ']'.repeat(MAX_DEPTH + 5)) as unknown;
    expect(() => decodeTree(json, new Map(), context, 'torch.load')).toThrow(`torch.load: the saved structure is invalid: nested more than ${MAX_DEPTH} levels deep`);
  });

  it('refuses a malformed structure clearly', () => {
    const cases: [unknown, string][] = [
      [{ $tensor: 'w' }, 'it refers to tensor "w", which the file does not hold'],
      [{ $tensor: 3 }, 'bad tensor reference {"$tensor":3}'],
      [{ $tensor: 'w', $requiresGrad: 'yes' }, 'bad tensor reference'],
      [{ $number: 'NaNa' }, 'bad number {"$number":"NaNa"}'],
      [{ $number: 'toString' }, 'bad number'],
      [{ $object: 1 }, '$object must hold an object'],
      [{ $type: 'x' }, 'bad serialized object {"$type":"x"}'],
      [{ $what: 1 }, 'unknown key "$what"'],
    ];
    for (const [json, message] of cases) {
      expect(() => decodeTree(json, new Map(), context, 'torch.load: f')).toThrow(`torch.load: f: the saved structure is invalid: ${message}`);
    }
  });
});

class Counter {
  constructor(public count: number, public label: string) {}
  [SERIALIZE]() {
    return { type: 'test.counter', state: { count: this.count, label: this.label } };
  }
}
const reviveCounter: Reviver = (state) => {
  const s = state as { count: number; label: string };
  return new Counter(s.count, s.label);
};

describe('the SERIALIZE protocol', () => {
  it('saves { type, state } and rebuilds through the reviver registered for the type', () => {
    registerReviver('test.counter', reviveCounter);
    const { root } = encodeTree({ c: new Counter(3, 'x') }, 'torch.save');
    expect(root).toEqual({ c: { $type: 'test.counter', $state: { count: 3, label: 'x' } } });
    const back = roundTrip({ c: new Counter(3, 'x'), list: [new Counter(4, 'y')] }) as { c: Counter; list: Counter[] };
    expect(back.c).toBeInstanceOf(Counter);
    expect(back.c.count).toBe(3);
    expect(back.list[0]!.label).toBe('y');
  });

  it('keeps revivers on globalThis under Symbol.for, shared by every copy of the package', () => {
    registerReviver('test.counter', reviveCounter);
    const table = (globalThis as unknown as Record<symbol, Map<string, Reviver>>)[Symbol.for('@x/serialize.revivers')];
    expect(REVIVERS).toBe(Symbol.for('@x/serialize.revivers'));
    expect(SERIALIZE).toBe(Symbol.for('@x/serialize'));
    expect(table.get('test.counter')).toBe(reviveCounter);
  });

  it('revives nested objects first, so a parent reviver gets its children built', () => {
    class Box {
      constructor(public items: unknown[]) {}
      [SERIALIZE]() {
        return { type: 'test.box', state: { items: this.items } };
      }
    }
    registerReviver('test.counter', reviveCounter);
    let seen: unknown;
    registerReviver('test.box', (state) => {
      seen = (state as { items: unknown[] }).items[0];
      return new Box((state as { items: unknown[] }).items);
    });
    const back = roundTrip(new Box([new Counter(1, 'a')])) as Box;
    expect(seen).toBeInstanceOf(Counter);
    expect(back).toBeInstanceOf(Box);
  });

  it('says which package to import when no reviver is registered', () => {
    const { root } = encodeTree({ m: { [SERIALIZE]: () => ({ type: 'module', state: {} }) } }, 'torch.save');
    const table = (globalThis as unknown as Record<symbol, Map<string, Reviver>>)[Symbol.for('@x/serialize.revivers')]!;
    const saved = table.get('module');
    table.delete('module');
    try {
      expect(() => decodeTree(root, new Map(), context, 'torch.load: m.safetensors')).toThrow(
        `torch.load: m.safetensors: the file contains an object of type "module", which nothing imported can rebuild; import '@x/nn'`,
      );
      const other = encodeTree({ [SERIALIZE]: () => ({ type: 'test.unknown', state: 1 }) }, 'torch.save').root;
      expect(() => decodeTree(other, new Map(), context, 'torch.loadBytes')).toThrow(`register a reviver for it with registerReviver("test.unknown", fn)`);
    } finally {
      if (saved) table.set('module', saved);
    }
  });

  it('refuses a serialize method that does not return { type, state }', () => {
    expect(() => encodeTree({ m: { [SERIALIZE]: () => ({ state: 1 }) } }, 'torch.save')).toThrow(
      `torch.save: the [Symbol.for('@x/serialize')]() method of the object at "m" must return { type: string, state, names? }`,
    );
  });
});
