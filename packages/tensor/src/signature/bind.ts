// Python's calling convention for JavaScript: positional arguments first, then one trailing plain
// options object holding any parameter by name. A key the signature does not know, a parameter given
// twice, too many positional arguments or a missing required one throw a TypeError that names the
// function, the key and the parameters it takes: nothing is ever silently ignored.
//
// The raw binders are the hot path of every generated Tensor method and torch function: a call
// without an options object costs a type check of the last argument and a check of the required
// arguments, and returns the arguments themselves (the generated code fills in the defaults).
import { bindingError, overloadError, type Failure } from './messages';
import { REQUIRED, type Signature } from './signature';
import { isOptionsObject } from './types';

/**
 * Binds `args` to `sig`: one value per parameter, in declaration order; an entry that is undefined
 * (or past the end) takes the parameter's default, `sig.defaults[i]`. May return `args` itself.
 */
export function bindRaw(sig: Signature, args: unknown[]): readonly unknown[] {
  const n = args.length;
  if (n === 0) return sig.anyRequired ? bindOrThrow(sig, args) : args;
  if (isOptionsObject(args[n - 1])) return bindOrThrow(sig, args);
  if (sig.varargsAt >= 0) return bindVarargs(sig, args);
  if (n > sig.positional || sig.requiredKeyword) return bindOrThrow(sig, args);
  for (let i = 0; i < sig.requiredPositional; i++) if (args[i] === undefined) return bindOrThrow(sig, args);
  return args;
}

/**
 * Binds `args` to `sig` and returns one value per parameter, in declaration order, defaults filled
 * in (a varargs parameter becomes one array). The result may be `args` itself, written over: read
 * it, do not keep it.
 */
export function bindPositional(sig: Signature, args: unknown[]): readonly unknown[] {
  return withDefaults(sig, bindRaw(sig, args));
}

function withDefaults(sig: Signature, values: readonly unknown[]): unknown[] {
  const out = values as unknown[];
  for (let i = 0; i < sig.defaults.length; i++) if (out[i] === undefined) out[i] = sig.defaults[i];
  return out;
}

/** The positional-only call of a signature with a varargs parameter: `x.view(2, -1)`, `zeros([2, 3])`. */
function bindVarargs(sig: Signature, args: unknown[]): readonly unknown[] {
  const v = sig.varargsAt;
  const n = args.length;
  if (n <= v || sig.requiredKeyword) return bindOrThrow(sig, args);
  for (let i = 0; i < sig.requiredPositional; i++) if (args[i] === undefined) return bindOrThrow(sig, args);
  if (v === 0) return n === 1 && Array.isArray(args[0]) ? args : [args];
  const out = args.slice(0, v);
  out.push(n === v + 1 && Array.isArray(args[v]) ? args[v] : args.slice(v));
  return out;
}

function bindOrThrow(sig: Signature, args: readonly unknown[]): unknown[] {
  const r = bind(sig, args, false);
  if (Array.isArray(r)) return r;
  throw new TypeError(bindingError(sig, r as Failure));
}

/**
 * The general binder: an array of values with defaults filled in, or why `args` do not fit. With
 * `checkTypes`, also a value that the declared type of a positional-or-keyword parameter refuses
 * (keyword-only ones are left to the function, whose own message is more precise).
 */
export function bind(sig: Signature, args: readonly unknown[], checkTypes: boolean): unknown[] | Failure {
  let n = args.length;
  // a trailing undefined is no argument (JavaScript's `f(a, options)` with options undefined)
  while (n > 0 && args[n - 1] === undefined) n--;
  let options: Record<string, unknown> | undefined;
  if (n > 0 && isOptionsObject(args[n - 1])) {
    options = args[n - 1] as Record<string, unknown>;
    n--;
  }
  const params = sig.params;
  const out: unknown[] = new Array(params.length);
  let given = n;
  for (let i = 0; i < n; i++) {
    if (i === sig.varargsAt) {
      // sizes as one array (`zeros([2, 3])`) or as the rest of the positional arguments (`zeros(2, 3)`)
      out[i] = n - i === 1 && Array.isArray(args[i]) ? args[i] : args.slice(i, n);
      given = i + 1;
      break;
    }
    if (i >= sig.positional) return { kind: 'tooMany', given: n };
    out[i] = args[i];
  }
  if (options !== undefined) {
    for (const key in options) {
      const at = sig.index.get(key);
      if (at === undefined) return { kind: 'unknown', key };
      const v = options[key];
      if (v === undefined) continue;
      if (at < given && out[at] !== undefined) return { kind: 'twice', key };
      out[at] = v;
    }
  }
  for (let i = 0; i < params.length; i++) {
    const v = out[i];
    if (v === undefined) {
      const d = sig.defaults[i];
      if (d === REQUIRED || params[i]!.varargs) return { kind: 'missing', name: params[i]!.name };
      out[i] = d;
    } else if (checkTypes && params[i]!.kind === 'positional' && !params[i]!.accepts(v)) {
      return { kind: 'type', name: params[i]!.name, value: v };
    }
  }
  return out;
}

/** Whether a call without an options object fits `sig` by count, required arguments and declared types. */
function fitsPositionally(sig: Signature, args: readonly unknown[]): boolean {
  const n = args.length;
  if (n > sig.positional || sig.varargsAt >= 0 || sig.requiredKeyword) return false;
  const params = sig.params;
  for (let i = 0; i < n; i++) {
    const v = args[i];
    if (v === undefined ? i < sig.requiredPositional : !params[i]!.accepts(v)) return false;
  }
  return n >= sig.requiredPositional;
}

/**
 * bindOverloads for generated code: an entry left undefined takes its signature's default (see
 * bindRaw). Returns the signature's index and the values.
 */
export function bindOverloadsRaw(sigs: readonly Signature[], args: unknown[]): [number, readonly unknown[]] {
  const n = args.length;
  if (n === 0 || !isOptionsObject(args[n - 1])) {
    for (let k = 0; k < sigs.length; k++) if (fitsPositionally(sigs[k]!, args)) return [k, args];
  }
  const failures: Failure[] = [];
  for (let k = 0; k < sigs.length; k++) {
    const r = bind(sigs[k]!, args, true);
    if (Array.isArray(r)) return [k, r];
    failures.push(r as Failure);
  }
  throw new TypeError(sigs.length === 1 ? bindingError(sigs[0]!, failures[0]!) : overloadError(sigs, failures, args));
}

/**
 * Binds `args` to the first of `sigs` they fit, as PyTorch picks among an op's overloads (e.g.
 * max(), max(dim, keepdim), max(other)): counts, names and the declared types must all fit.
 * Returns the signature's index and its values, defaults filled in (see bindPositional).
 */
export function bindOverloads(sigs: readonly Signature[], args: unknown[]): [number, unknown[]] {
  const [k, values] = bindOverloadsRaw(sigs, args);
  return [k, withDefaults(sigs[k]!, values)];
}

/**
 * Binds `args` (a constructor's or function's rest parameter) to `sig` and returns the values by
 * name, defaults filled in: `const { inFeatures, outFeatures, bias } = bindArgs(LINEAR, args)`.
 */
export function bindArgs<T extends object = Record<string, unknown>>(sig: Signature, args: ArrayLike<unknown>): T {
  const values = bindPositional(sig, Array.from(args));
  const out: Record<string, unknown> = {};
  sig.params.forEach((p, i) => {
    out[p.name] = values[i];
  });
  return out as T;
}
