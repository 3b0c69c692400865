// The shape of an op's declaration. Each op is declared once, in the schema files beside this one
// (one per family); scripts/generate.ts turns the declarations into the Tensor methods
// (src/generated/tensor-methods.ts), the torch.* functions (src/generated/functions.ts) and the API
// reference (docs/api.md), and the binder reads the same signatures at run time.

/**
 * How `out=` is checked against the result, as PyTorch 1.13 does (ops/out.ts):
 * - 'cast': the result's dtype must cast safely to out's (elementwise ops: "result type Float can't be
 *   cast to the desired output type Long");
 * - 'accumulate': the op computes in out's dtype (sum, prod, cumsum: `dtype` defaults to out's);
 * - 'same': out's dtype must be the result's (matmul, max's values);
 * - 'index': out must be int64 (argmax, max's indices);
 * - 'bool': out must be bool (all, any);
 * - 'cat', 'amax', 'dot', 'clamp': 'cast' or 'same' with those ops' own messages.
 */
export type OutRule = 'cast' | 'accumulate' | 'same' | 'index' | 'bool' | 'cat' | 'amax' | 'dot' | 'clamp';
/** One rule, or one per tensor of a tuple result (`[values, indices]`). */
export type OutSpec = OutRule | readonly [OutRule, OutRule];

export interface OpDecl {
  /**
   * The signature, or PyTorch's overloads in the order they are tried:
   * `(input: Tensor, dim: Dims = null, keepdim: boolean = false, *, dtype?: DType, out?: Tensor): Tensor`.
   * Parameters are PyTorch's in camelCase, `*` starts the keyword-only ones, `...size: number[]`
   * takes sizes as varargs or one array. The parameter named `input` is `this` in the method, and
   * `out` exists only in the torch.* function (as in PyTorch).
   */
  readonly sig: string | readonly string[];
  /** The implementation: a TypeScript expression over the parameter names, one per signature. */
  readonly impl: string | readonly string[];
  /** One line for the API reference and the editor. */
  readonly doc: string;
  /** Default: 'both' when a parameter is named `input`, else 'function'. */
  readonly variants?: 'method' | 'function' | 'both';
  /** Other names of the same op (`clip` for `clamp`). */
  readonly aliases?: readonly string[];
  /** How `out` is checked (default 'cast'); per signature for overloaded ops. */
  readonly out?: OutSpec | { readonly [sig: number]: OutSpec };
}

export interface OpSchema extends OpDecl {
  readonly name: string;
  /** The family (the schema file), a section of the API reference. */
  readonly group: string;
}

/** Declares a family of ops: a section of the API reference. */
export function family(group: string, ops: Readonly<Record<string, OpDecl>>): OpSchema[] {
  return Object.entries(ops).map(([name, decl]) => ({ ...decl, name, group }));
}

/** A method-only op (PyTorch has no torch.* function of that name). */
export function method(sig: string, impl: string, doc: string): OpDecl {
  return { sig, impl, doc, variants: 'method' };
}

/** A function-only op (torch.zeros, torch.cat...). */
export function fn(sig: string | readonly string[], impl: string | readonly string[], doc: string): OpDecl {
  return { sig, impl, doc, variants: 'function' };
}

/** The modules the `impl` expressions may use, by the namespace they are imported as. */
export const IMPL_MODULES: Readonly<Record<string, string>> = {
  ew: '../ops/elementwise',
  red: '../ops/reduce',
  la: '../ops/linalg',
  vw: '../ops/views',
  cv: '../ops/convert',
  jn: '../ops/join',
  tf: '../ops/transform',
  ix: '../ops/indexing',
  uq: '../ops/unique',
  srt: '../ops/sort',
  rnd: '../ops/random',
  cr: '../ops/creation',
  rd: '../ops/read',
  cnv: '../ops/conv',
  pl: '../ops/pool',
  pd: '../ops/conv/pad',
  ag: '../autograd-hook',
  sm: '../ops/softmax',
  dg: '../ops/diagonal',
  es: '../ops/einsum',
  nf: '../ops/new-factories',
};

/** Single functions the `impl` expressions may use, by the module they come from. */
export const IMPL_HELPERS: Readonly<Record<string, string>> = {
  parseDType: '../dtype',
  elementSize: '../dtype',
  normalizeDim: '../shape',
  isContiguous: '../shape',
};

/** Where the type names used in signatures come from. */
export const TYPE_MODULES: Readonly<Record<string, string>> = {
  Tensor: '../tensor',
  TensorOrScalar: '../tensor',
  ValuesIndices: '../tensor',
  Nested: '../tensor',
  DType: '../dtype',
  Device: '../device',
  TypedArray: '../dtype',
  Dims: '../schema/types',
  IntOrList: '../schema/types',
  NestedTensors: '../schema/types',
  GeneratorLike: '../ops/random',
  PadMode: '../ops/conv/pad',
};
