// The op table: fixture op name → the @x calls that compute it. Every form of an op must give
// PyTorch's result; most ops are checked as a method and as a torch.* function.
import * as torch from '@x/tensor';

type Tensor = torch.Tensor;
type TensorOrScalar = torch.TensorOrScalar;
type Index = torch.Index;
type DType = torch.DType;

/** The decoded arguments (tensors built, numbers decoded) and keyword arguments of a case. */
export interface CallContext {
  args: readonly unknown[];
  kwargs: Record<string, unknown>;
  device: torch.Device;
}

/** Returned by a form that does not apply to this case (e.g. the sync mask `at` off the CPU). */
export const NOT_APPLICABLE: unique symbol = Symbol('not applicable');

export type Form = (c: CallContext) => unknown;
export type OpForms = Readonly<Record<string, Form>>;

// Casts from the decoded `unknown` arguments; the fixtures guarantee the runtime types.
const t = (v: unknown) => v as Tensor;
const ts = (v: unknown) => v as TensorOrScalar;
const num = (v: unknown) => v as number;
const nums = (v: unknown) => v as number[];
const bool = (v: unknown) => v as boolean | undefined;
const optNum = (v: unknown) => v as number | undefined;
type Dims = number | number[] | null | undefined;
const dims = (v: unknown) => v as Dims;
/** The options object of a case, or undefined when it has none. */
const kw = <T>(c: CallContext): T | undefined => (Object.keys(c.kwargs).length > 0 ? (c.kwargs as T) : undefined);
/** Creation options: the case's kwargs plus the device under test. */
const createOpts = (c: CallContext) => ({ ...(c.kwargs as { dtype?: DType }), device: c.device });

/** The leaves of a nested JS array. */
const leaves = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(leaves) : [v]);
/** A bool mask: a bool tensor, or a JS array of booleans (which makes one). */
const isBoolMask = (v: unknown) =>
  (torch.isTensor(v) && v.dtype === 'bool') || (Array.isArray(v) && leaves(v).length > 0 && leaves(v).every((l) => typeof l === 'boolean'));

const unary = (method: (x: Tensor) => Tensor, fn: (x: Tensor) => Tensor): OpForms => ({
  method: (c) => method(t(c.args[0])),
  torch: (c) => fn(t(c.args[0])),
});

const binary = (method: (x: Tensor, y: TensorOrScalar) => Tensor, fn: (x: Tensor, y: TensorOrScalar) => Tensor): OpForms => ({
  method: (c) => method(t(c.args[0]), ts(c.args[1])),
  torch: (c) => fn(t(c.args[0]), ts(c.args[1])),
});

/** x.op(), x.op(dim), x.op(dim, keepdim), as written by a user (no trailing undefined). */
function reduction(method: (x: Tensor, dim?: Dims, keepdim?: boolean) => Tensor, fn: (x: Tensor, dim?: Dims, keepdim?: boolean) => Tensor): OpForms {
  const call = (f: typeof method) => (c: CallContext) => {
    const [x, dim, keepdim] = c.args;
    if (c.args.length === 1) return f(t(x));
    if (c.args.length === 2) return f(t(x), dims(dim));
    return f(t(x), dims(dim), bool(keepdim));
  };
  return { method: call(method), torch: call(fn) };
}

type VarOptions = { correction?: number; keepdim?: boolean };
function variance(method: (x: Tensor, dim?: Dims, o?: VarOptions) => Tensor, fn: (x: Tensor, dim?: Dims, o?: VarOptions) => Tensor): OpForms {
  const call = (f: typeof method) => (c: CallContext) => {
    const o = kw<VarOptions>(c);
    if (c.args.length === 1 && !o) return f(t(c.args[0]));
    return o ? f(t(c.args[0]), dims(c.args[1]), o) : f(t(c.args[0]), dims(c.args[1]));
  };
  return { method: call(method), torch: call(fn) };
}

