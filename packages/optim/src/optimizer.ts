// The Optimizer base: parameter groups, per-parameter state, zeroGrad, step, and state dicts in
// PyTorch's layout (torch/optim/optimizer.py). Subclasses implement `updateGroup`, which step() runs
// under noGrad so that parameters are written in place and stay the same leaf tensors.
import { canReadSync, enableGrad, flush, isFloating, isTensor, keep, noGrad, tidy, type Tensor } from '@x/tensor';
import { pyOption } from './format';
import { toCamel, toSnake } from './keys';
import { copyStateValue, isStateDict, type OptimizerStateDict, type StateRecord } from './state-dict';

/** The options every optimizer has; each optimizer adds its own. */
export interface GroupOptions {
  lr: number;
}

/** A parameter group as the optimizer holds it: its tensors plus every option, resolved. */
export type ParamGroup<O extends object = GroupOptions> = O & {
  params: Tensor[];
  /** Set by the lr schedulers: the lr the schedule started from. */
  initialLr?: number;
  [option: string]: unknown;
};

/** A parameter group as given: tensors plus the options that differ from the optimizer's. */
export type ParamGroupInput<O extends object = GroupOptions> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
  [option: string]: unknown;
};

/** What an optimizer takes: tensors, or parameter groups (`{ params, ...options }`) with their own options. */
export type Params<O extends object = GroupOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** Marks optimizers, so that an ESM and a CJS copy of this package recognise each other's. */
export const OPTIMIZER_BRAND = Symbol.for('@x/optim.Optimizer');

