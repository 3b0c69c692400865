// Sequential, ModuleList and ModuleDict: children named '0', '1', ... (or by key), as in PyTorch. A
// child's position is its place in the module's ordered registry, not its name: `seq.at(0)` of a
// Sequential built from `new Map([['conv', ...], ['relu', ...]])` is the conv, as `seq[0]` in PyTorch.
import { bindArgs, defineSignature, isOptionsObject, type Tensor } from '@x/tensor';
import { isModule, Module } from './module';

const SEQUENTIAL = defineSignature('nn.Sequential(...modules: Module[])', { doc: 'Chains modules; or one Map of named modules.' });
const MODULE_LIST = defineSignature('nn.ModuleList(modules: Iterable<Module> | null = null)', { doc: 'Holds modules in a list.' });
const MODULE_DICT = defineSignature('nn.ModuleDict(modules: Map<string, Module> | Record<string, Module> | null = null)', { doc: 'Holds modules by name.' });

/** A plain object whose values are all modules: ModuleDict's `modules` given by position (`new nn.ModuleDict({ a: m })`). */
const isModuleRecord = (x: unknown): boolean => isOptionsObject(x) && Object.keys(x).length > 0 && Object.values(x).every(isModule);

function checkModule(op: string, m: unknown, at: string): Module {
  if (!isModule(m)) throw new TypeError(`${op}: ${at} is not a Module (got ${m === null ? 'null' : typeof m})`);
  return m;
}

/** Named children from a Map (ordered) or a plain object (JS lists integer-like keys first: prefer a Map). */
function namedEntries(op: string, modules: ReadonlyMap<string, Module> | Record<string, Module>): [string, Module][] {
  const entries = modules instanceof Map ? [...modules.entries()] : Object.entries(modules);
  return entries.map(([k, m]) => [String(k), checkModule(op, m, `the value for '${String(k)}'`)]);
}

/** Children in order, by position. */
abstract class IndexedModules extends Module {
  get length(): number {
    return this.children().length;
  }

  /** The position of i (negative counts from the end); `end` allows i == length (insert). */
  private position(op: string, i: number, end = false): number {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(i) || k < 0 || k > n || (k === n && !end)) throw new RangeError(`${this.constructor.name}.${op}: index ${i} is out of range for length ${n}`);
    return k;
  }

  /** The i-th module (negative counts from the end), like `seq[i]`. */
  at(i: number): Module {
    return this.children()[this.position('at', i)]!;
  }

  /** Adds `m` as the child named by the next index (PyTorch's append). */
  append(m: Module): this {
    this.addModule(String(this.length), checkModule(`${this.constructor.name}.append`, m, 'the argument'));
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Puts `m` at position `index`, moving the children from there one index up (PyTorch's insert). */
  insert(index: number, m: Module): this {
    checkModule(`${this.constructor.name}.insert`, m, 'the module');
    const k = this.position('insert', index, true);
    const named = this.namedChildren();
    const moved = named.slice(k).map(([, c]) => c);
    if (named.slice(k).some(([name], j) => name !== String(k + j))) this.renumber();
    for (let j = moved.length; j > 0; j--) this.addModule(String(k + j), moved[j - 1]!);
    this.addModule(String(k), m);
    return this;
  }

  /** Removes and returns the child at position i (PyTorch's pop); the later ones are renumbered. */
  pop(i = -1): Module {
    const k = this.position('pop', i);
    const [name, m] = this.namedChildren()[k]!;
    delete (this as unknown as Record<string, unknown>)[name];
    this.renumber();
    return m;
  }

  /** Renames the children '0', '1', ... in their order, as PyTorch's __delitem__ does. */
  private renumber(): void {
    const children = this.namedChildren();
    for (const [name] of children) delete (this as unknown as Record<string, unknown>)[name];
    children.forEach(([, m], i) => this.addModule(String(i), m));
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

/** Modules called in order, each on the previous one's output (PyTorch's `nn.Sequential`). */
export class Sequential extends IndexedModules {
  /** `new Sequential(a, b, c)` (children '0', '1', '2'), or one Map of named children (PyTorch's OrderedDict form). */
  constructor(...modules: Module[]);
  constructor(modules: ReadonlyMap<string, Module>);
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [k, m] of namedEntries('Sequential', args[0] as Map<string, Module>)) this.addModule(k, m);
    } else {
      // PyTorch's Sequential(*args) takes no keywords: an options object is an error (an empty one, nothing)
      const last = args[args.length - 1];
      const modules = isOptionsObject(last) && Object.keys(last).length === 0 ? args.slice(0, -1) : args;
      if (modules.some((m) => isOptionsObject(m))) bindArgs(SEQUENTIAL, modules);
      modules.forEach((m, i) => this.append(checkModule('Sequential', m, `argument ${i}`)));
    }
  }
  /** Chains the modules; a Tensor in gives a Tensor out (the usual case), anything else `unknown`. */
  override forward(input: Tensor): Tensor;
  override forward(input: unknown): unknown;
  override forward(input: unknown): unknown {
    let x = input;
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/** A list of submodules, registered so their parameters are found (PyTorch's `nn.ModuleList`). */
export class ModuleList extends IndexedModules {
  constructor(modules?: Iterable<Module> | null);
  constructor(options: { modules?: Iterable<Module> | null });
  constructor(...args: unknown[]) {
    super();
    const { modules } = bindArgs<{ modules: Iterable<Module> | null }>(MODULE_LIST, args);
    for (const m of modules ?? []) this.append(m);
  }
  override forward(): never {
    throw new Error('ModuleList has no forward(): iterate over it in your own forward()');
  }
}

/** Submodules by name, registered so their parameters are found (PyTorch's `nn.ModuleDict`). */
export class ModuleDict extends Module {
  /** Children by key, in the order given (a Map keeps any key's order; a plain object lists integer-like keys first). */
  constructor(modules?: ReadonlyMap<string, Module> | Record<string, Module> | null);
  constructor(options: { modules?: ReadonlyMap<string, Module> | Record<string, Module> | null });
  constructor(...args: unknown[]) {
    super();
    const { modules } = isModuleRecord(args[0]) && args.length === 1 ? { modules: args[0] as Record<string, Module> } : bindArgs<{ modules: ReadonlyMap<string, Module> | Record<string, Module> | null }>(MODULE_DICT, args);
    for (const [k, m] of namedEntries('ModuleDict', modules ?? {})) this.set(k, m);
  }
  /** The module under `key` (PyTorch's `d[key]`). */
  get(key: string): Module | undefined {
    const m = (this as unknown as Record<string, unknown>)[key];
    return isModule(m) ? m : undefined;
  }
  /** Registers `m` under `key` (PyTorch's `d[key] = m`). */
  set(key: string, m: Module): this {
    this.registerModule(key, checkModule('ModuleDict', m, `the value for '${key}'`));
    return this;
  }
  /** The keys, in insertion order. */
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }
  /** The modules, in insertion order. */
  values(): Module[] {
    return this.children();
  }
  /** The `[key, module]` pairs, in insertion order. */
  items(): [string, Module][] {
    return this.namedChildren();
  }
  /** The number of modules (PyTorch's `len(d)`). */
  get size(): number {
    return this.keys().length;
  }
  override forward(): never {
    throw new Error('ModuleDict has no forward(): pick modules by key in your own forward()');
  }
}
