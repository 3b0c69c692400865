// Module: PyTorch's nn.Module. Submodules and parameters are the instance's fields (class fields, as
// in `fc1 = new nn.Linear(784, 128)`, or registered with registerModule/addModule/registerParameter);
// buffers are registered. Every name keeps the order in which it was first defined or registered, as
// PyTorch's OrderedDicts do: JS objects list integer-like keys ('0', '1') before all others, so the
// order is kept in a registry of its own (see `fieldNames`).
import { bindArgs, defineSignature, DTYPES, isFloating, isTensor, keep, noGrad, type Device, type DType, type Tensor } from '@x/tensor';
import { isParameter, Parameter } from './parameter';

const MODULE_BRAND = Symbol.for('@x/nn.Module');

/** Fields that are bookkeeping, never parameters, buffers or children. */
const INTERNAL = new Set(['training']);

/** What loadStateDict reports: the keys it lacked (`missingKeys`) and the ones it did not use (`unexpectedKeys`). */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const MODULE = defineSignature('nn.Module()', { doc: 'The base of every layer and model.' });

/** The base of every layer and model (PyTorch's `nn.Module`): parameters, buffers and submodules found by their properties, train/eval, state dicts. */
export class Module {
  /** Training mode (dropout, batch norm); set recursively by train()/eval(). */
  training = true;
  private readonly _buffers = new Map<string, boolean>(); // name -> persistent

  /** Takes no arguments (a subclass calls `super()`), as PyTorch's. */
  constructor(...args: unknown[]) {
    bindArgs(MODULE, args);
  }

  /** The computation; subclasses override it. */
  forward(..._args: unknown[]): unknown {
    throw new Error(`${this.constructor.name}: forward() is not implemented; define forward(x) in your Module subclass`);
  }

  // ---- discovery ----
  private ownEntries(): [string, unknown][] {
    const self = this as unknown as Record<string, unknown>;
    return fieldNames(this).map((k) => [k, self[k]]);
  }

  /** Own parameters in definition order (null-valued registrations are skipped). */
  private ownParameters(): [string, Parameter][] {
    return this.ownEntries().filter((e): e is [string, Parameter] => isParameter(e[1]));
  }

