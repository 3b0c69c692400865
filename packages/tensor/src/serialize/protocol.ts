// How objects other than tensors and plain data take part in torch.save / torch.load (modules do).
//
// Saving: an object with a method under Symbol.for('@x/serialize') returns `{ type, state, names? }`;
// `state` is any savable tree (tensors, numbers, strings, booleans, null, arrays, plain objects, and other
// such objects, which are saved the same way); `names` optionally names its tensors (a state dict).
// Loading: the reviver registered for `type` in the Map at globalThis[Symbol.for('@x/serialize.revivers')]
// gets the state back (tensors on the load device, nested objects already revived) and returns the object.
// Both keys are global symbols, so an ESM and a CJS copy of a package share them.
import type { Device } from '../device';
import type { Tensor } from '../tensor';

/** The method key: `[SERIALIZE](): Serialized`. */
export const SERIALIZE: unique symbol = Symbol.for('@x/serialize') as never;
/** The globalThis key of the Map from type to reviver. */
export const REVIVERS: unique symbol = Symbol.for('@x/serialize.revivers') as never;

/** A saved object as torch.save writes it: the reviver's `type`, the `state`, and names for its tensors. */
export interface Serialized {
  /** Which reviver rebuilds it, e.g. 'module'. */
  readonly type: string;
  /** Any savable tree: what the reviver gets back. */
  readonly state: unknown;
  /**
   * Names for tensors of `state`, relative to this object's place in the saved tree: a module passes its
   * stateDict(), so its weights are stored as 'fc1.weight' (or 'model.fc1.weight' inside a checkpoint)
   * and Python's safetensors sees the state dict. A tensor is matched by the memory it views, so
   * `p.detach()` here names `p` in the state. Tensors not listed are named by their path in `state`.
   */
  readonly names?: Readonly<Record<string, Tensor>>;
}

/** An object torch.save can write: it names its class and returns its state. */
export interface Serializable {
  [SERIALIZE](): Serialized;
}

/** A class, as passed in `modules` (its constructor is not called by torch.load). */
export type ClassLike = abstract new (...args: never[]) => unknown;

/** torch.load's options: `device` (PyTorch's `map_location`) and `modules`, the user classes the file may name. */
export interface LoadOptions {
  /** Where tensors go (PyTorch's map_location); default 'cpu'. */
  device?: Device;
  /** User classes the file may name, e.g. `{ SimpleNN }` (PyTorch needs them importable). */
  modules?: Readonly<Record<string, ClassLike>>;
}

/** What a reviver gets besides the state. */
export interface ReviveContext {
  /** The device the tensors were loaded on. */
  readonly device: string;
  /** `options.modules` (empty when not given). */
  readonly modules: Readonly<Record<string, ClassLike>>;
  /** The options torch.load was called with. */
  readonly options: LoadOptions;
  /** The file's path, or 'bytes' for loadBytes: for messages. */
  readonly source: string;
  /**
   * The user class `name` from `options.modules`, or the standard error that names it:
   * "torch.load: model.safetensors contains a module of class 'SimpleNN'; pass the class: torch.load('model.safetensors', { modules: { SimpleNN } })".
   */
  moduleClass(name: string): ClassLike;
}

/** Rebuilds a saved object of one class from its state (torch.load's counterpart of pickle's class lookup). */
export type Reviver = (state: unknown, context: ReviveContext) => object;

function table(): Map<string, Reviver> {
  const g = globalThis as unknown as Record<symbol, Map<string, Reviver> | undefined>;
  return (g[REVIVERS] ??= new Map());
}

/** Registers how objects saved with this `type` are rebuilt (a package does this on import). */
export function registerReviver(type: string, reviver: Reviver): void {
  table().set(type, reviver);
}

export function getReviver(type: string): Reviver | undefined {
  return table().get(type);
}

export function isSerializable(x: object): x is Serializable {
  return typeof (x as Partial<Serializable>)[SERIALIZE] === 'function';
}

/** The package that registers a type's reviver, for the error when it is missing. */
export const KNOWN_REVIVERS: Readonly<Record<string, string>> = { module: '@x/nn' };
