// torch.save(model) / torch.load(path, { modules }) for modules: a module saves its class name, its
// fields in definition order (its ordered registry's) (children, parameters, buffers, plain configuration values) and which
// fields are buffers. Loading rebuilds it without calling any constructor: the prototype of the
// class (built-in, or named in `modules`) plus the saved fields.
import { isFloating, isTensor, registerReviver, SERIALIZE, type ClassLike, type ReviveContext, type Serialized, type Tensor } from '@x/tensor';
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

/**
 * What built-in layers cannot work without: [field, 'parameter' | 'buffer'] (a parameter or buffer may be
 * null where the layer allows it, e.g. bias=False). A test checks this against fresh instances.
 */
export const REQUIRED_FIELDS: Readonly<Record<string, readonly (readonly [string, 'parameter' | 'buffer'])[]>> = {
  Linear: [['weight', 'parameter'], ['bias', 'parameter']],
  Conv1d: [['weight', 'parameter'], ['bias', 'parameter']],
  Conv2d: [['weight', 'parameter'], ['bias', 'parameter']],
  Embedding: [['weight', 'parameter']],
  LayerNorm: [['weight', 'parameter'], ['bias', 'parameter']],
  BatchNorm1d: [['weight', 'parameter'], ['bias', 'parameter'], ['running_mean', 'buffer'], ['running_var', 'buffer'], ['num_batches_tracked', 'buffer']],
  BatchNorm2d: [['weight', 'parameter'], ['bias', 'parameter'], ['running_mean', 'buffer'], ['running_var', 'buffer'], ['num_batches_tracked', 'buffer']],
};

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : isTensor(v) ? 'a tensor' : typeof v === 'object' ? 'an object' : typeof v;
}

/** A field value a module can have been saved with (what `savable` lets through). */
function checkValue(v: unknown, at: string, bad: (msg: string) => never, depth = 0): void {
  if (v === null || ['number', 'string', 'boolean'].includes(typeof v) || isTensor(v) || isModule(v)) return;
  if (Array.isArray(v) && depth < 100) {
    v.forEach((x, i) => checkValue(x, `${at}[${i}]`, bad, depth + 1));
    return;
  }
  bad(`field ${at} holds ${kindOf(v)}, which a saved module cannot hold`);
}

/**
 * Checks a saved module's state against its class before anything is built: the shape of the state,
 * field names that would shadow the class's methods (`forward`) or its internals, parameters that are
 * floating-point tensors, buffers that are fields, and for built-in layers the fields they need.
 */
function validate(state: unknown, cls: ClassLike | null): ModuleState {
  const s = state as Partial<ModuleState> | null;
  const name = typeof s?.class === 'string' ? `'${s.class.slice(0, 100)}'` : '';
  const bad = (msg: string): never => {
    throw new Error(`the saved module${name ? ` of class ${name}` : ''} is invalid: ${msg}`);
  };
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return bad(`its state is ${kindOf(s)}, expected { class, training, fields, buffers }`);
  if (typeof s.class !== 'string' || s.class === '') bad('it has no class name');
  if (typeof s.training !== 'boolean') bad(`training is ${kindOf(s.training)}, expected a boolean`);
  if (!Array.isArray(s.fields)) bad(`fields is ${kindOf(s.fields)}, expected an array of [name, field] pairs`);
  if (!Array.isArray(s.buffers)) bad(`buffers is ${kindOf(s.buffers)}, expected an array of [name, persistent] pairs`);
  const proto = cls === null ? null : (cls as unknown as { prototype: object }).prototype;
  const fields = new Map<string, Field>();
  for (const entry of s.fields!) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') bad('a field is not a [name, field] pair');
    const [key, field] = entry as [string, Field];
    const at = `'${key.slice(0, 100)}'`;
    if (key === '' || key.startsWith('_') || key === 'training') bad(`field ${at} is not a name a module field can have`);
    if (fields.has(key)) bad(`field ${at} appears twice`);
    if (proto !== null && key in proto) bad(`field ${at} would hide the ${typeof (proto as Record<string, unknown>)[key] === 'function' ? 'method' : 'property'} of the same name of the class`);
    if (field === null || typeof field !== 'object') bad(`field ${at} is ${kindOf(field)}, expected { kind, ... }`);
    if (field.kind === 'parameter') {
      const { tensor, requiresGrad } = field as { tensor: unknown; requiresGrad: unknown };
      if (!isTensor(tensor)) bad(`parameter ${at} holds ${kindOf(tensor)}, expected a tensor`);
      if (!isFloating((tensor as Tensor).dtype)) bad(`parameter ${at} is ${(tensor as Tensor).dtype}; parameters are floating-point tensors`);
      if (typeof requiresGrad !== 'boolean') bad(`parameter ${at} has requiresGrad ${kindOf(requiresGrad)}, expected a boolean`);
    } else if (field.kind === 'value') {
      if (!('value' in field)) bad(`field ${at} has no value`);
      checkValue(field.value, at, bad);
    } else bad(`field ${at} has kind ${kindOf((field as { kind?: unknown }).kind)}, expected 'parameter' or 'value'`);
    fields.set(key, field);
  }
  const buffers = new Set<string>();
  for (const entry of s.buffers!) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'boolean') bad('a buffer is not a [name, persistent] pair');
    const [key] = entry as [string, boolean];
    const f = fields.get(key);
    if (f === undefined || f.kind !== 'value' || !(f.value === null || isTensor(f.value))) bad(`buffer '${key.slice(0, 100)}' is not a field holding a tensor or null`);
    buffers.add(key);
  }
  for (const [key, kind] of Object.prototype.hasOwnProperty.call(REQUIRED_FIELDS, s.class!) && builtins.get(s.class!) === cls ? REQUIRED_FIELDS[s.class!]! : []) {
    const f = fields.get(key);
    const ok = kind === 'parameter' ? f !== undefined && (f.kind === 'parameter' || (f.kind === 'value' && f.value === null)) : buffers.has(key);
    if (!ok) bad(`a ${s.class} needs its ${kind} '${key}'${kind === 'parameter' ? ' (a parameter, or null where the layer allows it)' : ''}, which the file does not hold`);
  }
  return s as ModuleState;
}

function reviveModule(raw: unknown, context: ReviveContext): object {
  const className = (raw as { class?: unknown } | null)?.class;
  const cls = typeof className === 'string' && className !== '' ? (builtins.get(className) ?? context.moduleClass(className)) : null;
  if (cls !== null && cls !== (Module as unknown) && !((cls as unknown as { prototype: unknown }).prototype instanceof Module)) {
    throw new Error(`the saved module's class '${String(className)}' (from options.modules) is not an nn.Module subclass`);
  }
  const state = validate(raw, cls);
  const m = Object.create((cls as unknown as { prototype: object }).prototype) as Record<string, unknown>;
  // Own data properties, as the constructor's class fields would have made them.
  const define = (key: string, value: unknown) => Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
  define('training', state.training);
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