  private ownBuffers(persistentOnly = false): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, persistent] of this._buffers) {
      const t = (this as unknown as Record<string, unknown>)[name];
      if (isTensor(t) && (persistent || !persistentOnly)) out.push([name, t]);
    }
    return out;
  }

  /** The direct submodules with their names (PyTorch's `named_children`). */
  namedChildren(): [string, Module][] {
    return this.ownEntries().filter((e): e is [string, Module] => isModule(e[1]));
  }

  /** The direct submodules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, each once (PyTorch's named_modules). */
  namedModules(prefix = '', seen = new Set<Module>()): [string, Module][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    return out;
  }

  /** This module and every submodule, depth first. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name, each once (PyTorch's `named_parameters`). */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    const mods = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]];
    for (const [modPrefix, m] of mods) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([modPrefix ? `${modPrefix}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** Parameter[] in registration order, like PyTorch (shared parameters once). */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Every buffer with its dotted name (PyTorch's `named_buffers`). */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    const mods = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]];
    return mods.flatMap(([modPrefix, m]) => m.ownBuffers().map(([n, t]): [string, Tensor] => [modPrefix ? `${modPrefix}.${n}` : n, t]));
  }

  /** Every buffer (running statistics and the like). */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, t]) => t);
  }

  // ---- registration ----
  /** Adds a buffer: state that is saved but not trained (PyTorch's `register_buffer`). */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName(this, 'registerBuffer', name, (v) => isTensor(v) || this._buffers.has(name));
    if (tensor !== null && !isTensor(tensor)) throw new TypeError(`registerBuffer: cannot assign '${typeof tensor}' object to buffer '${name}' (Tensor or null required)`);
    this._buffers.set(name, persistent);
    define(this, name, tensor === null ? null : keep(tensor));
  }

  /** Adds a parameter under `name` (PyTorch's `register_parameter`). */
  registerParameter(name: string, param: Parameter | null): void {
    checkName(this, 'registerParameter', name, isParameter);
    if (param !== null && !isParameter(param)) {
      throw new TypeError(`registerParameter: cannot assign '${isTensor(param) ? 'Tensor' : typeof param}' object to parameter '${name}' (nn.Parameter or null required); wrap it: new nn.Parameter(t)`);
    }
    define(this, name, param);
  }

  /** Adds a submodule under `name` (PyTorch's `add_module`/`register_module`). */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module, 'registerModule');
  }

  /** PyTorch's add_module: registers `module` (or null) as the child `name`, after the existing ones. */
  addModule(name: string, module: Module | null, op = 'addModule'): void {
    checkName(this, op, name, isModule);
    if (module !== null && !isModule(module)) throw new TypeError(`${op}: ${describeValue(module)} is not a Module subclass (child '${name}' of ${this.constructor.name})`);
    define(this, name, module);
  }

  // ---- modes and bulk operations ----
  /** Sets training mode (dropout on, batch statistics) on this module and its submodules. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** train(false): evaluation mode for this module and its submodules. */
  eval(): this {
    return this.train(false);
  }

  /** Applies fn to every submodule (children first) and to this module, like PyTorch. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets requiresGrad on every parameter (PyTorch's `requires_grad_`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Clears every parameter's gradient (to null unless `setToNone: false`); PyTorch's `zero_grad`. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) {
        // freed now, as Optimizer.zeroGrad does: gradients are kept out of torch.tidy
        const old = p.grad;
        p.grad = null;
        old.dispose();
      } else noGrad(() => p.grad!.zero_());
    }
  }

  /**
   * Moves or casts every parameter and buffer (module.to('webgpu'), module.to('float64')). Parameters
   * are replaced by new ones on the target, so create optimizers after moving the model.
   */
  to(target: ModuleTarget): this {
    return this.moveWith((t, keepIntegers) => convert(t, target, keepIntegers));
  }

  /**
   * `to` that also works from an asynchronous device (`await model.toAsync('cpu')` from WebGPU): every
   * parameter, gradient and buffer is read with an await, then moved as `to` moves them.
   */
  async toAsync(target: ModuleTarget): Promise<this> {
    const moved = new Map<Tensor, Tensor>();
    const move = async (t: Tensor, keepIntegers: boolean) => moved.set(t, await convertAsync(t, target, keepIntegers));
    for (const m of this.modules()) {
      for (const [, p] of m.ownParameters()) {
        await move(p, false);
        if (p.grad) await move(p.grad, false);
      }
      for (const [, t] of m.ownBuffers()) await move(t, true);
    }
    return this.moveWith((t) => moved.get(t)!);
  }

  /** Replaces every parameter (with its gradient) and buffer by `convert(t)`. */
  private moveWith(convert: (t: Tensor, keepIntegers: boolean) => Tensor): this {
    for (const m of this.modules()) {
      const self = m as unknown as Record<string, unknown>;
      for (const [name, p] of m.ownParameters()) {
        const moved = convert(p, false);
        if (moved !== p) {
          const q = new Parameter(moved, p.requiresGrad);
          moved.dispose(); // q holds the storage; the intermediate tensor would wait for the garbage collector
          if (p.grad) q.grad = keep(convert(p.grad, false));
          self[name] = q;
        }
      }
      for (const [name, t] of m.ownBuffers()) {
        // Integer buffers (num_batches_tracked) keep their dtype, as in PyTorch.
        self[name] = keep(convert(t, true));
      }
    }
    return this;
  }

  // ---- state dict ----
  /** `{ 'fc1.weight': Tensor, ... }` in PyTorch's order and key names; tensors are detached aliases. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      const key = (n: string) => (prefix ? `${prefix}.${n}` : n);
      for (const [n, p] of m.ownParameters()) out[key(n)] = p.detach();
      for (const [n, b] of m.ownBuffers(true)) out[key(n)] = b.detach();
    }
    return out;
  }

  /**
   * Copies values from `stateDict` into this module's parameters and buffers. With strict (default),
   * missing and unexpected keys and shape mismatches are reported together in one error, as PyTorch does.
   */
  loadStateDict(stateDict: Record<string, Tensor>, options: { strict?: boolean } = {}): LoadResult {
    const { pairs, result } = this.planLoad(stateDict, options);
    noGrad(() => {
      for (const [target, src] of pairs) target.copy_(src.to({ device: target.device, dtype: target.dtype }));
    });
    return result;
  }

  /**
   * `loadStateDict` from a state dict on any device, also an asynchronous one (a model trained on
   * WebGPU into one on the CPU): each tensor is read with an await, then copied.
   */
  async loadStateDictAsync(stateDict: Record<string, Tensor>, options: { strict?: boolean } = {}): Promise<LoadResult> {
    const { pairs, result } = this.planLoad(stateDict, options);
    const moved: [Tensor, Tensor][] = [];
    for (const [target, src] of pairs) moved.push([target, await src.toAsync({ device: target.device, dtype: target.dtype })]);
    noGrad(() => {
      for (const [target, src] of moved) target.copy_(src);
    });
    return result;
  }

  /** loadStateDict's checks, and the (target, source) pairs to copy. */
  private planLoad(stateDict: Record<string, Tensor>, options: { strict?: boolean }): { pairs: [Tensor, Tensor][]; result: LoadResult } {
    const strict = options.strict ?? true;
    const own = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      const key = (n: string) => (prefix ? `${prefix}.${n}` : n);
      for (const [n, p] of m.ownParameters()) own.set(key(n), p);
      for (const [n, b] of m.ownBuffers(true)) own.set(key(n), b);
    }
    const given = Object.keys(stateDict);
    const missingKeys = [...own.keys()].filter((k) => !(k in stateDict));
    const unexpectedKeys = given.filter((k) => !own.has(k));
    const mismatches: string[] = [];
    for (const [k, target] of own) {
      const src = stateDict[k];
      if (src === undefined) continue;
      if (!isTensor(src)) mismatches.push(`While copying the parameter named "${k}", expected a Tensor, got ${typeof src}.`);
      else if (src.shape.length !== target.shape.length || src.shape.some((s, i) => s !== target.shape[i])) {
        mismatches.push(`size mismatch for ${k}: copying a param with shape [${src.shape.join(', ')}] from checkpoint, the shape in current model is [${target.shape.join(', ')}].`);
      }
    }
    const problems = [
      ...(strict && missingKeys.length ? [`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`] : []),
      ...(strict && unexpectedKeys.length ? [`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`] : []),
      ...mismatches,
    ];
    if (problems.length) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join('\n\t')}`);
    const pairs: [Tensor, Tensor][] = [];
    for (const [k, target] of own) {
      const src = stateDict[k];
      if (src !== undefined) pairs.push([target, src]);
    }
    return { pairs, result: { missingKeys, unexpectedKeys } };
  }

  // ---- printing ----
  /** The text inside this module's parentheses (e.g. `in_features=784, out_features=128, bias=True`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's module print: the class name, extraRepr, then each child indented. */
  toString(): string {
    const lines = this.namedChildren().map(([name, child]) => `(${name}): ${indent(child.toString())}`);
    const extra = this.extraRepr();
    const head = `${this.constructor.name}(`;
    if (lines.length === 0) return `${head}${extra})`;
    const body = [...(extra ? extra.split('\n') : []), ...lines].map((l) => `  ${l}`).join('\n');
    return `${head}\n${body}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
Object.defineProperty(Module.prototype, MODULE_BRAND, { value: true });

/** Whether `x` is a Module (also one from another copy of @x/nn). */
export function isModule(x: unknown): x is Module {
  return x instanceof Module || (typeof x === 'object' && x !== null && (x as { [MODULE_BRAND]?: true })[MODULE_BRAND] === true);
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}

/**
 * Checks a name to register, as PyTorch's register_* do: a non-empty string without '.', not a
 * reserved name, and not an attribute of another kind (a method such as 'forward', a number field).
 */
function checkName(m: Module, op: string, name: string, sameKind: (v: unknown) => boolean): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new TypeError(`${op}: name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
  }
  if (name.startsWith('_') || INTERNAL.has(name)) throw new TypeError(`${op}: the name '${name}' is reserved in ${m.constructor.name}; pick another`);
  const current = (m as unknown as Record<string, unknown>)[name];
  if (name in m && current !== null && current !== undefined && !sameKind(current)) {
    throw new TypeError(`${op}: attribute '${name}' already exists in ${m.constructor.name} (a ${describeValue(current)}); pick another name`);
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return 'method';
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;
}

