// A function's signature, declared once as text in TypeScript's syntax plus Python's `*`:
//   defineSignature('torch.sum(input: Tensor, dim: number | number[] | null = null, keepdim: boolean = false, *, dtype?: DType): Tensor')
// Parameters before `*` are positional-or-keyword, after it keyword-only; `...size: number[]` takes
// sizes as varargs or one array; `= value` gives a default (a JSON literal or undefined), `name?:` the
// default undefined, and a parameter with neither is required. The binder (bind.ts) reads it.
import { acceptsType, type Accepts } from './types';
import { closingParen, defaultEquals, splitTopLevel } from './text';

/** The default of a required parameter. */
export const REQUIRED: unique symbol = Symbol('required');

/** One parameter of a Signature: name, type, kind, default. */
export interface Param {
  readonly name: string;
  /** The TypeScript type text, as declared (also what error messages and the API reference show). */
  readonly type: string;
  /** 'positional': positional-or-keyword; 'keyword': keyword-only (after `*` or a varargs parameter). */
  readonly kind: 'positional' | 'keyword';
  /** `...name: number[]`: the values as varargs (`zeros(2, 3)`) or one array (`zeros([2, 3])`). */
  readonly varargs: boolean;
  readonly required: boolean;
  /** The value used when the caller gives none (REQUIRED for a required parameter). */
  readonly default: unknown;
  /** The default as written (`'false'`, `'-1'`), or undefined for a required or `name?:` parameter. */
  readonly defaultText: string | undefined;
  /** The run-time check of `type` (unknown type names accept anything). */
  readonly accepts: Accepts;
}

/** A PyTorch-style signature the binder matches arguments against (by position or by name in a trailing options object). */
export interface Signature {
  /** The name errors use: 'torch.sum', 'Tensor.sum', 'nn.Linear'. */
  readonly name: string;
  readonly params: readonly Param[];
  /** The return type text, if declared. */
  readonly returns: string | undefined;
  /** A one-line description (the API reference shows it). */
  readonly doc: string;
  /** How many parameters can be given by position (a varargs parameter counts once). */
  readonly positional: number;
  /** The varargs parameter's index, or -1. */
  readonly varargsAt: number;
  /** How many leading parameters are required. */
  readonly requiredPositional: number;
  /** Per parameter: its default, or REQUIRED. */
  readonly defaults: readonly unknown[];
  /** Parameter index by name. */
  readonly index: ReadonlyMap<string, number>;
  /** Whether any parameter must be given (so a call without arguments cannot use the defaults as they are). */
  readonly anyRequired: boolean;
  /** Whether a keyword-only parameter must be given. */
  readonly requiredKeyword: boolean;
}

