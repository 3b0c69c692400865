// Sequential, ModuleList and ModuleDict: children named '0', '1', ... (or by key), as in PyTorch.
import type { Tensor } from '@x/tensor';
import { isModule, Module } from './module';

function checkModule(op: string, m: unknown, at: string): Module {
  if (!isModule(m)) throw new TypeError(`${op}: ${at} is not a Module (got ${m === null ? 'null' : typeof m})`);
  return m;
}

/** Children in order, by index. */
abstract class IndexedModules extends Module {
  get length(): number {
    return this.children().length;
  }
  /** The i-th module (negative counts from the end), like `seq[i]`. */
  at(i: number): Module {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(i) || k < 0 || k >= n) throw new RangeError(`index ${i} is out of range for ${this.constructor.name} of length ${n}`);
    return (this as unknown as Record<string, Module>)[String(k)]!;
  }
  append(m: Module): this {
    (this as unknown as Record<string, Module>)[String(this.length)] = checkModule(`${this.constructor.name}.append`, m, 'the argument');
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

export class Sequential extends IndexedModules {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => this.append(checkModule('Sequential', m, `argument ${i}`)));
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

export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  override forward(): never {
    throw new Error('ModuleList has no forward(): iterate over it in your own forward()');
  }
}

export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }
  get(key: string): Module | undefined {
    const m = (this as unknown as Record<string, unknown>)[key];
    return isModule(m) ? m : undefined;
  }
  set(key: string, m: Module): this {
    this.registerModule(key, checkModule('ModuleDict', m, `the value for '${key}'`));
    return this;
  }
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }
  values(): Module[] {
    return this.children();
  }
  items(): [string, Module][] {
    return this.namedChildren();
  }
  get size(): number {
    return this.keys().length;
  }
  override forward(): never {
    throw new Error('ModuleDict has no forward(): pick modules by key in your own forward()');
  }
}
