// The object tree of torch.save as JSON (kept in the file's metadata) with tensors replaced by references
// to their names in the file, and back.
//
// Encoding: numbers, strings, booleans, null, arrays and plain objects are themselves; special values and
// references are objects whose keys start with '$':
//   {"$tensor": name}  or  {"$tensor": name, "$requiresGrad": true}
//   {"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}
//   {"$type": type, "$state": state}           an object saved through the SERIALIZE protocol
//   {"$object": {...}}                          a plain object that has keys starting with '$' itself
// Tensor names are the path to them ('model.optimizer.state.0.exp_avg'), or, for the tensors a serialized
// object lists in `names` (a module's state dict), the object's path plus that name ('model.fc1.weight').
// A tensor is known by the memory it views (storage, offset, shape, strides, dtype), not by the object, so
// `p` and `p.detach()` met in two places are stored once and come back as one tensor.
import { isFloating } from '../dtype';
import { isTensor, type Tensor } from '../tensor';
import { getReviver, isSerializable, KNOWN_REVIVERS, SERIALIZE, type ReviveContext } from './protocol';
import { preview, quote } from './header';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Deeper trees are refused (a cycle is caught separately): recursion must not overflow the stack. */
export const MAX_DEPTH = 1000;

const SPECIAL_NUMBERS = new Map<string, number>([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-0', -0]]);

export interface EncodedTree {
  readonly root: Json;
  /** In the order first met; a tensor met twice is listed (and stored) once. */
  readonly tensors: readonly { readonly name: string; readonly tensor: Tensor }[];
}

function isPlainObject(x: object): x is Record<string, unknown> {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An object safe for any key, "__proto__" included (JSON.stringify writes it like any other). */
function dict(): Record<string, Json> {
  return Object.create(null) as Record<string, Json>;
}

function wrapIfDollar(out: Record<string, Json>): Json {
  return Object.keys(out).some((k) => k.startsWith('$')) ? { $object: out } : out;
}

function describePath(at: readonly string[]): string {
  return at.length === 0 ? 'the saved object itself' : quote(at.join('.'));
}

/** What identifies a tensor's data: two Tensor objects with equal keys over one storage are the same values. */
function viewKey(t: Tensor): string {
  return `${t.dtype}|${t.offset}|${t.shape.join(',')}|${t.strides.join(',')}`;
}

export function encodeTree(obj: unknown, where: string): EncodedTree {
  const byStorage = new WeakMap<object, Map<string, string>>();
  const used = new Set<string>(['__metadata__']);
  const tensors: { name: string; tensor: Tensor }[] = [];
  const ancestors = new Set<object>();
  const fail = (msg: string): never => {
    throw new TypeError(`${where}: ${msg}`);
  };

  /** The tensor's name in the file, giving it `path` as its name when it is new. */
  const nameOf = (t: Tensor, path: readonly string[]): string => {
    let views = byStorage.get(t.storage);
    if (views === undefined) byStorage.set(t.storage, (views = new Map()));
    const key = viewKey(t);
    let name = views.get(key);
    if (name === undefined) {
      const base = path.join('.') || 'tensor';
      name = base;
      for (let k = 1; used.has(name); k++) name = `${base}#${k}`;
      used.add(name);
      views.set(key, name);
      tensors.push({ name, tensor: t });
    }
    return name;
  };

  const tensorRef = (t: Tensor, path: readonly string[]): Json => {
    const name = nameOf(t, path);
    return t.requiresGrad ? { $tensor: name, $requiresGrad: true } : { $tensor: name };
  };

  const encode = (v: unknown, at: readonly string[], depth: number): Json | undefined => {
    if (depth > MAX_DEPTH) fail(`the object is nested more than ${MAX_DEPTH} levels deep at ${describePath(at)}`);
    switch (typeof v) {
      case 'undefined':
        return undefined; // dropped from objects and null in arrays, as JSON.stringify does
      case 'number':
        if (Number.isNaN(v)) return { $number: 'NaN' };
        if (v === Infinity || v === -Infinity) return { $number: String(v) };
        return Object.is(v, -0) ? { $number: '-0' } : v;
      case 'string':
      case 'boolean':
        return v;
      case 'bigint':
        return fail(`can't save the bigint ${v}n at ${describePath(at)}; convert it to a number, a string or an int64 tensor`);
      case 'function':
      case 'symbol':
        return fail(`can't save a ${typeof v} at ${describePath(at)}; only tensors, numbers, strings, booleans, null, arrays, plain objects and objects with a [Symbol.for('@x/serialize')]() method can be saved`);
    }
    if (v === null) return null;
    const o = v as object;
    if (isTensor(o)) return tensorRef(o, at);
    if (ancestors.has(o)) fail(`the object contains itself (a circular reference) at ${describePath(at)}`);
    ancestors.add(o);
    try {
      if (Array.isArray(o)) return o.map((x, i) => encode(x, [...at, String(i)], depth + 1) ?? null);
      if (isSerializable(o)) return serialized(o, at, depth);
      if (!isPlainObject(o)) {
        const kind = ArrayBuffer.isView(o) ? `a ${o.constructor.name} (wrap it in a tensor: torch.tensor(array))` : `an object of class '${o.constructor?.name ?? '?'}'`;
        fail(`can't save ${kind} at ${describePath(at)}; save a plain object, or give the class a [Symbol.for('@x/serialize')]() method`);
      }
      const out = dict();
      for (const key of Object.keys(o)) {
        const e = encode((o as Record<string, unknown>)[key], [...at, key], depth + 1);
        if (e !== undefined) out[key] = e;
      }
      return wrapIfDollar(out);
    } finally {
      ancestors.delete(o);
    }
  };

  const serialized = (o: object, at: readonly string[], depth: number): Json => {
    const s = (o as { [SERIALIZE](): unknown })[SERIALIZE]() as { type?: unknown; state?: unknown; names?: unknown } | null;
    if (s === null || typeof s !== 'object' || typeof s.type !== 'string' || s.type === '' || !('state' in s)) {
      fail(`the [Symbol.for('@x/serialize')]() method of the object at ${describePath(at)} must return { type: string, state, names? }`);
    }
    const { type, state, names } = s as { type: string; state: unknown; names?: unknown };
    if (names !== undefined) {
      if (names === null || typeof names !== 'object') fail(`the names returned for the object at ${describePath(at)} must be an object { name: Tensor }`);
      // Named first, so these names win over the paths inside the state, and the file follows their order.
      for (const [name, t] of Object.entries(names as object)) {
        if (!isTensor(t)) fail(`names[${quote(name)}] returned for the object at ${describePath(at)} is not a tensor`);
        nameOf(t as Tensor, [...at, name]);
      }
    }
    return { $type: type, $state: encode(state, at, depth + 1) ?? null };
  };

  const root = encode(obj, [], 0);
  if (root === undefined) fail('nothing to save (the object is undefined)');
  return { root: root!, tensors };
}

/**
 * Rebuilds the tree from its JSON: `tensors` maps names to loaded tensors (a name met twice gives the same
 * tensor), and objects of the SERIALIZE protocol are revived bottom-up.
 */
export function decodeTree(root: unknown, tensors: ReadonlyMap<string, Tensor>, context: ReviveContext, where: string): unknown {
  const fail = (msg: string): never => {
    throw new Error(`${where}: the saved structure is invalid: ${msg}`);
  };

  const decode = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    if (v === null || typeof v !== 'object') return v; // JSON gives only null, booleans, numbers, strings here
    if (Array.isArray(v)) return v.map((x) => decode(x, depth + 1));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (!keys.some((k) => k.startsWith('$'))) return plain(o, keys, depth);
    if ('$tensor' in o) return tensor(o, keys);
    if ('$number' in o) {
      const value = keys.length === 1 && typeof o.$number === 'string' ? SPECIAL_NUMBERS.get(o.$number) : undefined;
      if (value === undefined) fail(`bad number ${preview(o, 100)}`);
      return value;
    }
    if ('$object' in o) {
      const inner = o.$object;
      if (keys.length !== 1 || inner === null || typeof inner !== 'object' || Array.isArray(inner)) fail('$object must hold an object');
      return plain(inner as Record<string, unknown>, Object.keys(inner as object), depth);
    }
    if ('$type' in o) {
      if (keys.length !== 2 || typeof o.$type !== 'string' || !('$state' in o)) fail(`bad serialized object ${preview(o, 100)}`);
      const type = o.$type as string;
      const state = decode(o.$state, depth + 1);
      const reviver = getReviver(type);
      if (!reviver) {
        const pkg = KNOWN_REVIVERS[type];
        throw new Error(`${where}: the file contains an object of type ${quote(type)}, which nothing imported can rebuild; ${pkg ? `import '${pkg}'` : `register a reviver for it with registerReviver(${quote(type)}, fn)`}`);
      }
      try {
        return reviver(state, context);
      } catch (e) {
        // A reviver's own failure on a corrupted state still names the call and the file.
        if (e instanceof Error && e.message.startsWith(where.split(':')[0]!)) throw e;
        throw new Error(`${where}: could not rebuild the saved ${quote(type)} object: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    return fail(`unknown key ${quote(keys.find((k) => k.startsWith('$'))!)}`);
  };

  const plain = (o: Record<string, unknown>, keys: readonly string[], depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      // defineProperty: a key "__proto__" from the file must become data, not the object's prototype.
      Object.defineProperty(out, k, { value: decode(o[k], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };

  const tensor = (o: Record<string, unknown>, keys: readonly string[]): Tensor => {
    const name = o.$tensor;
    const flag = o.$requiresGrad;
    if (typeof name !== 'string' || keys.length > 2 || (keys.length === 2 && flag !== true)) fail(`bad tensor reference ${preview(o, 100)}`);
    const t = tensors.get(name as string);
    if (t === undefined) return fail(`it refers to tensor ${quote(name as string)}, which the file does not hold`);
    if (flag === true) {
      if (!isFloating(t.dtype)) fail(`tensor ${quote(name as string)} is ${t.dtype} but marked as requiring grad`);
      t.requiresGrad_(true);
    }
    return t;
  };

  return decode(root, 0);
}
