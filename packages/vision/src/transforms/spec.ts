// A transform remembers how it was made (factory name and arguments), so that DataLoader worker
// threads, which cannot receive functions, can rebuild it: the spec is structured-cloneable.
import { bindArgs, type Signature } from '@x/tensor';
import { composeRepr, REPRS } from './repr';
const SPEC = Symbol.for('@x/vision.transformSpec');

/** A transform as data: its name and arguments (how transforms travel to DataLoader workers). */
export interface TransformSpec {
  readonly transform: string;
  readonly args: readonly unknown[];
}

function toPlain(value: unknown): unknown {
  if (typeof value === 'function') {
    const spec = specOf(value);
    if (!spec) throw new TypeError('this transform cannot be sent to DataLoader workers (a Lambda or a function of your own): use numWorkers: 0, or build the dataset in the worker module');
    return spec;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

/**
 * Wraps a factory so that each transform it makes carries its spec. With a signature, the arguments
 * follow Python's calling convention (torchvision's parameters by position, or by name in a trailing
 * options object; unknown or doubled names throw) and `call` turns the bound values into the
 * factory's own arguments.
 */
export function described<A extends unknown[], T extends object>(
  name: string,
  factory: (...args: A) => T,
  signature?: { sig: Signature; call: (bound: Record<string, unknown>) => unknown[] },
): (...args: A) => T {
  return (...args: A) => {
    const bound = signature ? bindArgs<Record<string, unknown>>(signature.sig, args) : null;
    const t = signature ? factory(...(signature.call(bound!) as A)) : factory(...args);
    // Computed lazily: only transforms sent to workers need cloneable arguments.
    Object.defineProperty(t, SPEC, { get: () => ({ transform: name, args: args.map(toPlain) }) });
    // String(t): torchvision's repr
    const repr = name === 'Compose' ? () => composeRepr((bound?.['transforms'] ?? args[0]) as readonly unknown[]) : REPRS[name] && bound ? () => REPRS[name]!(bound) : undefined;
    if (repr) Object.defineProperty(t, 'toString', { value: repr });
    return t;
  };
}

/** The spec of a transform made by this package, or undefined. */
export function specOf(t: unknown): TransformSpec | undefined {
  return typeof t === 'function' ? ((t as unknown as Record<symbol, TransformSpec | undefined>)[SPEC]) : undefined;
}

function isSpec(x: unknown): x is TransformSpec {
  return typeof x === 'object' && x !== null && typeof (x as TransformSpec).transform === 'string' && Array.isArray((x as TransformSpec).args);
}

/** Rebuilds a transform from its spec with the given factories. */
export function fromSpec(spec: TransformSpec, factories: Record<string, unknown>): unknown {
  const factory = factories[spec.transform];
  if (typeof factory !== 'function') throw new TypeError(`unknown transform '${spec.transform}' in a worker's transform spec`);
  const revive = (a: unknown): unknown => (isSpec(a) ? fromSpec(a, factories) : Array.isArray(a) ? a.map(revive) : a);
  return (factory as (...args: unknown[]) => unknown)(...spec.args.map(revive));
}