export function isOptimizer(x: unknown): x is Optimizer {
  return x instanceof Optimizer || (x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[OPTIMIZER_BRAND] === true);
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

function isThenable(x: unknown): boolean {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * A subclass that overrides step() (the PyTorch way) still counts its steps, as PyTorch wraps every
 * optimizer's step with a counter: the lr schedulers read the count to warn about a wrong call order.
 */
function countOverriddenSteps(optimizer: Optimizer): void {
  const own = (optimizer as { step: Optimizer['step'] }).step;
  if (own === Optimizer.prototype.step) return;
  Object.defineProperty(optimizer, 'step', {
    value: function countedStep(this: Optimizer, ...args: unknown[]) {
      const result = (own as (...a: unknown[]) => unknown).apply(this, args);
      this._stepCount += 1;
      return result;
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/** A group's options as PyTorch holds them: snake_case names, plus the options only PyTorch has. */
function packGroup(group: Record<string, unknown>, torchOnly: Record<string, unknown>): Record<string, unknown> {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(group)) {
    if (key !== 'params') packed[toSnake(key)] = Array.isArray(value) ? [...value] : value;
  }
  for (const [key, value] of Object.entries(torchOnly)) if (!(key in packed)) packed[key] = value;
  return packed;
}

/** The base of the optimizers (PyTorch's `optim.Optimizer`): parameter groups, per-parameter state, `zeroGrad`, `step`, state dicts. */
export class Optimizer<O extends GroupOptions = GroupOptions, S extends object = object> {
  /** The constructor's options: the values a group gets for the options it does not set. */
  readonly defaults: Readonly<Partial<O>>;
  /** The parameter groups, each with its parameters and options (PyTorch's `param_groups`). */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, exp_avg...), keyed by the parameter, under PyTorch's names. */
  state = new Map<Tensor, S>();
  /** How many times step() ran since an lr scheduler was attached (PyTorch's `_step_count`). */
  _stepCount = 0;

  get [OPTIMIZER_BRAND](): true {
    return true;
  }

  /**
   * @param params tensors, or parameter groups (`{ params, lr?, ...options }`) whose options override `defaults`
   * @param defaults every option of this optimizer; an `undefined` value means the option is required
   */
  constructor(params: Params<O>, defaults: Partial<O>) {
    this.defaults = Object.freeze({ ...defaults });
    const name = this.constructor.name;
    if (isTensor(params)) {
      throw new TypeError(
        `${name}: params argument given to the optimizer should be an iterable of Tensors or dicts, but got a Tensor; wrap it in an array: [tensor]`,
      );
    }
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${name}: params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${describe(params)}`);
    }
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new RangeError(`${name}: optimizer got an empty parameter list`);
    const groups = isTensor(list[0]) || !(list[0] !== null && typeof list[0] === 'object' && 'params' in list[0])
      ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>]
      : (list as ParamGroupInput<O>[]);
    for (const group of groups) this.addParamGroup(group);
    countOverriddenSteps(this as unknown as Optimizer);
  }

  /** Checks a group's resolved options (PyTorch's messages); throws on an invalid value. None by default. */
  protected validateGroup(_group: ParamGroup<O>): void {}

  /**
   * Updates the parameters of one group from their `.grad` (runs under noGrad). The built-in
   * optimizers implement this; an optimizer of your own may override step() instead, as in PyTorch.
   */
  protected updateGroup(_group: ParamGroup<O>): void {
    throw new TypeError(`${this.constructor.name}: override step() (as a PyTorch optimizer does) or updateGroup(group) to update the parameters`);
  }

  /**
   * Options PyTorch keeps in its param groups for features that `@x` does not have (foreach, fused...),
   * with the values that say what `@x` does. stateDict() writes them, so that it equals PyTorch's;
   * loadStateDict() drops them.
   */
  protected torchOnlyOptions(): Record<string, unknown> {
    return {};
  }

  /** Adds a group of parameters, e.g. layers unfrozen during fine-tuning. Options it omits come from `defaults`. */
  addParamGroup(paramGroup: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    if (paramGroup === null || typeof paramGroup !== 'object' || Array.isArray(paramGroup) || isTensor(paramGroup)) {
      throw new TypeError(`${name}: param group must be an object { params, ...options }, got ${describe(paramGroup)}`);
    }
    const raw = paramGroup.params;
    let params: Tensor[];
    if (isTensor(raw)) params = [raw];
    else if (raw !== null && typeof raw === 'object' && typeof (raw as Iterable<Tensor>)[Symbol.iterator] === 'function') params = [...raw];
    else throw new TypeError(`${name}: a param group's params must be a Tensor or an iterable of Tensors, got ${describe(raw)}`);

    for (const p of params) {
      if (!isTensor(p)) throw new TypeError(`${name}: optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
      if (!p.isLeaf) {
        throw new TypeError(
          `${name}: can't optimize a non-leaf Tensor (shape [${p.shape.join(', ')}], computed by ${p.gradFn?.name ?? 'an op'}); ` +
            'optimize the leaf it was computed from, or make a leaf with x.detach().requiresGrad_()',
        );
      }
      if (!isFloating(p.dtype)) {
        throw new TypeError(`${name}: optimizer can only optimize Tensors of floating point dtype, but one of the params is ${p.dtype}; convert it with .float()`);
      }
    }

    const group = { ...paramGroup, params } as ParamGroup<O>;
    for (const [key, value] of Object.entries(this.defaults)) {
      if (group[key] !== undefined) continue;
      if (value === undefined) {
        throw new TypeError(`${name}: parameter group didn't specify a value of required optimization parameter ${key}; pass it in the options, e.g. { ${key}: 0.01 }`);
      }
      (group as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
    }
    this.validateGroup(group);

    if (new Set(params).size !== params.length) {
      warnOnce(`${name}: optimizer contains a parameter group with duplicate parameters; in future, this will cause an error (as in PyTorch)`);
    }
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => existing.has(p))) throw new RangeError(`${name}: some parameters appear in more than one parameter group`);
    this.paramGroups.push(group);
  }

  /**
   * Clears the gradients of every parameter: `setToNone` (the default, as in PyTorch 2) sets `.grad`
   * to null and frees the old gradient tensors (dispose: autograd keeps gradients out of torch.tidy,
   * so nothing else would free their memory until garbage collection; clone a gradient first to keep
   * it); `{ setToNone: false }` zeroes the gradient tensors in place.
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) {
          const old = p.grad;
          p.grad = null;
          old.dispose();
        } else {
          if (p.grad.gradFn !== null) p.grad.detach_();
          else p.grad.requiresGrad_(false);
          p.grad.zero_();
        }
      }
    }
  }

  /**
   * Updates the parameters from their gradients. `closure`, if given, recomputes the loss (with grad
   * enabled, e.g. `() => { opt.zeroGrad(); const l = lossFn(); l.backward(); return l; }`) before the
   * update; its result is returned.
   */
  step<L = unknown>(closure?: () => L): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined) {
      loss = enableGrad(closure);
      if (isThenable(loss)) {
        throw new TypeError(
          `${this.constructor.name}.step(closure): the closure returned a Promise, and step() cannot wait for it; ` +
            'await the loss and backward() yourself, then call step() without a closure',
        );
      }
    }
    // The update's temporaries are freed at once (a tidy); the state it creates lives on (kept).
    noGrad(() =>
      tidy(() => {
        for (const group of this.paramGroups) this.updateGroup(group);
        this.keepState();
      }),
    );
    this._stepCount += 1;
    for (const group of this.paramGroups) for (const p of group.params) flush(p.device);
    return loss;
  }

  /**
   * The state in PyTorch's layout: `{ state: { 0: { step, exp_avg, ... } }, param_groups: [{ lr, ...,
   * params: [0, 1] }] }`, parameters numbered in group order, option names in snake_case. As in
   * PyTorch the state tensors are the optimizer's own (not copies): save or clone them before the
   * next step if you keep the dict.
   */
  stateDict(): OptimizerStateDict {
    const mapping = new Map<Tensor, number>();
    let start = 0;
    const torchOnly = this.torchOnlyOptions();
    const paramGroups = this.paramGroups.map((group) => {
      const packed = packGroup(group, torchOnly);
      group.params.forEach((p, i) => {
        if (!mapping.has(p)) mapping.set(p, start + i);
      });
      const params = group.params.map((p) => mapping.get(p)!);
      start += params.length;
      return { ...packed, params };
    });
    const state: Record<number, StateRecord> = {};
    for (const [p, s] of this.state) {
      const index = mapping.get(p);
      if (index !== undefined) state[index] = { ...(s as StateRecord) };
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Restores a state from stateDict() (this optimizer's, a copy's, or PyTorch's converted to `@x`
   * values): the state tensors are copied and cast to their parameter's dtype and device, and the
   * groups take the saved options. Continuing then follows exactly the trajectory of the saved run.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const name = this.constructor.name;
    if (!isStateDict(stateDict)) {
      throw new TypeError(`${name}.loadStateDict: expected { state, param_groups } as returned by stateDict(), got ${describe(stateDict)}`);
    }
    const saved = stateDict.param_groups;
    if (saved.length !== this.paramGroups.length) {
      throw new RangeError(
        `${name}.loadStateDict: loaded state dict has a different number of parameter groups (${saved.length}, the optimizer has ${this.paramGroups.length})`,
      );
    }
    saved.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i]!.params.length) {
        throw new RangeError(
          `${name}.loadStateDict: loaded state dict contains a parameter group that doesn't match the size of optimizer's group ` +
            `(group ${i}: ${g.params.length} saved, ${this.paramGroups[i]!.params.length} in the optimizer)`,
        );
      }
    });
    // Saved ids map to the current parameters by position, as in PyTorch.
    const idMap = new Map<string, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => idMap.set(String(id), this.paramGroups[i]!.params[j]!)));

    const state = new Map<Tensor, S>();
    for (const [id, value] of Object.entries(stateDict.state)) {
      const p = idMap.get(id);
      if (p === undefined) {
        throw new RangeError(`${name}.loadStateDict: the state dict has state for parameter ${id}, which none of its param_groups lists`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new TypeError(`${name}.loadStateDict: the state of parameter ${id} must be an object, got ${describe(value)}`);
      }
      const entry: StateRecord = {};
      for (const [key, v] of Object.entries(value)) entry[key] = copyStateValue(p, key, v);
      state.set(p, entry as S);
    }

    const torchOnly = this.torchOnlyOptions();
    const groups = this.paramGroups.map((current, i) => {
      const group: Record<string, unknown> = { params: current.params };
      for (const [key, value] of Object.entries(saved[i]!)) {
        if (key === 'params' || key in torchOnly) continue;
        group[toCamel(key)] = Array.isArray(value) ? [...(value as unknown[])] : value;
      }
      for (const [key, value] of Object.entries(this.defaults)) {
        if (group[key] === undefined && value !== undefined) group[key] = Array.isArray(value) ? [...value] : value;
      }
      const resolved = group as ParamGroup<O>;
      this.validateGroup(resolved);
      return resolved;
    });
    this.state = state;
    this.paramGroups = groups;
    this.keepState();
  }

  /**
   * `loadStateDict` from a state dict whose tensors may live on an asynchronous device (an optimizer
   * saved on WebGPU, loaded for the CPU): they are read with an await, then loaded as loadStateDict does.
   */
  async loadStateDictAsync(stateDict: OptimizerStateDict): Promise<void> {
    const host = async (v: unknown): Promise<unknown> => {
      if (isTensor(v)) return canReadSync(v.device) ? v : v.toAsync('cpu');
      if (Array.isArray(v)) return Promise.all(v.map(host));
      if (v !== null && typeof v === 'object') return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await host(x)])));
      return v;
    };
    this.loadStateDict((await host(stateDict)) as OptimizerStateDict);
  }

  /** Exempts every state tensor from tidy: the optimizer owns them across steps. */
  protected keepState(): void {
    const visit = (v: unknown): void => {
      if (isTensor(v)) keep(v);
      else if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
    };
    for (const s of this.state.values()) visit(s);
  }

  /**
   * PyTorch's print: the class, then each group's options under PyTorch's names, sorted, with
   * Python's values (`weight_decay: 0`, `maximize: False`, `foreach: None`), as in its state dict.
   */
  toString(): string {
    let s = `${this.constructor.name} (`;
    const torchOnly = this.torchOnlyOptions();
    this.paramGroups.forEach((group, i) => {
      s += `\nParameter Group ${i}\n`;
      const packed = packGroup(group, torchOnly);
      for (const key of Object.keys(packed).sort()) s += `    ${key}: ${pyOption(key, packed[key])}\n`;
    });
    return `${s})`;
  }
}
