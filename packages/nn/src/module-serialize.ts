// torch.save(model) / torch.load(path, { modules }) for modules: a module saves its class name, its
// fields in definition order (its ordered registry's) (children, parameters, buffers, plain configuration values) and which
// fields are buffers. Loading rebuilds it without calling any constructor: the prototype of the
// class (built-in, or named in `modules`) plus the saved fields.
import { isTensor, registerReviver, SERIALIZE, type ClassLike, type ReviveContext, type Serialized, type Tensor } from '@x/tensor';
import { fieldNames, isModule, Module } from './module';
import { isParameter, Parameter } from './parameter';

type Field =
  | { kind: 'parameter'; tensor: Tensor; requiresGrad: boolean }
  | { kind: 'value'; value: unknown };

interface ModuleState {
  class: string;
  training: boolean;
  fields: [string, Field][];
  buffers: [string, boolean][];
}

const builtins = new Map<string, ClassLike>();

/** The classes torch.load can rebuild without being told (this package's layers, losses, containers). */
export function registerBuiltinModules(exports: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function' && (value === Module || value.prototype instanceof Module)) builtins.set(name, value as ClassLike);
  }
}

function savable(owner: string, name: string, value: unknown): unknown {
  if (value === null || ['number', 'string', 'boolean'].includes(typeof value) || isTensor(value) || isModule(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => savable(owner, `${name}[${i}]`, v));
  throw new TypeError(
    `torch.save: field '${name}' of ${owner} holds a ${typeof value === 'function' ? 'function' : (value as object).constructor?.name ?? typeof value}, ` +
      'which cannot be saved; save model.stateDict() instead, or keep such values out of module fields',
  );
}

function serializeModule(this: Module): Serialized {
  const owner = this.constructor.name;
  const buffers = [...((this as unknown as { _buffers: Map<string, boolean> })._buffers ?? new Map<string, boolean>())];
  const self = this as unknown as Record<string, unknown>;
  const fields: [string, Field][] = fieldNames(this)
    .map((k): [string, unknown] => [k, self[k]])
    .map(([k, v]) => [k, isParameter(v) ? { kind: 'parameter', tensor: v.detach(), requiresGrad: v.requiresGrad } : { kind: 'value', value: savable(owner, k, v) }]);
  const state: ModuleState = { class: owner, training: this.training, fields, buffers };
  // Tensors named by the state dict keys, so Python's safetensors sees `fc1.weight`.
  return { type: 'module', state, names: this.stateDict() };
}

function reviveModule(raw: unknown, context: ReviveContext): object {
  const state = raw as ModuleState;
  if (typeof state?.class !== 'string' || !Array.isArray(state.fields) || !Array.isArray(state.buffers)) {
    throw new Error(`${context.source} has a malformed module entry (no class, fields or buffers)`);
  }
  const cls = builtins.get(state.class) ?? context.moduleClass(state.class);
  const m = Object.create((cls as unknown as { prototype: object }).prototype) as Record<string, unknown>;
  // Own data properties, as the constructor's class fields would have made them.
  const define = (key: string, value: unknown) => Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
  define('training', Boolean(state.training));
  define('_buffers', new Map(state.buffers));
  for (const [name, field] of state.fields) {
    define(name, field.kind === 'parameter' ? new Parameter(field.tensor, field.requiresGrad) : field.value);
  }
  // The saved order (integer-like names included), as the module's ordered registry.
  Object.defineProperty(m, '_order', { value: new Set(state.fields.map(([name]) => name)), writable: true, enumerable: false, configurable: true });
  return m;
}

Object.defineProperty(Module.prototype, SERIALIZE, { value: serializeModule, writable: true, configurable: true });
registerReviver('module', reviveModule);