/** Sets a field, recording its name in the module's order first (integer-like names included). */
function define(m: Module, name: string, value: unknown): void {
  fieldNames(m); // names defined so far come first
  orderOf(m).add(name);
  (m as unknown as Record<string, unknown>)[name] = value;
}

function orderOf(m: Module): Set<string> {
  const holder = m as unknown as { _order?: Set<string> };
  if (holder._order === undefined) Object.defineProperty(holder, '_order', { value: new Set<string>(), writable: true, enumerable: false, configurable: true });
  return holder._order!;
}

/**
 * The module's public fields (children, parameters, buffers, configuration) in definition order.
 * Names registered through the API are recorded as they come; class fields and plain assignments
 * are picked up here, in the order the object lists them (creation order for non-integer names); a
 * declared field without initializer joins when it first holds a value. A deleted field leaves the
 * order; defined again, it comes last, as in PyTorch.
 */
export function fieldNames(m: Module): string[] {
  const order = orderOf(m);
  const self = m as unknown as Record<string, unknown>;
  // A declared field (`head: nn.Linear;`) exists, undefined, from the start: it takes its place when assigned.
  const own = Object.keys(m).filter((k) => !k.startsWith('_') && !INTERNAL.has(k) && (self[k] !== undefined || order.has(k)));
  const present = new Set(own);
  for (const k of order) if (!present.has(k)) order.delete(k);
  for (const k of own) order.add(k);
  return [...order];
}