function maxMin(op: 'max' | 'min'): OpForms {
  return {
    method: (c) => {
      const x = t(c.args[0]);
      if (c.args.length === 1) return x[op]();
      return c.args.length === 2 ? x[op](num(c.args[1])) : x[op](num(c.args[1]), bool(c.args[2]));
    },
    torch: (c) => {
      const x = t(c.args[0]);
      if (c.args.length === 1) return torch[op](x);
      return c.args.length === 2 ? torch[op](x, num(c.args[1])) : torch[op](x, num(c.args[1]), bool(c.args[2]));
    },
  };
}

// An empty size has no varargs form: PyTorch's x.view() and torch.zeros() are errors (missing size).
const sizes = (method: (x: Tensor, s: number[]) => Tensor, varargs: (x: Tensor, s: number[]) => Tensor): OpForms => ({
  'method(array)': (c) => method(t(c.args[0]), nums(c.args[1])),
  'method(varargs)': (c) => (nums(c.args[1]).length === 0 ? NOT_APPLICABLE : varargs(t(c.args[0]), nums(c.args[1]))),
});

type SoftmaxCall = (x: Tensor, ...args: Parameters<Tensor['softmax']>) => Tensor;
/** The positional and the options-object forms; the cases without a dim check the error for a missing one. */
function softmaxForms(method: SoftmaxCall, fn: SoftmaxCall): OpForms {
  const call = (f: SoftmaxCall) => (c: CallContext) => {
    const args = c.args.length === 1 ? [] : [num(c.args[1]), ...(kw(c) ? [c.kwargs] : [])];
    return f(t(c.args[0]), ...(args as unknown as Parameters<Tensor['softmax']>));
  };
  return {
    method: call(method),
    torch: call(fn),
    'method(options)': (c) => method(t(c.args[0]), { ...(c.kwargs as object), ...(c.args.length > 1 ? { dim: num(c.args[1]) } : {}) } as { dim: number }),
  };
}

/** A number from x on the CPU; elsewhere only the refusal of a tensor of several elements. */
const syncNumber = (c: CallContext, f: (x: Tensor) => number) => (torch.canReadSync(c.device) || t(c.args[0]).numel() !== 1 ? f(t(c.args[0])) : NOT_APPLICABLE);

type NewSized = (x: Tensor, size: number[], options?: { dtype: DType }) => Tensor;
/** x.newZeros([2, 3], options?) and x.newZeros(2, 3, options?) (no varargs form for an empty size: PyTorch's x.new_zeros() is an error). */
const newSized = (array: NewSized, varargs: NewSized): OpForms => ({
  'method(array)': (c) => array(t(c.args[0]), nums(c.args[1]), kw<{ dtype: DType }>(c)),
  'method(varargs)': (c) => (nums(c.args[1]).length === 0 ? NOT_APPLICABLE : varargs(t(c.args[0]), nums(c.args[1]), kw<{ dtype: DType }>(c))),
});