function parseDefault(text: string, where: string): unknown {
  const t = text.trim();
  if (t === 'undefined') return undefined;
  if (t === 'Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  if (t === 'NaN') return NaN;
  try {
    const json = t.startsWith("'") && t.endsWith("'") ? `"${t.slice(1, -1).replace(/"/g, '\\"')}"` : t;
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
  } catch {
    throw new SyntaxError(`${where}: the default ${t} is not a literal (use a number, a string, true, false, null, undefined or a JSON array)`);
  }
}

function parseParam(text: string, kind: Param['kind'], where: string): Param {
  const eq = defaultEquals(text);
  const head = (eq < 0 ? text : text.slice(0, eq)).trim();
  const defaultText = eq < 0 ? undefined : text.slice(eq + 1).trim();
  const m = /^(\.\.\.)?([A-Za-z_$][\w$]*)(\?)?\s*:\s*([\s\S]+)$/.exec(head);
  if (!m) throw new SyntaxError(`${where}: cannot read the parameter '${text}' (expected 'name: Type', 'name?: Type', 'name: Type = default' or '...name: Type[]')`);
  const [, dots, name, question, type] = m as unknown as [string, string | undefined, string, string | undefined, string];
  const varargs = dots !== undefined;
  if (varargs && (question || defaultText !== undefined)) throw new SyntaxError(`${where}: the varargs parameter '${name}' takes no default`);
  if (question && defaultText !== undefined) throw new SyntaxError(`${where}: '${name}' has both '?' and a default; write one`);
  const required = !varargs && !question && defaultText === undefined;
  const value = varargs ? Object.freeze([]) : defaultText === undefined ? (required ? REQUIRED : undefined) : parseDefault(defaultText, `${where}, parameter '${name}'`);
  return { name, type: type.trim(), kind, varargs, required, default: value, defaultText, accepts: acceptsType(type) };
}

/** Builds a Signature from its parts (parameters already parsed); checks Python's ordering rules. */
export function makeSignature(name: string, params: readonly Param[], returns: string | undefined, doc = ''): Signature {
  const index = new Map<string, number>();
  let positional = 0;
  let varargsAt = -1;
  let requiredPositional = 0;
  let sawDefault = false;
  params.forEach((p, i) => {
    if (index.has(p.name)) throw new SyntaxError(`${name}: the parameter '${p.name}' is declared twice`);
    index.set(p.name, i);
    if (p.kind !== 'positional') return;
    if (positional !== i) throw new SyntaxError(`${name}: the positional parameter '${p.name}' follows a keyword-only one`);
    positional++;
    if (p.varargs) varargsAt = i;
    if (p.required) {
      if (sawDefault) throw new SyntaxError(`${name}: the required parameter '${p.name}' follows a parameter with a default`);
      requiredPositional++;
    } else sawDefault = true;
  });
  if (varargsAt >= 0 && varargsAt !== positional - 1) throw new SyntaxError(`${name}: the varargs parameter must be the last positional one`);
  return Object.freeze({
    name, params: Object.freeze([...params]), returns, doc, positional, varargsAt, requiredPositional,
    defaults: Object.freeze(params.map((p) => p.default)), index, anyRequired: params.some((p) => p.required || p.varargs),
    requiredKeyword: params.some((p) => p.required && p.kind === 'keyword'),
  });
}

/**
 * Parses `name(params): Return` (the return type is optional). Throws a SyntaxError naming the
 * problem when the text breaks Python's rules (a required parameter after a default, a name twice...).
 */
export function defineSignature(text: string, options: { doc?: string } = {}): Signature {
  const open = text.indexOf('(');
  const close = open < 0 ? -1 : closingParen(text, open);
  if (open <= 0 || close < 0) throw new SyntaxError(`defineSignature: expected 'name(params)' or 'name(params): Type', got '${text}'`);
  const name = text.slice(0, open).trim();
  const rest = text.slice(close + 1).trim();
  if (rest !== '' && !rest.startsWith(':')) throw new SyntaxError(`${name}: unexpected '${rest}' after the parameter list`);
  const returns = rest === '' ? undefined : rest.slice(1).trim();
  const inner = text.slice(open + 1, close).trim();
  const params: Param[] = [];
  let kind: Param['kind'] = 'positional';
  for (const part of inner === '' ? [] : splitTopLevel(inner, ',')) {
    if (part === '') continue;
    if (part === '*') {
      if (kind === 'keyword') throw new SyntaxError(`${name}: '*' appears twice (or after a varargs parameter)`);
      kind = 'keyword';
      continue;
    }
    const p = parseParam(part, kind, name);
    params.push(p);
    if (p.varargs) kind = 'keyword';
  }
  return makeSignature(name, params, returns, options.doc);
}

/** A parameter as the signature text shows it: `dim: number = 0`, `dtype?: DType`, `...size: number[]`. */
export function formatParam(p: Param): string {
  if (p.varargs) return `...${p.name}: ${p.type}`;
  if (p.defaultText !== undefined) return `${p.name}: ${p.type} = ${p.defaultText}`;
  return `${p.name}${p.required ? '' : '?'}: ${p.type}`;
}

/** The parameter list with the `*` marker: `input: Tensor, dim: number = 0, *, out?: Tensor`. */
export function formatParams(sig: Signature): string {
  const parts: string[] = [];
  let star = false;
  for (const p of sig.params) {
    if (p.kind === 'keyword' && !star) {
      if (sig.varargsAt < 0) parts.push('*');
      star = true;
    }
    parts.push(formatParam(p));
  }
  return parts.join(', ');
}

/** `torch.sum(input: Tensor, ...): Tensor`. */
export function formatSignature(sig: Signature): string {
  return `${sig.name}(${formatParams(sig)})${sig.returns === undefined ? '' : `: ${sig.returns}`}`;
}