/** Where Module.to takes the parameters and buffers: a device, a dtype, or both by name. */
type ModuleTarget = Device | DType | { device?: Device; dtype?: DType };

const isDTypeName = (s: string): s is DType => (DTYPES as readonly string[]).includes(s);

/** Moves or casts t; integer buffers (keepIntegers) follow only a device change. */
function convert(t: Tensor, target: ModuleTarget, keepIntegers = false): Tensor {
  const to = targetFor(t, target, keepIntegers);
  return to === null ? t : typeof to !== 'string' ? t.to(to) : isDTypeName(to) ? t.to(to) : t.to(to);
}

async function convertAsync(t: Tensor, target: ModuleTarget, keepIntegers: boolean): Promise<Tensor> {
  const to = targetFor(t, target, keepIntegers);
  return to === null ? t : typeof to !== 'string' ? t.toAsync(to) : isDTypeName(to) ? t.toAsync(to) : t.toAsync(to);
}

/** Where `to(target)` takes t: integer buffers (keepIntegers) follow only a device change; null: t stays. */
function targetFor(t: Tensor, target: ModuleTarget, keepIntegers: boolean): ModuleTarget | null {
  if (!keepIntegers || isFloating(t.dtype)) return target;
  if (typeof target === 'string') return (DTYPES as readonly string[]).includes(target) ? null : target;
  return target.device ? { device: target.device } : null;
}