export const OPS: Readonly<Record<string, OpForms>> = {
  // ---- elementwise unary ----
  neg: unary((x) => x.neg(), torch.neg),
  abs: unary((x) => x.abs(), torch.abs),
  sign: unary((x) => x.sign(), torch.sign),
  exp: unary((x) => x.exp(), torch.exp),
  log: unary((x) => x.log(), torch.log),
  log1p: unary((x) => x.log1p(), torch.log1p),
  expm1: unary((x) => x.expm1(), torch.expm1),
  sqrt: unary((x) => x.sqrt(), torch.sqrt),
  rsqrt: unary((x) => x.rsqrt(), torch.rsqrt),
  sin: unary((x) => x.sin(), torch.sin),
  cos: unary((x) => x.cos(), torch.cos),
  tanh: unary((x) => x.tanh(), torch.tanh),
  sigmoid: unary((x) => x.sigmoid(), torch.sigmoid),
  relu: unary((x) => x.relu(), torch.relu),
  floor: unary((x) => x.floor(), torch.floor),
  ceil: unary((x) => x.ceil(), torch.ceil),
  round: unary((x) => x.round(), torch.round),
  trunc: unary((x) => x.trunc(), torch.trunc),
  reciprocal: unary((x) => x.reciprocal(), torch.reciprocal),
  erf: unary((x) => x.erf(), torch.erf),
  logicalNot: unary((x) => x.logicalNot(), torch.logicalNot),

  // ---- elementwise binary (the second operand is a Tensor or a JS number/boolean) ----
  add: binary((x, y) => x.add(y), (x, y) => torch.add(x, y)),
  sub: binary((x, y) => x.sub(y), (x, y) => torch.sub(x, y)),
  mul: binary((x, y) => x.mul(y), (x, y) => torch.mul(x, y)),
  div: {
    method: (c) => t(c.args[0]).div(ts(c.args[1]), kw<{ roundingMode: 'floor' | 'trunc' }>(c)),
    torch: (c) => torch.div(t(c.args[0]), ts(c.args[1]), kw<{ roundingMode: 'floor' | 'trunc' }>(c)),
  },
  pow: binary((x, y) => x.pow(y), (x, y) => torch.pow(x, y)),
  remainder: binary((x, y) => x.remainder(y), (x, y) => torch.remainder(x, y)),
  // PyTorch 1.13 takes only tensors here; the scalar cases expect what a 0-d tensor gives (see their note).
  maximum: binary((x, y) => x.maximum(y as Tensor), (x, y) => torch.maximum(x, y as Tensor)),
  minimum: binary((x, y) => x.minimum(y as Tensor), (x, y) => torch.minimum(x, y as Tensor)),
  atan2: binary((x, y) => x.atan2(y as Tensor), (x, y) => torch.atan2(x, y as Tensor)),
  eq: binary((x, y) => x.eq(y), (x, y) => torch.eq(x, y)),
  ne: binary((x, y) => x.ne(y), (x, y) => torch.ne(x, y)),
  lt: binary((x, y) => x.lt(y), (x, y) => torch.lt(x, y)),
  le: binary((x, y) => x.le(y), (x, y) => torch.le(x, y)),
  gt: binary((x, y) => x.gt(y), (x, y) => torch.gt(x, y)),
  ge: binary((x, y) => x.ge(y), (x, y) => torch.ge(x, y)),
  logicalAnd: binary((x, y) => x.logicalAnd(y), (x, y) => torch.logicalAnd(x, y)),
  logicalOr: binary((x, y) => x.logicalOr(y), (x, y) => torch.logicalOr(x, y)),
  where: {
    torch: (c) => torch.where(t(c.args[0]), ts(c.args[1]), ts(c.args[2])),
    // x.where(condition, y), PyTorch's method form, exists when x is a tensor
    method: (c) => (torch.isTensor(c.args[1]) ? t(c.args[1]).where(t(c.args[0]), ts(c.args[2])) : NOT_APPLICABLE),
  },
  clamp: {
    // x.clamp(min) | x.clamp(min, max), either bound may be null
    method: (c) => (c.args.length === 2 ? t(c.args[0]).clamp(ts(c.args[1])) : t(c.args[0]).clamp(ts(c.args[1]), ts(c.args[2]))),
    torch: (c) => (c.args.length === 2 ? torch.clamp(t(c.args[0]), ts(c.args[1])) : torch.clamp(t(c.args[0]), ts(c.args[1]), ts(c.args[2]))),
  },
  maskedFill: {
    method: (c) => t(c.args[0]).maskedFill(t(c.args[1]), ts(c.args[2])),
    torch: (c) => torch.maskedFill(t(c.args[0]), t(c.args[1]), ts(c.args[2])),
  },

  // ---- reductions: x.op(dim?, keepdim?) with dim a number or a list ----
  sum: reduction((x, d, k) => x.sum(d, k), (x, d, k) => torch.sum(x, d, k)),
  mean: reduction((x, d, k) => x.mean(d, k), (x, d, k) => torch.mean(x, d, k)),
  prod: reduction((x, d, k) => x.prod(d as number | undefined, k), (x, d, k) => torch.prod(x, d as number | undefined, k)),
  amax: reduction((x, d, k) => x.amax(d, k), (x, d, k) => torch.amax(x, d, k)),
  amin: reduction((x, d, k) => x.amin(d, k), (x, d, k) => torch.amin(x, d, k)),
  argmax: reduction((x, d, k) => x.argmax(d as number | undefined, k), (x, d, k) => torch.argmax(x, d as number | undefined, k)),
  argmin: reduction((x, d, k) => x.argmin(d as number | undefined, k), (x, d, k) => torch.argmin(x, d as number | undefined, k)),
  logsumexp: reduction((x, d, k) => x.logsumexp(d as number | number[], k), (x, d, k) => torch.logsumexp(x, d as number | number[], k)),
  all: reduction((x, d, k) => x.all(d, k), (x, d, k) => torch.all(x, d, k)),
  any: reduction((x, d, k) => x.any(d, k), (x, d, k) => torch.any(x, d, k)),
  // max()/min() → 0-d; max(dim, keepdim?) → [values, indices]
  max: maxMin('max'),
  min: maxMin('min'),
  // x.var(dim?, { correction?, keepdim? }); dim null means every dim
  var: variance((x, d, o) => (o ? x.var(d, o) : d === undefined ? x.var() : x.var(d)), (x, d, o) => (o ? torch.var(x, d, o) : d === undefined ? torch.var(x) : torch.var(x, d))),
  std: variance((x, d, o) => (o ? x.std(d, o) : d === undefined ? x.std() : x.std(d)), (x, d, o) => (o ? torch.std(x, d, o) : d === undefined ? torch.std(x) : torch.std(x, d))),
  // x.norm(p?, dim?, keepdim?); p may be ±Infinity
  norm: {
    method: (c) => {
      const [x, p, d, k] = c.args;
      if (c.args.length === 1) return t(x).norm();
      if (c.args.length === 2) return t(x).norm(num(p));
      return c.args.length === 3 ? t(x).norm(num(p), dims(d)) : t(x).norm(num(p), dims(d), bool(k));
    },
    torch: (c) => {
      const [x, p, d, k] = c.args;
      if (c.args.length === 1) return torch.norm(t(x));
      if (c.args.length === 2) return torch.norm(t(x), num(p));
      return c.args.length === 3 ? torch.norm(t(x), num(p), dims(d)) : torch.norm(t(x), num(p), dims(d), bool(k));
    },
  },

  // ---- linear algebra ----
  matmul: { method: (c) => t(c.args[0]).matmul(t(c.args[1])), torch: (c) => torch.matmul(t(c.args[0]), t(c.args[1])) },
  mm: { torch: (c) => torch.mm(t(c.args[0]), t(c.args[1])), method: (c) => t(c.args[0]).mm(t(c.args[1])) },
  bmm: { torch: (c) => torch.bmm(t(c.args[0]), t(c.args[1])), method: (c) => t(c.args[0]).bmm(t(c.args[1])) },
  dot: { torch: (c) => torch.dot(t(c.args[0]), t(c.args[1])), method: (c) => t(c.args[0]).dot(t(c.args[1])) },
  outer: { torch: (c) => torch.outer(t(c.args[0]), t(c.args[1])), method: (c) => t(c.args[0]).outer(t(c.args[1])) },

  // ---- views ----
  view: sizes((x, s) => x.view(s), (x, s) => x.view(...s)),
  reshape: {
    ...sizes((x, s) => x.reshape(s), (x, s) => x.reshape(...s)),
    torch: (c) => torch.reshape(t(c.args[0]), nums(c.args[1])),
  },
  transpose: {
    method: (c) => t(c.args[0]).transpose(num(c.args[1]), num(c.args[2])),
    torch: (c) => torch.transpose(t(c.args[0]), num(c.args[1]), num(c.args[2])),
  },
  permute: {
    ...sizes((x, s) => x.permute(s), (x, s) => x.permute(...s)),
    torch: (c) => torch.permute(t(c.args[0]), nums(c.args[1])),
  },
  unsqueeze: {
    method: (c) => t(c.args[0]).unsqueeze(num(c.args[1])),
    torch: (c) => torch.unsqueeze(t(c.args[0]), num(c.args[1])),
  },
  squeeze: {
    method: (c) => (c.args.length === 1 ? t(c.args[0]).squeeze() : t(c.args[0]).squeeze(num(c.args[1]))),
    torch: (c) => (c.args.length === 1 ? torch.squeeze(t(c.args[0])) : torch.squeeze(t(c.args[0]), num(c.args[1]))),
  },
  expand: sizes((x, s) => x.expand(s), (x, s) => x.expand(...s)),
  narrow: {
    method: (c) => t(c.args[0]).narrow(num(c.args[1]), num(c.args[2]), num(c.args[3])),
    torch: (c) => torch.narrow(t(c.args[0]), num(c.args[1]), num(c.args[2]), num(c.args[3])),
  },
  flatten: {
    method: (c) => t(c.args[0]).flatten(optNum(c.args[1]), optNum(c.args[2])),
    torch: (c) => torch.flatten(t(c.args[0]), optNum(c.args[1]), optNum(c.args[2])),
  },
  unflatten: { method: (c) => t(c.args[0]).unflatten(num(c.args[1]), nums(c.args[2])) },
  T: { property: (c) => t(c.args[0]).T },
  contiguous: { method: (c) => t(c.args[0]).contiguous() },

  // ---- joining, splitting, rearranging ----
  cat: { torch: (c) => (c.args.length === 1 ? torch.cat(c.args[0] as Tensor[]) : torch.cat(c.args[0] as Tensor[], num(c.args[1]))) },
  stack: { torch: (c) => (c.args.length === 1 ? torch.stack(c.args[0] as Tensor[]) : torch.stack(c.args[0] as Tensor[], num(c.args[1]))) },
  split: {
    method: (c) => t(c.args[0]).split(c.args[1] as number | number[], optNum(c.args[2])),
    torch: (c) => torch.split(t(c.args[0]), c.args[1] as number | number[], optNum(c.args[2])),
  },
  chunk: {
    method: (c) => t(c.args[0]).chunk(num(c.args[1]), optNum(c.args[2])),
    torch: (c) => torch.chunk(t(c.args[0]), num(c.args[1]), optNum(c.args[2])),
  },
  repeat: sizes((x, s) => x.repeat(s), (x, s) => x.repeat(...s)),
  tile: { method: (c) => t(c.args[0]).tile(nums(c.args[1])), torch: (c) => torch.tile(t(c.args[0]), nums(c.args[1])) },
  flip: { method: (c) => t(c.args[0]).flip(nums(c.args[1])), torch: (c) => torch.flip(t(c.args[0]), nums(c.args[1])) },
  roll: {
    method: (c) => t(c.args[0]).roll(c.args[1] as number | number[], c.args[2] as number | number[] | undefined),
    torch: (c) => torch.roll(t(c.args[0]), c.args[1] as number | number[], c.args[2] as number | number[] | undefined),
  },
  tril: { method: (c) => t(c.args[0]).tril(optNum(c.args[1])), torch: (c) => torch.tril(t(c.args[0]), optNum(c.args[1])) },
  triu: { method: (c) => t(c.args[0]).triu(optNum(c.args[1])), torch: (c) => torch.triu(t(c.args[0]), optNum(c.args[1])) },

  // ---- indexing ----
  gather: {
    method: (c) => t(c.args[0]).gather(num(c.args[1]), t(c.args[2])),
    torch: (c) => torch.gather(t(c.args[0]), num(c.args[1]), t(c.args[2])),
  },
  scatter: {
    method: (c) => t(c.args[0]).scatter(num(c.args[1]), t(c.args[2]), ts(c.args[3])),
    torch: (c) => torch.scatter(t(c.args[0]), num(c.args[1]), t(c.args[2]), ts(c.args[3])),
  },
  indexSelect: {
    method: (c) => t(c.args[0]).indexSelect(num(c.args[1]), t(c.args[2])),
    torch: (c) => torch.indexSelect(t(c.args[0]), num(c.args[1]), t(c.args[2])),
  },
  // x[i, j, ...]: args are [x, ...indices]. A boolean mask makes the size data-dependent: the sync
  // form is then for the CPU only, and atAsync works everywhere.
  at: {
    method: (c) => {
      const idx = c.args.slice(1) as Index[];
      if (!torch.canReadSync(c.device) && idx.some(isBoolMask)) return NOT_APPLICABLE;
      return t(c.args[0]).at(...idx);
    },
    atAsync: (c) => t(c.args[0]).atAsync(...(c.args.slice(1) as Index[])),
  },
  // x[indices] = value on a clone of x (args are [x, indices, value]); the result is the mutated clone.
  set: {
    method: (c) => {
      const idx = c.args[1] as Index[];
      if (!torch.canReadSync(c.device) && idx.some(isBoolMask)) return NOT_APPLICABLE;
      const y = t(c.args[0]).clone();
      y.set(idx, ts(c.args[2]));
      return y;
    },
    setAsync: async (c) => {
      const y = t(c.args[0]).clone();
      await y.setAsync(c.args[1] as Index[], ts(c.args[2]));
      return y;
    },
  },

  // ---- sorting and scans ----
  // x.sort(dim?, descending?, { stable }?) → [values, indices]
  sort: {
    method: (c) => {
      const [x, d, desc] = c.args;
      const o = kw<{ stable?: boolean }>(c);
      if (o) return t(x).sort(optNum(d), bool(desc), o);
      if (c.args.length === 1) return t(x).sort();
      return c.args.length === 2 ? t(x).sort(num(d)) : t(x).sort(num(d), bool(desc));
    },
    torch: (c) => torch.sort(t(c.args[0]), optNum(c.args[1]), bool(c.args[2]), kw<{ stable?: boolean }>(c)),
  },
  // x.topk(k, dim?, largest?, sorted?) → [values, indices]
  topk: {
    method: (c) => t(c.args[0]).topk(num(c.args[1]), optNum(c.args[2]), bool(c.args[3]), bool(c.args[4])),
    torch: (c) => torch.topk(t(c.args[0]), num(c.args[1]), optNum(c.args[2]), bool(c.args[3]), bool(c.args[4])),
  },
  cumsum: { method: (c) => t(c.args[0]).cumsum(num(c.args[1])), torch: (c) => torch.cumsum(t(c.args[0]), num(c.args[1])) },
  // The result's size depends on the data: the sync forms are for the CPU, uniqueAsync works everywhere.
  unique: {
    method: (c) => (!torch.canReadSync(c.device) ? NOT_APPLICABLE : t(c.args[0]).unique(kw<torch.UniqueOptions>(c) ?? {})),
    torch: (c) => (!torch.canReadSync(c.device) ? NOT_APPLICABLE : torch.unique(t(c.args[0]), kw<torch.UniqueOptions>(c) ?? {})),
    uniqueAsync: (c) => t(c.args[0]).uniqueAsync(kw<torch.UniqueOptions>(c) ?? {}),
  },

  // ---- softmax: x.softmax(dim, { dtype }?), x.softmax({ dim, dtype }), torch.softmax(x, dim, { dtype }?) ----
  softmax: softmaxForms((x, ...a) => x.softmax(...a), (x, ...a) => torch.softmax(x, ...a)),
  logSoftmax: softmaxForms((x, ...a) => x.logSoftmax(...a), (x, ...a) => torch.logSoftmax(x, ...a)),

  // ---- diagonals: x.diagonal(offset?, dim1?, dim2?) is a view; diag (vector <-> matrix), trace ----
  diagonal: {
    method: (c) => t(c.args[0]).diagonal(...(c.args.slice(1) as [number?, number?, number?])),
    torch: (c) => torch.diagonal(t(c.args[0]), ...(c.args.slice(1) as [number?, number?, number?])),
    'method(options)': (c) => {
      const [offset, dim1, dim2] = nums(c.args.slice(1));
      return t(c.args[0]).diagonal({ offset, dim1, dim2 });
    },
  },
  diag: { method: (c) => t(c.args[0]).diag(optNum(c.args[1])), torch: (c) => torch.diag(t(c.args[0]), optNum(c.args[1])) },
  trace: { method: (c) => t(c.args[0]).trace(), torch: (c) => torch.trace(t(c.args[0])) },
  diagonalScatter: {
    method: (c) => t(c.args[0]).diagonalScatter(t(c.args[1]), ...nums(c.args.slice(2))),
    torch: (c) => torch.diagonalScatter(t(c.args[0]), t(c.args[1]), ...nums(c.args.slice(2))),
  },

  // ---- einsum(equation, ...operands), or with the operands in one array ----
  einsum: {
    'torch(varargs)': (c) => torch.einsum(c.args[0] as string, ...(c.args.slice(1) as Tensor[])),
    'torch(array)': (c) => torch.einsum(c.args[0] as string, c.args.slice(1) as Tensor[]),
  },

  // ---- nonzero (data-dependent size: sync on the CPU, nonzeroAsync everywhere), where(condition) ----
  nonzero: {
    method: (c) => (!torch.canReadSync(c.device) ? NOT_APPLICABLE : t(c.args[0]).nonzero(c.kwargs as { asTuple: true })),
    torch: (c) => (!torch.canReadSync(c.device) ? NOT_APPLICABLE : torch.nonzero(t(c.args[0]), c.kwargs as { asTuple: true })),
    nonzeroAsync: (c) => t(c.args[0]).nonzeroAsync(c.kwargs as { asTuple: true }),
  },
  // torch.where(condition) is nonzero(condition, { asTuple: true }); off the CPU its async form is nonzeroAsync's
  whereCondition: {
    torch: (c) => (!torch.canReadSync(c.device) ? NOT_APPLICABLE : torch.where(t(c.args[0]))),
    nonzeroAsync: (c) => t(c.args[0]).nonzeroAsync({ asTuple: true }),
  },

  // ---- x.new*: dtype and device default to x's ----
  newZeros: newSized((x, s, o) => (o ? x.newZeros(s, o) : x.newZeros(s)), (x, s, o) => (o ? x.newZeros(...s, o) : x.newZeros(...s))),
  newOnes: newSized((x, s, o) => (o ? x.newOnes(s, o) : x.newOnes(s)), (x, s, o) => (o ? x.newOnes(...s, o) : x.newOnes(...s))),
  newEmpty: newSized((x, s, o) => (o ? x.newEmpty(s, o) : x.newEmpty(s)), (x, s, o) => (o ? x.newEmpty(...s, o) : x.newEmpty(...s))),
  newFull: { method: (c) => t(c.args[0]).newFull(nums(c.args[1]), c.args[2] as number, kw<{ dtype: DType }>(c)) },
  newTensor: { method: (c) => t(c.args[0]).newTensor(c.args[1] as torch.Nested, kw<{ dtype: DType }>(c)) },

  // ---- JavaScript's protocols: for (const row of x), and one-element tensors as numbers (sync devices) ----
  iter: {
    spread: (c) => [...t(c.args[0])],
    'for-of': (c) => {
      const rows: Tensor[] = [];
      for (const row of t(c.args[0])) rows.push(row);
      return rows;
    },
  },
  // Off the CPU a one-element tensor is read with await x.item(); the several-element error is the same everywhere.
  toNumber: {
    'unary plus': (c) => syncNumber(c, (x) => +x),
    'Number()': (c) => syncNumber(c, (x) => Number(x)),
    "'default' hint (x + 0)": (c) => syncNumber(c, (x) => (x as unknown as number) + 0),
    'await item()': (c) => (torch.canReadSync(c.device) || t(c.args[0]).numel() !== 1 ? NOT_APPLICABLE : t(c.args[0]).item().then(Number)),
  },

  // ---- creation (the device under test is added to the options) ----
  arange: {
    torch: (c) => {
      const [a, b, step] = c.args as number[];
      return b === undefined ? torch.arange(a!, createOpts(c)) : torch.arange(a!, b, step ?? 1, createOpts(c));
    },
  },
  linspace: { torch: (c) => torch.linspace(num(c.args[0]), num(c.args[1]), num(c.args[2]), createOpts(c)) },
  eye: {
    torch: (c) => (c.args.length === 1 ? torch.eye(num(c.args[0]), createOpts(c)) : torch.eye(num(c.args[0]), num(c.args[1]), createOpts(c))),
  },
  full: { torch: (c) => torch.full(nums(c.args[0]), c.args[1] as number | boolean, createOpts(c)) },
  zeros: {
    'torch(array)': (c) => torch.zeros(nums(c.args[0]), createOpts(c)),
    'torch(varargs)': (c) => (nums(c.args[0]).length === 0 ? NOT_APPLICABLE : torch.zeros(...nums(c.args[0]), createOpts(c))),
  },
  ones: {
    'torch(array)': (c) => torch.ones(nums(c.args[0]), createOpts(c)),
    'torch(varargs)': (c) => (nums(c.args[0]).length === 0 ? NOT_APPLICABLE : torch.ones(...nums(c.args[0]), createOpts(c))),
  },
  tensor: { torch: (c) => torch.tensor(c.args[0] as torch.Nested, createOpts(c)) },

  // ---- nn: convolution, pooling, padding (torch.nn.functional's, exported by @x/tensor) ----
  // conv(input, weight, bias?, { stride, padding, dilation, groups }); the bias may be absent or null
  conv2d: { torch: (c) => torch.conv2d(t(c.args[0]), t(c.args[1]), c.args[2] as Tensor | null | undefined, kw<torch.ConvOptions>(c)) },
  conv1d: { torch: (c) => torch.conv1d(t(c.args[0]), t(c.args[1]), c.args[2] as Tensor | null | undefined, kw<torch.ConvOptions>(c)) },
  // maxPool2d(input, kernelSize, { stride, padding, dilation, ceilMode, returnIndices }) → values or [values, indices]
  maxPool2d: { torch: (c) => torch.maxPool2d(t(c.args[0]), c.args[1] as number | number[], kw<torch.MaxPool2dOptions>(c)) },
  avgPool2d: { torch: (c) => torch.avgPool2d(t(c.args[0]), c.args[1] as number | number[], kw<torch.AvgPool2dOptions>(c)) },
  adaptiveAvgPool2d: { torch: (c) => torch.adaptiveAvgPool2d(t(c.args[0]), c.args[1] as number | (number | null)[]) },
  // pad(input, pad, { mode, value })
  pad: { torch: (c) => torch.pad(t(c.args[0]), nums(c.args[1]), kw<torch.PadOptions>(c)) },
};

/**
 * Adds the forms of ops that live above @x/tensor (nn.functional, nn.utils), so that a package's
 * own generated cases run through runCase/runGradCase like the tensor ops. A name already taken throws.
 */
export function addOps(forms: Record<string, OpForms>): void {
  for (const [name, f] of Object.entries(forms)) {
    if (name in OPS) throw new Error(`conformance: addOps: op '${name}' is already in the op table`);
    (OPS as Record<string, OpForms>)[name] = f;
  }
}
